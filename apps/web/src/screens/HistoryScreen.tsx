/**
 * The document's history (presidency, secretariat, archivists): the audit log, oldest first — every
 * position, comment, silence event and revision with who and when, each naming its paragraph as the
 * room cites it. A delegation's private notes appear only as "a delegation note was added" (the server
 * never sends more). New entries arrive with the document's events.
 */
import { formatCouncilTime, isWholeTextId } from '@accord/model';
import { type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { type ApiFailure, type AuditEntry, api, createReadUrl, type DocumentDetail } from '../api/client';
import { useDocumentDetailCovering } from '../api/use-document-detail';
import { DocumentNav } from '../components/DocumentNav';
import { nameListedBlocks } from '../consensus/block-names';
import { useDocumentEvents } from '../consensus/use-document-events';
import { AuditPager } from '../history/audit-pager';
import { SCREEN_HEADING } from '../navigation/focus-screen-heading';
import { linkToRevision } from '../revisions/revision-link';
import { useCan } from '../session/session-context';

/** Entries fetched at a time. */
const HISTORY_PAGE = 500;

/** What the history can be narrowed to, by the log's actions (asked of the server, so paging holds). */
const HISTORY_KINDS = {
  all: { label: 'Everything', actions: null },
  positions: {
    label: 'Positions',
    actions: [
      'position.recorded',
      'position.withdrawn',
      'commission-reservation.recorded',
      'commission-reservation.withdrawn',
    ],
  },
  comments: { label: 'Comments', actions: ['comment.created', 'comment.resolved', 'comment.reopened'] },
  silence: {
    label: 'Silence procedures',
    actions: ['silence.started', 'silence.broken', 'silence.lapsed', 'silence.cancelled'],
  },
  revisions: {
    label: 'Revisions and item notes',
    actions: [
      'revision.issued',
      'document.forwarded',
      'item-note.created',
      'document.corrected',
      'corrigendum.created',
    ],
  },
} as const;
type HistoryKind = keyof typeof HISTORY_KINDS;

/** Who acted, as the log names them: "France delegation (FR)", "presidency". */
function describeActor(actor: AuditEntry['actor']): string {
  const name = actor.name ?? actor.role ?? 'the server';
  return actor.delegation ? `${name} (${actor.delegation})` : name;
}

/** An instant as the server writes it in a summary ("silence procedure until 2026-11-30T17:42:00.000Z"). */
const ISO_INSTANT = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z\b/g;

/** A log entry's summary with its instants in local time, as the When column shows them. */
export function readableSummary(summary: string): string {
  return summary.replace(ISO_INSTANT, (instant) => formatCouncilTime(instant));
}

export function HistoryScreen() {
  const { id = '' } = useParams();
  const [entries, setEntries] = useState<readonly AuditEntry[]>([]);
  // Entries about a paragraph added since the text was loaded have it fetched, to name it.
  const cited = useMemo(
    () => [
      ...new Set(entries.flatMap((e) => (e.blockId === null || isWholeTextId(e.blockId) ? [] : [e.blockId]))),
    ],
    [entries],
  );
  const detail = useDocumentDetailCovering(id, cited);
  const doc = detail.type === 'loaded' ? detail.detail : null;
  const [more, setMore] = useState(true);
  const [error, setError] = useState<ApiFailure | null>(null);
  const [kind, setKind] = useState<HistoryKind>('all');
  // A role that may not read the log is told so without asking for it: a refused request is a console
  // error, and the answer is known.
  const mayRead = useCan('read-audit');
  const pager = useMemo(
    () =>
      new AuditPager<AuditEntry, ApiFailure>(
        HISTORY_PAGE,
        (page, full) => {
          setError(null);
          setEntries((shown) => (page.length === 0 ? shown : [...shown, ...page]));
          setMore(full);
        },
        setError,
      ),
    [],
  );
  // How many entries were shown when "Show later entries" was pressed, until its page is in; a history
  // started again (another document or kind of action) forgets it.
  const shownBeforeLater = useRef<number | null>(null);
  useEffect(() => {
    if (!mayRead) return;
    shownBeforeLater.current = null;
    setEntries([]);
    setMore(true);
    pager.restart((after) => api.listAudit(id, after, HISTORY_PAGE, HISTORY_KINDS[kind].actions));
    return () => pager.stop();
  }, [pager, id, kind, mayRead]);
  // A position, comment, silence event, revision, item note or corrigendum: the log has a new entry after the last
  // one shown (a text edit, `consensus-changed`, writes none).
  useDocumentEvents(id, (type) => {
    if (mayRead && type !== 'consensus-changed') pager.notice();
  });

  // "Show later entries" goes once the last page is in, taking focus with it: focus then goes to the
  // line that says the history ends there. Either way a screen reader hears how many entries came.
  const end = useRef<HTMLParagraphElement>(null);
  const [announcement, setAnnouncement] = useState('');
  useEffect(() => {
    const before = shownBeforeLater.current;
    if (before === null) return;
    shownBeforeLater.current = null;
    const added = entries.length - before;
    const count = added === 1 ? '1 later entry' : `${added} later entries`;
    setAnnouncement(more ? `${count} shown.` : `${count} shown: the history ends there.`);
    if (!more) end.current?.focus();
  }, [entries, more]);

  const names = useMemo(() => nameListedBlocks(doc?.blocks ?? [], 'title'), [doc]);
  const where = (blockId: string | null) => {
    if (blockId === null) return '';
    if (isWholeTextId(blockId)) return 'Whole text';
    return names.get(blockId) ?? 'A paragraph no longer in the text';
  };
  // Narrowing to one paragraph or one delegation, among the entries loaded.
  const [paragraph, setParagraph] = useState('');
  const [delegation, setDelegation] = useState('');
  const paragraphs = useMemo(
    () => [...new Set(entries.map((e) => e.blockId ?? ''))].filter((b) => b !== ''),
    [entries],
  );
  const delegations = useMemo(
    () => [...new Set(entries.map((e) => e.actor.delegation ?? ''))].filter((d) => d !== '').sort(),
    [entries],
  );
  const shown = entries.filter(
    (e) =>
      (paragraph === '' || e.blockId === paragraph) &&
      (delegation === '' || e.actor.delegation === delegation),
  );

  // Not the caller's to read: the reason alone, not filters over a table that stays empty.
  if (!mayRead || error?.status === 403) {
    return (
      <HistoryFrame id={id} doc={doc}>
        <p role="alert">
          A document’s history is read by the Presidency, the General Secretariat and archivists.
        </p>
      </HistoryFrame>
    );
  }
  return (
    <HistoryFrame id={id} doc={doc}>
      <p className="quiet">
        Every position, comment, silence procedure and revision, and the item note that forwarded the text,
        oldest first. Paragraphs are named as they stand in the live text.
      </p>
      {error && <p role="alert">{error.message}</p>}
      <div className="compare-controls">
        <label>
          What{' '}
          <select value={kind} onChange={(e) => setKind(e.target.value as HistoryKind)}>
            {(Object.keys(HISTORY_KINDS) as HistoryKind[]).map((key) => (
              <option key={key} value={key}>
                {HISTORY_KINDS[key].label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Paragraph{' '}
          <select value={paragraph} onChange={(e) => setParagraph(e.target.value)}>
            <option value="">All</option>
            {paragraphs.map((blockId) => (
              <option key={blockId} value={blockId}>
                {where(blockId)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Delegation{' '}
          <select value={delegation} onChange={(e) => setDelegation(e.target.value)}>
            <option value="">All</option>
            {delegations.map((code) => (
              <option key={code} value={code}>
                {code}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="table-scroll">
        <table className="history-table">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">What</th>
              <th scope="col">Paragraph</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((entry) => (
              <tr key={entry.seq} data-action={entry.action}>
                <td>{formatCouncilTime(entry.at)}</td>
                <td>{describeActor(entry.actor)}</td>
                <td>
                  {readableSummary(entry.summary)}
                  {typeof entry.details.noteId === 'string' && (
                    <>
                      {' '}
                      <Link to={`/documents/${encodeURIComponent(entry.details.noteId)}`}>Open the note</Link>
                    </>
                  )}
                  {typeof entry.details.forwardedId === 'string' && (
                    <>
                      {' '}
                      <Link to={`/documents/${encodeURIComponent(entry.details.forwardedId)}`}>
                        Open the forwarded text
                      </Link>
                    </>
                  )}
                  {typeof entry.details.correctedId === 'string' && (
                    <>
                      {' '}
                      <Link to={`/documents/${encodeURIComponent(entry.details.correctedId)}`}>
                        Open the corrected text
                      </Link>
                    </>
                  )}
                  {typeof entry.details.corrigendumId === 'string' && (
                    <>
                      {' '}
                      <Link to={`/documents/${encodeURIComponent(entry.details.corrigendumId)}`}>
                        Open the corrigendum
                      </Link>
                    </>
                  )}
                  <RevisionLinks documentId={id} entry={entry} />
                </td>
                <td>{where(entry.blockId)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {entries.length === 0 && !more && <p className="quiet">Nothing has happened yet.</p>}
      {entries.length > 0 && shown.length === 0 && <p className="quiet">No entry matches.</p>}
      <p role="status" className="visually-hidden">
        {announcement}
      </p>
      {more && entries.length > 0 && (
        <button
          type="button"
          onClick={() => {
            shownBeforeLater.current ??= entries.length;
            pager.loadNext();
          }}
        >
          Show later entries
        </button>
      )}
      {!more && entries.length > 0 && (
        <p ref={end} tabIndex={-1} className="quiet">
          End of the history: new entries appear here as they happen.
        </p>
      )}
    </HistoryFrame>
  );
}

/**
 * A revision issued is read as issued (in a tab of its own, as on the revisions screen) and compared
 * with the one before on the revisions screen.
 */
function RevisionLinks({ documentId, entry }: { readonly documentId: string; readonly entry: AuditEntry }) {
  const { rev, label } = entry.details;
  if (entry.action !== 'revision.issued' || typeof rev !== 'number' || typeof label !== 'string') return null;
  return (
    <span className="history-links">
      {' '}
      <a
        href={createReadUrl(documentId, rev)}
        target="_blank"
        rel="noopener"
        aria-label={`Read ${label} (opens in a new tab)`}
      >
        Read
      </a>{' '}
      <Link to={linkToRevision(documentId, rev)} aria-label={`Compare ${label} with the version before`}>
        Compare
      </Link>
    </span>
  );
}

/** The screen around the history, or around the reason it is not shown. */
function HistoryFrame({
  id,
  doc,
  children,
}: {
  readonly id: string;
  readonly doc: DocumentDetail | null;
  readonly children: ReactNode;
}) {
  return (
    <div className="room">
      <div className="room-bar">
        <DocumentNav id={id} number={doc?.number ?? null} title={doc?.title ?? null} room="History" />
      </div>
      <section className="history" aria-labelledby="history-title">
        <h2 id="history-title" {...SCREEN_HEADING}>
          History
        </h2>
        {children}
      </section>
    </div>
  );
}
