/**
 * Footnote calls inside the web redline's paragraphs, placed exactly as the server's HTML and Word
 * redlines place them: the diff package's placement (`@accord/diff/footnote-calls`, that module alone,
 * without the Word redline), over the API's diff JSON.
 */
import type {
  FootnoteCall as Call,
  RedlinePiece as Piece,
  RedlineSide as Side,
} from '@accord/diff/footnote-calls';
import type { DiffFootnote } from '../api/client';

export {
  listFootnoteCalls,
  peelEdgeSpaces,
  placeFootnoteCalls,
  type RedlineSide,
} from '@accord/diff/footnote-calls';
export type FootnoteCall = Call<DiffFootnote>;
export type RedlinePiece = Piece<DiffFootnote>;

/**
 * The footnote's text a call shows on hover: the old version's in the old column of side by side (a
 * footnote whose words changed reads there as it stood), the new one's elsewhere, the old one's for a
 * removed call.
 */
export function footnoteTextOfCall(call: FootnoteCall, show: Side): string | undefined {
  const { old, new: current } = call.note;
  if (show === 'old' || call.status === 'removed') return (old ?? current)?.text;
  return (current ?? old)?.text;
}
