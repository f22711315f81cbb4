import { type CitationForm, findEmptyBlocks, isBlockKind, nameBlocks } from '@accord/model';

interface ListedBlock {
  readonly id: string;
  readonly number: string | null;
  readonly kind?: string;
  /** Read for an annex's label ("ANNEX"), which names its part; without it a part is "Part 2". */
  readonly text?: string;
}

/**
 * The room's name for each block the API lists ("Annex, ¶ 1, 2nd subpara.", or "Part 2, …" for a part
 * without an annex's label), by id. Kinds arrive as
 * strings, or not at all (the consensus report has none): a numbered block is numbered, an unknown
 * kind reads as an unnumbered paragraph.
 */
export function nameListedBlocks(blocks: readonly ListedBlock[], form: CitationForm): Map<string, string> {
  return nameBlocks(
    blocks.map(({ id, number, kind, text }) => ({
      id,
      number,
      kind: number !== null ? 'numbered' : isBlockKind(kind) ? kind : 'paragraph',
      ...(text === undefined ? {} : { text }),
    })),
    form,
  );
}

/**
 * The room's name for each block a consensus report lists. The room drops empty blocks from it, which
 * the room counts among a paragraph's subparagraphs and indents ("¶ 4, 3rd subpara." after an empty
 * second one): the loaded text's empty blocks are put back where they stand before naming, so a row
 * is named as its paragraph's margin is. Numbers are the report's, which are live; kinds, and which
 * blocks are empty, come from the loaded text (`loaded`, null until it is), which may be older.
 */
export function nameReportedBlocks(
  reported: readonly Pick<ListedBlock, 'id' | 'number'>[],
  loaded: {
    readonly blocks: readonly Required<ListedBlock & { readonly text: string }>[];
    readonly footnotes: readonly { readonly blockId: string }[];
  } | null,
  form: CitationForm,
): Map<string, string> {
  if (loaded === null) return nameListedBlocks(reported, form);
  const index = new Map(loaded.blocks.map((block, at) => [block.id, at]));
  const empty = findEmptyBlocks(loaded.blocks, loaded.footnotes);
  const listedIds = new Set(reported.map((block) => block.id));
  const listed: ListedBlock[] = [];
  const putBack: string[] = [];
  let next = 0;
  for (const block of reported) {
    const at = index.get(block.id);
    if (at !== undefined && at >= next) {
      for (; next < at; next++) {
        const before = loaded.blocks[next];
        // Typed into since the text was loaded, it is the report's own row.
        if (before === undefined || !empty.has(before.id) || listedIds.has(before.id)) continue;
        listed.push(before);
        putBack.push(before.id);
      }
      next = at + 1;
    }
    const known = loaded.blocks[at ?? -1];
    listed.push({ id: block.id, number: block.number, kind: known?.kind, text: known?.text });
  }
  const names = nameListedBlocks(listed, form);
  for (const id of putBack) names.delete(id);
  return names;
}
