import { type CitationForm, isBlockKind, nameBlocks } from '@accord/model';

/**
 * The room's name for each block the API lists ("Part 2, ¶ 1, 2nd subpara."), by id. Kinds arrive as
 * strings, or not at all (the consensus report has none): a numbered block is numbered, an unknown
 * kind reads as an unnumbered paragraph.
 */
export function nameListedBlocks(
  blocks: readonly { readonly id: string; readonly number: string | null; readonly kind?: string }[],
  form: CitationForm,
): Map<string, string> {
  return nameBlocks(
    blocks.map(({ id, number, kind }) => ({
      id,
      number,
      kind: number !== null ? 'numbered' : isBlockKind(kind) ? kind : 'paragraph',
    })),
    form,
  );
}
