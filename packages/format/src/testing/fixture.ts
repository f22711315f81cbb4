/// <reference path="./raw.d.ts" />
import type { CouncilDocument } from '@accord/model';
import { expect } from 'vitest';
import council991617 from '../../../../tests/fixtures/council-9916-17.md?raw';
import { findMissingSentences } from './fixture-sentences';

/** tests/fixtures/council-9916-17.md: the I/A item note that carried the "Cyber Diplomacy Toolbox". */
export const COUNCIL_9916_17_MD: string = council991617;

export const COUNCIL_9916_17_SUBJECT =
  'Draft Council Conclusions on a Framework for a Joint EU Diplomatic Response to Malicious Cyber Activities ' +
  '("Cyber Diplomacy Toolbox")\n- Adoption';

/** Checks what issue 2 requires of note 9916/17, whichever format it was read from. */
export function expectCouncil991617(doc: CouncilDocument): void {
  expect(doc.metadata).toEqual({
    number: '9916/17',
    place: 'Brussels',
    date: '7 June 2017',
    language: 'en',
    codes: ['CYBER 91', 'RELEX 482', 'POLMIL 58', 'CFSP/PESC 476'],
    marking: null,
    type: "'I/A' ITEM NOTE",
    from: 'General Secretariat of the Council',
    to: 'Permanent Representatives Committee/Council',
    previous: ['7923/2/17 REV 2'],
    subject: COUNCIL_9916_17_SUBJECT,
  });

  const outline = doc.blocks.map((b) => `${b.kind}${b.number === null ? '' : ` ${b.number}`}`);
  expect(outline).toEqual([
    ...['numbered 1', 'numbered 2', 'numbered 3', 'numbered 4', 'numbered 5'],
    'heading',
    'heading',
    ...['numbered 1', 'paragraph', 'paragraph'],
    ...['numbered 2', 'paragraph'],
    ...['numbered 3', 'paragraph', 'paragraph'],
    'numbered 4',
    ...['numbered 5', 'bullet', 'bullet', 'bullet', 'bullet', 'bullet', 'bullet'],
    'numbered 6',
  ]);
  const text = (i: number) => doc.blocks[i]?.text ?? '';
  expect(text(5)).toBe(
    'DRAFT COUNCIL CONCLUSIONS ON A FRAMEWORK FOR A JOINT EU DIPLOMATIC RESPONSE TO MALICIOUS CYBER ACTIVITIES ' +
      '("CYBER DIPLOMACY TOOLBOX")',
  );
  expect(text(6)).toBe('The Council of the European Union adopted the following conclusions:');
  // The conclusions restart at 1 after the cover note's five points.
  expect(doc.blocks[7]?.start).toBe(1);
  expect(doc.blocks.filter((b) => b.start !== undefined)).toHaveLength(1);
  expect(text(11)).toMatch(/^The EU affirms that malicious cyber activities/);
  expect(text(17)).toBe(
    'serve to protect the integrity and security of the EU, its Member States and their citizens,',
  );
  expect(text(22)).toBe(
    'respect applicable international law and must not violate fundamental rights and freedoms.',
  );

  const cited = doc.footnotes.map((f) => {
    const block = doc.blocks.find((b) => b.id === f.blockId);
    return {
      number: f.number,
      text: f.text,
      before: block?.text.slice(0, f.offset).split(' ').slice(-3).join(' '),
    };
  });
  expect(cited).toEqual([
    { number: 1, text: 'WK 2569/2017 INIT.', before: 'operations ("Cyber toolbox")' },
    { number: 2, text: 'WK 6162/2017 REV 1', before: 'with several additions' },
    { number: 3, text: '12109/13.', before: 'EU Cybersecurity strategy' },
    { number: 4, text: '6122/15.', before: 'on Cyber Diplomacy' },
    { number: 5, text: 'A/68/98 and A/70/174.', before: 'and 2015 reports' },
    {
      number: 6,
      text: 'PC.DEC/1106 of 3 December 2013 and PC.DEC/1202 of 10 March 2016.',
      before: 'by the OSCE',
    },
  ]);
  expect(doc.footnotes.map((f) => doc.blocks.findIndex((b) => b.id === f.blockId))).toEqual([
    0, 3, 8, 8, 13, 13,
  ]);

  expect(findMissingSentences(COUNCIL_9916_17_MD, doc)).toEqual([]);
}
