import type { DocumentMetadata } from './document';

/**
 * A header field's label as a document writes it ("From:", "No. prev. doc.:"): the drafting room shows
 * it and every export writes it, so both read it here. Importers read more spellings (the format
 * package's own table of them).
 */
export const HEADER_LABELS: Readonly<Record<keyof DocumentMetadata, string>> = {
  from: 'From:',
  to: 'To:',
  previous: 'No. prev. doc.:',
  subject: 'Subject:',
  place: 'Place:',
  date: 'Date:',
  language: 'Language:',
  number: 'Number:',
  marking: 'Marking:',
  codes: 'Codes:',
  type: 'Type:',
};
