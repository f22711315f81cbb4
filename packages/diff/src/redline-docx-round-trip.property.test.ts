/**
 * The Word redline of random edits to random documents (blocks deleted, inserted, moved, turned into
 * another kind, reworded, split and joined; footnotes added and removed; the number changed),
 * compared by id or by text, reads back as the new version once Word accepts every change and as the
 * old one once it rejects every one. The seed is fixed so the test is deterministic; change it (and
 * raise numRuns) to explore further.
 */
import type { BlockKind, CouncilDocument } from '@accord/model';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffDocuments } from './document-diff';
import { renderRedlineDocx } from './redline-docx';
import { REDLINE_OPTIONS } from './redline-fixture';
import { makeDocument } from './test-documents';
import { readRedlineDocx, readVersion } from './testing/redline-docx-reading';

const WORDS = ['the', 'Council', 'EU', 'Member', 'States', 'adopt', 'conclusions', 'cyber', 'ICT', 'shall'];
const KINDS: BlockKind[] = ['numbered', 'numbered', 'paragraph', 'bullet', 'heading'];

const sentence = fc
  .array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 6 })
  .map((words) => `${words.join(' ')}.`);
const blockSpec = fc.tuple(fc.constantFrom(...KINDS), sentence);

type Spec = { id: string; kind: BlockKind; text: string };
type Note = { id: string; blockId: string; offset: number; text: string };

const version = fc
  .record({
    blocks: fc.array(blockSpec, { minLength: 2, maxLength: 7 }),
    notes: fc.array(fc.tuple(fc.nat(), sentence), { maxLength: 3 }),
  })
  .map(({ blocks, notes }) => {
    const specs: Spec[] = blocks.map(([kind, text], i) => ({ id: `b${i}`, kind, text }));
    const footnotes: Note[] = notes.map(([at, text], i) => {
      const block = specs[at % specs.length] as Spec;
      return { id: `f${i}`, blockId: block.id, offset: block.text.length, text };
    });
    return { specs, footnotes };
  });

const edit = fc.oneof(
  fc.record({ type: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ type: fc.constant('insert' as const), at: fc.nat(), block: blockSpec }),
  fc.record({ type: fc.constant('move' as const), at: fc.nat(), to: fc.nat() }),
  fc.record({ type: fc.constant('kind' as const), at: fc.nat(), kind: fc.constantFrom(...KINDS) }),
  fc.record({ type: fc.constant('words' as const), at: fc.nat(), text: sentence }),
  fc.record({ type: fc.constant('note' as const), at: fc.nat(), to: fc.nat() }),
  fc.record({
    type: fc.constant('split' as const),
    at: fc.nat(),
    to: fc.nat(),
    kind: fc.constantFrom(...KINDS),
  }),
  fc.record({ type: fc.constant('join' as const), at: fc.nat() }),
);

type Edit = typeof edit extends fc.Arbitrary<infer T> ? T : never;

function apply({ specs, footnotes }: { specs: Spec[]; footnotes: Note[] }, edits: readonly Edit[]) {
  let blocks = [...specs];
  let notes = [...footnotes];
  let fresh = 0;
  for (const e of edits) {
    if (blocks.length === 0) break;
    const i = e.at % blocks.length;
    const block = blocks[i] as Spec;
    if (e.type === 'delete' && blocks.length > 1) {
      blocks = blocks.filter((_, j) => j !== i);
      notes = notes.filter((n) => n.blockId !== block.id);
    } else if (e.type === 'insert') {
      blocks.splice(i, 0, { id: `x${fresh++}`, kind: e.block[0], text: e.block[1] });
    } else if (e.type === 'move') {
      blocks.splice(i, 1);
      blocks.splice(e.to % (blocks.length + 1), 0, block);
    } else if (e.type === 'kind') {
      blocks[i] = { ...block, kind: e.kind };
    } else if (e.type === 'words') {
      blocks[i] = { ...block, text: e.text };
      notes = notes.map((n) => (n.blockId === block.id ? { ...n, offset: e.text.length } : n));
    } else if (e.type === 'split') {
      const spaces = [...block.text.matchAll(/ /g)].map((m) => m.index as number);
      if (spaces.length === 0) continue;
      const cut = spaces[e.to % spaces.length] as number;
      const id = `s${fresh++}`;
      blocks.splice(
        i,
        1,
        { ...block, text: block.text.slice(0, cut) },
        { id, kind: e.kind, text: block.text.slice(cut + 1) },
      );
      notes = notes.map((n) =>
        n.blockId === block.id && n.offset > cut ? { ...n, blockId: id, offset: n.offset - cut - 1 } : n,
      );
    } else if (e.type === 'join' && i + 1 < blocks.length) {
      const next = blocks[i + 1] as Spec;
      blocks.splice(i, 2, { ...block, text: `${block.text} ${next.text}` });
      notes = notes.map((n) =>
        n.blockId === next.id ? { ...n, blockId: block.id, offset: n.offset + block.text.length + 1 } : n,
      );
    } else if (e.type === 'note') {
      if (notes.length > 0 && e.to % 2 === 0) notes = notes.filter((_, j) => j !== e.at % notes.length);
      else
        notes = [
          ...notes,
          { id: `y${fresh++}`, blockId: block.id, offset: block.text.length, text: 'A new note.' },
        ];
    }
  }
  return { specs: blocks, footnotes: notes };
}

function documentOf({ specs, footnotes }: { specs: Spec[]; footnotes: Note[] }): CouncilDocument {
  return makeDocument(
    specs.map((s) => [s.id, s.kind, s.text] as const),
    footnotes,
  );
}

describe('the Word redline of random edits', () => {
  it('reads back as the new version accepted and the old one rejected', async () => {
    await fc.assert(
      fc.asyncProperty(
        version,
        fc.array(edit, { minLength: 1, maxLength: 4 }),
        fc.constantFrom('id' as const, 'text' as const),
        fc.boolean(),
        async (old, edits, align, renumber) => {
          const before = documentOf(old);
          const edited = documentOf(apply(old, edits));
          const after = renumber
            ? { ...edited, metadata: { ...edited.metadata, number: '7923/2/17 REV 2' } }
            : edited;
          const diff = diffDocuments(before, after, { align });
          const bytes = await renderRedlineDocx(diff, {
            ...REDLINE_OPTIONS,
            date: '2017-06-07T10:00:00.000Z',
          });
          expect(await readRedlineDocx(bytes, diff, 'accept')).toEqual(readVersion(after, diff));
          expect(await readRedlineDocx(bytes, diff, 'reject')).toEqual(readVersion(before, diff));
          expect(await readRedlineDocx(bytes, diff, 'mammoth')).toEqual(readVersion(after, diff));
        },
      ),
      { seed: 42, numRuns: 60 },
    );
  });
});
