/**
 * The negotiated text: the blocks the delegations negotiate and take positions on. Not every block of
 * a document is: a cover note is the author's (the Presidency's "Delegations will find attached …",
 * the Secretariat's points of an I/A item note), and an annex's label ("ANNEX") is the page's. What
 * is left is the text the Council adopts, the one an item note forwards (`selectForwardedText`).
 *
 * Read from the layout, as a reader of a Council document tells them apart:
 *   - where numbering restarts (a cover note in numbered points, then the conclusions numbered from 1
 *     again), every part before the last is cover (`citeBlocks` tells the parts apart);
 *   - otherwise, unnumbered lines before the first heading, when that heading comes before the first
 *     numbered paragraph, are cover lines above the text's title;
 *   - the label of an annex ("ANNEX", "Annex I") opening what is left is no text either.
 * A heading within the text (its title, "Introduction") is negotiated: the Council adopts it.
 *
 * Positions may still be taken on the other blocks, and the consensus report still counts them in the
 * document's status; the flag only tells the rooms and the board which blocks the delegations are
 * asked about ("Who has not spoken", "Agree to the 5 paragraphs FR has not spoken on").
 */
import { citeBlocks, readAnnexLabel } from './block-citation';
import { type Block, type Footnote, findEmptyBlocks } from './document';

type LaidOutBlock = Pick<Block, 'id' | 'kind' | 'number' | 'text'>;

/** The ids of the blocks outside the negotiated text: the cover and an annex's label, in that order. */
export function findUnnegotiatedBlocks(doc: {
  readonly blocks: readonly LaidOutBlock[];
  readonly footnotes: readonly Pick<Footnote, 'blockId'>[];
}): ReadonlySet<string> {
  const { blocks } = doc;
  const outside = new Set<string>();
  const coverEnds = findCoverEnd(blocks);
  for (let index = 0; index < coverEnds; index++) outside.add((blocks[index] as LaidOutBlock).id);
  // The label is the first block with something in it (an editor's stray Enter may come first), when
  // there is text after it: a text of a label alone is that text.
  const empty = findEmptyBlocks(blocks, doc.footnotes);
  const said = blocks.slice(coverEnds).filter((block) => !empty.has(block.id));
  const first = said[0];
  if (first !== undefined && said.length > 1 && isAnnexLabel(first)) outside.add(first.id);
  return outside;
}

/** Where the cover ends: the index of the negotiated text's first block (0 without a cover). */
function findCoverEnd(blocks: readonly LaidOutBlock[]): number {
  const citations = citeBlocks(blocks);
  const lastPart = citations.at(-1)?.part ?? null;
  if (lastPart !== null) return citations.findIndex((citation) => citation.part === lastPart);
  const firstHeading = blocks.findIndex((block) => block.kind === 'heading');
  const firstNumbered = blocks.findIndex((block) => block.kind === 'numbered');
  return firstHeading > 0 && (firstNumbered === -1 || firstHeading < firstNumbered) ? firstHeading : 0;
}

/** Whether `block` is an annex's label ("ANNEX", "Annex II"): a heading the page carries, no text. */
export function isAnnexLabel(block: Pick<Block, 'kind' | 'text'>): boolean {
  return block.kind === 'heading' && readAnnexLabel(block.text) !== null;
}
