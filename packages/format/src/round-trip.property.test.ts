/**
 * Random documents survive every export and import: Markdown, Word and HTML. Block texts are as typed
 * in the editor: spaces at either end and runs of them kept (no tab or line break, which the editor
 * does not hold), and empty blocks of every kind (Markdown writes an empty unnumbered paragraph as
 * HTML's `<p></p>`). Footnote texts are in the importers' normal form (trimmed, single
 * spaces). No restart where the number follows on anyway, footnote marks never inside a surrogate
 * pair. Ids are compared by position, since importers give new ones. The seed is fixed so the test is
 * deterministic; change it to explore further.
 */
import {
  type Block,
  type CouncilDocument,
  type DocumentMetadata,
  type Footnote,
  normalizeDocument,
} from '@accord/model';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDocx } from './docx-parse';
import { renderDocx } from './docx-render';
import { parseHtml } from './html-parse';
import { renderHtml } from './html-render';
import { normalizeSpace } from './inline-text';
import { parseMarkdown } from './markdown-parse';
import { renderMarkdown } from './markdown-render';
import { withSequentialIds } from './testing';

const WORDS = [
  'the',
  'Council',
  'EU',
  'Member',
  'States',
  'shall',
  'adopt',
  'conclusions',
  'cyber',
  '2017',
  'ICT',
];
const TRICKY = [
  '[',
  ']',
  '[option A]',
  '[x](y)',
  '![i](z)',
  '[1]:',
  '*',
  '**',
  '_',
  '__',
  '`',
  '``',
  '\\',
  '#',
  '##',
  '>',
  '<',
  '<b>',
  '</p>',
  '<sup>1</sup>',
  '<!--',
  '-->',
  '&amp;',
  '&',
  '&#123;',
  '|',
  '~~',
  '1.',
  '2)',
  '-',
  '+',
  '---',
  '***',
  '===',
  '"',
  "'",
  '(',
  ')',
  ':',
  'é',
  'ß',
  'Ελλάδα',
  '中文',
  '😀',
  '\u00a0',
  '–',
  '—',
  '…',
  '\u200b',
];
const SYNTAX = [...'*_[]()<>`\\!#-+.&;:|~="\'1 '];
const token = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...WORDS) },
  fc.constantFrom(...TRICKY),
  fc.string({ unit: fc.constantFrom(...SYNTAX), maxLength: 6 }),
  fc.string({ unit: 'grapheme', maxLength: 3 }),
);
const text = fc
  .array(fc.tuple(token, fc.constantFrom(' ', ' ', '')), { minLength: 1, maxLength: 10 })
  .map((parts) => normalizeSpace(parts.map(([t, sep]) => t + sep).join('')));
const nonEmptyText = text.filter((t) => t !== '');
/** A block's text as typed: spaces at its ends and double spaces as they come, maybe nothing at all. */
const SPACES = ['', '', '', ' ', '  '];
const typedText = fc
  .tuple(
    fc.constantFrom(...SPACES),
    fc.array(fc.tuple(token, fc.constantFrom(' ', ' ', '', '  ')), { maxLength: 10 }),
    fc.constantFrom(...SPACES),
  )
  .map(([lead, parts, trail]) =>
    `${lead}${parts.map(([t, sep]) => t + sep).join('')}${trail}`.replace(/[\t\n\r\f\v]/g, ' '),
  );
const lines = fc.array(nonEmptyText, { minLength: 1, maxLength: 3 }).map((l) => l.join('\n'));

const NUMBERS = [
  '9916/17',
  '7923/2/17 REV 2',
  'ST 9916 2017 INIT',
  'WK 6162/2017 REV 1',
  '9916/17 ADD 1',
  'draft 3',
];
const metadata: fc.Arbitrary<DocumentMetadata> = fc.record({
  number: fc.option(fc.constantFrom(...NUMBERS)),
  place: fc.option(fc.constantFrom('Brussels', 'Luxembourg', 'Strasbourg, Parliament')),
  date: fc.option(fc.constantFrom('7 June 2017', '12 April 2024', 'June 2017')),
  language: fc.option(fc.constantFrom('en', 'fr', 'de')),
  codes: fc.subarray(['CYBER 91', 'RELEX 482', 'POLMIL 58', 'CFSP/PESC 476', 'JAI 12', 'cyber stuff']),
  marking: fc.option(fc.constantFrom('LIMITE', 'RESTREINT UE/EU RESTRICTED', 'Limited (draft)')),
  type: fc.option(
    fc.constantFrom('NOTE', "'I/A' ITEM NOTE", 'OUTCOME OF PROCEEDINGS', 'LIMITE', 'Cover note'),
  ),
  from: fc.option(lines),
  to: fc.option(lines),
  previous: fc.subarray(NUMBERS.slice(0, 4)),
  subject: fc.option(
    fc.oneof(
      lines,
      lines.map((l) => `${l}\n- Adoption`),
      fc.constant(''),
    ),
  ),
});

/** A block of any kind, empty or not. */
function block(): fc.Arbitrary<Omit<Block, 'id'>> {
  return fc.oneof(
    fc.record({
      kind: fc.constant('numbered' as const),
      number: fc.constant(null),
      text: typedText,
      start: fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined }),
    }),
    fc.record({
      kind: fc.constantFrom('bullet' as const, 'heading' as const),
      number: fc.constant(null),
      text: typedText,
    }),
    fc.record({
      kind: fc.constant('paragraph' as const),
      number: fc.constant(null),
      text: typedText,
    }),
  );
}

/** Documents every format carries. */
const councilDocument = (): fc.Arbitrary<CouncilDocument> =>
  fc
    .record({
      metadata,
      blocks: fc.array(block(), { minLength: 1, maxLength: 12 }),
      notes: fc.array(fc.record({ at: fc.nat(), offset: fc.nat(), text }), { maxLength: 6 }),
    })
    .map(({ metadata, blocks, notes }) => {
      const withIds = blocks.map((b, i): Block => {
        const { start, ...rest } = b;
        return { ...rest, id: `block-${i}`, ...(start === undefined ? {} : { start }) };
      });
      const footnotes = notes.map(({ at, offset, text }, i): Footnote => {
        const target = withIds[at % withIds.length] as Block;
        return {
          id: `note-${i}`,
          number: 0,
          blockId: target.id,
          offset: outsidePair(target.text, offset),
          text,
        };
      });
      return canonical(normalizeDocument({ metadata, blocks: withIds, footnotes }));
    });

/** An offset in [0, text.length] that does not fall between the halves of a surrogate pair. */
function outsidePair(text: string, seed: number): number {
  const offset = seed % (text.length + 1);
  const before = text.charCodeAt(offset - 1);
  return before >= 0xd800 && before <= 0xdbff ? offset + 1 : offset;
}

/** Drops restarts that restart nowhere (the number follows on anyway), as every importer does. */
function canonical(doc: CouncilDocument): CouncilDocument {
  let last = 0;
  const blocks = doc.blocks.map((b) => {
    if (b.kind !== 'numbered') return b;
    const expected = last + 1;
    last = b.start ?? expected;
    if (b.start !== expected) return b;
    const { start: _redundant, ...rest } = b;
    return rest;
  });
  return { ...doc, blocks };
}

const SEED = 991_617;
/**
 * Cases per property: fast-check's default hundred, fewer for Word (each case zips and unzips a file).
 * `PROPERTY_RUNS_FACTOR=5` explores five times as far (the seed still fixed) when a format changes.
 */
const RUNS_FACTOR = Number(process.env.PROPERTY_RUNS_FACTOR ?? 1);
const runs = (cases: number) => ({ numRuns: Math.max(1, Math.round(cases * RUNS_FACTOR)), seed: SEED });
// A hang limit: a hundred Markdown cases take 30 s on an idle two-core VM, and minutes under load.
const PROPERTY_TIMEOUT_MS = 600_000;

function expectSameDocument(actual: CouncilDocument, expected: CouncilDocument): void {
  expect(withSequentialIds(actual)).toEqual(withSequentialIds(expected));
}

describe('round trips of random documents', () => {
  it(
    'survive Markdown export and import',
    () => {
      fc.assert(
        fc.property(councilDocument(), (doc) => {
          const written = renderMarkdown(doc);
          const parsed = parseMarkdown(written);
          if (!parsed.ok) throw new Error(`${JSON.stringify(parsed.error)}\n${written}`);
          expectSameDocument(parsed.value, doc);
          expect(renderMarkdown(parsed.value)).toBe(written);
        }),
        runs(100),
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'survive Word export and import',
    async () => {
      await fc.assert(
        fc.asyncProperty(councilDocument(), async (doc) => {
          const parsed = await parseDocx(await renderDocx(doc));
          if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
          expectSameDocument(parsed.value, doc);
        }),
        runs(20),
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'survive HTML export and import',
    () => {
      fc.assert(
        fc.property(councilDocument(), (doc) => {
          const parsed = parseHtml(renderHtml(doc));
          if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
          expectSameDocument(parsed.value, doc);
        }),
        runs(300),
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});
