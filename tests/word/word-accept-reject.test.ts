import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type DocumentDiff, diffDocuments, renderRedlineDocx } from '@accord/diff';
import { parseMarkdown, renderDocx } from '@accord/format';
import type { CouncilDocument } from '@accord/model';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * A Word redline is only as good as what a word processor makes of it: Accept All must leave the new
 * text, Reject All the old. Our unit tests read the redline's XML through our own model of Word's
 * commands (`@accord/format/testing`); here LibreOffice Writer, a real word processor, runs its own
 * Accept All and Reject All on the redline, and its text is compared with its text of the plain export
 * of each version. (Writer, not Word: Word does not run here. `.ci/run` installs Writer.)
 */

const SCRIPT = fileURLToPath(new URL('./libreoffice-text.py', import.meta.url));
const FIXTURE = fileURLToPath(new URL('../fixtures/council-9916-17.md', import.meta.url));
/** Debian's python3, for which python3-uno is built (a `python3` earlier on the PATH may lack it). */
const PYTHON = '/usr/bin/python3';

/** Replaces each `[before, after]` once, failing loudly if the fixture no longer has `before`. */
function edit(source: string, replacements: readonly (readonly [string, string])[]): string {
  return replacements.reduce((text, [before, after]) => {
    if (!text.includes(before)) throw new Error(`the fixture no longer contains ${JSON.stringify(before)}`);
    return text.replace(before, after);
  }, source);
}

const ANNEX_3 = '3. The EU recalls its and its Member States';
const ANNEX_4 = '4. The EU stresses that clearly signaling';
const ANNEX_5 = '5. The EU affirms that measures';

/** The fixture with its annex's paragraph 4 moved above paragraph 3 (each with what follows it). */
function moveAnnexParagraph4Up(source: string): string {
  const three = source.indexOf(ANNEX_3);
  const four = source.indexOf(ANNEX_4);
  const five = source.indexOf(ANNEX_5);
  if (!(three >= 0 && three < four && four < five)) throw new Error('the fixture changed its annex');
  const paragraph3 = source.slice(three, four).replace(/^3\./, '4.');
  const paragraph4 = source.slice(four, five).replace(/^4\./, '3.');
  return source.slice(0, three) + paragraph4 + paragraph3 + source.slice(five);
}

/**
 * `renumbered`: paragraphs are only renumbered and Word numbers them (so, no tracked change there). A
 * redline where a paragraph turns unnumbered types its numbers instead (`assignNumberedLists`).
 * `footnotesRenumbered`: footnotes are only renumbered, which Word numbers too.
 */
const CASES: readonly {
  readonly name: string;
  readonly change: (source: string) => string;
  readonly renumbered?: boolean;
  readonly footnotesRenumbered?: boolean;
}[] = [
  {
    name: 'words inserted and deleted, an indent removed and a paragraph added',
    renumbered: true,
    change: (source) =>
      edit(source, [
        ['offers significant opportunities', 'offers very significant opportunities'],
        [
          'of varying in scope, scale, duration, intensity, complexity, sophistication and impact.',
          'of varying scope and impact.',
        ],
        [
          '- take into account the broader context of the EU external relations with the State concerned,\n',
          '',
        ],
        ['6. The EU calls on', '6. The EU welcomes the work done so far.\n\n7. The EU calls on'],
      ]),
  },
  {
    name: 'a paragraph moved up, the numbers around it changing',
    renumbered: true,
    change: moveAnnexParagraph4Up,
  },
  {
    name: 'a footnote reworded, another removed with its call, and the ones after it renumbered',
    footnotesRenumbered: true,
    change: (source) =>
      edit(source, [
        ['<sup>3</sup> 12109/13.', '<sup>3</sup> 12109/13 and 12110/13.'],
        ['Cyber Diplomacy<sup>4</sup>, in particular', 'Cyber Diplomacy, in particular'],
        ['<sup>4</sup> 6122/15.\n', ''],
        ['reports<sup>5</sup>', 'reports<sup>4</sup>'],
        ['<sup>5</sup> A/68', '<sup>4</sup> A/68'],
        ['OSCE<sup>6</sup>', 'OSCE<sup>5</sup>'],
        ['<sup>6</sup> PC.DEC', '<sup>5</sup> PC.DEC'],
      ]),
  },
  {
    name: 'a footnote added before the others, which are only renumbered',
    footnotesRenumbered: true,
    change: (source) =>
      edit(source, [
        ['1. At the PSC meeting of 14 March 2017', '1. At the PSC meeting<sup>7</sup> of 14 March 2017'],
        ['<sup>1</sup> WK 2569/2017 INIT.', '<sup>7</sup> 7923/17.\n\n<sup>1</sup> WK 2569/2017 INIT.'],
      ]),
  },
  {
    name: 'a paragraph of the cover note deleted and one of the annex split in two',
    renumbered: true,
    change: (source) =>
      edit(source, [
        [
          '2. Following the tasking by PSC the joint paper was also presented and discussed at the HWPCI on 22 March 2017. Delegations welcomed the paper, specifying the need to take the necessary time to discuss it in detail. As a way forward, a large number of them voiced a preference for the development of Council conclusions accompanying the toolbox itself.\n',
          '',
        ],
        ['3. In view of this', '2. In view of this'],
        ['4. On 6 June 2017', '3. On 6 June 2017'],
        ['5. Against this background', '4. Against this background'],
        [
          'against cyber threats and malicious cyber activities.',
          'against cyber threats.\n\n2. The EU is also concerned by malicious cyber activities.',
        ],
        ['2. The EU is concerned', '3. The EU is concerned'],
        [ANNEX_3, `4.${ANNEX_3.slice(2)}`],
        [ANNEX_4, `5.${ANNEX_4.slice(2)}`],
        [ANNEX_5, `6.${ANNEX_5.slice(2)}`],
        ['6. The EU calls on', '7. The EU calls on'],
      ]),
  },
  {
    name: 'a numbered paragraph made unnumbered, the ones after it renumbered',
    change: (source) =>
      edit(source, [
        [ANNEX_3, ANNEX_3.slice(3)],
        [ANNEX_4, `3.${ANNEX_4.slice(2)}`],
        [ANNEX_5, `4.${ANNEX_5.slice(2)}`],
        ['6. The EU calls on', '5. The EU calls on'],
      ]),
  },
  {
    name: "the annex's numbers running on from the cover note's instead of restarting",
    renumbered: true,
    change: (source) =>
      [
        '1. The EU recognises',
        '2. The EU is concerned',
        ANNEX_3,
        ANNEX_4,
        ANNEX_5,
        '6. The EU calls on',
      ].reduce(
        (text, opening) => edit(text, [[opening, `${Number(opening[0]) + 5}.${opening.slice(2)}`]]),
        source,
      ),
  },
];

function parse(source: string): CouncilDocument {
  const parsed = parseMarkdown(source);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
}

/**
 * Writer 7.4 driven through its UNO bridge stops on loading any document with a comment (its own ODT
 * files too: not ours to fix). The redline's comments ("Moved from paragraph 4") are notes beside the
 * tracked changes, not changes, so they are taken out before Writer reads it.
 */
async function withoutComments(docx: Uint8Array): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(docx);
  const xml = await zip.file('word/document.xml')?.async('string');
  if (xml === undefined) throw new Error('the redline has no word/document.xml');
  zip.file(
    'word/document.xml',
    xml
      .replace(/<w:commentRange(?:Start|End) w:id="\d+"\/>/g, '')
      .replace(/<w:r>(?:<w:rPr>.*?<\/w:rPr>)?<w:commentReference w:id="\d+"\/><\/w:r>/g, ''),
  );
  return zip.generateAsync({ type: 'uint8array' });
}

/**
 * Writer's text export writes the number Word's list numbering gives a paragraph as "    3. " (the
 * redline's numbers), a typed one as typed, "3.<tab>" (the plain export's): both read "3.<tab>" here,
 * so the redline's numbers are compared with the export's.
 */
function withTypedNumbers(text: string): string {
  return text.replace(/^ {4}(\d+)\. /gm, '$1.\t');
}

/** The text from the document's first paragraph on: the redline's title lines and the header differ by design. */
function body(text: string, firstParagraph: string): string {
  const lines = withTypedNumbers(text.replace(/^\uFEFF/, '')).split('\n');
  const start = lines.findIndex((line) => line.startsWith(firstParagraph));
  if (start < 0) throw new Error(`no line starts with ${JSON.stringify(firstParagraph)}`);
  return lines.slice(start).join('\n').trimEnd();
}

/** The footnotes ("1)\tWK 2569/2017 INIT."), numbered as Writer numbers them. */
function footnoteList(text: string): string[] {
  return text.split('\n').filter((line) => line !== '');
}

function expectedFootnotes(doc: CouncilDocument): string[] {
  return doc.footnotes.map((note) => `${note.number})\t${note.text}`);
}

/**
 * The footnotes a comparison only renumbered (their words and their call's place kept, their number
 * changed), and the texts of the unchanged blocks that cite them.
 */
function onlyRenumberedFootnotes(diff: DocumentDiff): { notes: string[]; citing: string[] } {
  const notes = diff.footnotes.filter(
    (note) => note.change === 'unchanged' && note.old?.number !== note.new?.number,
  );
  const citing = diff.blocks.filter(
    (block) => block.change === 'unchanged' && notes.some((note) => note.new?.blockId === block.new?.id),
  );
  return {
    notes: notes.map((note) => note.new?.text ?? ''),
    citing: citing.map((block) => block.new?.text ?? ''),
  };
}

/** The texts of the blocks a comparison only renumbered: their words and kind kept, their number changed. */
function onlyRenumbered(diff: DocumentDiff): string[] {
  return diff.blocks.flatMap((block) =>
    block.change === 'unchanged' && block.old?.number !== block.new?.number ? [block.new?.text ?? ''] : [],
  );
}

describe('a Word redline in a real word processor (LibreOffice Writer)', () => {
  let dir = '';
  const source = { text: '' };
  const diffs: DocumentDiff[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'accord-word-'));
    source.text = await readFile(FIXTURE, 'utf8');
    const oldDoc = parse(source.text);
    const files = [join(dir, 'old.docx')];
    await writeFile(files[0] as string, await renderDocx(oldDoc));
    for (const [index, { change }] of CASES.entries()) {
      const newDoc = parse(change(source.text));
      const diff = diffDocuments(oldDoc, newDoc, { align: 'text' });
      diffs.push(diff);
      const redline = await renderRedlineDocx(diff, {
        title: 'REV 1 compared with the text as created',
        fromLabel: 'the text as created',
        toLabel: 'REV 1',
        date: '2017-06-07T10:00:00.000Z',
      });
      files.push(join(dir, `new-${index}.docx`), join(dir, `redline-${index}.docx`));
      await writeFile(join(dir, `new-${index}.docx`), await renderDocx(newDoc));
      await writeFile(join(dir, `redline-${index}.docx`), await withoutComments(redline));
    }
    // One Writer for every file: it takes seconds to start.
    await promisify(execFile)(PYTHON, [SCRIPT, dir, ...files], { timeout: 240_000 }).catch(
      (error: unknown) => {
        throw new Error(
          `LibreOffice Writer could not read the redlines (needs libreoffice-writer-nogui and python3-uno, which .ci/run installs): ${String(error)}`,
        );
      },
    );
  });

  afterAll(async () => {
    if (dir !== '') await rm(dir, { recursive: true, force: true });
  });

  const read = (name: string) => readFile(join(dir, name), 'utf8');
  const FIRST = '1.\tAt the PSC meeting';
  /** The text of each paragraph (or footnote) where Writer finds a tracked change starting. */
  const readChangedParagraphs = async (index: number) => {
    const changed = (await read(`redline-${index}.changes.txt`))
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => line.slice(line.indexOf('\t') + 1));
    expect(changed.length).toBeGreaterThan(0);
    return changed;
  };
  // A paragraph matched by its opening words, wherever they stand: a number typed in the paragraph
  // (struck and inserted) comes before them, and a footnote's call is its number in the text.
  const opening = (text: string) => text.slice(0, 40);

  it.each(CASES.map((testCase, index) => ({ ...testCase, index })))(
    'Accept All leaves the new text and Reject All the old: $name',
    async ({ index, change }) => {
      const oldText = body(await read('old.txt'), FIRST);
      const newText = body(await read(`new-${index}.txt`), FIRST);
      expect(newText).not.toBe(oldText);

      const accepted = await read(`redline-${index}.accepted.txt`);
      const rejected = await read(`redline-${index}.rejected.txt`);
      // The redline opens as the plain export of either version does, with the Council's name.
      const opening = (await read('old.txt')).replace(/^\uFEFF/, '').split('\n')[0];
      expect(opening).toBe('COUNCIL OF THE EUROPEAN UNION');
      for (const text of [accepted, rejected])
        expect(text.replace(/^\uFEFF/, '').split('\n')[0]).toBe(opening);
      expect(body(accepted, FIRST)).toBe(newText);
      expect(body(rejected, FIRST)).toBe(oldText);
      expect(footnoteList(await read(`redline-${index}.accepted.footnotes.txt`))).toEqual(
        expectedFootnotes(parse(change(source.text))),
      );
      expect(footnoteList(await read(`redline-${index}.rejected.footnotes.txt`))).toEqual(
        expectedFootnotes(parse(source.text)),
      );
      // Each version's plain export, read the same way, numbers its footnotes alike.
      expect(footnoteList(await read(`new-${index}.footnotes.txt`))).toEqual(
        expectedFootnotes(parse(change(source.text))),
      );
    },
  );

  // Renumbering is not a change: Word numbers the paragraphs, as it does once either version is chosen.
  it.each(CASES.map((testCase, index) => ({ ...testCase, index })).filter(({ renumbered }) => renumbered))(
    'finds no tracked change in a paragraph only renumbered: $name',
    async ({ index }) => {
      const renumbered = onlyRenumbered(diffs[index] as DocumentDiff);
      expect(renumbered.length).toBeGreaterThan(0);
      const changed = await readChangedParagraphs(index);
      expect(renumbered.filter((text) => changed.some((line) => line.includes(opening(text))))).toEqual([]);
    },
  );

  // Nor is a footnote's: Word numbers the footnotes, as it does once either version is chosen.
  it.each(
    CASES.map((testCase, index) => ({ ...testCase, index })).filter(
      ({ footnotesRenumbered }) => footnotesRenumbered,
    ),
  )(
    'finds no tracked change in a footnote only renumbered, nor in the paragraph citing it: $name',
    async ({ index }) => {
      const { notes, citing } = onlyRenumberedFootnotes(diffs[index] as DocumentDiff);
      expect(notes.length).toBeGreaterThan(0);
      const changed = await readChangedParagraphs(index);
      expect(notes.filter((text) => changed.includes(text))).toEqual([]);
      expect(citing.filter((text) => changed.some((line) => line.includes(opening(text))))).toEqual([]);
    },
  );
});
