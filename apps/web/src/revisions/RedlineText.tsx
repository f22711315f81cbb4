import type { DiffOp } from '../api/client';
import {
  type FootnoteCall,
  footnoteTextOfCall,
  peelEdgeSpaces,
  placeFootnoteCalls,
  type RedlineSide,
} from './footnote-calls';

/**
 * Word-level changes in the Council's convention: inserted words bold and underlined, deleted ones
 * struck through (the space beside them unmarked, `peelEdgeSpaces`), with the block's footnote calls as superscript numbers where they stand (an added call
 * inserted, a removed one struck through). Text is rendered as text, never as HTML.
 */
export function RedlineText({
  ops,
  show = 'both',
  calls = [],
}: {
  readonly ops: readonly DiffOp[];
  readonly show?: RedlineSide;
  readonly calls?: readonly FootnoteCall[];
}) {
  return (
    <>
      {peelEdgeSpaces(placeFootnoteCalls(ops, calls, show)).map((piece, index) => {
        const key = `${index}:${piece.type === 'run' ? piece.op : 'call'}`;
        if (piece.type === 'call') return <FootnoteCallMark key={key} call={piece.call} show={show} />;
        if (piece.op === 'equal') return <span key={key}>{piece.text}</span>;
        // The space beside a change's words, on the change's side, unmarked: the words are.
        if (piece.plain)
          return (piece.op === 'insert' ? show === 'old' : show === 'new') ? null : (
            <span key={key}>{piece.text}</span>
          );
        if (piece.op === 'insert')
          return show === 'old' ? null : (
            <ins key={key} {...markSpaces(piece.text, 'added')}>
              {piece.text}
            </ins>
          );
        return show === 'new' ? null : (
          <del key={key} {...markSpaces(piece.text, 'removed')}>
            {piece.text}
          </del>
        );
      })}
    </>
  );
}

/**
 * A change of spaces alone (a trailing space, a doubled one) would show as nothing, or as a stray
 * line under or through nothing: it is tinted, and named on hover.
 */
function markSpaces(text: string, what: 'added' | 'removed') {
  return /^\s+$/.test(text) ? { className: 'space-change', title: `space ${what}` } : {};
}

function FootnoteCallMark({ call, show }: { readonly call: FootnoteCall; readonly show: RedlineSide }) {
  // The footnote's text on hover: the list below shows only the footnotes that changed.
  const sup = (
    <sup className="footnote-call" title={footnoteTextOfCall(call, show)}>
      {call.number}
    </sup>
  );
  if (call.status === 'added') return <ins>{sup}</ins>;
  if (call.status === 'removed') return <del>{sup}</del>;
  return sup;
}
