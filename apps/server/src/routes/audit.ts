import { createRoute, z } from '@hono/zod-openapi';
import { allow } from '../http/guards';
import { requireUser } from '../http/require';
import { createRouter } from '../http/router';
import { ERROR_RESPONSES, jsonResponse, NOT_FOUND_RESPONSE } from '../http/schemas';
import { type AuditEntry, MAX_AUDIT_PAGE } from '../store/audit-store';
import type { ConsensusRouteDeps } from './consensus-deps';
import { AuditEntrySchema, AuditQuery, DocumentParams } from './consensus-schemas';
import { findDocument } from './documents';

const getAudit = createRoute({
  method: 'get',
  path: '/api/documents/{id}/audit',
  summary:
    'Who did what and when: positions, comments, silence, revisions, forwarding as an item note (presidency, secretariat, archivists)',
  middleware: [allow('read-audit')] as const,
  request: { params: DocumentParams, query: AuditQuery },
  responses: {
    200: {
      ...jsonResponse('The entries, oldest first', z.array(AuditEntrySchema)),
      headers: {
        Link: {
          description:
            'When more entries follow this page: `<…/audit?after=SEQ…>; rel="next"` (RFC 8288), the same query after this page’s last entry; absent on the last page',
          schema: { type: 'string' as const, example: '</api/documents/abc/audit?after=1000>; rel="next"' },
        },
      },
    },
    400: ERROR_RESPONSES[400],
    401: ERROR_RESPONSES[401],
    403: ERROR_RESPONSES[403],
    ...NOT_FOUND_RESPONSE,
  },
});

export function toAuditEntryBody(entry: AuditEntry) {
  return {
    seq: entry.seq,
    at: new Date(entry.at).toISOString(),
    actor: entry.actor,
    action: entry.action,
    blockId: entry.blockId,
    summary: entry.summary,
    details: entry.details,
  };
}

export function createAuditRoutes(deps: Pick<ConsensusRouteDeps, 'store' | 'ledger'>) {
  return createRouter().openapi(getAudit, async (c) => {
    requireUser(c, 'read-audit');
    const { id } = c.req.valid('param');
    const { after, limit, action } = c.req.valid('query');
    await findDocument(deps.store, id);
    // A lapse no timer has announced yet (the clock passed the deadline, or the server was down then)
    // is written first, so the log never lags behind the consensus report.
    await deps.ledger.noticeLapses(id);
    const actions = action === undefined ? {} : { actions: action };
    const entries = await deps.store.audit.list(id, { after, limit, ...actions });
    const last = entries.at(-1);
    // A full page may be the last: one more entry looked for says whether a next page has any.
    const full = entries.length === Math.min(limit ?? MAX_AUDIT_PAGE, MAX_AUDIT_PAGE);
    if (last !== undefined && full) {
      const more = await deps.store.audit.list(id, { after: last.seq, limit: 1, ...actions });
      if (more.length > 0) {
        const query = new URLSearchParams(c.req.query());
        query.set('after', String(last.seq));
        c.header('Link', `<${c.req.path}?${query}>; rel="next"`);
      }
    }
    return c.json(entries.map(toAuditEntryBody), 200);
  });
}
