import { EMPTY_METADATA, normalizeDocument } from '@accord/model';
import { describe, expect, it } from 'vitest';
import type { DocumentRecord } from '../store/store';
import { describeDisposition, nameExportFile, nameRedlineFile } from './file-names';
import { LIVE_LABEL, type Version } from './versions';

const record = (number: string | null, title = 'Cyber diplomacy'): DocumentRecord => ({
  id: 'd1',
  number,
  title,
  revision: 2,
  createdBy: null,
  createdAt: 0,
});

const version = (ref: number | 'live', label: string, language: string | null = 'en'): Version => ({
  ref,
  label: ref === 'live' ? LIVE_LABEL : label,
  content: normalizeDocument({ metadata: { ...EMPTY_METADATA, language }, blocks: [], footnotes: [] }),
  createdAt: null,
  createdBy: null,
});

describe('nameExportFile', () => {
  it.each([
    [
      'a revision, as the register cites it',
      record('9916/17'),
      version(1, '9916/1/17 REV 1'),
      false,
      'ST-9916-2017-REV-1-EN.docx',
    ],
    ['the original', record('9916/17'), version(0, '9916/17'), false, 'ST-9916-2017-INIT-EN.docx'],
    [
      'a revision with the positions',
      record('9916/17'),
      version(1, '9916/1/17 REV 1'),
      true,
      'ST-9916-2017-REV-1-EN-positions.docx',
    ],
    ['the live text', record('9916/17'), version('live', ''), false, 'ST-9916-2017-live-EN.docx'],
    [
      'a French original',
      record('9916/17'),
      version(2, '9916/2/17 REV 2', 'fr'),
      false,
      'ST-9916-2017-REV-2-FR.docx',
    ],
    [
      'a text without a language',
      record('9916/17'),
      version(2, '9916/2/17 REV 2', null),
      false,
      'ST-9916-2017-REV-2.docx',
    ],
    [
      'a working document',
      record('WK 6162/2017'),
      version(1, 'WK 6162/2017 REV 1'),
      false,
      'WK-6162-2017-REV-1-EN.docx',
    ],
    [
      'an addendum',
      record('9916/17 ADD 1'),
      version(1, '9916/17 ADD 1 REV 1'),
      false,
      'ST-9916-2017-ADD-1-REV-1-EN.docx',
    ],
    ['a draft without a number', record(null), version(2, 'REV 2'), false, 'Cyber-diplomacy-REV-2-EN.docx'],
  ])('names %s', (_, document, shown, withPositions, expected) => {
    expect(nameExportFile(document, shown, 'docx', { withPositions })).toBe(expected);
  });

  it.each([
    [
      'after a revision',
      record('9916/17'),
      '9916/1/17 REV 1',
      false,
      'ST-9916-2017-working-draft-after-REV-1-EN.docx',
    ],
    [
      'after the original',
      record('9916/17'),
      '9916/17',
      false,
      'ST-9916-2017-working-draft-after-INIT-EN.docx',
    ],
    [
      'with the positions',
      record('9916/17'),
      '9916/2/17 REV 2',
      true,
      'ST-9916-2017-working-draft-after-REV-2-EN-positions.docx',
    ],
    [
      'of a draft without a number',
      record(null),
      'REV 1',
      false,
      'Cyber-diplomacy-working-draft-after-REV-1-EN.docx',
    ],
  ])(
    'names the live text changed since its last revision as a working draft %s',
    (_, document, after, withPositions, expected) => {
      expect(
        nameExportFile(document, version('live', ''), 'docx', { withPositions, workingDraftAfter: after }),
      ).toBe(expected);
    },
  );
});

describe('nameRedlineFile', () => {
  it.each([
    [
      'two revisions of one entry',
      version(1, '9916/1/17 REV 1'),
      version(2, '9916/2/17 REV 2'),
      'ST-9916-2017-REV-1-to-REV-2-EN-redline.html',
    ],
    [
      'a revision and the live text',
      version(2, '9916/2/17 REV 2'),
      version('live', ''),
      'ST-9916-2017-REV-2-to-live-EN-redline.html',
    ],
    [
      'the live text back to the original',
      version('live', ''),
      version(0, '9916/17'),
      'ST-9916-2017-live-to-INIT-EN-redline.html',
    ],
  ])('names %s once', (_, from, to, expected) => {
    expect(nameRedlineFile(record('9916/17'), from, to, 'html')).toBe(expected);
  });
});

describe('describeDisposition', () => {
  it('gives the name as a plain filename and as an RFC 5987 filename*', () => {
    expect(describeDisposition('attachment', 'ST-9916-2017-REV-1-EN.docx')).toBe(
      `attachment; filename="ST-9916-2017-REV-1-EN.docx"; filename*=UTF-8''ST-9916-2017-REV-1-EN.docx`,
    );
  });
});
