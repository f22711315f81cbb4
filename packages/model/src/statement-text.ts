import { countBracketSpans } from './brackets';
import type { ConsensusBlockInput } from './consensus';
import type { Block, Footnote } from './document';
import { summarizeBlockText } from './text-hash';

/** Sets each cited footnote apart in a statement text: a control character, which no typed text holds. */
const FOOTNOTE_SEPARATOR = '\u001f';

/**
 * The text a statement on a block (a position, a Commission reservation, a silence procedure's start)
 * is pinned to: the block's text, then each footnote it cites with the offset of its mark. A footnote
 * is part of the paragraph the delegations agree to (it names the documents the text rests on), so
 * another cited document, or a mark moved to another phrase, makes the statements on it stale. A block
 * citing no footnote is pinned to its text alone, as before footnotes counted: positions given then on
 * such a block stay current.
 */
export function statementText(text: string, cited: readonly Pick<Footnote, 'offset' | 'text'>[]): string {
  if (cited.length === 0) return text;
  let pinned = text;
  for (const footnote of cited) {
    pinned += `${FOOTNOTE_SEPARATOR}${footnote.offset}${FOOTNOTE_SEPARATOR}${footnote.text}`;
  }
  return pinned;
}

/** What `statementText` joined: the block's words and the footnotes it cites, in the order of their marks. */
export interface StatementParts {
  readonly text: string;
  readonly footnotes: readonly { readonly offset: number; readonly text: string }[];
}

/** `statementText`'s inverse: the words and the cited footnotes of a statement text. */
export function readStatementText(statement: string): StatementParts {
  const [text = '', ...rest] = statement.split(FOOTNOTE_SEPARATOR);
  const footnotes: { offset: number; text: string }[] = [];
  for (let i = 0; i + 1 < rest.length; i += 2) {
    footnotes.push({ offset: Number(rest[i]), text: rest[i + 1] as string });
  }
  return { text, footnotes };
}

/** Each block's cited footnotes, in the order of their marks. */
export function citedFootnotes<F extends Pick<Footnote, 'blockId' | 'offset'>>(
  footnotes: readonly F[],
): Map<string, F[]> {
  const byBlock = new Map<string, F[]>();
  for (const footnote of footnotes) {
    const cited = byBlock.get(footnote.blockId);
    if (cited === undefined) byBlock.set(footnote.blockId, [footnote]);
    else cited.push(footnote);
  }
  for (const cited of byBlock.values()) if (cited.length > 1) cited.sort((a, b) => a.offset - b.offset);
  return byBlock;
}

/** A block as consensus takes it, pinned to its statement text. */
export interface StatementBlock extends ConsensusBlockInput {
  /** `statementText` of the block. */
  readonly text: string;
  readonly textHash: string;
  readonly brackets: number;
}

/**
 * A document's blocks as consensus takes them: each with its statement text, that text's hash, and
 * its brackets counted in the block's text and in each footnote apart (a `[` left open in the text is
 * not closed by a footnote's `]`): an open bracket in a footnote keeps the paragraph open too.
 */
export function statementBlocks(
  blocks: readonly Pick<Block, 'id' | 'number' | 'text'>[],
  footnotes: readonly Pick<Footnote, 'blockId' | 'offset' | 'text'>[],
): StatementBlock[] {
  const cited = citedFootnotes(footnotes);
  return blocks.map((block) => {
    const notes = cited.get(block.id) ?? [];
    const text = statementText(block.text, notes);
    const summary = summarizeBlockText(text);
    let brackets = notes.length === 0 ? summary.brackets : countBracketSpans(block.text);
    for (const note of notes) brackets += countBracketSpans(note.text);
    return { id: block.id, number: block.number, text, textHash: summary.textHash, brackets };
  });
}
