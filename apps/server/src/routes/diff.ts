import {
  type DocumentDiff,
  describeRedlineTitle,
  diffDocuments,
  INSERTION_STYLES,
  type InsertionStyle,
  REDLINE_LAYOUTS,
  type RedlineLayout,
  readInsertionStyle,
  renderRedlineDocx,
  renderRedlineHtml,
  renderRedlineText,
} from '@accord/diff';
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { statusOf } from '../documents/read-upload';
import { CHANGES_NOTHING } from '../http/allowed-methods';
import { ApiError, badRequest } from '../http/api-error';
import { freeText } from '../http/free-text';
import { requireUser } from '../http/require';
import { createRouter } from '../http/router';
import {
  BUSY_RESPONSE,
  DocumentParams,
  ERROR_RESPONSES,
  jsonBody,
  NOT_FOUND_RESPONSE,
} from '../http/schemas';
import { toDiffBody } from '../revisions/diff-body';
import { describeDisposition, nameRedlineFile } from '../revisions/file-names';
import type { RevisionDeps } from '../revisions/issue-revision';
import {
  comparesBackwards,
  isPreviousVersion,
  loadVersion,
  parseVersionRef,
  selectLaterVersion,
  type Version,
  type VersionRef,
} from '../revisions/versions';
import type { DocumentRecord } from '../store/store';
import { findDocument } from './documents';
import { revisionNotFound } from './revisions';

/** What a diff is rendered as, on either route; text is the wdiff-style redline `accord diff` prints. */
export const DIFF_FORMATS = ['json', 'html', 'docx', 'text'] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];

export const DOCX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const SideSchema = z.object({
  id: z.string(),
  number: z.string().nullable(),
  text: z.string(),
  kind: z.string(),
});
const FootnoteSideSchema = z.object({
  id: z.string(),
  number: z.number().int(),
  blockId: z.string(),
  /** Where the call stands in the citing block's text (characters before it). */
  offset: z.number().int(),
  text: z.string(),
});
/** An old block as the old version cites it: "paragraph 5, first indent". */
const CitationSchema = z.object({
  part: z.number().int().nullable(),
  partName: z.string().nullable().optional().openapi({
    description:
      'The part\'s name where it is labelled an annex ("Annex", "Annex II"), or "cover note" for a first part before annexes alone; else "part N"',
  }),
  paragraph: z.string().nullable(),
  kind: z.string(),
  ordinal: z.number().int().nullable(),
});
const OpSchema = z.object({ op: z.enum(['equal', 'insert', 'delete']), text: z.string() });
const CHANGES = ['unchanged', 'modified', 'inserted', 'deleted', 'moved'] as const;

export const DiffSchema = z
  .object({
    from: z.union([z.number().int(), z.string()]).openapi({ description: 'A revision number or "live"' }),
    to: z.union([z.number().int(), z.string()]),
    fromLabel: z.string().openapi({ example: '7923/1/17 REV 1' }),
    toLabel: z.string().openapi({ example: '7923/2/17 REV 2' }),
    alignment: z.enum(['id', 'text']),
    summary: z.object({
      unchanged: z.number().int(),
      modified: z.number().int(),
      inserted: z.number().int(),
      deleted: z.number().int(),
      moved: z.number().int(),
      rewritten: z.number().int(),
      split: z.number().int().openapi({ description: 'Of the inserted: parts split off a paragraph' }),
      joined: z.number().int().openapi({ description: 'Of the deleted: paragraphs joined with another' }),
    }),
    blocks: z.array(
      z.object({
        change: z.enum(CHANGES),
        old: SideSchema.nullable(),
        new: SideSchema.nullable(),
        ops: z.array(OpSchema),
        textChanged: z.boolean(),
        kindChanged: z.boolean(),
        oldIndex: z.number().int().nullable().openapi({
          description:
            "The block's place among the old version's blocks (from 0), so a reader can mark where a moved one stood; null for a block only the new version has",
        }),
        movedFrom: z.string().nullable().optional(),
        movedFromOrdinal: z.number().int().nullable().optional(),
        movedFromPart: z.number().int().nullable().optional(),
        movedFromPartName: z.string().optional().openapi({
          description: 'Its old part\'s name where labelled an annex ("Annex", "Annex II"), or "cover note"',
        }),
        rewritten: z.boolean().optional(),
        splitAt: z.number().int().optional().openapi({
          description:
            'A part of a split paragraph but the last: where its words end in the old text (a paragraph mark inserted there)',
        }),
        splitFrom: z
          .string()
          .optional()
          .openapi({ description: 'A part split off a paragraph: the old block it was split from' }),
        splitOffset: z.number().int().optional().openapi({
          description: 'A part of a split paragraph but the first: where its words start in the old text',
        }),
        splitFromCitation: CitationSchema.optional(),
        joinedAt: z.number().int().optional().openapi({
          description:
            'A block of a joined paragraph but the last: where its words end in the new text (a paragraph mark deleted there)',
        }),
        joinedInto: z
          .string()
          .optional()
          .openapi({ description: 'An old block joined with another: the new block it is now part of' }),
        joinOffset: z.number().int().optional().openapi({
          description: 'A block of a joined paragraph but the first: where its words start in the new text',
        }),
        joinedToCitation: CitationSchema.optional(),
      }),
    ),
    footnotes: z.array(
      z.object({
        change: z.enum(CHANGES),
        old: FootnoteSideSchema.nullable(),
        new: FootnoteSideSchema.nullable(),
        ops: z.array(OpSchema),
        textChanged: z.boolean(),
        movedWithinBlock: z.boolean().optional(),
        rewritten: z.boolean().optional(),
      }),
    ),
    metadata: z.array(
      z.object({
        field: z.string(),
        old: z.union([z.string(), z.array(z.string())]).nullable(),
        new: z.union([z.string(), z.array(z.string())]).nullable(),
      }),
    ),
  })
  .openapi('Diff');

/** How a revision number in a query is written (`REVISION_NUMBER_PATTERN`). */
export const CANONICAL_REVISION_WORDS = 'Written as the API gives it: "01", "+1" or "1.0" is a 400';

const versionParam = (name: string, description: string) =>
  z
    .string()
    .optional()
    .openapi({
      param: { name, in: 'query' },
      description: `${description}. ${CANONICAL_REVISION_WORDS}`,
      example: name === 'from' ? '1' : 'live',
    });

/** The query both diff routes take: how the diff is rendered. */
const RENDER_QUERY = {
  format: z
    .string()
    .optional()
    .openapi({
      param: { name: 'format', in: 'query' },
      description: 'json (default), html, docx or text (the wdiff-style redline `accord diff` prints)',
      enum: [...DIFF_FORMATS],
    }),
  insertions: z
    .string()
    .optional()
    .openapi({
      param: { name: 'insertions', in: 'query' },
      enum: [...INSERTION_STYLES],
      description:
        "How the html and docx redlines mark insertions: bold-underline (default, the Council's convention) or bold; deletions are always struck through",
    }),
  layout: z
    .string()
    .optional()
    .openapi({
      param: { name: 'layout', in: 'query' },
      enum: [...REDLINE_LAYOUTS],
      description:
        'How the html redline lays the versions out: inline (default, deletions and insertions interleaved) or side-by-side (the old text beside the new, stacked on a phone), as the revisions screen shows them; the other formats have one layout',
    }),
};

/** The answer of either diff route, in each format. */
const RENDERED_DIFF = {
  description:
    'The diff (JSON), the redline page (text/html), the redline document (.docx) or the redline as text (text/plain)',
  content: {
    'application/json': { schema: DiffSchema },
    'text/html': { schema: z.string() },
    [DOCX_CONTENT_TYPE]: { schema: z.string().openapi({ format: 'binary' }) },
    'text/plain': { schema: z.string() },
  },
};

const diffRoute = createRoute({
  method: 'get',
  path: '/api/documents/{id}/diff',
  summary:
    'What changed between two revisions (or a revision and the live text), as JSON, HTML, Word or text',
  request: {
    params: DocumentParams,
    query: z.object({
      from: versionParam('from', 'A revision number or "live"; default: the latest issued revision'),
      to: versionParam('to', 'A revision number or "live"; default: live'),
      ...RENDER_QUERY,
    }),
  },
  responses: {
    200: RENDERED_DIFF,
    400: ERROR_RESPONSES[400],
    401: ERROR_RESPONSES[401],
    ...NOT_FOUND_RESPONSE,
  },
});

/**
 * The most characters of each side `POST /api/diff` reads: about 300 pages of a Council document. Any
 * reader may call it, and Markdown is parsed on the event loop (about 1 s a megabyte on a small
 * server): the whole server waits for it meanwhile.
 */
export const MAX_COMPARE_CHARS = 1_000_000;

const compareText = freeText({ maxChars: MAX_COMPARE_CHARS, tooLongCode: 'text-too-long', what: 'a text' });

const comparePostRoute = createRoute({
  method: 'post',
  path: '/api/diff',
  summary:
    'Compare two Markdown documents (paired by text), in the formats of the revisions’ diff; nothing is stored',
  // So it is made while the database cannot be written: it needs none.
  [CHANGES_NOTHING]: true,
  request: {
    query: z.object(RENDER_QUERY),
    body: jsonBody(
      z
        .strictObject({
          old: compareText.openapi({ description: 'The older version, in Markdown' }),
          new: compareText.openapi({ description: 'The newer version, in Markdown' }),
        })
        .openapi('CompareDocuments'),
    ),
  },
  responses: { 200: RENDERED_DIFF, ...ERROR_RESPONSES, ...BUSY_RESPONSE },
});

function readRef(value: string | undefined, field: 'from' | 'to'): VersionRef | undefined {
  if (value === undefined) return undefined;
  const ref = parseVersionRef(value);
  if (ref === null) {
    throw badRequest('invalid-request', `${field}: must be a revision number (0, 1, 2, …) or "live"`);
  }
  return ref;
}

/** A query parameter taking one of `choices`, `fallback` when absent; anything else a 400 naming them. */
function readChoice<T extends string>(
  name: string,
  value: string | undefined,
  choices: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if (!(choices as readonly string[]).includes(value)) {
    throw badRequest('invalid-request', `${name}: must be one of ${choices.join(', ')}`);
  }
  return value as T;
}

function readFormat(value: string | undefined): DiffFormat {
  return readChoice('format', value, DIFF_FORMATS, 'json');
}

function readInsertions(value: string | undefined): InsertionStyle {
  const style = readInsertionStyle(value);
  if (style === null)
    throw badRequest('invalid-request', `insertions: must be one of ${INSERTION_STYLES.join(', ')}`);
  return style;
}

function readLayout(value: string | undefined): RedlineLayout {
  return readChoice('layout', value, REDLINE_LAYOUTS, 'inline');
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function createDiffRoutes(deps: RevisionDeps) {
  const load = async (record: DocumentRecord, ref: VersionRef): Promise<Version> => {
    const version = await loadVersion(deps, record, ref);
    if (version === null) throw revisionNotFound(record.id, ref as number);
    return version;
  };

  return createRouter()
    .openapi(diffRoute, async (c) => {
      requireUser(c, 'read');
      const query = c.req.valid('query');
      const fromRef = readRef(query.from, 'from');
      const toRef = readRef(query.to, 'to') ?? 'live';
      const format = readFormat(query.format);
      const insertions = readInsertions(query.insertions);
      const layout = readLayout(query.layout);
      const record = await findDocument(deps.store, c.req.valid('param').id);
      const from = await load(record, fromRef ?? (await deps.store.revisions.latest(record.id)) ?? 0);
      const to = await load(record, toRef);
      const diff = diffDocuments(from.content, to.content, { align: 'id' });
      const backwards = comparesBackwards(from.ref, to.ref);
      const title = capitalize(describeRedlineTitle({ fromLabel: from.label, toLabel: to.label, backwards }));
      const labels = {
        title,
        fromLabel: from.label,
        toLabel: to.label,
        insertions,
        backwards,
        againstPrevious: isPreviousVersion(from.ref, to.ref, record.revision),
      };

      // The changes are the later version's, its issuer's at its date; the live text's are nobody's yet.
      const later = selectLaterVersion(from, to);
      const author = async () =>
        later.createdBy === null ? undefined : (await deps.store.users.findById(later.createdBy))?.name;
      return respondWithDiff(c, diff, format, {
        labels,
        layout,
        fileName: (extension) => nameRedlineFile(record, from, to, extension),
        date: new Date(later.createdAt ?? deps.now()).toISOString(),
        author,
        json: () => toDiffBody(diff, from, to),
      });
    })
    .openapi(comparePostRoute, async (c) => {
      requireUser(c, 'read');
      const query = c.req.valid('query');
      const format = readFormat(query.format);
      const insertions = readInsertions(query.insertions);
      const layout = readLayout(query.layout);
      const body = c.req.valid('json');
      const diff = await deps.formats.compareMarkdown(body.old, body.new);
      if (!diff.ok) {
        const { side, line, message } = diff.error;
        throw new ApiError(
          statusOf(diff.error),
          diff.error.code === 'too-large' ? 'too-large' : 'invalid-markdown',
          `${side}${line === undefined ? '' : ` line ${line}`}: ${message}`,
        );
      }
      const compared = diff.value;
      return respondWithDiff(c, compared, format, {
        labels: { title: 'new compared with old', fromLabel: 'old', toLabel: 'new', insertions },
        layout,
        fileName: (extension) => `redline.${extension}`,
        date: new Date(deps.now()).toISOString(),
        author: async () => undefined,
        json: () => toDiffBody(compared, { ref: 'old', label: 'old' }, { ref: 'new', label: 'new' }),
      });
    });
}

interface RenderedDiff {
  readonly labels: RedlineLabels;
  /** The html redline's layout; Word and text have one. */
  readonly layout: RedlineLayout;
  readonly fileName: (extension: string) => string;
  /** When the Word redline's changes were made. */
  readonly date: string;
  /** Who made them, asked only for a Word redline. */
  readonly author: () => Promise<string | undefined>;
  readonly json: () => unknown;
}

type RedlineLabels = Parameters<typeof renderRedlineHtml>[1] & {
  readonly fromLabel: string;
  readonly toLabel: string;
};

/** A diff in the format asked for: the one rendering both diff routes answer with. */
async function respondWithDiff(
  c: Context,
  diff: DocumentDiff,
  format: DiffFormat,
  rendered: RenderedDiff,
): Promise<Response> {
  const { labels } = rendered;
  switch (format) {
    case 'html':
      return c.body(renderRedlineHtml(diff, { ...labels, layout: rendered.layout }), 200, {
        'content-type': 'text/html; charset=utf-8',
        'content-disposition': describeDisposition('inline', rendered.fileName('html')),
      });
    case 'docx': {
      const author = await rendered.author();
      const bytes = await renderRedlineDocx(diff, {
        ...labels,
        date: rendered.date,
        ...(author ? { author } : {}),
      });
      return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
        'content-type': DOCX_CONTENT_TYPE,
        'content-disposition': describeDisposition('attachment', rendered.fileName('docx')),
      });
    }
    case 'text': {
      const text = renderRedlineText(diff, {
        fromLabel: labels.fromLabel,
        toLabel: labels.toLabel,
        backwards: labels.backwards ?? false,
      });
      return c.body(text.endsWith('\n') ? text : `${text}\n`, 200, {
        'content-type': 'text/plain; charset=utf-8',
        'content-disposition': describeDisposition('inline', rendered.fileName('txt')),
      });
    }
    case 'json':
      return c.json(rendered.json(), 200);
  }
}
