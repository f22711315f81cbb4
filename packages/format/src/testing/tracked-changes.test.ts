import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { acceptTrackedChanges, rejectTrackedChanges } from './tracked-changes';
import { createMinimalDocx, WORD_NAMESPACE } from './zip';

const BY = 'w:id="1" w:author="FR" w:date="2017-06-07T10:00:00Z"';
const run = (text: string) => `<w:r><w:t xml:space="preserve">${text}</w:t></w:r>`;
const deleted = (text: string) =>
  `<w:del ${BY}><w:r><w:delText xml:space="preserve">${text}</w:delText></w:r></w:del>`;
const inserted = (text: string) => `<w:ins ${BY}><w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:ins>`;
const style = (name: string) => `<w:pStyle w:val="${name}"/>`;
/** A paragraph in a style, its mark tracked (`<w:ins/>`, `<w:del/>`, …) when `mark` is given. */
const p = (name: string, runs: string, mark = '', change = '') =>
  `<w:p><w:pPr>${style(name)}${mark ? `<w:rPr>${mark}</w:rPr>` : ''}${change}</w:pPr>${runs}</w:p>`;
const markIns = `<w:ins ${BY}/>`;
const markDel = `<w:del ${BY}/>`;

/** Each paragraph of the body as "Style: text" (a struck run still in w:delText shown as [-…-]). */
async function readParagraphs(bytes: Uint8Array): Promise<string[]> {
  const xml = (await (await JSZip.loadAsync(bytes)).file('word/document.xml')?.async('string')) ?? '';
  return [...xml.matchAll(/<w:p>(.*?)<\/w:p>/gs)].map(([, body = '']) => {
    const name = /<w:pStyle w:val="([^"]*)"\/>/.exec(body)?.[1] ?? '';
    const text = [...body.matchAll(/<w:(t|delText)\b[^>]*>([^<]*)<\/w:\1>/g)]
      .map(([, tag, value]) => (tag === 't' ? value : `[-${value}-]`))
      .join('');
    const bold = /<w:rPr><w:b\/><\/w:rPr>/.test(body) ? ' (bold)' : '';
    return `${name}: ${text}${bold}`;
  });
}

function docx(...paragraphs: string[]): Uint8Array {
  return createMinimalDocx(
    `<w:document xmlns:w="${WORD_NAMESPACE}"><w:body>${paragraphs.join('')}</w:body></w:document>`,
  );
}

describe('acceptTrackedChanges and rejectTrackedChanges', () => {
  it.each<[string, Uint8Array, string[], string[]]>([
    [
      'a word replaced',
      docx(p('A', `${run('The Council ')}${deleted('notes')}${inserted('welcomes')}${run(' it.')}`)),
      ['A: The Council welcomes it.'],
      ['A: The Council notes it.'],
    ],
    [
      'a paragraph inserted, mark and all',
      docx(p('A', run('One.')), p('B', inserted('Two.'), markIns), p('C', run('Three.'))),
      ['A: One.', 'B: Two.', 'C: Three.'],
      ['A: One.', 'C: Three.'],
    ],
    [
      'a paragraph deleted, mark and all',
      docx(p('A', run('One.')), p('B', deleted('Two.'), markDel), p('C', run('Three.'))),
      ['A: One.', 'C: Three.'],
      ['A: One.', 'B: Two.', 'C: Three.'],
    ],
    [
      'a paragraph split: the first part’s mark inserted',
      docx(p('A', run('One.'), markIns), p('B', run(' Two.'))),
      ['A: One.', 'B:  Two.'],
      ['B: One. Two.'],
    ],
    [
      'two paragraphs joined: the first one’s mark deleted',
      docx(p('A', run('One.'), markDel), p('B', run(' Two.'))),
      ['B: One. Two.'],
      ['A: One.', 'B:  Two.'],
    ],
    [
      'a paragraph moved: moved away from the first place, moved to the second',
      docx(
        `<w:p><w:pPr>${style('A')}<w:rPr><w:moveFrom ${BY}/></w:rPr></w:pPr><w:moveFromRangeStart w:id="5" w:name="move1" w:author="FR" w:date="2017-06-07T10:00:00Z"/><w:moveFrom ${BY}>${run('Moved.')}</w:moveFrom><w:moveFromRangeEnd w:id="5"/></w:p>`,
        p('B', run('Stays.')),
        `<w:p><w:pPr>${style('A')}<w:rPr><w:moveTo ${BY}/></w:rPr></w:pPr><w:moveToRangeStart w:id="6" w:name="move1" w:author="FR" w:date="2017-06-07T10:00:00Z"/><w:moveTo ${BY}>${run('Moved.')}</w:moveTo><w:moveToRangeEnd w:id="6"/></w:p>`,
        p('C', run('Last.')),
      ),
      ['B: Stays.', 'A: Moved.', 'C: Last.'],
      ['A: Moved.', 'B: Stays.', 'C: Last.'],
    ],
    [
      'a paragraph’s style changed',
      docx(p('New', run('Text.'), '', `<w:pPrChange ${BY}><w:pPr>${style('Old')}</w:pPr></w:pPrChange>`)),
      ['New: Text.'],
      ['Old: Text.'],
    ],
    [
      'a run made bold',
      docx(
        p('A', `<w:r><w:rPr><w:b/><w:rPrChange ${BY}><w:rPr/></w:rPrChange></w:rPr><w:t>Bold.</w:t></w:r>`),
      ),
      ['A: Bold. (bold)'],
      ['A: Bold.'],
    ],
  ])(
    'give the text of %s with every change accepted, and the old text with every one rejected',
    async (_what, bytes, accepted, rejected) => {
      expect(await readParagraphs(await acceptTrackedChanges(bytes))).toEqual(accepted);
      expect(await readParagraphs(await rejectTrackedChanges(bytes))).toEqual(rejected);
    },
  );

  it('keeps the paragraph mark of a split’s first part when it is the last paragraph, as Word must', async () => {
    const bytes = docx(p('A', run('One.'), markIns));
    expect(await readParagraphs(await rejectTrackedChanges(bytes))).toEqual(['A: One.']);
  });
});
