import type { DiffOp } from '../api/client';

/**
 * Word-level changes in the Council's convention: insertions bold and underlined, deletions struck
 * through. Text is rendered as text, never as HTML.
 */
export function RedlineText({
  ops,
  show = 'both',
}: {
  readonly ops: readonly DiffOp[];
  readonly show?: 'both' | 'old' | 'new';
}) {
  return (
    <>
      {ops.map((op, index) => {
        const key = `${index}:${op.op}`;
        if (op.op === 'equal') return <span key={key}>{op.text}</span>;
        if (op.op === 'insert') return show === 'old' ? null : <ins key={key}>{op.text}</ins>;
        return show === 'new' ? null : <del key={key}>{op.text}</del>;
      })}
    </>
  );
}
