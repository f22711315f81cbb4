import { type CouncilDocument, type DocumentMetadata, EMPTY_METADATA } from '@accord/model';
import { describe, expect, it } from 'vitest';
import { settleUploadHeader } from './upload-header';

const live: DocumentMetadata = {
  ...EMPTY_METADATA,
  number: '9916/17',
  codes: ['CYBER 91'],
  subject: 'Cyber',
};
const upload = (metadata: DocumentMetadata): CouncilDocument => ({ metadata, blocks: [], footnotes: [] });

describe('settleUploadHeader', () => {
  it('keeps the live header when the file has none', () => {
    expect(settleUploadHeader(upload(EMPTY_METADATA), live, '9916/17')).toEqual({
      ok: true,
      value: upload(live),
    });
  });

  it.each(['9916/1/17 REV 1', 'ST 9916 2017 REV 3', '9916/17'])(
    'writes the document’s own number over %s, keeping the rest of the file’s header',
    (number) => {
      const given = { ...EMPTY_METADATA, number, subject: 'Cyber (revised)' };
      expect(settleUploadHeader(upload(given), live, '9916/17')).toEqual({
        ok: true,
        value: upload({ ...given, number: '9916/17' }),
      });
    },
  );

  it('takes the live number when the file’s header has none', () => {
    const given = { ...EMPTY_METADATA, subject: 'Cyber' };
    const settled = settleUploadHeader(upload(given), live, '9916/17');
    expect(settled.ok && settled.value.metadata.number).toBe('9916/17');
  });

  it.each(['7923/17', '9916/17 ADD 1', 'WK 9916/2017'])('refuses a file that names %s', (number) => {
    expect(settleUploadHeader(upload({ ...EMPTY_METADATA, number }), live, '9916/17')).toEqual({
      ok: false,
      error: {
        code: 'upload-other-document',
        message: `file: its header names document ${number}, not 9916/17`,
      },
    });
  });

  it.each([
    ['9916/17 REV 1', 'a revision repeats its number inside the document number: write 9916/1/17 REV 1'],
    ['9916/2017', '"2017" is not a two-digit year (write 9916/17, not 9916/2017)'],
  ])('refuses %s, a number written wrong, saying how to write it', (number, why) => {
    expect(settleUploadHeader(upload({ ...EMPTY_METADATA, number }), live, '9916/17', 1)).toEqual({
      ok: false,
      error: {
        code: 'invalid-number',
        message: `file: the number in its header, ${number}, is not one the register reads: ${why}`,
      },
    });
  });

  it.each([
    ['9916/1/17 REV 1', 2, 1],
    ['ST 9916 2017 REV 2', 3, 2],
  ])('refuses %s once REV %i is issued: it would undo the later changes', (number, latest, named) => {
    const settled = settleUploadHeader(upload({ ...EMPTY_METADATA, number }), live, '9916/17', latest);
    expect(settled).toEqual({
      ok: false,
      error: {
        code: 'upload-outdated',
        message: `file: its header is that of REV ${named} (${number}), and REV ${latest} has been issued since: taken as the new text, it would undo the changes made after REV ${named}. Edit an export of the live text or of REV ${latest}, or, to replace the text with this one on purpose, change the number in the file's header to REV ${latest}`,
      },
    });
  });

  // A document created under a number with a REV of its own: its revision 2 is "WK 6162/2017 REV 3".
  it.each([
    ['WK 6162/2017 REV 1', 'WK 6162/2017 REV 2', 2, 'REV 3'],
    ['7923/17 ADD 1 REV 1', '7923/17 ADD 1 REV 2', 2, 'REV 3'],
    ['7923/1/17 REV 1', '7923/2/17 REV 2', 2, 'REV 3'],
  ])(
    'refuses, for %s, an export of %s once revision %i is issued, naming the REV issued since',
    (created, number, latest, issued) => {
      const settled = settleUploadHeader(upload({ ...EMPTY_METADATA, number }), live, created, latest);
      expect(settled).toEqual({
        ok: false,
        error: {
          code: 'upload-outdated',
          message: `file: its header is that of REV 2 (${number}), and ${issued} has been issued since: taken as the new text, it would undo the changes made after REV 2. Edit an export of the live text or of ${issued}, or, to replace the text with this one on purpose, change the number in the file's header to ${issued}`,
        },
      });
    },
  );

  it.each([
    ['the latest revision', 'WK 6162/2017 REV 3'],
    ['the number as created (a text kept in Word from the start)', 'WK 6162/2017 REV 1'],
  ])('takes, for a document created as WK 6162/2017 REV 1, a file whose header names %s', (_what, number) => {
    const settled = settleUploadHeader(upload({ ...EMPTY_METADATA, number }), live, 'WK 6162/2017 REV 1', 2);
    expect(settled.ok && settled.value.metadata.number).toBe('WK 6162/2017 REV 1');
  });

  it.each([
    ['the latest revision', '9916/2/17 REV 2', 2],
    ['the number as created (a text kept in Word from the start)', '9916/17', 2],
    ['a later revision than the latest', '9916/3/17 REV 3', 2],
  ])('takes a file whose header names %s', (_what, number, latest) => {
    const settled = settleUploadHeader(upload({ ...EMPTY_METADATA, number }), live, '9916/17', latest);
    expect(settled.ok && settled.value.metadata.number).toBe('9916/17');
  });

  it('leaves the number of a document created without one to the file', () => {
    const given = { ...EMPTY_METADATA, number: '7923/17' };
    expect(settleUploadHeader(upload(given), { ...live, number: null }, null)).toEqual({
      ok: true,
      value: upload(given),
    });
  });
});
