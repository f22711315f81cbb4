/**
 * Footnote calls inside the web redline's paragraphs, placed exactly as the server's HTML and Word
 * redlines place them: the diff package's placement (`@accord/diff/footnote-calls`, that module alone,
 * without the Word redline), over the API's diff JSON.
 */
import type { FootnoteCall as Call, RedlinePiece as Piece } from '@accord/diff/footnote-calls';
import type { DiffFootnote } from '../api/client';

export { listFootnoteCalls, placeFootnoteCalls, type RedlineSide } from '@accord/diff/footnote-calls';
export type FootnoteCall = Call<DiffFootnote>;
export type RedlinePiece = Piece<DiffFootnote>;
