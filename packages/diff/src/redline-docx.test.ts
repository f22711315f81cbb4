import { parseDocx, renderDocx } from '@accord/format';
import { acceptTrackedChanges, partsWordRefuses, rejectTrackedChanges } from '@accord/format/testing';
import type { CouncilDocument } from '@accord/model';
import type { AnyNode, Element } from 'domhandler';
import { findAll, textContent } from 'domutils';
import { parseDocument } from 'htmlparser2';
import JSZip from 'jszip';
import mammoth from 'mammoth';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { diffDocuments } from './document-diff';
import { renderRedlineDocx } from './redline-docx';
import {
  FOOTNOTE_ADDED_BEFORE_DIFF,
  FOOTNOTE_CALLS_DIFF,
  JOIN_DIFF,
  REDLINE_DIFF,
  REDLINE_OPTIONS,
  REV_2,
  SPLIT_DIFF,
} from './redline-fixture';
import { type BlockSpec, makeDocument } from './test-documents';

const DATE = '2017-06-07T10:00:00.000Z';

async function readBack(bytes: Uint8Array) {
  // mammoth's types ask for a Node Buffer; it only hands the bytes to JSZip, which takes a Uint8Array.
  const { value } = await mammoth.extractRawText({ buffer: bytes as never });
  return value.split('\n').filter((line) => line.trim() !== '');
}

async function readDocumentXml(bytes: Uint8Array): Promise<string> {
  const zip = await JSZip.loadAsync(bytes);
  return (await zip.file('word/document.xml')?.async('string')) ?? '';
}

/**
 * Every body paragraph of a document.xml in wdiff notation: `{+…+}` for a tracked insertion, `[-…-]`
 * for a tracked deletion, `^N` for a superscript run, `^` for a footnote reference (its number is
 * Word's), `#.<tab>` opening a paragraph Word numbers in a numbered list (its number is Word's,
 * whichever version is shown); formatting and comments left out.
 */
function wordNotation(xml: string): string[] {
  const visit = (node: AnyNode): string => {
    if (node.type === 'text') return node.data;
    if (node.type !== 'tag' || node.name === 'w:pPr' || node.name === 'w:rPr') return '';
    if (node.name === 'w:tab') return '\t';
    if (node.name === 'w:footnoteReference') return '^';
    const inner = node.children.map(visit).join('');
    if (node.name === 'w:ins') return `{+${inner}+}`;
    if (node.name === 'w:del') return `[-${inner}-]`;
    const superscript = findAll(
      (el) => el.name === 'w:vertAlign' && el.attribs['w:val'] === 'superscript',
      node.children.filter((child) => child.type === 'tag' && child.name === 'w:rPr'),
    );
    if (node.name === 'w:r' && superscript.length > 0) return `^${inner}`;
    return inner;
  };
  const paragraphs = findAll((el) => el.name === 'w:p', parseDocument(xml, { xmlMode: true }).children);
  return paragraphs.map((paragraph) => `${wordNumbered(paragraph) ? '#.\t' : ''}${visit(paragraph)}`);
}

/** Each footnote of the file (separators left out), in the order of their ids, in `wordNotation`. */
async function footnoteNotation(bytes: Uint8Array): Promise<string[]> {
  const xml = (await (await JSZip.loadAsync(bytes)).file('word/footnotes.xml')?.async('string')) ?? '';
  return [...xml.matchAll(/<w:footnote w:id="(\d+)">(.*?)<\/w:footnote>/gs)]
    .filter(([, id]) => Number(id) > 0)
    .sort(([, a], [, b]) => Number(a) - Number(b))
    .map(([, , note]) => wordNotation(note ?? '').join('\n'));
}

/** True when Word numbers the paragraph (its own `w:numPr`, not the one a `w:pPrChange` keeps) in a numbered list, not the dash list. */
function wordNumbered(paragraph: Element): boolean {
  const properties = paragraph.children.find((child) => child.type === 'tag' && child.name === 'w:pPr');
  const numPr = (properties as Element | undefined)?.children.find(
    (child) => child.type === 'tag' && child.name === 'w:numPr',
  );
  return (
    numPr !== undefined &&
    findAll((el) => el.name === 'w:numId', [numPr]).length > 0 &&
    isNumberedStyle(properties as Element)
  );
}

function isNumberedStyle(properties: Element): boolean {
  return properties.children.some(
    (child) =>
      child.type === 'tag' && child.name === 'w:pStyle' && child.attribs['w:val'] === 'CouncilNumbered',
  );
}

/**
 * The run properties (`w:b`, `w:strike`, `w:u=single`, …) of every run of words inside a `w:ins` or
 * `w:del`; with `spaces`, of the runs of white space alone instead.
 */
function trackedRunFormats(xml: string, change: 'w:ins' | 'w:del', spaces = false): string[][] {
  const root = parseDocument(xml, { xmlMode: true }).children;
  const runs = findAll(
    (el) =>
      el.name === 'w:r' &&
      (el.parent as Element | null)?.name === change &&
      /^\s+$/.test(textContent(el)) === spaces,
    root,
  );
  return runs.map((run) =>
    findAll((el) => (el.parent as Element | null)?.name === 'w:rPr', run.children).map((el) =>
      el.attribs['w:val'] ? `${el.name}=${el.attribs['w:val']}` : el.name,
    ),
  );
}

describe('renderRedlineDocx', () => {
  afterEach(() => vi.useRealTimers());

  it('gives the same bytes for the same comparison, whenever it is made', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2017-06-07T10:00:00Z'));
    const first = await renderRedlineDocx(REDLINE_DIFF, { ...REDLINE_OPTIONS, date: DATE });
    vi.setSystemTime(new Date('2026-11-28T17:45:13Z'));
    const second = await renderRedlineDocx(REDLINE_DIFF, { ...REDLINE_OPTIONS, date: DATE });
    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
  });

  it("opens with the Council's name, as the plain export of either version does", async () => {
    const lines = await readBack(await renderRedlineDocx(REDLINE_DIFF, { ...REDLINE_OPTIONS, date: DATE }));
    const [exported] = await readBack(await renderDocx(REV_2));
    expect(exported).toBe('COUNCIL OF THE EUROPEAN UNION');
    expect(lines.slice(0, 2)).toEqual([exported, REDLINE_OPTIONS.title]);
  });

  it('reads back as the new text: insertions kept, deletions gone', async () => {
    const bytes = await renderRedlineDocx(REDLINE_DIFF, { ...REDLINE_OPTIONS, date: DATE });
    const lines = await readBack(bytes);
    const start = lines.indexOf('DRAFT COUNCIL CONCLUSIONS');
    // Word numbers the paragraphs and the footnotes: no number is text of theirs (mammoth's raw text
    // leaves them out).
    expect(lines.slice(start, start + REV_2.blocks.length)).toEqual(REV_2.blocks.map((block) => block.text));
    expect(lines.join('\n')).not.toContain('Delegations asked for more time.');
    expect(lines.join('\n')).not.toContain(' notes ');
    const read = await parseDocx(bytes, { trackedChanges: 'accept' });
    if (!read.ok) throw new Error(read.error.message);
    expect(read.value.footnotes.map((note) => [note.number, note.text])).toEqual([
      [1, 'DE, NL, FR: scrutiny reservation.'],
    ]);
  });

  it("records the changes as Word's own tracked insertions and deletions, by the given author at the given date", async () => {
    const bytes = await renderRedlineDocx(REDLINE_DIFF, {
      ...REDLINE_OPTIONS,
      date: DATE,
      author: 'Presidency',
    });
    const zip = await JSZip.loadAsync(bytes);
    const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
    const insertions = [...xml.matchAll(/<w:ins [^>]*>(?:(?!<\/w:ins>).)*<w:t[^>]*>([^<]*)<\/w:t>/g)].map(
      (m) => m[1],
    );
    const deletions = [
      ...xml.matchAll(/<w:del [^>]*>(?:(?!<\/w:del>).)*<w:delText[^>]*>([^<]*)<\/w:delText>/g),
    ].map((m) => m[1]);
    expect(insertions).toEqual(
      expect.arrayContaining([
        'welcomes',
        'and policy',
        'A new paragraph with &lt;script&gt;alert(1)&lt;/script&gt; in it.',
      ]),
    );
    expect(deletions).toEqual(expect.arrayContaining(['notes', 'Delegations asked for more time.']));
    const authors = new Set([...xml.matchAll(/w:author="([^"]*)"/g)].map((m) => m[1]));
    const dates = new Set([...xml.matchAll(/w:date="([^"]*)"/g)].map((m) => m[1]));
    expect([...authors]).toEqual(['Presidency']);
    expect([...dates]).toEqual(['2017-06-07T10:00:00Z']);
    const core = (await zip.file('docProps/core.xml')?.async('string')) ?? '';
    expect(core).toContain(
      '<dcterms:modified xsi:type="dcterms:W3CDTF">2017-06-07T10:00:00Z</dcterms:modified>',
    );
  });

  it('marks the moved bullet with a comment saying where it came from', async () => {
    const zip = await JSZip.loadAsync(
      await renderRedlineDocx(REDLINE_DIFF, { ...REDLINE_OPTIONS, date: DATE }),
    );
    const comments = (await zip.file('word/comments.xml')?.async('string')) ?? '';
    expect(comments).toContain('Moved from paragraph 2, first indent of 7923/1/17 REV 1');
    expect(comments).toContain('Was an unnumbered paragraph');
  });

  it('says where the moved bullet went in a comment on the text moved away from its old place', async () => {
    const bytes = await renderRedlineDocx(REDLINE_DIFF, { ...REDLINE_OPTIONS, date: DATE });
    const xml = await readDocumentXml(bytes);
    const zip = await JSZip.loadAsync(bytes);
    const comments = (await zip.file('word/comments.xml')?.async('string')) ?? '';
    const movedTo =
      /<w:comment w:id="(\d+)"[^>]*>(?:(?!<\/w:comment>).)*Moved to paragraph 1, third indent/s.exec(
        comments,
      );
    expect(movedTo).not.toBeNull();
    // The comment spans the paragraph moved away, not the one moved here.
    const paragraph = xml
      .split('</w:p>')
      .find((p) => p.includes(`<w:commentRangeStart w:id="${movedTo?.[1]}"/>`));
    expect(paragraph).toContain('<w:moveFrom ');
    expect(paragraph).not.toContain('<w:moveTo ');
  });

  it("writes footnotes as Word's own, each call a reference tracked when added or removed, its footnote's words with their changes", async () => {
    const bytes = await renderRedlineDocx(FOOTNOTE_CALLS_DIFF, { ...REDLINE_OPTIONS, date: DATE });
    // A call moved is removed where it stood and added where it stands: rejecting every change gives
    // back the old calls in their order, which Word numbers.
    expect(wordNotation(await readDocumentXml(bytes))).toEqual(
      expect.arrayContaining([
        '#.\tAlpha^ beta[-^-] gamma[-^-] delta.[-^-]{+^+}',
        '#.\tEpsilon{+^+} zeta.{+^+}',
      ]),
    );
    expect(await footnoteNotation(bytes)).toEqual([
      'One{+, amended+}.',
      '[-Two.-]',
      '[-Three.-]',
      '[-Five.-]',
      '{+Three.+}',
      '{+Five.+}',
      '{+Four.+}',
    ]);
    const comments = (await (await JSZip.loadAsync(bytes)).file('word/comments.xml')?.async('string')) ?? '';
    expect(comments).toContain('Moved within paragraph 1');
    expect(comments).toContain('Now cited in paragraph 2');
  });

  it('tracks no change on a footnote only renumbered, by one added before it', async () => {
    const bytes = await renderRedlineDocx(FOOTNOTE_ADDED_BEFORE_DIFF, { ...REDLINE_OPTIONS, date: DATE });
    const paragraphs = wordNotation(await readDocumentXml(bytes));
    // The added call alone is tracked; Word numbers the others 2 and 3 (1 and 2 once rejected).
    expect(paragraphs).toEqual(expect.arrayContaining(['#.\t{+^+}Alpha^ beta.', '#.\tEpsilon^ zeta.']));
    expect(await footnoteNotation(bytes)).toEqual(['{+Zero.+}', 'One.', 'Two.']);
  });

  it('numbers an inserted or a deleted paragraph by Word, so its number goes with its paragraph', async () => {
    const bytes = await renderRedlineDocx(REDLINE_DIFF, { ...REDLINE_OPTIONS, date: DATE });
    const paragraphs = wordNotation(await readDocumentXml(bytes));
    // "Reject all" takes the inserted paragraph away, and Word numbers the rest without it.
    expect(paragraphs).toContain('#.\t{+A new paragraph with <script>alert(1)</script> in it.+}');
    expect(paragraphs).toContain('#.\t[-Delegations asked for more time.-]');
  });

  it('formats insertions bold and underlined and deletions struck through, so they show without the markup too', async () => {
    const xml = await readDocumentXml(
      await renderRedlineDocx(REDLINE_DIFF, { ...REDLINE_OPTIONS, date: DATE }),
    );
    const inserted = trackedRunFormats(xml, 'w:ins');
    const deleted = trackedRunFormats(xml, 'w:del');
    expect(inserted.length).toBeGreaterThan(2);
    expect(deleted.length).toBeGreaterThan(2);
    for (const formats of inserted) expect(formats).toEqual(expect.arrayContaining(['w:b', 'w:u=single']));
    for (const formats of deleted) expect(formats).toContain('w:strike');
    // A footnote's words too.
    const zip = await JSZip.loadAsync(
      await renderRedlineDocx(FOOTNOTE_CALLS_DIFF, { ...REDLINE_OPTIONS, date: DATE }),
    );
    const notes = (await zip.file('word/footnotes.xml')?.async('string')) ?? '';
    const insertedWords = trackedRunFormats(notes, 'w:ins');
    const deletedWords = trackedRunFormats(notes, 'w:del');
    expect([insertedWords.length, deletedWords.length]).toEqual([4, 3]);
    for (const formats of insertedWords)
      expect(formats).toEqual(expect.arrayContaining(['w:b', 'w:u=single']));
    for (const formats of deletedWords) expect(formats).toContain('w:strike');
  });

  it('formats the words of an insertion or deletion, not the space beside them, which stays tracked', async () => {
    const diff = diffDocuments(
      makeDocument([['a', 'numbered', 'The Council notes the joint paper.']]),
      makeDocument([['a', 'numbered', 'The Council notes and further the paper.']]),
    );
    const bytes = await renderRedlineDocx(diff, { ...REDLINE_OPTIONS, date: DATE });
    const xml = await readDocumentXml(bytes);
    expect(trackedRunFormats(xml, 'w:ins', true)).toEqual([[]]);
    expect(trackedRunFormats(xml, 'w:del', true)).toEqual([[]]);
    expect(trackedRunFormats(xml, 'w:ins')).toEqual([expect.arrayContaining(['w:b', 'w:u=single'])]);
    // One change each, as Word lists them: the space and the words in one w:ins, one w:del.
    expect(wordNotation(xml)).toContain('#.\tThe Council notes{+ and further+} the[- joint-] paper.');
    const accepted = await parseDocx(await acceptTrackedChanges(bytes));
    if (!accepted.ok) throw new Error(accepted.error.message);
    expect(accepted.value.blocks.map((block) => block.text)).toContain(
      'The Council notes and further the paper.',
    );
  });

  it('marks insertions in bold alone when the Presidency asks, and says so on the cover', async () => {
    const bytes = await renderRedlineDocx(REDLINE_DIFF, {
      ...REDLINE_OPTIONS,
      date: DATE,
      insertions: 'bold',
    });
    const inserted = trackedRunFormats(await readDocumentXml(bytes), 'w:ins');
    expect(inserted.length).toBeGreaterThan(3);
    for (const formats of inserted) {
      expect(formats).toContain('w:b');
      expect(formats).not.toContain('w:u=single');
    }
    expect(await readBack(bytes)).toContain(
      'Changes compared to 7923/1/17 REV 1 are marked in bold (insertions) and strikethrough (deletions).',
    );
  });

  it('writes a line break inside a paragraph as a break and drops characters XML cannot carry', async () => {
    const diff = diffDocuments(
      makeDocument([['a', 'paragraph', 'First line\nsecond line']]),
      makeDocument([['a', 'paragraph', 'First line\nsecond line, amended\u0001']]),
    );
    const bytes = await renderRedlineDocx(diff, { ...REDLINE_OPTIONS, date: DATE });
    const { value: html } = await mammoth.convertToHtml({ buffer: bytes as never });
    expect(html).toContain('<p>First line<br />second line<strong>, amended</strong></p>');
  });

  it('opens in Word when the author, the title or a label holds characters XML forbids', async () => {
    // A user's name and a document's number come from users; the moved bullet's comment cites the label.
    const bytes = await renderRedlineDocx(REDLINE_DIFF, {
      title: '7923/2/17 REV 2\u000b<compared>',
      fromLabel: '7923/1/17\u0000 REV 1',
      toLabel: '7923/2/17 REV 2\u0007',
      date: DATE,
      author: 'A\ud83d\ude00 Pres\u0007 Bell',
    });
    expect(await partsWordRefuses(bytes)).toEqual([]);
    const xml = await readDocumentXml(bytes);
    expect(new Set([...xml.matchAll(/w:author="([^"]*)"/g)].map((m) => m[1]))).toEqual(
      new Set(['A\ud83d\ude00 Pres Bell']),
    );
    expect((await readBack(bytes)).slice(1, 3)).toEqual([
      '7923/2/17 REV 2 <compared>',
      expect.stringMatching(/^Changes from 7923\/1\/17 REV 1 to 7923\/2\/17 REV 2: /),
    ]);
  });

  it('refuses a date that is not an ISO instant, as a bug in the caller', async () => {
    await expect(
      renderRedlineDocx(REDLINE_DIFF, { ...REDLINE_OPTIONS, date: '7 June 2017' }),
    ).rejects.toThrow(/ISO 8601/);
  });

  it("writes a split as Word's tracked split: the first part's paragraph mark inserted, the words plain", async () => {
    const bytes = await renderRedlineDocx(SPLIT_DIFF, { ...REDLINE_OPTIONS, date: DATE });
    const xml = await readDocumentXml(bytes);
    expect(wordNotation(xml)).toEqual(
      expect.arrayContaining([
        '#.\tThe Council{+ warmly+} welcomes the joint communication.[- -]',
        '#.\tIt calls on the[- Commission-]{+ High Representative+}^ to report.',
      ]),
    );
    // The last, the closing paragraph Word cannot delete.
    expect(paragraphMarks(xml)).toEqual(['ins', null, null, null]);
    const comments = (await (await JSZip.loadAsync(bytes)).file('word/comments.xml')?.async('string')) ?? '';
    expect(comments).toContain('Split from paragraph 2 of 7923/1/17 REV 1');
    // Read back with the changes accepted: the new text, two paragraphs.
    const read = await parseDocx(bytes, { trackedChanges: 'accept' });
    if (!read.ok) throw new Error(read.error.message);
    const texts = read.value.blocks.map((block) => block.text);
    expect(texts).toEqual(
      expect.arrayContaining([
        'The Council warmly welcomes the joint communication.',
        expect.stringMatching(/^It calls on the High Representative1? to report\.$/),
      ]),
    );
  });

  it("writes a join as Word's tracked join: the first paragraph's mark deleted, read back as one paragraph", async () => {
    const bytes = await renderRedlineDocx(JOIN_DIFF, { ...REDLINE_OPTIONS, date: DATE });
    const xml = await readDocumentXml(bytes);
    expect(wordNotation(xml)).toEqual(
      expect.arrayContaining([
        '#.\tThe Council welcomes the joint communication.',
        '#.\t{+ +}It calls on the Commission to report.',
      ]),
    );
    expect(paragraphMarks(xml)).toEqual(['del', null, null, null]);
    const read = await parseDocx(bytes, { trackedChanges: 'accept' });
    if (!read.ok) throw new Error(read.error.message);
    expect(read.value.blocks.map((block) => block.text)).toContain(
      'The Council welcomes the joint communication. It calls on the Commission to report.',
    );
  });

  it('has Word number the paragraphs, so one only renumbered carries no tracked change and the annex still restarts at 1', async () => {
    const withAnnex = (cover: BlockSpec[]): CouncilDocument => {
      const doc = makeDocument([
        ...cover,
        ['h', 'heading', 'ANNEX'],
        ['x', 'numbered', 'The EU is concerned.'],
        ['y', 'numbered', 'The EU affirms.'],
      ]);
      return {
        ...doc,
        blocks: doc.blocks.map((block) => (block.id === 'x' ? { ...block, start: 1 } : block)),
      };
    };
    const a: BlockSpec = ['a', 'numbered', 'The Council adopts.'];
    const b: BlockSpec = ['b', 'numbered', 'The Council recalls.'];
    const c: BlockSpec = ['c', 'numbered', 'The Council invites.'];
    const diff = diffDocuments(
      withAnnex([a, b, c]),
      withAnnex([a, ['n', 'numbered', 'The Council welcomes.'], b, c]),
    );
    const bytes = await renderRedlineDocx(diff, { ...REDLINE_OPTIONS, date: DATE });
    const xml = await readDocumentXml(bytes);
    const paragraphs = findAll((el) => el.name === 'w:p', parseDocument(xml, { xmlMode: true }).children);
    const paragraphOf = (text: string) => paragraphs.find((paragraph) => textContent(paragraph) === text);
    for (const text of [
      'The Council recalls.',
      'The Council invites.',
      'The EU is concerned.',
      'The EU affirms.',
    ]) {
      const paragraph = paragraphOf(text);
      expect(paragraph).toBeDefined();
      const changes = findAll(
        (el) => /^w:(ins|del|pPrChange|rPrChange)$/.test(el.name),
        [paragraph as Element],
      );
      expect(changes).toEqual([]);
    }
    const numbers = async (read: Promise<Awaited<ReturnType<typeof parseDocx>>>) => {
      const result = await read;
      if (!result.ok) throw new Error(result.error.message);
      return result.value.blocks
        .filter((block) => block.kind === 'numbered')
        .map((block) => [block.number, block.text]);
    };
    expect(await numbers(parseDocx(await acceptTrackedChanges(bytes)))).toEqual([
      ['1', 'The Council adopts.'],
      ['2', 'The Council welcomes.'],
      ['3', 'The Council recalls.'],
      ['4', 'The Council invites.'],
      ['1', 'The EU is concerned.'],
      ['2', 'The EU affirms.'],
    ]);
    expect(await numbers(parseDocx(await rejectTrackedChanges(bytes)))).toEqual([
      ['1', 'The Council adopts.'],
      ['2', 'The Council recalls.'],
      ['3', 'The Council invites.'],
      ['1', 'The EU is concerned.'],
      ['2', 'The EU affirms.'],
    ]);
  });

  // LibreOffice (7.4) puts a paragraph whose list a formatting change holds back in a list of its own
  // on Reject All, numbered 1 (tests/word): a redline where a paragraph becomes numbered or unnumbered
  // types its numbers, as a redline did before Word numbered them.
  it('types the numbers, the changed ones struck and inserted, where a paragraph turns unnumbered', async () => {
    const diff = diffDocuments(
      makeDocument([
        ['a', 'numbered', 'The Council adopts.'],
        ['b', 'numbered', 'The Council recalls.'],
        ['c', 'numbered', 'The Council invites.'],
      ]),
      makeDocument([
        ['a', 'numbered', 'The Council adopts.'],
        ['b', 'paragraph', 'The Council recalls.'],
        ['c', 'numbered', 'The Council invites.'],
      ]),
    );
    const bytes = await renderRedlineDocx(diff, { ...REDLINE_OPTIONS, date: DATE });
    const xml = await readDocumentXml(bytes);
    expect(wordNotation(xml)).toEqual(
      expect.arrayContaining([
        '1.\tThe Council adopts.',
        '[-2.\t-]The Council recalls.',
        '[-3-]{+2+}.\tThe Council invites.',
      ]),
    );
    const rejected = await parseDocx(await rejectTrackedChanges(bytes));
    if (!rejected.ok) throw new Error(rejected.error.message);
    const numbered = rejected.value.blocks.filter((block) => block.text.startsWith('The Council '));
    expect(numbered.map((block) => [block.kind, block.number])).toEqual([
      ['numbered', '1'],
      ['numbered', '2'],
      ['numbered', '3'],
    ]);
  });

  // Word's "Accept All" joins a paragraph whose mark was deleted with the next: the redline of a split
  // or join, all accepted, is the new version, paragraph for paragraph.
  it.each([
    ['split', SPLIT_DIFF],
    ['join', JOIN_DIFF],
  ])('reads back as the new version once Word accepts every change of a %s', async (_title, diff) => {
    const bytes = await renderRedlineDocx(diff, { ...REDLINE_OPTIONS, date: DATE });
    const read = await parseDocx(await acceptTrackedChanges(bytes));
    if (!read.ok) throw new Error(read.error.message);
    const body = read.value.blocks
      .filter((block) => block.kind === 'numbered')
      .map((block) => [block.number, block.text]);
    const newVersion = diff.blocks.flatMap((block) =>
      block.new ? [[block.new.number, block.new.text]] : [],
    );
    expect(body).toEqual(newVersion);
  });
});

/**
 * The tracked paragraph mark (`w:pPr/w:rPr/w:ins` or `w:del`) of every body paragraph after the first
 * numbered one, null where it is not tracked; 'misplaced' where it is not
 * the first child of `w:rPr`, as the schema wants it (Word may refuse the file otherwise).
 */
function paragraphMarks(xml: string): (string | null)[] {
  const paragraphs = findAll((el) => el.name === 'w:p', parseDocument(xml, { xmlMode: true }).children);
  const start = wordNotation(xml).findIndex((text) => text.startsWith('#.\t'));
  return paragraphs.slice(start + 1).map((paragraph) => {
    const properties = paragraph.children.find((child) => child.type === 'tag' && child.name === 'w:pPr');
    const marks = properties
      ? findAll((el) => el.name === 'w:ins' || el.name === 'w:del', (properties as Element).children)
      : [];
    const mark = marks[0];
    if (mark === undefined) return null;
    const siblings = (mark.parent as Element).children.filter((child) => child.type === 'tag');
    return siblings[0] === mark ? mark.name.slice(2) : 'misplaced';
  });
}
