import { BLOCK_KINDS } from '@accord/model';
import { z } from '@hono/zod-openapi';
import { refusalParams } from './free-text';

/** The parts of a Council document as every route returns them (live text, revisions, uploads). */
export const MetadataSchema = z
  .object({
    number: z.string().nullable(),
    place: z.string().nullable(),
    date: z.string().nullable(),
    language: z.string().nullable(),
    codes: z.array(z.string()),
    marking: z.string().nullable(),
    type: z.string().nullable(),
    from: z.string().nullable(),
    to: z.string().nullable(),
    previous: z.array(z.string()),
    subject: z.string().nullable(),
  })
  .openapi('Metadata');

export const BlockSchema = z
  .object({
    id: z.string(),
    kind: z.enum(BLOCK_KINDS),
    number: z.string().nullable(),
    text: z.string().openapi({ description: 'Plain text; not yet agreed text keeps its square brackets' }),
    start: z.number().int().optional().openapi({ description: 'Numbering restarts here (numbered only)' }),
  })
  .openapi('Block');

export const FootnoteSchema = z
  .object({
    id: z.string(),
    number: z.number().int(),
    blockId: z.string(),
    offset: z
      .number()
      .int()
      .openapi({ description: "Offset in the citing block's text after which the mark sits" }),
    text: z.string(),
  })
  .openapi('Footnote');

/**
 * The longest file name an upload may carry, as most file systems allow. A revision's audit entry
 * keeps the name for good (the log is append-only), so a name of megabytes is refused, not kept.
 */
export const MAX_FILE_NAME_CHARS = 255;

/** A Council document uploaded as a multipart `file` field; a name over its limit is a 413. */
export const UploadedFileSchema = z
  .custom<File>((value) => value instanceof File, { message: 'must be a file (.docx, .md or .html)' })
  .superRefine((file, ctx) => {
    if (file.name.length <= MAX_FILE_NAME_CHARS) return;
    ctx.addIssue({
      code: 'custom',
      message: `a file name has at most ${MAX_FILE_NAME_CHARS} characters`,
      params: refusalParams({ status: 413, code: 'file-name-too-long' }),
    });
  })
  .openapi({ type: 'string', format: 'binary', description: 'A .docx, .md or .html file' });

/** What an uploaded file held that is not text of the document, left out (`countLeftOut`). */
export const LeftOutSchema = z
  .object({
    comments: z.number().int().openapi({ description: 'Word comments (add them to their paragraphs here)' }),
    images: z.number().int().openapi({ description: 'Images in the body (a header logo is not counted)' }),
  })
  .openapi('LeftOut', {
    description: 'What the file held that is not text of the document and was left out; all 0 for Markdown',
  });
