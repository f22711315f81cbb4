import { NOTHING_LEFT_OUT } from '@accord/format';
import { isBlank } from '@accord/model';
import { createRoute, z } from '@hono/zod-openapi';
import {
  readUploadedFile,
  readUploadedMarkdown,
  type UploadedText,
  uploadName,
} from '../documents/read-upload';
import { announceChanged } from '../events/document-list-events';
import { notFound } from '../http/api-error';
import {
  BlockSchema,
  FootnoteSchema,
  LeftOutSchema,
  MetadataSchema,
  UploadedFileSchema,
} from '../http/document-schemas';
import { freeText, optionalFreeText } from '../http/free-text';
import { readGivenDate } from '../http/given-date';
import { allow } from '../http/guards';
import { refuseFieldsOnlyForm } from '../http/media-types';
import { requireUser } from '../http/require';
import { createRouter } from '../http/router';
import {
  BUSY_RESPONSE,
  DocumentParams,
  ERROR_RESPONSES,
  jsonResponse,
  NOT_FOUND_RESPONSE,
  REVISION_CONFLICT_RESPONSE,
} from '../http/schemas';
import type { RevisionSource } from '../revisions/describe-revision-audit';
import { ensureInitialRevision } from '../revisions/initial-revision';
import { issueRevision, type RevisionDeps } from '../revisions/issue-revision';
import { MAX_REVISION_NUMBER, REVISION_NUMBER_PATTERN, stampRevisionNumber } from '../revisions/versions';
import type { RevisionRecord, Store } from '../store/store';
import { findDocument } from './documents';

/** Longest note a revision may carry; a longer one is refused with 413. */
export const MAX_REVISION_NOTE_CHARS = 2_000;

export const RevisionSchema = z
  .object({
    rev: z.number().int().openapi({ description: '0 = the document as created', example: 2 }),
    label: z.string().openapi({ example: '7923/2/17 REV 2' }),
    createdAt: z.string().openapi({ description: 'ISO 8601', example: '2017-05-12T10:00:00.000Z' }),
    createdBy: z.string().nullable().openapi({ description: 'User id of who issued it' }),
    createdByName: z.string().nullable(),
    note: z.string().nullable(),
    sha256: z.string().openapi({
      description:
        'SHA-256 (hex) of the RFC 8785 canonical JSON of { metadata, blocks, footnotes } as returned by GET …/revisions/{rev}',
    }),
  })
  .openapi('Revision');

export const IssuedRevisionSchema = RevisionSchema.extend({
  upload: z
    .object({
      matched: z.number().int(),
      added: z.number().int(),
      removed: z.number().int(),
      positionFootnotesDropped: z.number().int().openapi({
        description:
          'Footnotes whose whole text stated positions ("DE, NL: scrutiny reservation."), as an export with positions writes them, left out of the text: positions are kept by Accord, not in the text',
      }),
      leftOut: LeftOutSchema,
    })
    .nullable()
    .openapi({
      description: 'How the uploaded blocks were matched to the live ones; null without an upload',
    }),
}).openapi('IssuedRevision');

const RevisionContentSchema = RevisionSchema.extend({
  issuedNumber: z.string().nullable().openapi({
    description:
      'The number the revision was issued under, as its exports print it in their header: its register label ("9916/1/17 REV 1"), or the header\'s own number when it was given another than the document\'s; null for a document without a number. `metadata` is the header as the text held it, which the SHA-256 covers',
    example: '9916/1/17 REV 1',
  }),
  metadata: MetadataSchema,
  blocks: z.array(BlockSchema),
  footnotes: z.array(FootnoteSchema),
}).openapi('RevisionContent');

const RevisionNoteSchema = optionalFreeText({
  maxChars: MAX_REVISION_NOTE_CHARS,
  tooLongCode: 'note-too-long',
  what: 'a revision note',
});

const ASKED_REVISION_DESCRIPTION =
  'The number of the revision to issue, to make a retry safe: when it is not the next (a first attempt whose answer was lost issued it), 409 `revision-taken` or `revision-not-next` and nothing changes. @default the next';

/** A date longer than this is no date ("7 September 2017" is 16 characters). */
const MAX_REVISION_DATE_CHARS = 40;

const DATE_DESCRIPTION =
  'The date the revision carries in its header, as the Council writes it ("9 June 2017") or ISO ("2017-06-09"); anything else is a 400 `invalid-date`. The register dates each REV the day it is issued. @default the day of issue in Brussels (a text without any header stays undated)';

const RevisionDateSchema = freeText({
  maxChars: MAX_REVISION_DATE_CHARS,
  tooLongCode: 'date-too-long',
  what: 'a date',
})
  .optional()
  .openapi({ description: DATE_DESCRIPTION, example: '9 June 2017' });

const IssueJsonSchema = z
  .strictObject({
    note: RevisionNoteSchema,
    date: RevisionDateSchema,
    rev: z.number().int().min(1).max(MAX_REVISION_NUMBER).optional().openapi({
      description: ASKED_REVISION_DESCRIPTION,
      example: 2,
    }),
    markdown: freeText()
      .optional()
      .openapi({ description: 'A Council document in Markdown that first becomes the live text' }),
  })
  .openapi('IssueRevision');

const IssueFormSchema = z.strictObject({
  file: UploadedFileSchema,
  note: RevisionNoteSchema,
  date: RevisionDateSchema,
  rev: z
    .string()
    .regex(/^[1-9]\d{0,5}$/, 'must be a revision number (1, 2, …)')
    .transform(Number)
    .optional()
    .openapi({ type: 'string', description: ASKED_REVISION_DESCRIPTION, example: '2' }),
});

const RevisionParams = DocumentParams.extend({
  rev: z
    .string()
    .regex(REVISION_NUMBER_PATTERN, 'must be a revision number (0, 1, 2, …)')
    .transform(Number)
    .pipe(z.number().int().max(MAX_REVISION_NUMBER))
    .openapi({ param: { name: 'rev', in: 'path' }, type: 'integer', example: '1' }),
});

const issueRoute = createRoute({
  method: 'post',
  path: '/api/documents/{id}/revisions',
  summary:
    'Issue the next revision (presidency, secretariat); with markdown or an uploaded file, that first becomes the live text',
  // The role is checked before the body is read: a caller who may not is told so (403), whatever they sent.
  middleware: [allow('issue-revision'), refuseFieldsOnlyForm] as const,
  request: {
    params: DocumentParams,
    body: {
      required: false,
      content: {
        'application/json': { schema: IssueJsonSchema },
        'multipart/form-data': { schema: IssueFormSchema },
      },
    },
  },
  responses: {
    201: jsonResponse('Issued', IssuedRevisionSchema),
    ...ERROR_RESPONSES,
    ...NOT_FOUND_RESPONSE,
    ...REVISION_CONFLICT_RESPONSE,
    ...BUSY_RESPONSE,
  },
});

const listRoute = createRoute({
  method: 'get',
  path: '/api/documents/{id}/revisions',
  summary: 'Every revision of a document, oldest first (0 = as created)',
  request: { params: DocumentParams },
  responses: {
    200: jsonResponse('The revisions', z.array(RevisionSchema)),
    401: ERROR_RESPONSES[401],
    ...NOT_FOUND_RESPONSE,
  },
});

const getRoute = createRoute({
  method: 'get',
  path: '/api/documents/{id}/revisions/{rev}',
  summary: 'A revision as issued: metadata, blocks and footnotes',
  request: { params: RevisionParams },
  responses: {
    200: jsonResponse('The revision', RevisionContentSchema),
    400: ERROR_RESPONSES[400],
    401: ERROR_RESPONSES[401],
    ...NOT_FOUND_RESPONSE,
  },
});

export const revisionNotFound = (documentId: string, rev: number) =>
  notFound('revision-not-found', `document ${documentId} has no revision ${rev}`);

export function createRevisionRoutes(deps: RevisionDeps) {
  return createRouter()
    .openapi(issueRoute, async (c) => {
      const user = requireUser(c, 'issue-revision');
      const record = await findDocument(deps.store, c.req.valid('param').id);
      const isForm = /^multipart\/form-data/i.test(c.req.header('content-type') ?? '');
      let note: string | undefined;
      let date: string | undefined;
      let rev: number | undefined;
      let upload: UploadedText | null = null;
      let source: RevisionSource = { type: 'live' };
      // Footnotes of positions the live text carries as text (an item note's) stay in an upload.
      const liveText = () => deps.documents.read(record.id);
      if (isForm) {
        // Both body types are declared, so the validated data is typed as either.
        const form = c.req.valid('form') as z.infer<typeof IssueFormSchema>;
        note = form.note;
        date = form.date;
        rev = form.rev;
        source = { type: 'file', name: uploadName(form.file) };
        upload = await readUploadedFile(deps.formats, form.file, deps.newId, { liveText });
      } else {
        const body = c.req.valid('json') as z.infer<typeof IssueJsonSchema>;
        note = body.note;
        date = body.date;
        rev = body.rev;
        if (body.markdown !== undefined) {
          source = { type: 'markdown' };
          upload = await readUploadedMarkdown(deps.formats, body.markdown, deps.newId, undefined, {
            liveText,
          });
        }
      }
      const givenDate = readGivenDate(date);
      // A note of white space or invisible characters alone is none (the model's `isBlank`).
      const trimmed = note === undefined || isBlank(note) ? null : note.trim();
      const { revision, upload: matched } = await issueRevision(deps, {
        document: record,
        user,
        note: trimmed,
        ...(givenDate === null ? {} : { date: givenDate }),
        upload: upload?.council ?? null,
        source,
        positionFootnotesDropped: upload?.positionFootnotesDropped ?? 0,
        leftOut: upload?.leftOut ?? NOTHING_LEFT_OUT,
        ...(rev === undefined ? {} : { rev }),
      });
      const [body] = await toRevisionBodies(deps.store, [revision]);
      const issued = { ...(body as RevisionBody), upload: matched };
      deps.events.publish(record.id, { type: 'revision', data: issued });
      announceChanged(deps.events, record.id, ['revision', 'label']);
      return c.json(issued, 201);
    })
    .openapi(listRoute, async (c) => {
      requireUser(c, 'read');
      const record = await findDocument(deps.store, c.req.valid('param').id);
      await ensureInitialRevision(deps.store, record);
      return c.json(await toRevisionBodies(deps.store, await deps.store.revisions.list(record.id)), 200);
    })
    .openapi(getRoute, async (c) => {
      requireUser(c, 'read');
      const { id, rev } = c.req.valid('param');
      const record = await findDocument(deps.store, id);
      await ensureInitialRevision(deps.store, record);
      const revision = await deps.store.revisions.find(record.id, rev);
      if (revision === null) throw revisionNotFound(record.id, rev);
      const [body] = await toRevisionBodies(deps.store, [revision]);
      const { metadata, blocks, footnotes } = revision.content;
      return c.json(
        {
          ...(body as RevisionBody),
          issuedNumber: stampRevisionNumber(record, {
            ref: rev,
            label: revision.label,
            content: revision.content,
          }).metadata.number,
          metadata: { ...metadata, codes: [...metadata.codes], previous: [...metadata.previous] },
          blocks: blocks.map((block) => ({ ...block })),
          footnotes: footnotes.map((note) => ({ ...note })),
        },
        200,
      );
    });
}

export type RevisionBody = z.infer<typeof RevisionSchema>;

/** The API form of revision records, with the issuers' names looked up once each. */
export async function toRevisionBodies(
  store: Store,
  revisions: readonly RevisionRecord[],
): Promise<RevisionBody[]> {
  const names = new Map<string, string | null>();
  for (const revision of revisions) {
    if (revision.createdBy !== null && !names.has(revision.createdBy)) {
      names.set(revision.createdBy, (await store.users.findById(revision.createdBy))?.name ?? null);
    }
  }
  return revisions.map((revision) => ({
    rev: revision.rev,
    label: revision.label,
    createdAt: new Date(revision.createdAt).toISOString(),
    createdBy: revision.createdBy,
    createdByName: revision.createdBy === null ? null : (names.get(revision.createdBy) ?? null),
    note: revision.note,
    sha256: revision.sha256,
  }));
}
