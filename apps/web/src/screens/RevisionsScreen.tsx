/**
 * The archivists' home: every revision with its register label and downloads, and a redline between
 * any two of them (or the live text), inline or side by side, in the Council's convention.
 */
import type { RedlineLayout } from '@accord/diff';
import {
  changedParagraphMark,
  citeNewBlocks,
  describeMetadataField,
  describeMoveTo,
  describeSummary,
  emptyParagraphMark,
  INSERTION_STYLES,
  type InsertionStyle,
  PARAGRAPH_MARK,
  placeMovedAway,
  previousNumber,
} from '@accord/diff/labels';
import { formatCouncilTime, formatRegisterReference } from '@accord/model';
import { Fragment, type RefObject, useEffect, useMemo, useRef, useState } from 'react';
import { useParams, useSearchParams } from 'react-router';
import {
  type ApiFailure,
  api,
  createExportUrl,
  createReadUrl,
  createRedlineUrl,
  type DiffBlock,
  type DocumentDiff,
  type ExportFormat,
  type Revision,
  type VersionRef,
} from '../api/client';
import { useDocumentDetail } from '../api/use-document-detail';
import { DocumentNav } from '../components/DocumentNav';
import { coalesceRefresh } from '../consensus/coalesce-refresh';
import { useDocumentEvents } from '../consensus/use-document-events';
import { SCREEN_HEADING } from '../navigation/focus-screen-heading';
import {
  comparesBackwards,
  describeChange,
  describeComparedVersions,
  describeFootnoteCalls,
  describeFootnoteChange,
  isEmptyParagraph,
  parseVersionRef,
  pickDefaultPair,
} from '../revisions/describe-change';
import { type FootnoteCall, listFootnoteCalls } from '../revisions/footnote-calls';
import { loadInsertionStyle, saveInsertionStyle } from '../revisions/insertion-style';
import { type LiveRefresh, scheduleLiveRefresh } from '../revisions/live-refresh';
import { RedlineText } from '../revisions/RedlineText';
import { partsOfBlocks } from '../revisions/redline-parts';
import { placeUnnumberedBlocks } from '../revisions/redline-places';
import { readRequestedPair } from '../revisions/revision-link';
import { selectShownBlocks } from '../revisions/shown-blocks';

export function RevisionsScreen() {
  const { id = '' } = useParams();
  // A link may ask for a pair (the history's "Compare" of a revision issued): read once, on arrival.
  const [search] = useSearchParams();
  const requested = useRef(search);
  const detail = useDocumentDetail(id);
  const doc = detail.type === 'loaded' ? detail.detail : null;
  const [revisions, setRevisions] = useState<readonly Revision[] | null>(null);
  const [error, setError] = useState<ApiFailure | null>(null);
  const [pair, setPair] = useState<{ from: VersionRef; to: VersionRef } | null>(null);
  const [withPositions, setWithPositions] = useState(false);
  // The comparison's refresh while it follows the live text. What may have changed the live text asks
  // it directly (no state: a hint re-renders nothing): an edit (the stream's `consensus-changed` hint),
  // a revision (which may bring an upload), a reconnection (which may have missed either).
  const liveRefresh = useRef<LiveRefresh | null>(null);

  // One request at a time, so an older list can never overwrite a newer one; `ready` comes after every
  // reconnection of the event stream, which may have missed a revision.
  const refresh = useMemo(
    () =>
      coalesceRefresh(
        () => api.listRevisions(id),
        (result) => {
          if (!result.ok) {
            setError(result.error);
            return;
          }
          setError(null);
          setRevisions(result.value);
          const revs = result.value.map((r) => r.rev);
          setPair(
            (current) => current ?? readRequestedPair(requested.current, revs) ?? pickDefaultPair(revs),
          );
        },
      ),
    [id],
  );
  useEffect(() => {
    refresh.resume();
    refresh();
    return () => refresh.stop();
  }, [refresh]);
  useDocumentEvents(id, (type) => {
    if (type === 'revision' || type === 'ready') refresh();
    if (type === 'consensus-changed' || type === 'revision' || type === 'ready')
      liveRefresh.current?.request();
  });

  return (
    <div className="room">
      <div className="room-bar">
        <DocumentNav id={id} number={doc?.number ?? null} title={doc?.title ?? null} room="Revisions" />
      </div>
      <div className="revisions">
        <section aria-labelledby="revisions-title" className="revision-list">
          <h2 id="revisions-title" {...SCREEN_HEADING}>
            Revisions
          </h2>
          {error && <p role="alert">{error.message}</p>}
          <label className="with-positions">
            <input
              type="checkbox"
              checked={withPositions}
              onChange={(event) => setWithPositions(event.target.checked)}
            />
            Downloads with positions as footnotes ("DE, NL: scrutiny reservation."), as they stood when each
            revision was issued
          </label>
          {revisions === null ? (
            <p className="quiet">Loading…</p>
          ) : (
            <div className="table-scroll">
              <table className="revision-table">
                <thead>
                  <tr>
                    <th scope="col">Register label</th>
                    {/* Beside the label, so that on a phone they are on the screen, not past its edge. */}
                    <th scope="col">Read or download</th>
                    <th scope="col">Issued</th>
                    <th scope="col">By</th>
                    <th scope="col">Note</th>
                  </tr>
                </thead>
                <tbody>
                  {[...revisions].reverse().map((revision) => (
                    <tr key={revision.rev}>
                      <th scope="row">
                        {revision.label}
                        <RegisterReference label={revision.label} />
                      </th>
                      <td>
                        <Downloads
                          documentId={id}
                          rev={revision.rev}
                          label={revision.label}
                          withPositions={withPositions}
                        />
                      </td>
                      {/* Each cell's column named again, for a phone, where the row is a card without headings. */}
                      <td data-label="Issued">{formatCouncilTime(revision.createdAt)}</td>
                      <td data-label="By">{revision.createdByName ?? '—'}</td>
                      <td data-label="Note">{revision.note ?? ''}</td>
                    </tr>
                  ))}
                  <tr>
                    <th scope="row">Live text</th>
                    <td>
                      <Downloads documentId={id} label="the live text" withPositions={withPositions} />
                    </td>
                    <td colSpan={3} className="quiet">
                      as it stands now
                    </td>
                  </tr>
                </tbody>
              </table>
            </div>
          )}
        </section>
        {revisions && pair && (
          <Comparison
            documentId={id}
            revisions={revisions}
            pair={pair}
            onPair={setPair}
            liveRefresh={liveRefresh}
          />
        )}
      </div>
    </div>
  );
}

/** The revision as the public register cites it ("ST 9916 2017 REV 1"), under the label it differs from. */
function RegisterReference({ label }: { readonly label: string }) {
  const reference = formatRegisterReference(label);
  if (reference === null || reference === label) return null;
  return (
    <>
      {' '}
      <span className="register-reference">{reference}</span>
    </>
  );
}

/**
 * A document to read (a revision as issued, the redline page) opens in a tab of its own, beside the
 * comparison the reader keeps; its link says so, as a screen reader would not otherwise tell.
 */
const IN_NEW_TAB = { target: '_blank', rel: 'noopener' } as const;
const NEW_TAB_WORDS = ' (opens in a new tab)';

function Downloads({
  documentId,
  rev,
  label,
  withPositions,
}: {
  readonly documentId: string;
  readonly rev?: number;
  readonly label: string;
  readonly withPositions: boolean;
}) {
  const url = (format: ExportFormat) => createExportUrl(documentId, format, rev, withPositions);
  const of = withPositions ? `${label} with positions` : label;
  return (
    <span className="downloads">
      {/* Read in a tab of its own, as issued, beside the comparison. */}
      <a
        href={createReadUrl(documentId, rev, withPositions)}
        {...IN_NEW_TAB}
        aria-label={`Read ${of}${NEW_TAB_WORDS}`}
      >
        Read
      </a>
      <a href={url('md')} download aria-label={`Markdown of ${of}`}>
        Markdown
      </a>
      <a href={url('html')} aria-label={`HTML of ${of}`}>
        HTML
      </a>
      <a href={url('docx')} download aria-label={`Word document of ${of}`}>
        Word
      </a>
    </span>
  );
}

/** What names a comparison going back (from the later version), in its redline's and its downloads' names. */
const GOING_BACK_WORDS = ', a later version (going back)';

const INSERTION_STYLE_NAMES: Record<InsertionStyle, string> = {
  'bold-underline': 'Bold underline',
  bold: 'Bold',
};

function Comparison({
  documentId,
  revisions,
  pair,
  onPair,
  liveRefresh,
}: {
  readonly documentId: string;
  readonly revisions: readonly Revision[];
  readonly pair: { from: VersionRef; to: VersionRef };
  readonly onPair: (pair: { from: VersionRef; to: VersionRef }) => void;
  /**
   * Where the comparison puts its live refresh while it follows the live text, for the screen to ask
   * when the live text may have changed. Only a change after the pair was chosen asks again: choosing
   * a pair fetches it anyway.
   */
  readonly liveRefresh: RefObject<LiveRefresh | null>;
}) {
  const [diff, setDiff] = useState<DocumentDiff | null>(null);
  const [error, setError] = useState<ApiFailure | null>(null);
  const [layout, setLayout] = useState<RedlineLayout>('inline');
  const [showUnchanged, setShowUnchanged] = useState(false);
  const [insertions, setInsertions] = useState<InsertionStyle>(() => loadInsertionStyle(window.localStorage));
  const chooseInsertions = (style: InsertionStyle) => {
    setInsertions(style);
    saveInsertionStyle(window.localStorage, style);
  };

  // One request at a time per pair, so an older diff never overwrites a newer one. A refresh of the
  // live text keeps the diff on screen until the new one replaces it (no "Comparing…", the reader's
  // place and options kept); one that fails leaves it there under the error.
  const { from, to } = pair;
  const refresh = useMemo(
    () =>
      coalesceRefresh(
        () => api.getDiff(documentId, from, to),
        (result) => {
          setError(result.ok ? null : result.error);
          if (result.ok) setDiff(result.value);
        },
      ),
    [documentId, from, to],
  );
  useEffect(() => {
    setDiff(null);
    setError(null);
    refresh.resume();
    refresh();
    return () => refresh.stop();
  }, [refresh]);

  const followsLiveText = from === 'live' || to === 'live';
  useEffect(() => {
    if (!followsLiveText) return;
    const scheduled = scheduleLiveRefresh(refresh, { page: document });
    liveRefresh.current = scheduled;
    return () => {
      scheduled.dispose();
      liveRefresh.current = null;
    };
  }, [refresh, followsLiveText, liveRefresh]);

  const options = useMemo(
    () => [
      ...revisions.map((r) => ({ value: String(r.rev), label: r.label })),
      { value: 'live', label: 'Live text' },
    ],
    [revisions],
  );
  // What the redlines to take away compare, for their names in a screen reader's list of links.
  const nameVersion = (ref: VersionRef) =>
    ref === 'live' ? 'the live text' : (revisions.find((r) => r.rev === ref)?.label ?? `revision ${ref}`);
  const compared = `${nameVersion(pair.to)} against ${nameVersion(pair.from)}${comparesBackwards(pair.from, pair.to) ? GOING_BACK_WORDS : ''}`;
  const versions = diff ? describeComparedVersions(diff) : null;
  const calls = useMemo(() => (diff ? listFootnoteCalls(diff) : new Map<DiffBlock, never[]>()), [diff]);
  const blocks = diff ? selectShownBlocks(diff.blocks, calls, showUnchanged) : [];
  // Inline, where each moved block stood is marked too, as in the downloaded redlines; side by side
  // the old column shows a moved block's old words beside its new place.
  const shown = new Set(blocks);
  const entries =
    layout === 'inline'
      ? placeMovedAway(diff?.blocks ?? []).filter(
          (entry) => entry.place === 'moved-away' || shown.has(entry.block),
        )
      : blocks.map((block) => ({ block, place: 'here' as const }));
  const parts = useMemo(() => partsOfBlocks(diff?.blocks ?? []), [diff]);
  // With unchanged paragraphs hidden, where a changed subparagraph or indent stands.
  const places = useMemo(
    () => (diff ? placeUnnumberedBlocks(diff.blocks, diff.fromLabel) : new Map<DiffBlock, string>()),
    [diff],
  );
  // Each citing block as the new version cites it, for "Moved within paragraph 3".
  const newCitations = useMemo(() => citeNewBlocks(diff?.blocks ?? []), [diff]);

  return (
    <section
      aria-labelledby="compare-title"
      className={insertions === 'bold' ? 'comparison insertions-bold' : 'comparison'}
    >
      <h2 id="compare-title">Compare</h2>
      <div className="compare-controls">
        <label>
          From{' '}
          <select
            value={String(pair.from)}
            onChange={(e) => onPair({ ...pair, from: parseVersionRef(e.target.value) })}
          >
            {options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          To{' '}
          <select
            value={String(pair.to)}
            onChange={(e) => onPair({ ...pair, to: parseVersionRef(e.target.value) })}
          >
            {options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="segmented">
          <legend>View</legend>
          <label>
            <input
              type="radio"
              name="layout"
              checked={layout === 'inline'}
              onChange={() => setLayout('inline')}
            />
            Inline
          </label>
          <label>
            <input
              type="radio"
              name="layout"
              checked={layout === 'side-by-side'}
              onChange={() => setLayout('side-by-side')}
            />
            Side by side
          </label>
        </fieldset>
        <fieldset className="segmented">
          <legend>Insertions</legend>
          {INSERTION_STYLES.map((style) => (
            <label key={style}>
              <input
                type="radio"
                name="insertions"
                checked={insertions === style}
                onChange={() => chooseInsertions(style)}
              />
              {INSERTION_STYLE_NAMES[style]}
            </label>
          ))}
        </fieldset>
        <label className="choice">
          <input
            type="checkbox"
            checked={showUnchanged}
            onChange={(e) => setShowUnchanged(e.target.checked)}
          />
          Show unchanged paragraphs
        </label>
        <span className="downloads">
          <a
            href={createRedlineUrl(documentId, pair.from, pair.to, 'html', insertions, layout)}
            {...IN_NEW_TAB}
            aria-label={`Redline page: ${compared}${NEW_TAB_WORDS}`}
          >
            Redline page
          </a>
          <a
            href={createRedlineUrl(documentId, pair.from, pair.to, 'docx', insertions)}
            download
            aria-label={`Redline in Word: ${compared}`}
          >
            Redline in Word
          </a>
        </span>
      </div>
      {error && <p role="alert">{error.message}</p>}
      {diff === null && !error && <p className="quiet">Comparing…</p>}
      {diff && versions && (
        <>
          <p className="diff-summary" role="status">
            {versions.title}: {describeSummary(diff, ' · ')}.{versions.goingBack && ` ${versions.goingBack}`}{' '}
            Insertions are in <ins>{INSERTION_STYLE_NAMES[insertions].toLowerCase()}</ins>, deletions{' '}
            <del>struck through</del>.
          </p>
          <article
            className={`redline redline-${layout}`}
            aria-label={`Redline of ${diff.toLabel} against ${diff.fromLabel}${versions.goingBack ? GOING_BACK_WORDS : ''}`}
          >
            {layout === 'side-by-side' && (
              <div className="redline-columns" aria-hidden="true">
                <span>{diff.fromLabel}</span>
                <span>{diff.toLabel}</span>
              </div>
            )}
            {entries.map(({ block, place: entryPlace }, index) => {
              if (entryPlace === 'moved-away')
                return (
                  <MovedAway
                    key={`moved-away:${block.new?.id ?? ''}`}
                    label={describeMoveTo(newCitations.get(block.new?.id ?? ''))}
                  />
                );
              const part = parts.get(block) ?? null;
              // The block before, past any marker of a move.
              let back = index - 1;
              while (back >= 0 && entries[back]?.place !== 'here') back--;
              const previous = back < 0 ? null : (parts.get(entries[back]?.block as DiffBlock) ?? null);
              return (
                <Fragment key={`${block.old?.id ?? ''}>${block.new?.id ?? ''}`}>
                  {/* With unchanged paragraphs hidden, which part a "4." is in. */}
                  {!showUnchanged && part !== null && part !== previous && (
                    <p className="redline-part">{part}</p>
                  )}
                  <RedlineBlock
                    block={block}
                    layout={layout}
                    calls={calls.get(block) ?? []}
                    fromLabel={diff.fromLabel}
                    toLabel={diff.toLabel}
                    place={showUnchanged ? null : (places.get(block) ?? null)}
                  />
                </Fragment>
              );
            })}
            {blocks.length === 0 && <p className="quiet">No paragraph changed.</p>}
            {diff.footnotes.some((f) => f.change !== 'unchanged') && (
              <section className="redline-footnotes" aria-label="Footnote changes">
                <h3>Footnotes</h3>
                <ul>
                  {diff.footnotes
                    .filter((f) => f.change !== 'unchanged')
                    .map((f) => (
                      <li key={`${f.old?.id ?? ''}>${f.new?.id ?? ''}`}>
                        <span className="change-label">
                          {describeFootnoteChange(
                            f,
                            f.new ? (newCitations.get(f.new.blockId) ?? null) : null,
                          )}
                        </span>{' '}
                        {f.new?.number ?? f.old?.number}.{' '}
                        {f.change === 'inserted' ? (
                          <ins>{f.new?.text}</ins>
                        ) : f.change === 'deleted' ? (
                          <del>{f.old?.text}</del>
                        ) : (
                          <RedlineText ops={f.ops} />
                        )}
                      </li>
                    ))}
                </ul>
              </section>
            )}
            {diff.metadata.length > 0 && (
              <section className="redline-metadata" aria-label="Header changes">
                <h3>Header</h3>
                <ul>
                  {diff.metadata.map((m) => (
                    <li key={m.field}>
                      <span className="change-label">{describeMetadataField(m.field)}</span>{' '}
                      <del>{formatValue(m.old)}</del> <ins>{formatValue(m.new)}</ins>
                    </li>
                  ))}
                </ul>
              </section>
            )}
          </article>
        </>
      )}
    </section>
  );
}

function formatValue(value: string | readonly string[] | null): string {
  if (value === null) return '';
  return typeof value === 'string' ? value : value.join(', ');
}

/** A paragraph's number as the redline shows it: "4." when numbered, a dash for a bullet, else nothing. */
function numberOf(block: DiffBlock['old']): string {
  if (block?.kind === 'numbered') return `${block.number ?? ''}.`;
  return block?.kind === 'bullet' ? '–' : '';
}

/** A paragraph that is no longer numbered: its old number is shown struck through, as the Council would. */
function lostNumber(block: DiffBlock): boolean {
  return (
    block.kindChanged && block.old?.kind === 'numbered' && block.new !== null && block.new.kind !== 'numbered'
  );
}

/**
 * The paragraph mark inserted at the end of a part split off (bold underlined, as insertions are), or
 * deleted at the end of a paragraph joined with the next (struck through), on the side it belongs to;
 * and that of an empty paragraph inserted or deleted, which is all there is of it.
 */
function ParagraphMark({
  block,
  show,
}: {
  readonly block: DiffBlock;
  readonly show: 'old' | 'new' | 'both';
}) {
  const empty = isEmptyParagraph(block);
  const mark = changedParagraphMark(block) ?? emptyParagraphMark(block);
  if (mark === 'inserted' && show !== 'old')
    return (
      <ins className="paragraph-mark" title={empty ? 'empty paragraph inserted' : 'paragraph split here'}>
        {PARAGRAPH_MARK}
      </ins>
    );
  if (mark === 'deleted' && show !== 'new')
    return (
      <del className="paragraph-mark" title={empty ? 'empty paragraph deleted' : 'paragraphs joined here'}>
        {PARAGRAPH_MARK}
      </del>
    );
  return null;
}

/** Where a moved paragraph stood in the old text, saying where it went ("Moved to paragraph 7"). */
function MovedAway({ label }: { readonly label: string }) {
  return (
    <div className="redline-block moved-away">
      <span className="redline-margin">
        <span className="change-label">{label}</span>
      </span>
    </div>
  );
}

function RedlineBlock({
  block,
  layout,
  calls,
  fromLabel,
  toLabel,
  place,
}: {
  readonly block: DiffBlock;
  readonly layout: RedlineLayout;
  readonly calls: readonly FootnoteCall[];
  readonly fromLabel: string;
  readonly toLabel: string;
  /** Where an unnumbered block stands ("Paragraph 4, second subparagraph"), or null. */
  readonly place: string | null;
}) {
  // A paragraph shown for its footnotes alone says which changed.
  const label = describeChange(block, fromLabel) ?? describeFootnoteCalls(calls);
  // Inline, a renumbered paragraph says which it was, in the HTML redline's words ("(was 5)"); one that
  // lost its number shows that number struck through instead.
  const was = lostNumber(block) ? null : previousNumber(block);
  const side = block.new ?? block.old;
  // A part split off a paragraph has words in the old text, and one joined onto another in the new.
  const hasOld = block.old !== null || block.splitFrom !== undefined;
  const hasNew = block.new !== null || block.joinedInto !== undefined;
  const splitOrJoin =
    block.splitFrom !== undefined || block.joinedInto !== undefined || changedParagraphMark(block) !== null;
  // An inserted block's text is one insert run and a deleted one's one delete run, so the runs (with
  // the calls between them) render every kind; only the side a block has no words on stays empty.
  const body = (show: 'old' | 'new' | 'both') => {
    if ((show === 'old' && !hasOld) || (show === 'new' && !hasNew)) return null;
    // An empty paragraph's white space, tinted, would be a stray mark beside its paragraph mark.
    const words = isEmptyParagraph(block) && calls.length === 0 ? [] : block.ops;
    return (
      <>
        <RedlineText ops={words} show={show} calls={calls} />
        <ParagraphMark block={block} show={show} />
      </>
    );
  };
  // The number of a part split off is new, and that of a paragraph joined onto another gone.
  const number =
    block.splitFrom !== undefined && numberOf(side) !== '' ? (
      <ins>{numberOf(side)}</ins>
    ) : (block.joinedInto !== undefined && numberOf(block.old) !== '') || lostNumber(block) ? (
      <del>{numberOf(block.old)}</del>
    ) : (
      numberOf(side)
    );
  return (
    <div
      className={`redline-block change-${block.change} kind-${side?.kind ?? 'paragraph'}${splitOrJoin ? ' split-or-join' : ''}`}
    >
      <span className="redline-margin">
        <span className="change-label">{label ?? ''}</span>
        {/* A space, so that the label and the place read as two phrases, not one word. */}
        {place !== null && (
          <>
            {' '}
            <span className="redline-place">{place}</span>
          </>
        )}
      </span>
      {layout === 'inline' ? (
        <>
          <span className="redline-number">{number}</span>
          <p className="redline-text">
            {was !== null && <span className="redline-old-number">(was {was})</span>}
            {body('both')}
          </p>
        </>
      ) : (
        <>
          <span className="redline-number" />
          {/* Each side with its own number: a paragraph renumbered or moved had another in the old text. */}
          {/* On a phone the two sides stack, old above new, each saying which version it is. */}
          <div className="redline-pair">
            <p className="redline-text redline-old">
              <span className="redline-side-version">{fromLabel}</span>
              {block.old !== null && <span className="redline-side-number">{numberOf(block.old)}</span>}
              {body('old')}
            </p>
            <p className="redline-text redline-new">
              <span className="redline-side-version">{toLabel}</span>
              {block.new !== null && <span className="redline-side-number">{numberOf(block.new)}</span>}
              {body('new')}
            </p>
          </div>
        </>
      )}
    </div>
  );
}
