import {
  BLOCK_STATUSES,
  MAX_COMMENT_BODY_CHARS,
  MAX_POSITION_NOTE_CHARS,
  MAX_SILENCE_DAYS,
  MAX_SILENCE_REASON_CHARS,
  MEMBER_STATE_CODES,
  POSITION_KINDS,
  RESERVATION_KINDS,
} from '@accord/model';
import { z } from '@hono/zod-openapi';
import { excerpt } from '../http/api-error';
import { type FreeTextLimit, freeText, optionalFreeText } from '../http/free-text';
import { DocumentParams, MAX_ID_CHARS, pathParam } from '../http/schemas';
import { AUDIT_ACTIONS, type AuditAction } from '../store/audit-store';
import { COMMENT_VISIBILITIES } from '../store/consensus-stores';

/** Path and body schemas of the consensus, silence, comment and audit routes (the OpenAPI document). */

/** A comment body longer than this is refused with 413 (the model's, which the web app's box reads too). */
export { MAX_COMMENT_BODY_CHARS };
/** A quote given with a comment longer than this is refused with 413. */
export const MAX_COMMENT_QUOTE_CHARS = 20_000;
/** The longest `until` read; an instant with an offset and nanoseconds takes 35. */
export const MAX_INSTANT_CHARS = 64;

export { DocumentParams, MAX_ID_CHARS, pathParam };
export const BlockParams = z.object({ id: pathParam('id'), blockId: pathParam('blockId') });
export const CommentParams = z.object({ id: pathParam('id'), commentId: pathParam('commentId') });

export const Delegation = z.enum(MEMBER_STATE_CODES as [string, ...string[]]).openapi({ example: 'FR' });
export const Instant = z.string().openapi({ example: '2017-06-07T10:00:00.000Z' });

/** The note given with a position or the Commission's reservation. */
const PositionNote = optionalFreeText({
  maxChars: MAX_POSITION_NOTE_CHARS,
  tooLongCode: 'note-too-long',
  what: 'a note',
})
  .nullable()
  .openapi({ description: `Up to ${MAX_POSITION_NOTE_CHARS.toLocaleString('en')} characters` });

export const PositionInputSchema = z
  .strictObject({
    position: z.enum(POSITION_KINDS),
    note: PositionNote,
  })
  .openapi('PositionInput', {
    description:
      'The delegation is always the caller’s: a `delegation`, `author` or `userId` field is refused',
  });

/** Positions given at once at most: more blocks than a long mandate has. */
export const MAX_POSITIONS_AT_ONCE = 5_000;

export const PositionsInputSchema = z
  .strictObject({
    positions: z
      .array(
        z.strictObject({
          blockId: z.string().min(1).max(MAX_ID_CHARS),
          position: z.enum(POSITION_KINDS),
          note: PositionNote,
        }),
      )
      .min(1)
      .max(MAX_POSITIONS_AT_ONCE),
  })
  .openapi('PositionsInput', {
    description: `One to ${MAX_POSITIONS_AT_ONCE.toLocaleString('en')} positions, each on another block; the delegation is always the caller’s`,
  });

export const CommissionReservationInputSchema = z
  .strictObject({
    position: z.enum(RESERVATION_KINDS),
    note: PositionNote,
  })
  .openapi('CommissionReservationInput', {
    description: 'A reservation kind; the participant is always the Commission (the caller’s institution)',
  });

/** A statement on a block as recorded (a position, or the Commission's reservation) and its withdrawal. */
function statementSchemas<D extends z.ZodTypeAny, P extends z.ZodTypeAny>(delegation: D, position: P) {
  return {
    recorded: z.object({
      blockId: z.string(),
      delegation,
      position,
      note: z.string().nullable(),
      textHash: z.string().openapi({
        description:
          'hashBlockText of the block’s statement text (its words and the footnotes it cites) when given',
      }),
      revision: z.number().int().openapi({ description: 'The document’s revision when given' }),
      stale: z.literal(false),
      at: Instant,
    }),
    withdrawn: z.object({ blockId: z.string(), delegation, withdrawn: z.literal(true), at: Instant }),
  };
}

const positions = statementSchemas(Delegation, z.enum(POSITION_KINDS));
export const PositionSchema = positions.recorded.openapi('Position');
export const WithdrawnSchema = positions.withdrawn.openapi('PositionWithdrawn');
export const PositionsSchema = z.object({ positions: z.array(PositionSchema) }).openapi('Positions');

const commissionReservations = statementSchemas(z.literal('COM'), z.enum(RESERVATION_KINDS));
export const CommissionReservationSchema = commissionReservations.recorded.openapi('CommissionReservation');
export const CommissionReservationWithdrawnSchema = commissionReservations.withdrawn.openapi(
  'CommissionReservationWithdrawn',
);

export const SilenceSchema = z
  .object({
    until: Instant,
    brokenBy: z.array(z.object({ delegation: Delegation, reason: z.string(), at: Instant })),
    outcome: z.enum(['running', 'broken', 'lapsed', 'cancelled']),
    cancelled: z.object({ at: Instant, reason: z.string().nullable() }).nullable().openapi({
      description: 'When the Presidency cancelled the procedure, and why if it said; null unless cancelled',
    }),
  })
  .openapi('Silence');

const PositionViewSchema = z.object({
  position: z.enum(POSITION_KINDS),
  note: z.string().nullable(),
  stale: z.boolean(),
  at: Instant,
});

const BlockConsensusSchema = z
  .object({
    id: z.string(),
    number: z.string().nullable(),
    status: z.enum(BLOCK_STATUSES),
    positions: z
      .record(z.string(), PositionViewSchema)
      .openapi({ description: 'By Member State, in protocol order; stale ones flagged' }),
    missing: z.array(Delegation).openapi({ description: 'Member States without a current position' }),
    brackets: z.number().int().openapi({ description: 'Open square-bracketed spans' }),
    coveredBySilence: z.boolean().openapi({
      description:
        'A lapsed silence procedure deems the Member States in `missing` agreeing on this text (they did not break silence)',
    }),
    empty: z.boolean().openapi({
      description:
        'No text and no footnote (a stray Enter): listed, positions and all, but left out of the document’s status',
    }),
    negotiated: z.boolean().openapi({
      description:
        'In the text the delegations negotiate: false for a cover note’s lines (the parts before the last where numbering restarts, or unnumbered lines above the title) and an annex’s label, which the delegations are not asked to agree. Positions may still be taken on them, and the document’s status counts them',
    }),
    outsideSilence: z.enum(['edited', 'added']).nullable().openapi({
      description:
        'While a silence procedure runs, why this block is outside it, so that a lapse will not agree it: `edited`, its text changed since the procedure began (for good, even if changed back); `added`, it was not in the text then (an empty block is not flagged). null under the procedure, and whenever none runs (once over, `coveredBySilence` says what it agreed)',
    }),
    qmv: z.object({
      states: z.number().int(),
      population: z.number().int(),
      passes: z.boolean(),
      blockingMinority: z.boolean(),
    }),
  })
  .openapi('BlockConsensus');

/** The members of a consensus report, which its changes share. */
const CONSENSUS_MEMBERS = {
  status: z.enum(BLOCK_STATUSES),
  blocks: z.array(BlockConsensusSchema).openapi({
    description:
      'The live blocks in document order; the empty ones (no text once white space is trimmed, no footnote) are flagged `empty`: nothing in them to agree to, so the document’s status leaves them out',
  }),
  silence: z.union([SilenceSchema, z.null()]),
  general: z
    .object({
      positions: z.record(z.string(), PositionViewSchema).openapi({
        description: 'General reservations by Member State; they stand until withdrawn',
      }),
      reserved: z.array(Delegation).openapi({
        description: 'Member States holding one: while any does, the document is not agreed',
      }),
    })
    .openapi({ description: 'Reservations on the whole text (`PUT /api/documents/{id}/position`)' }),
  commission: z
    .array(
      z.object({
        blockId: z.string(),
        position: z.enum(RESERVATION_KINDS),
        note: z.string().nullable(),
        stale: z.boolean(),
        at: Instant,
      }),
    )
    .openapi({
      description:
        'The Commission’s reservations, recorded, never counted: its general reservation first (`blockId` `#whole-text`, `PUT /api/documents/{id}/commission-reservation`, never stale), then those on the live blocks, in document order, stale ones flagged',
    }),
  qmvRule: z
    .object({
      rule: z.enum(['standard', 'reinforced']),
      referenceYear: z.number().int(),
      statesRequired: z.number().int(),
      statesTotal: z.number().int(),
      populationRequired: z.number().int(),
      populationTotal: z.number().int(),
    })
    .openapi({
      description: 'The QMV rule and the population table (Eurostat reference year) the blocks used',
    }),
};

export const ConsensusSchema = z.object(CONSENSUS_MEMBERS).openapi('Consensus');

export const ConsensusChangesSchema = z
  .object({
    version: z.string().openapi({
      description: 'Names the report this answer brings the client to: send it back as `since` next time',
      example: 'k3Jx9aQ2.17',
    }),
    full: z.boolean().openapi({
      description:
        'Every block is listed (no `since`, or one this server does not know: another process, or a document read again): replace what you hold',
    }),
    ...CONSENSUS_MEMBERS,
    order: z.array(z.string()).nullable().openapi({
      description:
        'Every live block’s id in document order, when the blocks or their order changed since `since` (always with `full`); null when they did not',
    }),
    blocks: z.array(BlockConsensusSchema).openapi({
      description:
        'The blocks whose entry changed since `since` (every block with `full`), in document order; an entry replaces the one with its id',
    }),
  })
  .openapi('ConsensusChanges');

export const ConsensusQuery = z.object({
  qmv: z
    .enum(['standard', 'reinforced'])
    .optional()
    .openapi({ description: 'The QMV rule of the what-if figures. @default standard' }),
});

export const ConsensusChangesQuery = ConsensusQuery.extend({
  since: z.string().max(100).optional().openapi({
    description: 'The `version` of the report the client holds; left out, every block is listed',
  }),
});

export const SilenceStartSchema = z
  .strictObject({
    until: z
      .string()
      .max(MAX_INSTANT_CHARS)
      .openapi({
        description: `The deadline: an instant with its offset, ahead of now by ${MAX_SILENCE_DAYS} days at most (a silence procedure runs a few days, a few weeks at most); one further is refused 400 \`deadline-too-far\` naming \`until\`, one not ahead 400 \`deadline-passed\``,
        example: '2017-06-09T17:00:00+02:00',
      }),
  })
  .openapi('SilenceStart');
/** The reason a delegation gives for breaking silence, or the Presidency, if it will, for cancelling it. */
const SILENCE_REASON: FreeTextLimit = {
  maxChars: MAX_SILENCE_REASON_CHARS,
  tooLongCode: 'reason-too-long',
  what: 'a reason',
};

export const SilenceBreakSchema = z
  .strictObject({
    reason: freeText(SILENCE_REASON).openapi({ example: 'Paragraph 3 needs further examination' }),
  })
  .openapi('SilenceBreak');
export const SilenceCancelSchema = z
  .strictObject({
    reason: optionalFreeText(SILENCE_REASON).openapi({
      example: 'The deadline should have been Friday 17:00',
    }),
  })
  .openapi('SilenceCancel');

export const CommentInputSchema = z
  .strictObject({
    body: freeText({
      maxChars: MAX_COMMENT_BODY_CHARS,
      tooLongCode: 'comment-too-long',
      what: 'a comment',
    }).openapi({ description: 'Plain text, stored and returned exactly as given' }),
    visibility: z.enum(COMMENT_VISIBILITIES).openapi({
      description: '`delegation`: seen by the users of the caller’s delegation alone',
    }),
    replyTo: z.string().max(MAX_ID_CHARS).nullable().optional(),
    quote: optionalFreeText({
      maxChars: MAX_COMMENT_QUOTE_CHARS,
      tooLongCode: 'quote-too-long',
      what: 'a quote',
    })
      .nullable()
      .openapi({ description: 'The text commented on; @default the block’s live text' }),
  })
  .openapi('CommentInput');

export const CommentSchema = z
  .object({
    id: z.string(),
    blockId: z.string(),
    author: z.object({ id: z.string(), name: z.string(), delegation: z.string().nullable() }),
    body: z.string(),
    visibility: z.enum(COMMENT_VISIBILITIES),
    replyTo: z.string().nullable(),
    quote: z.string(),
    createdAt: Instant,
    resolved: z.boolean(),
    orphaned: z.boolean().openapi({ description: 'The block is no longer in the live text' }),
  })
  .openapi('Comment');

export const CommentsQuery = z.object({ blockId: z.string().optional() });

export const AuditEntrySchema = z
  .object({
    seq: z.number().int(),
    at: Instant,
    actor: z.object({
      id: z.string().nullable(),
      name: z.string().nullable(),
      role: z.string().nullable(),
      delegation: z.string().nullable(),
    }),
    action: z.enum(AUDIT_ACTIONS),
    blockId: z.string().nullable(),
    summary: z.string(),
    details: z.record(z.string(), z.unknown()),
  })
  .openapi('AuditEntry');

export const AuditQuery = z.object({
  after: z.coerce.number().int().min(0).optional().openapi({ description: 'Only entries after this seq' }),
  limit: z.coerce.number().int().min(1).max(1000).optional().openapi({ description: '@default 1000' }),
  action: z
    .string()
    .max(1000)
    .optional()
    .transform((value, context) => {
      if (value === undefined) return undefined;
      const actions = value.split(',').map((action) => action.trim());
      const unknown = actions.find((action) => !(AUDIT_ACTIONS as readonly string[]).includes(action));
      if (unknown !== undefined) {
        context.addIssue({
          code: 'custom',
          message: `${JSON.stringify(excerpt(unknown))} is no audit action (one of ${AUDIT_ACTIONS.join(', ')})`,
        });
        return z.NEVER;
      }
      return actions as AuditAction[];
    })
    .openapi({
      type: 'string',
      example: 'revision.issued,document.forwarded',
      description: 'Only entries of these actions, comma-separated',
    }),
});
