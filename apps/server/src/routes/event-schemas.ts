import { z } from '@hono/zod-openapi';
import { LISTED_FIELDS } from '../events/document-list-events';
import { TEXT_HINT_INTERVAL_MS } from '../events/text-change-hints';
import {
  CommentSchema,
  CommissionReservationSchema,
  Delegation,
  Instant,
  PositionSchema,
  SilenceSchema,
} from './consensus-schemas';
import { IssuedRevisionSchema } from './revisions';

/**
 * The events of `GET /api/documents/{id}/events`, as the OpenAPI document's `DocumentEvent`: each is
 * the SSE `event:` name and the JSON of its `data:` (see `events/document-events.ts` for when each is
 * sent). A stream is text, which no schema of a response can describe; scripts find the events here.
 */
const event = <N extends string, D extends z.ZodType>(name: N, data: D, description: string) =>
  z.strictObject({ event: z.literal(name), data }).openapi({ description });

const withdrawn = <D extends z.ZodType>(delegation: D) =>
  z.strictObject({ action: z.literal('withdrawn'), blockId: z.string(), delegation, at: Instant });

export const DocumentEventSchema = z
  .discriminatedUnion('event', [
    event(
      'ready',
      z.strictObject({
        documentId: z.string(),
        resumed: z.boolean().openapi({
          description:
            'true: the events missed since `Last-Event-ID` follow; false: fetch what you show afresh',
        }),
      }),
      'First on every stream: from here on nothing the caller may see is missed',
    ),
    event(
      'position',
      z.union([PositionSchema.extend({ action: z.literal('recorded') }), withdrawn(Delegation)]),
      'A position recorded (as the PUT answers it) or withdrawn',
    ),
    event(
      'commission-reservation',
      z.union([
        CommissionReservationSchema.extend({ action: z.literal('recorded') }),
        withdrawn(z.literal('COM')),
      ]),
      'The Commission’s reservation on a block entered or withdrawn; it changes no status',
    ),
    event(
      'comment',
      z.strictObject({ action: z.enum(['created', 'resolved', 'reopened']), comment: CommentSchema }),
      'A comment created, resolved or reopened; a delegation’s note reaches that delegation’s users alone',
    ),
    event(
      'silence',
      z.strictObject({
        action: z.enum(['started', 'broken', 'cancelled', 'lapsed']),
        silence: SilenceSchema,
      }),
      'A silence procedure started, broken, cancelled, or lapsed at its deadline without objection',
    ),
    event(
      'consensus-changed',
      z.strictObject({ cause: z.literal('text'), at: Instant }),
      `The live text changed (at most every ${TEXT_HINT_INTERVAL_MS} ms a document): positions may be stale, comments orphaned; fetch the report again`,
    ),
    event('revision', IssuedRevisionSchema, 'A revision was issued (as the POST answers it)'),
    event(
      'forwarded',
      z.strictObject({ id: z.string(), number: z.string().nullable() }),
      'The text went forward as an I/A item note: the new document’s id and number',
    ),
    event(
      'corrected',
      z.strictObject({
        id: z.string(),
        number: z.string().openapi({ example: '9916/17 COR 1' }),
        label: z.string().openapi({ example: '9916/17', description: 'The revision it corrects' }),
        at: Instant,
      }),
      'A corrigendum was made from the text (`POST /api/documents` with `from`): as the text’s `correctedBy` lists it',
    ),
  ])
  .openapi('DocumentEvent');

/** The events of `GET /api/events`, the document list's, as the OpenAPI document's `DocumentListEvent`. */
export const DocumentListEventSchema = z
  .discriminatedUnion('event', [
    event(
      'ready',
      z.strictObject({
        resumed: z.boolean().openapi({
          description: 'true: the events missed since `Last-Event-ID` follow; false: read the list afresh',
        }),
      }),
      'First on every stream: from here on nothing the caller may see is missed',
    ),
    event(
      'created',
      z.strictObject({ id: z.string(), number: z.string().nullable(), title: z.string() }),
      'A document was made (imported, blank, a corrigendum or an I/A item note): read the list again, as what it shows of other documents may have changed with it',
    ),
    event(
      'changed',
      z.strictObject({
        id: z.string(),
        fields: z.array(z.enum(LISTED_FIELDS)).openapi({
          description:
            'The fields of the document’s entry in `GET /api/documents` that changed: `revision` and `label` (a revision issued), `silenceUntil` (a silence procedure started, broken, cancelled, or its deadline passed), `forwardedAs` (the text went forward as an I/A item note, after the note’s `created`), `correctedBy` (a corrigendum was made from it, after the corrigendum’s `created`)',
          example: ['revision', 'label'],
        }),
      }),
      'What the list shows of a document changed: read the list again',
    ),
  ])
  .openapi('DocumentListEvent');
