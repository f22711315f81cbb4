import { createRoute, z } from '@hono/zod-openapi';
import type { TypedResponse } from 'hono';
import type { ConsensusBody } from '../consensus/consensus-views';
import { respondWithCachedBody } from '../http/cached-body';
import { requireUser } from '../http/require';
import { createRouter } from '../http/router';
import { ERROR_RESPONSES, jsonResponse, NOT_FOUND_RESPONSE } from '../http/schemas';
import type { ConsensusRouteDeps } from './consensus-deps';
import {
  ConsensusChangesQuery,
  ConsensusChangesSchema,
  ConsensusQuery,
  ConsensusSchema,
  DocumentParams,
} from './consensus-schemas';
import { findDocument } from './documents';

/** The tag a report carries; one server process never gives two reports the same one. */
const ETAG_HEADER = {
  description: 'Send it back as If-None-Match to be answered 304 while the report is unchanged',
  schema: { type: 'string' as const, example: '"k3Jx9a-12"' },
};

const IF_NONE_MATCH = z.object({
  'if-none-match': z.string().optional().openapi({
    description: 'The ETag of a report the client holds: 304 while it is still the report',
  }),
});

const getConsensus = createRoute({
  method: 'get',
  path: '/api/documents/{id}/consensus',
  summary: 'Where the document stands, block by block, on its live text',
  request: {
    params: DocumentParams,
    query: ConsensusQuery,
    headers: IF_NONE_MATCH,
  },
  responses: {
    200: { ...jsonResponse('The consensus report', ConsensusSchema), headers: { ETag: ETAG_HEADER } },
    304: {
      description: 'The report is the one the If-None-Match ETag names',
      headers: { ETag: ETAG_HEADER },
    },
    400: ERROR_RESPONSES[400],
    401: ERROR_RESPONSES[401],
    ...NOT_FOUND_RESPONSE,
  },
});

const getConsensusChanges = createRoute({
  method: 'get',
  path: '/api/documents/{id}/consensus/changes',
  summary:
    'What changed in the consensus report since the version a client holds: the blocks whose entry changed, and the rest of the report',
  description:
    'For a client that keeps the report current (the web app after every event): a position changes one block’s entry, where the whole report of a long text is megabytes. Without `since`, or with a version this server does not know, every block is listed (`full`).',
  request: { params: DocumentParams, query: ConsensusChangesQuery, headers: IF_NONE_MATCH },
  responses: {
    200: {
      ...jsonResponse('The changes', ConsensusChangesSchema),
      headers: { ETag: { ...ETAG_HEADER, description: `With \`full\` alone. ${ETAG_HEADER.description}` } },
    },
    304: {
      description: 'The answer with every block that the If-None-Match ETag names',
      headers: { ETag: ETAG_HEADER },
    },
    400: ERROR_RESPONSES[400],
    401: ERROR_RESPONSES[401],
    ...NOT_FOUND_RESPONSE,
  },
});

export function createConsensusRoutes(deps: ConsensusRouteDeps) {
  return createRouter()
    .openapi(getConsensusChanges, async (c) => {
      requireUser(c, 'read');
      const { id } = c.req.valid('param');
      const { qmv, since } = c.req.valid('query');
      await findDocument(deps.store, id);
      const live = await deps.live.read(id);
      const changes = await deps.ledger.reportChanges(id, live, qmv ?? 'standard', since ?? null);
      // Every row: the same bytes while the report is the same (one ETag, gzipped once), as the report's.
      if (changes.full) {
        return (await respondWithCachedBody(c, changes.json, 'application/json')) as unknown as TypedResponse<
          z.infer<typeof ConsensusChangesSchema>,
          200,
          'json'
        >;
      }
      return c.body(changes.json, 200, {
        'content-type': 'application/json',
        'cache-control': 'private, no-store',
      }) as unknown as TypedResponse<z.infer<typeof ConsensusChangesSchema>, 200, 'json'>;
    })
    .openapi(getConsensus, async (c) => {
      requireUser(c, 'read');
      const { id } = c.req.valid('param');
      const { qmv } = c.req.valid('query');
      await findDocument(deps.store, id);
      const live = await deps.live.read(id);
      // The JSON `c.json(toConsensusBody(report))` would give, written from remembered pieces: the same
      // bytes while nothing changed, so they carry one ETag and are compressed once.
      const json = await deps.ledger.reportJson(id, live, qmv);
      return (await respondWithCachedBody(c, json, 'application/json')) as unknown as TypedResponse<
        ConsensusBody,
        200,
        'json'
      >;
    });
}
