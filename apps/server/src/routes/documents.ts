import { type CouncilDocument, formatCouncilDate, formatRevisionLabel } from '@accord/model';
import { createRoute, z } from '@hono/zod-openapi';
import { describeCorrected, describeCorrigendumCreated, toAuditActor } from '../audit/describe-audit';
import type { LiveText, LiveTexts } from '../consensus/live-text';
import type { FormatReader } from '../documents/format-reader';
import { readForwardings } from '../documents/forwardings';
import {
  buildNewDocument,
  MAX_TITLE_LENGTH,
  type NewDocumentInput,
  selectCorrectedRevision,
} from '../documents/new-document';
import { readUploadedFile, readUploadedMarkdown, type UploadedText } from '../documents/read-upload';
import { storeNewDocument, storeNewDocumentUnderFreeNumber } from '../documents/store-new-document';
import { announceChanged, announceCreated } from '../events/document-list-events';
import type { DocumentEventBus } from '../events/event-bus';
import { ListedDeadlines } from '../events/listed-deadlines';
import { ApiError, badRequest, excerpt, notFound } from '../http/api-error';
import {
  BlockSchema,
  FootnoteSchema,
  LeftOutSchema,
  MetadataSchema,
  UploadedFileSchema,
} from '../http/document-schemas';
import { freeText } from '../http/free-text';
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
  MAX_ID_CHARS,
  NOT_FOUND_RESPONSE,
} from '../http/schemas';
import { loadVersion } from '../revisions/versions';
import type { AuditEntryInput } from '../store/audit-store';
import type { DocumentRecord, Store, User } from '../store/store';
import type { LiveDocuments } from '../sync/live-documents';

const DocumentSummarySchema = z
  .object({
    id: z.string(),
    number: z.string().nullable().openapi({ example: '9916/17' }),
    title: z.string(),
    revision: z.number().int().openapi({ description: 'The latest issued revision; 0 before the first' }),
    label: z.string().openapi({
      example: '9916/1/17 REV 1',
      description: "The latest issued revision's register label; the number itself before the first",
    }),
    createdAt: z.string().openapi({ description: 'When the document was added (ISO 8601)' }),
  })
  .openapi('DocumentSummary');

/** Where a text went, or what a note forwards: read from the audit log (`readForwardings`). */
const FORWARDING_FIELDS = {
  forwardedAs: z
    .array(
      z.object({
        id: z.string(),
        number: z.string().nullable().openapi({ example: '10234/17' }),
        at: z.string().openapi({ description: 'When the text went forward (ISO 8601)' }),
      }),
    )
    .openapi({
      description:
        'The I/A item notes this text went forward as, oldest first (`POST …/item-note`): what is changed in the text afterwards is not in them',
    }),
  forwards: z
    .object({
      id: z.string(),
      previous: z.string().nullable().openapi({ example: '7923/2/17 REV 2' }),
    })
    .nullable()
    .openapi({
      description:
        'For an item note made by forwarding a text: that text, and the number the note cites it by. Null otherwise',
    }),
  corrects: z
    .object({
      id: z.string(),
      label: z.string().openapi({ example: '9916/1/17 REV 1' }),
    })
    .nullable()
    .openapi({
      description:
        'For a corrigendum started from the text it corrects (`POST /api/documents` with `from`): that text, and the label of the revision it corrects, whose text it started from. Null otherwise',
    }),
  correctedBy: z
    .array(
      z.object({
        id: z.string(),
        number: z.string().openapi({ example: '9916/1/17 REV 1 COR 1' }),
        label: z.string().openapi({ example: '9916/1/17 REV 1', description: 'The revision it corrects' }),
        at: z.string().openapi({ description: 'When it was made (ISO 8601)' }),
      }),
    )
    .openapi({
      description: 'The corrigenda started from this text (`POST /api/documents` with `from`), oldest first',
    }),
};

const ListedDocumentSchema = DocumentSummarySchema.extend({
  silenceUntil: z.string().nullable().openapi({
    example: '2017-06-09T15:00:00.000Z',
    description:
      'While a silence procedure runs on the text, its deadline (ISO 8601): a delegation that objects must break silence before it. Null when none runs (none started, or broken, cancelled or lapsed)',
  }),
  ...FORWARDING_FIELDS,
}).openapi('ListedDocument');

export const DocumentSchema = DocumentSummarySchema.extend({
  metadata: MetadataSchema,
  blocks: z.array(BlockSchema),
  footnotes: z.array(FootnoteSchema),
}).openapi('Document');

const OpenedDocumentSchema = DocumentSchema.extend(FORWARDING_FIELDS).openapi('OpenedDocument');

/** A date as written on a header ("7 September 2017"), as an item note's may be. */
const MAX_CORRIGENDUM_DATE_CHARS = 100;

const NewDocumentSchema = z
  .strictObject({
    markdown: freeText()
      .optional()
      .openapi({ description: 'A Council document in Markdown, as in the fixture' }),
    number: z.string().optional().openapi({ example: '7923/17' }),
    title: freeText({ maxChars: MAX_TITLE_LENGTH, tooLongCode: 'title-too-long', what: 'a title' })
      .optional()
      .openapi({ example: 'Draft Council conclusions on cyber diplomacy' }),
    from: z.string().min(1).max(MAX_ID_CHARS).optional().openapi({
      description:
        'A corrigendum: the id of the document it corrects. `number` is a COR of the issued revision it corrects, whose text it starts from (blocks, footnotes, header; the header’s number is `number`, its date `date`, else the day it is made): "9916/17 COR 1" the original as issued, "9916/1/17 REV 1 COR 1" REV 1; a COR of a revision the document never had is a 400 `invalid-number` naming those it had. `title` defaults to that document’s',
    }),
    date: freeText({ maxChars: MAX_CORRIGENDUM_DATE_CHARS, tooLongCode: 'date-too-long', what: 'a date' })
      .optional()
      .openapi({
        example: '9 June 2017',
        description:
          'With `from`: the date the corrigendum’s header carries, as the Council writes it ("9 June 2017") or ISO ("2017-06-09"); anything else is a 400 `invalid-date`, and a date without `from` a 400 `invalid-request`. @default the day it is made in Brussels',
      }),
  })
  .openapi('NewDocument', {
    description: 'Either `markdown`, or `number` and `title`, or `number` and `from` (a corrigendum)',
  });

const CreatedDocumentSchema = DocumentSchema.extend({
  upload: z
    .object({
      positionFootnotesDropped: z.number().int().openapi({
        description:
          'Footnotes whose whole text stated positions ("DE, NL: scrutiny reservation."), left out of the text: positions are kept by Accord, not in the text',
      }),
      leftOut: LeftOutSchema,
    })
    .nullable()
    .openapi({ description: 'What became of the Markdown or file read; null for a blank document' }),
}).openapi('CreatedDocument');

const NewDocumentFormSchema = z.strictObject({ file: UploadedFileSchema }).openapi('NewDocumentUpload');

/** A 409 that may be `number-taken`: the error body, and the document holding the number. */
export const NumberConflictSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'number-taken' }),
      message: z.string(),
      holder: z
        .object({ id: z.string(), number: z.string().nullable(), title: z.string() })
        .optional()
        .openapi({ description: 'With `number-taken`: the document whose number it is' }),
    }),
  })
  .openapi('NumberConflict');

const createDocument = createRoute({
  method: 'post',
  path: '/api/documents',
  summary:
    'Create a document from Markdown, from an uploaded .docx, .md or .html file, from a number and title, or as a corrigendum from the text it corrects (presidency, secretariat)',
  // The role is checked before the body is read: a caller who may not is told so (403), whatever they sent.
  middleware: [allow('create-document'), refuseFieldsOnlyForm] as const,
  request: {
    body: {
      // Not `required`: with two body types, a required one would be demanded of the other's requests.
      required: false,
      content: {
        'application/json': { schema: NewDocumentSchema },
        'multipart/form-data': { schema: NewDocumentFormSchema },
      },
    },
  },
  responses: {
    201: jsonResponse('Created', CreatedDocumentSchema),
    ...ERROR_RESPONSES,
    ...BUSY_RESPONSE,
    ...NOT_FOUND_RESPONSE,
    409: {
      description:
        'A blank document’s or a corrigendum’s number is another document’s, in any revision or form (`number-taken`, with the `holder`). An imported text is a document of its own under any number',
      content: { 'application/json': { schema: NumberConflictSchema } },
    },
  },
});

const listDocuments = createRoute({
  method: 'get',
  path: '/api/documents',
  summary: 'Every document',
  responses: {
    200: jsonResponse('The documents', z.array(ListedDocumentSchema)),
    401: ERROR_RESPONSES[401],
  },
});

const getDocument = createRoute({
  method: 'get',
  path: '/api/documents/{id}',
  summary: 'A document with the live text of every block',
  request: { params: DocumentParams },
  responses: {
    200: jsonResponse(
      'The document, and the item notes it went forward as or forwards',
      OpenedDocumentSchema,
    ),
    401: ERROR_RESPONSES[401],
    ...NOT_FOUND_RESPONSE,
  },
});

export function toDocumentSummary(record: DocumentRecord) {
  return {
    id: record.id,
    number: record.number,
    title: record.title,
    revision: record.revision,
    label: formatRevisionLabel(record.number, record.revision),
    createdAt: new Date(record.createdAt).toISOString(),
  };
}

export function toDocumentBody(record: DocumentRecord, council: CouncilDocument) {
  return {
    ...toDocumentSummary(record),
    metadata: {
      ...council.metadata,
      codes: [...council.metadata.codes],
      previous: [...council.metadata.previous],
    },
    blocks: council.blocks.map((b) => ({ id: b.id, kind: b.kind, number: b.number, text: b.text })),
    footnotes: council.footnotes.map((f) => ({ ...f })),
  };
}

export interface DocumentRouteDeps {
  readonly store: Store;
  readonly documents: LiveDocuments;
  readonly events: DocumentEventBus;
  readonly now: () => number;
  readonly newId: () => string;
  readonly formats: FormatReader;
}

/** The document or a 404. */
export async function findDocument(store: Store, id: string): Promise<DocumentRecord> {
  const record = await store.documents.findById(id);
  if (record === null) throw notFound('document-not-found', `there is no document ${excerpt(id)}`);
  return record;
}

/**
 * Document `id`'s record (404 for an unknown one) and its live text, the record's revision the one
 * whose text `live` holds: read before and after the text until both agree, as a revision issued
 * meanwhile (whose text a read waits for while it is stored) would be one's and not the other's.
 */
export async function findDocumentWithLiveText(
  deps: { readonly store: Store; readonly live: LiveTexts },
  id: string,
): Promise<{ readonly record: DocumentRecord; readonly live: LiveText }> {
  for (;;) {
    const before = await findDocument(deps.store, id);
    const live = await deps.live.read(id);
    const record = await findDocument(deps.store, id);
    if (record.revision === before.revision) return { record, live };
  }
}

/**
 * A number names one document in the register: `number` (as the caller gave it) is `holder`'s, in
 * another revision or form perhaps ("ST 9916 2017 INIT" is 9916/17's). 409, as the number is fine but
 * taken; the message names the document that has it.
 */
export function numberTaken(number: string, holder: DocumentRecord): ApiError {
  const written = holder.number === number ? '' : ` (${holder.number})`;
  return new ApiError(
    409,
    'number-taken',
    `number: ${excerpt(number)} is already the number of “${holder.title}”${written}`,
    // A title may be any document's: a script acts on the id.
    { details: { holder: { id: holder.id, number: holder.number, title: holder.title } } },
  );
}

/** What a new document starts from, and the upload it was read from (null for a blank one). */
interface NewDocumentSource {
  readonly input: NewDocumentInput;
  readonly upload: UploadedText | null;
}

function fromUpload(upload: UploadedText, field: 'markdown' | 'file'): NewDocumentSource {
  return { input: { type: 'imported', council: upload.council, field }, upload };
}

/** `{ markdown }`, `{ number, title }` or `{ number, title?, from, date? }`: one of them, whole. */
async function readNewDocumentBody(
  deps: DocumentRouteDeps,
  body: z.infer<typeof NewDocumentSchema>,
  at: number,
): Promise<NewDocumentSource> {
  if (body.from !== undefined) {
    if (body.markdown !== undefined) {
      throw badRequest(
        'invalid-request',
        'from: a corrigendum starts from the text it corrects: give either markdown, or from and a number, not both',
      );
    }
    if (body.number === undefined) {
      throw badRequest('invalid-request', 'number: required with from (the corrigendum’s own number)');
    }
    const date = readGivenDate(body.date) ?? formatCouncilDate(at);
    const corrected = await findDocument(deps.store, body.from);
    const rev = selectCorrectedRevision(body.number, corrected);
    if (!rev.ok) throw badRequest(rev.error.code, rev.error.message);
    const issued = await loadVersion(deps, corrected, rev.value);
    if (issued === null) throw new Error(`revision ${rev.value} of ${corrected.id} is not stored`);
    return {
      input: {
        type: 'corrigendum',
        number: body.number,
        title: body.title,
        corrected: { id: corrected.id, title: corrected.title, label: issued.label, content: issued.content },
        date,
      },
      upload: null,
    };
  }
  if (body.date !== undefined) {
    // A blank text has no header to date; an imported one is dated as its file is.
    throw badRequest('invalid-request', 'date: only a corrigendum (with from) is dated when made');
  }
  if (body.markdown !== undefined) {
    if (body.number !== undefined || body.title !== undefined) {
      throw badRequest('invalid-request', 'markdown: give either markdown, or number and title, not both');
    }
    return fromUpload(
      await readUploadedMarkdown(deps.formats, body.markdown, deps.newId, 'invalid-markdown'),
      'markdown',
    );
  }
  if (body.number === undefined) throw badRequest('invalid-request', 'number: required (or give markdown)');
  if (body.title === undefined) throw badRequest('invalid-request', 'title: required (or give markdown)');
  return { input: { type: 'blank', number: body.number, title: body.title }, upload: null };
}

/** Where a corrigendum came from, in its own audit log and in that of the text it corrects. */
function describeCorrigendum(
  user: User,
  record: { readonly id: string; readonly createdAt: number },
  number: string,
  corrected: { readonly id: string; readonly label: string },
): AuditEntryInput[] {
  const actor = toAuditActor(user);
  const at = record.createdAt;
  return [
    describeCorrected({ documentId: corrected.id, actor, at }, { id: record.id, number }, corrected.label),
    describeCorrigendumCreated({ documentId: record.id, actor, at }, number, corrected),
  ];
}

export function createDocumentRoutes(deps: DocumentRouteDeps) {
  const deadlines = new ListedDeadlines({
    events: deps.events,
    findUnsettledDeadline: (id) => deps.store.silence.findUnsettledDeadline(id),
    now: deps.now,
  });
  return createRouter()
    .openapi(createDocument, async (c) => {
      const user = requireUser(c, 'create-document');
      const at = deps.now();
      const { input, upload } = /^multipart\/form-data/i.test(c.req.header('content-type') ?? '')
        ? fromUpload(
            await readUploadedFile(
              deps.formats,
              // Both body types are declared, so the validated data is typed as either.
              (c.req.valid('form') as z.infer<typeof NewDocumentFormSchema>).file,
              deps.newId,
            ),
            'file',
          )
        : await readNewDocumentBody(deps, c.req.valid('json') as z.infer<typeof NewDocumentSchema>, at);
      const built = buildNewDocument(input, deps.newId);
      if (!built.ok) throw badRequest(built.error.code, built.error.message);

      const record = { id: deps.newId(), createdBy: user.id, createdAt: at };
      // An import is a document of its own even under a number already here (a text imported twice);
      // a blank document or a corrigendum registers its number, which must name no other document.
      const created =
        input.type === 'imported'
          ? await storeNewDocument(deps.store, built.value, record)
          : await storeNewDocumentUnderFreeNumber(
              deps.store,
              built.value,
              record,
              input.type === 'corrigendum'
                ? describeCorrigendum(user, record, built.value.number ?? input.number, input.corrected)
                : [],
            ).then((stored) => {
              if (!stored.ok) throw numberTaken(input.number, stored.error.holder);
              return stored.value;
            });
      announceCreated(deps.events, created);
      if (input.type === 'corrigendum') {
        // The corrected text's entry now names it (`correctedBy`).
        announceChanged(deps.events, input.corrected.id, ['correctedBy']);
        // The corrected text's open rooms learn of it now, not on their next load.
        deps.events.publish(input.corrected.id, {
          type: 'corrected',
          data: {
            id: created.id,
            number: created.number ?? input.number,
            label: input.corrected.label,
            at: new Date(created.createdAt).toISOString(),
          },
        });
      }
      return c.json(
        {
          ...toDocumentBody(created, built.value.council),
          upload: upload && {
            positionFootnotesDropped: upload.positionFootnotesDropped,
            leftOut: upload.leftOut,
          },
        },
        201,
      );
    })
    .openapi(listDocuments, async (c) => {
      requireUser(c, 'read');
      // A delegation learns of a silence procedure here too, not only by opening the document: one
      // indexed look-up per document of its latest procedure's deadline.
      const records = await deps.store.documents.list();
      const listed = await Promise.all(
        records.map(async (record) => {
          const until = await deps.store.silence.findUnsettledDeadline(record.id);
          const running = until !== null && Date.parse(until) > deps.now();
          // No request makes it lapse: the open lists are told when it does.
          if (running) deadlines.watch(record.id, until);
          return {
            ...toDocumentSummary(record),
            silenceUntil: running ? until : null,
            ...(await readForwardings(deps.store.audit, record.id)),
          };
        }),
      );
      return c.json(listed, 200);
    })
    .openapi(getDocument, async (c) => {
      requireUser(c, 'read');
      const record = await findDocument(deps.store, c.req.valid('param').id);
      const [council, forwardings] = await Promise.all([
        deps.documents.read(record.id),
        readForwardings(deps.store.audit, record.id),
      ]);
      return c.json({ ...toDocumentBody(record, council), ...forwardings }, 200);
    });
}
