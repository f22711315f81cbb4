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

  it('leaves the number of a document created without one to the file', () => {
    const given = { ...EMPTY_METADATA, number: '7923/17' };
    expect(settleUploadHeader(upload(given), { ...live, number: null }, null)).toEqual({
      ok: true,
      value: upload(given),
    });
  });
});
