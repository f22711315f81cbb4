/**
 * What was typed into a paragraph panel's boxes and not sent, by block, while the room is open: a
 * position's note, a comment, a reply and the comment it answers. The panel goes with every close
 * (Escape, pressed in a box as one does to leave it; Close; another paragraph's margin) and took the
 * words with it; opened again on the block, it gives them back. Held in memory only, as the page
 * holds the panel's own state: a reload starts afresh.
 */
export interface UnsentText {
  readonly note: string;
  readonly comment: string;
  /** The comment is a private note of the delegation's: it must not come back as one for all to read. */
  readonly privateNote: boolean;
  /** A reply being typed, and the id of the comment it answers. */
  readonly reply: { readonly to: string; readonly text: string } | null;
}

export const NOTHING_UNSENT: UnsentText = { note: '', comment: '', privateNote: false, reply: null };

/** The room's store of unsent text, by block id; the panel reads it when it opens. */
export type UnsentTexts = Map<string, UnsentText>;

/** Keeps `change` as what is unsent in the block's boxes, the rest as it was; nothing kept once all are empty. */
export function keepUnsentText(texts: UnsentTexts, blockId: string, change: Partial<UnsentText>): void {
  const kept = { ...(texts.get(blockId) ?? NOTHING_UNSENT), ...change };
  const reply = kept.reply !== null && kept.reply.text !== '' ? kept.reply : null;
  if (kept.note === '' && kept.comment === '' && reply === null) texts.delete(blockId);
  else texts.set(blockId, { ...kept, reply });
}
