import { describe, expect, it } from 'vitest';
import type { BlockConsensus } from '../api/client';
import { describeOutsideSilence, describeOutsideSilenceMark } from './outside-silence';

function block(
  id: string,
  outsideSilence: BlockConsensus['outsideSilence'],
  more: { negotiated?: boolean; empty?: boolean } = {},
) {
  return { id, outsideSilence, negotiated: more.negotiated ?? true, empty: more.empty ?? false };
}

const LABELS = new Map([
  ['b1', 'Annex, ¶ 1'],
  ['b2', 'Annex, ¶ 2'],
  ['b3', 'Annex, ¶ 3'],
  ['c1', 'Cover note, point 1'],
  ['b4', 'Annex, ¶ 1, 2nd subpara.'],
]);

describe('describeOutsideSilence', () => {
  it.each([
    {
      case: 'that no paragraph was edited or added, while none was',
      blocks: [block('b1', null), block('b2', null)],
      said: ['No paragraph has been edited or added since it began.'],
    },
    {
      case: 'the paragraphs edited since it began, in document order',
      blocks: [block('b1', 'edited'), block('b2', null), block('b3', 'edited')],
      said: ['Edited since it began, so out of it: Annex, ¶ 1; Annex, ¶ 3, which a lapse will not agree.'],
    },
    {
      case: 'the edited paragraphs first, then those added',
      blocks: [block('b1', 'added'), block('b2', 'edited')],
      said: [
        'Edited since it began, so out of it: Annex, ¶ 2, which a lapse will not agree.',
        'Added since it began, so not under it: Annex, ¶ 1, which a lapse will not agree.',
      ],
    },
    {
      // QA: "Annex, ¶ 1, 2nd subpara.. A lapse …": the list never ends the sentence.
      case: 'a paragraph whose name ends in an abbreviation, with one full stop',
      blocks: [block('b4', 'edited')],
      said: ['Edited since it began, so out of it: Annex, ¶ 1, 2nd subpara., which a lapse will not agree.'],
    },
    {
      case: "nothing of a cover note's point, nobody's to agree, nor of an empty paragraph",
      blocks: [block('c1', 'edited', { negotiated: false }), block('b1', 'edited', { empty: true })],
      said: ['No paragraph has been edited or added since it began.'],
    },
  ])('says $case', ({ blocks, said }) => {
    expect(describeOutsideSilence({ blocks }, LABELS)).toEqual(said);
  });
});

describe('describeOutsideSilenceMark', () => {
  it.each([
    [
      'an edited paragraph',
      block('b1', 'edited'),
      {
        text: 'out of silence: edited',
        label: 'Out of the silence procedure: edited since it began, so a lapse will not agree it',
      },
    ],
    [
      'an added paragraph',
      block('b1', 'added'),
      {
        text: 'out of silence: added',
        label: 'Out of the silence procedure: added since it began, so a lapse will not agree it',
      },
    ],
    ['a paragraph under the procedure', block('b1', null), null],
    ["a cover note's point", block('c1', 'edited', { negotiated: false }), null],
  ])('marks %s', (_, given, said) => {
    expect(describeOutsideSilenceMark(given)).toEqual(said);
  });
});
