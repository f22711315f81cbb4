/**
 * The Presidency's table: every paragraph against the 27 delegations in protocol order, each cell a
 * symbol and a colour with a label that names delegation and position, updated live from the event
 * stream. Filters, a QMV what-if per paragraph, the silence procedure, and issuing a revision.
 */
import { can, MEMBER_STATE_CODES, nameDelegation, type QmvRule, WHOLE_TEXT_ID } from '@accord/model';
import { memo, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import type { BlockConsensus, CommissionReservationView, ConsensusReport } from '../api/client';
import { useDocumentDetailCovering } from '../api/use-document-detail';
import { DocumentNav } from '../components/DocumentNav';
import { AgreeToUnspoken } from '../consensus/AgreeToUnspoken';
import { nameReportedBlocks } from '../consensus/block-names';
import { ForwardItemNote } from '../consensus/ForwardItemNote';
import { GeneralReservationForm, GeneralRow } from '../consensus/GeneralReservations';
import { describeHeadline, judgeBoardText } from '../consensus/headline';
import { IssueRevision } from '../consensus/IssueRevision';
import { describeOutsideSilence, describeOutsideSilenceMark } from '../consensus/outside-silence';
import { PositionCell } from '../consensus/PositionCell';
import {
  describeBlockStatus,
  describeCell,
  describeCommissionCell,
  POSITION_TEXT,
  STATUS_TEXT,
} from '../consensus/position-labels';
import { describeQmv } from '../consensus/qmv-label';
import { SilencePanel } from '../consensus/SilencePanel';
import { StalePositions } from '../consensus/StalePositions';
import { describeSilenceObstacles } from '../consensus/silence-obstacles';
import { isAskedAbout } from '../consensus/unspoken-blocks';
import { useConsensus } from '../consensus/use-consensus';
import { WhoHasNotSpoken } from '../consensus/WhoHasNotSpoken';
import { plural } from '../draft/margin-label';
import { SCREEN_HEADING } from '../navigation/focus-screen-heading';
import { useMe } from '../session/session-context';

export const BOARD_FILTERS = {
  all: 'All paragraphs',
  open: 'Open',
  reserved: 'Reserved or opposed',
  missing: 'Positions missing',
} as const;
export type BoardFilter = keyof typeof BOARD_FILTERS;

/** The whole text's row shows with every paragraph, and among the reserved while one stands. */
function showsGeneral(general: ConsensusReport['general'], filter: BoardFilter): boolean {
  return filter === 'all' || (filter === 'reserved' && general.reserved.length > 0);
}

export function filterBlocks(blocks: readonly BlockConsensus[], filter: BoardFilter): BlockConsensus[] {
  const keep: Record<BoardFilter, (block: BlockConsensus) => boolean> = {
    all: () => true,
    // A cover note's lines are nobody's to agree: never open for a position, nobody missing on them.
    open: (block) => block.status === 'open' && block.negotiated,
    reserved: (block) => block.status === 'reserved' || block.status === 'opposed',
    // A lapsed silence procedure speaks for those who kept silent: nobody is left to hear from.
    missing: (block) => isAskedAbout(block) && block.missing.length > 0 && !block.coveredBySilence,
  };
  return blocks.filter(keep[filter]);
}

/** Rows laid out together: a group off screen is skipped whole (see the board's table). */
const ROWS_PER_GROUP = 40;

function groupRows<T>(rows: readonly T[]): T[][] {
  const groups: T[][] = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_GROUP) groups.push(rows.slice(i, i + ROWS_PER_GROUP));
  return groups;
}

function excerpt(text: string | undefined): string {
  if (!text) return '';
  return text.length > 90 ? `${text.slice(0, 90)}…` : text;
}

export function ConsensusBoard() {
  const { id = '' } = useParams();
  const me = useMe();
  const [rule, setRule] = useState<QmvRule>('standard');
  const [filter, setFilter] = useState<BoardFilter>('all');
  // Another user's forwarding (or one missed while the stream reconnected) is read again, with the
  // whole text: only for the roles whose forwarding form lists where it went.
  const canForward = can(me.role, 'create-document');
  const [forwardings, setForwardings] = useState(0);
  // The latest revision issued while the board is open, by anyone: the next one is named after it.
  const [issuedRev, setIssuedRev] = useState(0);
  const { report, error, refresh } = useConsensus(id, rule, (type, data) => {
    if (canForward && (type === 'forwarded' || type === 'ready')) setForwardings((n) => n + 1);
    const rev = (data as { rev?: unknown } | null)?.rev;
    if (type === 'revision' && typeof rev === 'number') setIssuedRev((seen) => Math.max(seen, rev));
  });
  // A paragraph added since the texts were loaded has its kind and excerpt fetched.
  const reported = useMemo(() => (report?.blocks ?? []).map((b) => b.id), [report]);
  const detail = useDocumentDetailCovering(id, reported, forwardings);
  const doc = detail.type === 'loaded' ? detail.detail : null;
  const texts = useMemo(() => new Map((doc?.blocks ?? []).map((b) => [b.id, b])), [doc]);

  // Each row's name, as the room cites the block ("¶ 4, 2nd subpara.", "Part 2, ¶ 1"): unique, where a
  // bare number repeats after the annex restarts its numbering.
  const labels = useMemo(() => nameReportedBlocks(report?.blocks ?? [], doc, 'short'), [report, doc]);
  // The headline judges what an item note would forward: the annex, not its cover note.
  const headline = useMemo(() => {
    const standing = report === null ? null : judgeBoardText(report, doc);
    return standing === null ? null : describeHeadline(standing);
  }, [report, doc]);
  const obstacles = useMemo(
    () => (report === null ? [] : describeSilenceObstacles(report, labels)),
    [report, labels],
  );
  // While a procedure runs: the paragraphs an edit took out of it, or added since, as the edits land.
  const outsideSilence = useMemo(
    () => (report?.silence?.outcome === 'running' ? describeOutsideSilence(report, labels) : []),
    [report, labels],
  );
  const commission = useMemo(
    () => new Map((report?.commission ?? []).map((view) => [view.blockId, view])),
    [report],
  );
  const rows = useMemo(() => {
    if (!report) return [];
    const labelled = report.blocks.map((block) => ({ block, label: labels.get(block.id) ?? '' }));
    const kept = new Set(filterBlocks(report.blocks, filter).map((b) => b.id));
    return labelled.filter((row) => kept.has(row.block.id));
  }, [report, filter, labels]);

  return (
    <div className="room">
      <div className="room-bar">
        <DocumentNav id={id} number={doc?.number ?? null} title={doc?.title ?? null} room="Consensus" />
      </div>
      <section className="board" aria-labelledby="board-title">
        <div className="board-head">
          <h2 id="board-title" {...SCREEN_HEADING}>
            Consensus
            {report && (
              <span className={`status-${headline?.status ?? report.status}`}>
                {' '}
                <span className="status-pill">
                  {STATUS_TEXT[headline?.status ?? report.status].symbol} {headline?.subject ?? 'Document'}{' '}
                  {STATUS_TEXT[headline?.status ?? report.status].label.toLowerCase()}
                </span>
              </span>
            )}
          </h2>
          {headline?.note && <p className="quiet board-scope">{headline.note}</p>}
          {can(me.role, 'issue-revision') && (
            <IssueRevision
              documentId={id}
              number={doc?.number ?? null}
              latestRev={doc === null ? null : Math.max(doc.revision, issuedRev)}
            />
          )}
        </div>
        {canForward && <ForwardItemNote documentId={id} forwardedAs={doc?.forwardedAs ?? []} />}
        {error && <p role="alert">{error.message}</p>}
        <SilencePanel
          documentId={id}
          silence={report === null ? undefined : report.silence}
          me={me}
          onChanged={refresh}
          obstacles={obstacles}
          outside={outsideSilence}
        />
        {report && (
          <GeneralReservationForm
            documentId={id}
            general={report.general}
            commission={commission.get(WHOLE_TEXT_ID)}
            me={me}
            onChanged={refresh}
          />
        )}
        {report && <StalePositions documentId={id} report={report} me={me} labels={labels} />}
        {report && <AgreeToUnspoken documentId={id} report={report} me={me} onChanged={refresh} />}
        {report && <WhoHasNotSpoken report={report} />}
        <div className="board-controls">
          <fieldset className="segmented">
            <legend>Show</legend>
            {(Object.keys(BOARD_FILTERS) as BoardFilter[]).map((key) => (
              <label key={key}>
                <input
                  type="radio"
                  name="board-filter"
                  checked={filter === key}
                  onChange={() => setFilter(key)}
                />
                {BOARD_FILTERS[key]}
              </label>
            ))}
          </fieldset>
          <fieldset className="segmented">
            <legend>QMV what-if</legend>
            <label>
              <input
                type="radio"
                name="qmv-rule"
                checked={rule === 'standard'}
                onChange={() => setRule('standard')}
              />
              Standard (55 % / 65 %)
            </label>
            <label>
              <input
                type="radio"
                name="qmv-rule"
                checked={rule === 'reinforced'}
                onChange={() => setRule('reinforced')}
              />
              Reinforced (72 %)
            </label>
          </fieldset>
        </div>
        <BoardLegend />
        {report === null ? (
          <p className="quiet">Loading…</p>
        ) : (
          <div className="board-scroll">
            {/*
             * An ARIA table of grid rows, not a <table>: a table box is laid out whole, so one new
             * position on a 2,000-paragraph board laid out all 2,000 rows again (half a second), and
             * rows off screen could not be skipped. Rows come in groups of ROWS_PER_GROUP, each laid out
             * and painted only when scrolled to (`content-visibility: auto`), still found by
             * find-in-page and read by screen readers. (biome.json turns off here, and in the cells'
             * files, the lint rules that ask for <tr> and for rows that take focus as a grid's do.)
             */}
            <div
              role="table"
              className="board-table"
              aria-label="Positions of the 27 delegations on each paragraph, in protocol order, and the Commission's reservations"
            >
              <div role="rowgroup" className="board-columns">
                <div role="row" className="board-row">
                  <div role="columnheader" className="board-row-head">
                    Paragraph
                  </div>
                  <div role="columnheader" className="board-status">
                    Status
                  </div>
                  {MEMBER_STATE_CODES.map((code) => (
                    <div key={code} role="columnheader" title={nameDelegation(code)}>
                      {code}
                    </div>
                  ))}
                  <div
                    role="columnheader"
                    className="board-commission"
                    title="European Commission: its reservations are recorded, never counted"
                  >
                    COM
                  </div>
                  <div role="columnheader" className="board-qmv">
                    QMV
                  </div>
                </div>
              </div>
              {showsGeneral(report.general, filter) && (
                <div role="rowgroup" className="board-rows">
                  <GeneralRow general={report.general} commission={commission.get(WHOLE_TEXT_ID)} />
                </div>
              )}
              {groupRows(rows).map((group) => (
                <div role="rowgroup" className="board-rows" key={group[0]?.block.id}>
                  {group.map(({ block, label }) => (
                    <BoardRow
                      key={block.id}
                      documentId={id}
                      block={block}
                      label={label}
                      text={texts.get(block.id)?.text}
                      commission={commission.get(block.id)}
                      populationTotal={report.qmvRule.populationTotal}
                      statesRequired={report.qmvRule.statesRequired}
                    />
                  ))}
                </div>
              ))}
            </div>
            {rows.length === 0 && !showsGeneral(report.general, filter) && (
              <p className="quiet">No paragraph matches this filter.</p>
            )}
          </div>
        )}
        {report && (
          <p className="quiet board-footnote">
            QMV what-if ({report.qmvRule.rule} rule): {report.qmvRule.statesRequired} of{' '}
            {report.qmvRule.statesTotal} Member States representing at least{' '}
            {((report.qmvRule.populationRequired / report.qmvRule.populationTotal) * 100).toFixed(1)} % of the
            population, Eurostat figures for 1 January {report.qmvRule.referenceYear}. Only agreements count
            in favour: under QMV an abstention counts against.
          </p>
        )}
      </section>
    </div>
  );
}

/**
 * One paragraph's row. Memoised: a report comes after every change anyone makes, and on a long text
 * the board is 2,000 rows of 31 cells; the report keeps the objects of the blocks and Commission
 * reservations that say the same (`keepUnchangedBlocks`), so only the rows that changed are drawn.
 */
const BoardRow = memo(function BoardRow({
  documentId,
  block,
  label,
  text,
  commission,
  populationTotal,
  statesRequired,
}: {
  readonly documentId: string;
  readonly block: BlockConsensus;
  readonly label: string;
  readonly text: string | undefined;
  readonly commission: CommissionReservationView | undefined;
  readonly populationTotal: number;
  readonly statesRequired: number;
}) {
  const qmv = describeQmv(block, populationTotal, statesRequired);
  const status = describeBlockStatus(block);
  const outside = describeOutsideSilenceMark(block);
  return (
    <div role="row" className={`board-row status-${status.tone}`} data-block-id={block.id}>
      <div role="rowheader" className="board-row-head">
        <Link to={`/documents/${encodeURIComponent(documentId)}#${block.id}`} title={text}>
          {label}
        </Link>
        <span className="board-excerpt">{excerpt(text)}</span>
      </div>
      <div role="cell" className="board-status">
        <span className="status-pill">
          {status.symbol} {status.label}
        </span>
        {block.brackets > 0 && (
          <>
            <span className="bracket-count" aria-hidden="true">
              [{block.brackets}]
            </span>
            {/* "[1]" says nothing read out; the margin's words. */}
            <span className="visually-hidden">
              {plural(block.brackets, 'bracketed passage', 'bracketed passages')}
            </span>
          </>
        )}
        {outside && (
          <span className="outside-silence" title={outside.label}>
            <span aria-hidden="true">{outside.text}</span>
            <span className="visually-hidden">{outside.label}</span>
          </span>
        )}
      </div>
      {MEMBER_STATE_CODES.map((code) => (
        <PositionCell
          key={code}
          who={code}
          view={block.positions[code]}
          description={describeCell(code, block.positions[code])}
        />
      ))}
      <PositionCell who="COM" view={commission} description={describeCommissionCell(commission)} />
      <div role="cell" className={`board-qmv ${qmv.tone}`} title={qmv.label}>
        <span aria-hidden="true">{qmv.text}</span>
        <span className="visually-hidden">{qmv.label}</span>
      </div>
    </div>
  );
});

function BoardLegend() {
  return (
    <ul className="board-legend" aria-label="Legend">
      {Object.values(POSITION_TEXT).map((text) => (
        <li key={text.symbol}>
          <span className="legend-symbol" aria-hidden="true">
            {text.symbol}
          </span>{' '}
          {text.label}
        </li>
      ))}
      <li>
        <span className="legend-symbol" aria-hidden="true">
          ·
        </span>{' '}
        no position
      </li>
      <li>
        <span className="legend-symbol stale-sample" aria-hidden="true">
          S
        </span>{' '}
        stale (the text changed since)
      </li>
      <li>
        <span className="legend-symbol" aria-hidden="true">
          R<span className="note-mark-star">*</span>
        </span>{' '}
        with a note: press it to read the note
      </li>
    </ul>
  );
}
