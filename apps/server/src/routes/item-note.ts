import {
  addPositionFootnotes,
  checkForwarding,
  draftItemNote,
  formatCouncilDate,
  formatRevisionLabel,
  MAX_DOCUMENT_NUMBER_LENGTH,
  nameBlocks,
  notedReservations,
  RESERVATION_KINDS,
  selectForwardedText,
} from '@accord/model';
import { createRoute, z } from '@hono/zod-openapi';
import { describeForwarded, describeItemNoteCreated, toAuditActor } from '../audit/describe-audit';
import { deriveTitle, readNewDocumentNumber } from '../documents/new-document';
import { storeNewDocumentUnderFreeNumber } from '../documents/store-new-document';
import { announceChanged, announceCreated } from '../events/document-list-events';
import { ApiError, badRequest } from '../http/api-error';
import { freeText } from '../http/free-text';
import { readGivenDate } from '../http/given-date';
import { allow, refuseIdentityFields } from '../http/guards';
import { requireUser } from '../http/require';
import { createRouter } from '../http/router';
import { ERROR_RESPONSES, jsonBody, jsonResponse, NOT_FOUND_RESPONSE } from '../http/schemas';
import type { ConsensusRouteDeps } from './consensus-deps';
import { DocumentParams } from './consensus-schemas';
import {
  DocumentSchema,
  findDocument,
  findDocumentWithLiveText,
  NumberConflictSchema,
  numberTaken,
  toDocumentBody,
} from './documents';

/** A date as written on a note ("7 June 2017") longer than this is refused with 413. */
export const MAX_NOTE_DATE_CHARS = 100;

const ItemNoteInputSchema = z
  .strictObject({
    number: z.string().openapi({
      example: '9916/17',
      maxLength: MAX_DOCUMENT_NUMBER_LENGTH,
      description: 'The note’s own register number',
    }),
    date: freeText({ maxChars: MAX_NOTE_DATE_CHARS, tooLongCode: 'date-too-long', what: 'a date' })
      .optional()
      .openapi({
        example: '7 June 2017',
        description:
          'The note’s date, "7 June 2017" or 2017-06-07, written the Council’s way (anything else is a 400 `invalid-date`); default: today in Brussels',
      }),
  })
  .openapi('ItemNoteInput');

const forwardAsItemNote = createRoute({
  method: 'post',
  path: '/api/documents/{id}/item-note',
  summary:
    'Forward the agreed text as an I/A item note: a new document with the note’s header, a cover and the text as its annex (presidency, secretariat)',
  description:
    'Where numbering restarts (a cover note, then the conclusions in an annex), the last part is forwarded. ' +
    'Refused with 409 `not-agreed` while a forwarded paragraph is opposed, bracketed, or lacks a Member State’s ' +
    'position on its current text; standing reservations go into footnotes of the annex.',
  middleware: [allow('create-document'), refuseIdentityFields] as const,
  request: { params: DocumentParams, body: jsonBody(ItemNoteInputSchema) },
  responses: {
    201: jsonResponse('The item note, created', DocumentSchema),
    ...ERROR_RESPONSES,
    ...NOT_FOUND_RESPONSE,
    409: {
      description:
        'The text is not agreed (`not-agreed`: the message names the first paragraph in the way and why, then up to ten others in the way), or the number is another document’s (`number-taken`, with the `holder`)',
      content: { 'application/json': { schema: NumberConflictSchema } },
    },
  },
});

export function createItemNoteRoutes(deps: ConsensusRouteDeps) {
  return createRouter().openapi(forwardAsItemNote, async (c) => {
    const user = requireUser(c, 'create-document');
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    await findDocument(deps.store, id);
    const number = readNewDocumentNumber(body.number);
    if (!number.ok) throw badRequest(number.error.code, number.error.message);
    const date = readGivenDate(body.date) ?? formatCouncilDate(deps.now());

    // The revision the note cites is the one whose text it forwards.
    const { record, live } = await findDocumentWithLiveText(deps, id);
    const { report, positions, commission } = await deps.ledger.reportWithPositions(id, live);
    const forwarded = selectForwardedText(live.document);
    const checked = checkForwarding(forwarded, report, nameBlocks(live.document.blocks, 'title'));
    if (!checked.ok) throw new ApiError(409, checked.error.code, checked.error.message);

    // The reservations that stand; an abstention does not stand in the way of consensus, so goes unsaid.
    const annex = addPositionFootnotes(forwarded, positions, { include: RESERVATION_KINDS, commission });
    const title = deriveTitle(live.document);
    const previous = citeForwardedText(record.number, live.document.metadata.number, record.revision);
    const council = draftItemNote(annex, {
      number: number.value,
      date,
      previous,
      title,
      reservationsNoted: notedReservations(annex, forwarded),
      newId: deps.newId,
    });
    const at = deps.now();
    const noteId = deps.newId();
    // The store refuses a number that is already a document's, however written ("10234/17" is
    // "ST 10234 2017 INIT"), in the transaction that would write the note: of two forwardings at once
    // under one number, one makes the note.
    const stored = await storeNewDocumentUnderFreeNumber(
      deps.store,
      { council, number: number.value, title },
      { id: noteId, createdBy: user.id, createdAt: at },
      [
        describeForwarded(
          { documentId: id, actor: toAuditActor(user), at },
          { id: noteId, number: number.value },
          previous,
        ),
        describeItemNoteCreated(
          { documentId: noteId, actor: toAuditActor(user), at },
          { number: number.value },
          { id, previous },
        ),
      ],
    );
    if (!stored.ok) throw numberTaken(number.value, stored.error.holder);
    const created = stored.value;
    deps.events.publish(id, { type: 'forwarded', data: { id: created.id, number: created.number } });
    announceCreated(deps.events, created);
    // The text's entry now names the note (`forwardedAs`).
    announceChanged(deps.events, id, ['forwardedAs']);
    return c.json(toDocumentBody(created, council), 201);
  });
}

/**
 * The number the note cites as its previous document: the text's last revision, labelled from its
 * number. A text created without one (from a file whose header had none) may have been given one in
 * its header since, which is then the number it goes by; a text with neither is cited by no number,
 * not by a bare "INIT" or "REV 2", which Coreper could not look up.
 */
function citeForwardedText(
  recordNumber: string | null,
  headerNumber: string | null,
  rev: number,
): string | null {
  const number = recordNumber ?? (headerNumber?.trim() || null);
  return number === null ? null : formatRevisionLabel(number, rev);
}
