import {
  type Block,
  type CouncilDocument,
  EMPTY_METADATA,
  err,
  formatDocumentNumber,
  isBlank,
  normalizeDocument,
  ok,
  parseDocumentNumber,
  type Result,
} from '@accord/model';

export const MAX_TITLE_LENGTH = 500;

export type NewDocumentInput =
  /** A document already read from Markdown or an uploaded file (`read-upload.ts`). */
  | { readonly type: 'imported'; readonly council: CouncilDocument }
  | { readonly type: 'blank'; readonly number: string; readonly title: string };

export interface NewDocument {
  readonly council: CouncilDocument;
  readonly number: string | null;
  readonly title: string;
}

export interface NewDocumentError {
  readonly code: 'invalid-number' | 'invalid-title';
  /** Names the field. */
  readonly message: string;
}

/**
 * The content a new document starts with: an imported Council document, or a blank one with its number
 * and title (the subject) and one empty numbered paragraph to type into.
 */
export function buildNewDocument(
  input: NewDocumentInput,
  newId: () => string,
): Result<NewDocument, NewDocumentError> {
  if (input.type === 'imported') return ok(fromImport(input.council, newId));
  const number = readNewDocumentNumber(input.number);
  if (!number.ok) return number;
  const title = input.title.trim();
  if (isBlank(title)) return err({ code: 'invalid-title', message: 'title: must not be empty' });
  if (title.length > MAX_TITLE_LENGTH) {
    return err({ code: 'invalid-title', message: `title: at most ${MAX_TITLE_LENGTH} characters` });
  }
  return ok({
    council: normalizeDocument({
      metadata: { ...EMPTY_METADATA, number: number.value, subject: title },
      blocks: [emptyParagraph(newId)],
      footnotes: [],
    }),
    number: number.value,
    title,
  });
}

/** A new document's register number, as the register formats it; a bare suffix ("ADD 1") names none. */
export function readNewDocumentNumber(input: string): Result<string, NewDocumentError> {
  const number = parseDocumentNumber(input);
  if (!number.ok) return err({ code: 'invalid-number', message: `number: ${number.error.message}` });
  if (number.value.style === 'suffix') {
    return err({
      code: 'invalid-number',
      message: `number: "${input.trim()}" names no document (write e.g. "9916/17 ADD 1")`,
    });
  }
  return ok(formatDocumentNumber(number.value));
}

function fromImport(council: CouncilDocument, newId: () => string): NewDocument {
  const blocks = council.blocks.length > 0 ? council.blocks : [emptyParagraph(newId)];
  return {
    council: normalizeDocument({ ...council, blocks }),
    number: council.metadata.number,
    title: deriveTitle(council),
  };
}

function emptyParagraph(newId: () => string): Block {
  return { id: newId(), kind: 'numbered', number: null, text: '' };
}

/** The subject's first line (a subject often ends with a line such as "- Adoption"), else the first heading. */
export function deriveTitle(council: CouncilDocument): string {
  const subject = council.metadata.subject?.split('\n')[0]?.trim();
  if (subject) return subject.slice(0, MAX_TITLE_LENGTH);
  const heading = council.blocks.find((b) => b.kind === 'heading' && b.text.trim() !== '');
  if (heading) return heading.text.trim().slice(0, MAX_TITLE_LENGTH);
  return council.metadata.number ?? 'Untitled document';
}
