import { type HeaderLayoutOptions, renderDocx, renderHtml, renderMarkdown } from '@accord/format';
import {
  addPositionFootnotes,
  type CommissionReservations,
  type CouncilDocument,
  type CurrentPositions,
  foldCommissionReservations,
  foldPositionHistory,
  foldPositionHistoryUntil,
} from '@accord/model';
import { createRoute, z } from '@hono/zod-openapi';
import { badRequest } from '../http/api-error';
import { requireUser } from '../http/require';
import { createRouter } from '../http/router';
import { DocumentParams, ERROR_RESPONSES, NOT_FOUND_RESPONSE } from '../http/schemas';
import { describeDisposition, nameExportFile } from '../revisions/file-names';
import type { RevisionDeps } from '../revisions/issue-revision';
import {
  loadVersion,
  parseVersionRef,
  stampLiveText,
  stampRevisionNumber,
  type Version,
} from '../revisions/versions';
import type { DocumentRecord } from '../store/store';
import { CANONICAL_REVISION_WORDS, DOCX_CONTENT_TYPE } from './diff';
import { findDocument } from './documents';
import { revisionNotFound } from './revisions';

export const EXPORT_FORMATS = {
  md: { contentType: 'text/markdown; charset=utf-8', extension: 'md' },
  html: { contentType: 'text/html; charset=utf-8', extension: 'html' },
  docx: { contentType: DOCX_CONTENT_TYPE, extension: 'docx' },
} as const;
export type ExportFormat = keyof typeof EXPORT_FORMATS;

const exportRoute = createRoute({
  method: 'get',
  path: '/api/documents/{id}/export',
  summary: 'The live text or an issued revision as Markdown, HTML or Word',
  request: {
    params: DocumentParams,
    query: z.object({
      format: z
        .string()
        .optional()
        .openapi({
          param: { name: 'format', in: 'query' },
          description: 'md (default), html or docx',
          enum: Object.keys(EXPORT_FORMATS),
        }),
      rev: z
        .string()
        .optional()
        .openapi({
          param: { name: 'rev', in: 'query' },
          description: `A revision number; default: live, the live text, written as the last issued revision when unchanged since, else with that revision's number and a header line "Working draft after …, not issued". ${CANONICAL_REVISION_WORDS}`,
        }),
      positions: z
        .string()
        .optional()
        .openapi({
          param: { name: 'positions', in: 'query' },
          enum: ['footnotes'],
          description:
            '"footnotes": each paragraph ends with a footnote of the delegations\' positions on it, in the Council\'s style ("DE, NL: scrutiny reservation."), as they stood when the revision was issued (or now, for the live text); agreements and positions given on another text are left out; general reservations go in one footnote on the first heading; the Commission\'s reservations follow the Member States\' ("COM: reservation.")',
        }),
      disposition: z
        .enum(['attachment', 'inline'])
        .optional()
        .openapi({
          param: { name: 'disposition', in: 'query' },
          description:
            'attachment (default): the browser saves the file; inline: it shows it, as a page for HTML, for reading a revision as issued',
        }),
    }),
  },
  responses: {
    200: {
      description: 'The file, as an attachment or, with disposition=inline, to be shown',
      content: {
        'text/markdown': { schema: z.string() },
        'text/html': { schema: z.string() },
        [DOCX_CONTENT_TYPE]: { schema: z.string().openapi({ format: 'binary' }) },
      },
    },
    400: ERROR_RESPONSES[400],
    401: ERROR_RESPONSES[401],
    ...NOT_FOUND_RESPONSE,
  },
});

/**
 * The committed positions and the Commission's reservations: all of them for the live text, those
 * given by its issue for a revision.
 */
async function positionsOf(
  deps: RevisionDeps,
  documentId: string,
  version: Version,
): Promise<{ positions: CurrentPositions; commission: CommissionReservations }> {
  const [history, commission] = await Promise.all([
    deps.store.positions.list(documentId),
    deps.store.commissionReservations.list(documentId),
  ]);
  if (version.createdAt === null) {
    return { positions: foldPositionHistory(history), commission: foldCommissionReservations(commission) };
  }
  return {
    positions: foldPositionHistoryUntil(history, version.createdAt),
    commission: foldCommissionReservations(commission, version.createdAt),
  };
}

async function renderExport(
  doc: CouncilDocument,
  format: ExportFormat,
  header: HeaderLayoutOptions,
): Promise<string | Uint8Array> {
  switch (format) {
    case 'md':
      return renderMarkdown(doc, header);
    case 'html':
      return renderHtml(doc, header);
    case 'docx':
      return renderDocx(doc, header);
  }
}

/**
 * A version as its export writes it: an issued revision with its number (`stampRevisionNumber`); the
 * live text as the last issued revision or, changed since, a working draft after it (`stampLiveText`).
 */
async function stampExported(
  deps: RevisionDeps,
  record: DocumentRecord,
  version: Version,
): Promise<{ readonly content: CouncilDocument; readonly workingDraftAfter?: string }> {
  if (version.ref !== 'live') return { content: stampRevisionNumber(record, version) };
  const latest = await loadVersion(deps, record, (await deps.store.revisions.latest(record.id)) ?? 0);
  if (latest === null) throw new Error(`document ${record.id} has no revision`);
  return stampLiveText(record, version.content, latest);
}

export function createExportRoutes(deps: RevisionDeps) {
  return createRouter().openapi(exportRoute, async (c) => {
    requireUser(c, 'read');
    const query = c.req.valid('query');
    const format = query.format ?? 'md';
    if (!Object.hasOwn(EXPORT_FORMATS, format)) {
      throw badRequest('invalid-request', `format: must be one of ${Object.keys(EXPORT_FORMATS).join(', ')}`);
    }
    if (query.positions !== undefined && query.positions !== 'footnotes')
      throw badRequest('invalid-request', 'positions: must be "footnotes"');
    const ref = query.rev === undefined ? 'live' : parseVersionRef(query.rev);
    if (ref === null)
      throw badRequest('invalid-request', 'rev: must be a revision number (0, 1, 2, …) or "live"');
    const record = await findDocument(deps.store, c.req.valid('param').id);
    const version = await loadVersion(deps, record, ref);
    if (version === null) throw revisionNotFound(record.id, ref as number);
    const withPositions = query.positions === 'footnotes';
    const { content: stamped, ...header } = await stampExported(deps, record, version);
    let content = stamped;
    if (withPositions) {
      const { positions, commission } = await positionsOf(deps, record.id, version);
      content = addPositionFootnotes(content, positions, { commission });
    }
    const { contentType, extension } = EXPORT_FORMATS[format as ExportFormat];
    const body = await renderExport(content, format as ExportFormat, header);
    const fileName = nameExportFile(record, version, extension, { withPositions, ...header });
    return c.body(body as string, 200, {
      'content-type': contentType,
      'content-disposition': describeDisposition(query.disposition ?? 'attachment', fileName),
    });
  });
}
