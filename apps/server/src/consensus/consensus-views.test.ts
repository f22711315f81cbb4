import {
  computeConsensus,
  foldPositionHistory,
  MEMBER_STATE_CODES,
  type PositionEvent,
  recordPosition,
  startSilenceProcedure,
  summarizeBlockText,
} from '@accord/model';
import { describe, expect, it } from 'vitest';
import { serializeConsensusBody, toConsensusBody } from './consensus-views';

const blocks = [
  { id: 'b1', number: '1', text: 'The Council recalls "its" conclusions.' },
  { id: 'b2', number: '2', text: 'The EU [stands ready].' },
  { id: 'b\u2028"3', number: null, text: 'Heading' },
];
const AT = '2017-06-07T10:00:00.000Z';

function recorded(
  blockId: string,
  delegation: string,
  position: string,
  text: string,
  note?: string,
): PositionEvent {
  const result = recordPosition({
    blockId,
    delegation,
    position,
    note,
    text,
    revision: 1,
    at: AT,
    userId: 'u',
  });
  if (!result.ok) throw new Error(result.error.message);
  return { type: 'recorded', record: result.value };
}

const everyoneAgrees = MEMBER_STATE_CODES.map((code) => recorded('b1', code, 'agree', blocks[0]?.text ?? ''));
const silence = startSilenceProcedure({
  blocks: blocks.map((b) => ({ id: b.id, textHash: summarizeBlockText(b.text).textHash })),
  until: '2017-06-09T17:00:00Z',
  now: AT,
  userId: 'p',
});

describe('serializeConsensusBody', () => {
  it.each<[string, PositionEvent[], boolean]>([
    ['no positions', [], false],
    ['a full house on one block', everyoneAgrees, false],
    [
      'a note with quotes and a stale position',
      [recorded('b2', 'FR', 'oppose', 'old text', 'Non, "jamais"\n')],
      false,
    ],
    [
      'a running silence procedure',
      [recorded('b2', 'DE', 'scrutiny_reservation', 'The EU [stands ready].')],
      true,
    ],
  ])('writes exactly the JSON of toConsensusBody with %s, again and again', (_, history, withSilence) => {
    const input = {
      blocks,
      positions: foldPositionHistory(history),
      silence: withSilence && silence.ok ? [silence.value] : [],
      now: AT,
    };
    for (let round = 0; round < 2; round++) {
      const report = computeConsensus(input);
      expect(serializeConsensusBody(report)).toBe(JSON.stringify(toConsensusBody(report)));
    }
  });

  it('follows a change of the QMV rule on the same positions', () => {
    const input = { blocks, positions: foldPositionHistory(everyoneAgrees), now: AT };
    const standard = computeConsensus(input);
    expect(serializeConsensusBody(standard)).toBe(JSON.stringify(toConsensusBody(standard)));
    const reinforced = computeConsensus({ ...input, qmv: { rule: 'reinforced' } });
    expect(serializeConsensusBody(reinforced)).toBe(JSON.stringify(toConsensusBody(reinforced)));
  });

  it('turns the same positions stale when the text of their block changes', () => {
    const positions = foldPositionHistory(everyoneAgrees);
    const before = computeConsensus({ blocks, positions, now: AT });
    expect(serializeConsensusBody(before)).toBe(JSON.stringify(toConsensusBody(before)));
    const edited = blocks.map((b, i) => (i === 0 ? { ...b, text: `${b.text} Edited.` } : b));
    const after = computeConsensus({ blocks: edited, positions, now: AT });
    const json = serializeConsensusBody(after);
    expect(json).toBe(JSON.stringify(toConsensusBody(after)));
    const body = JSON.parse(json) as ReturnType<typeof toConsensusBody>;
    expect(Object.values(body.blocks[0]?.positions ?? {}).every((view) => view?.stale)).toBe(true);
    expect(body.blocks[0]?.missing).toEqual(MEMBER_STATE_CODES);
  });
});
