/**
 * One block's positions and comments, opened from its margin. A delegate states the delegation's
 * position here (the server takes the delegation from the session, never from the form); a stale
 * position says so, shows what changed since, and can be re-confirmed on the new text.
 */
import {
  type Block,
  COMMISSION,
  can,
  formatCouncilTime,
  formatPositionFootnote,
  isBlankText,
  isMemberStateCode,
  listReportedPositions,
  MEMBER_STATE_CODES,
  type MemberStateCode,
  nameDelegationPossessive,
  POSITION_KINDS,
  type PositionKind,
} from '@accord/model';
import { useEffect, useId, useRef, useState } from 'react';
import {
  api,
  type BlockComment,
  type BlockConsensus,
  type CommissionReservationView,
  type Me,
  type PositionView,
  type Silence,
} from '../api/client';
import { useRequest } from '../api/use-request';
import { FormError } from '../components/FormError';
import { PositionNoteInput } from '../components/PositionNoteInput';
import { CommissionReservationForm } from '../consensus/CommissionReservation';
import {
  countPositions,
  describeBlockStatus,
  POSITION_TEXT,
  summarizeCounts,
} from '../consensus/position-labels';
import { describeArrivals, type PanelSnapshot } from './arrivals';
import { CommentThread } from './CommentThread';
import { StaleNotice } from './StaleNotice';
import { keepUnsentText, type UnsentTexts } from './unsent-text';

interface BlockPanelProps {
  readonly documentId: string;
  readonly block: Block;
  /** How the room cites the block: "Paragraph 4, first indent". */
  readonly title: string;
  readonly consensus: BlockConsensus | undefined;
  /** The Commission's reservation on the block, if it entered one. */
  readonly commission: CommissionReservationView | undefined;
  readonly comments: readonly BlockComment[];
  /**
   * Whether the room has read the comments yet: those of the first reading are what the panel opens on,
   * not news to announce.
   * @default true
   */
  readonly commentsLoaded?: boolean;
  readonly me: Me;
  /** The document's silence procedure, whose lapse would override a stale reservation. */
  readonly silence?: Silence | null;
  /**
   * The block left the live text while the panel was open (deleted, or joined onto the one before):
   * the panel stays, with what was typed in it, until it is closed or the block comes back (an undo).
   */
  readonly deleted?: boolean;
  /**
   * The room's text typed in panels and not sent, by block: what this block's boxes held when its
   * panel last closed comes back, and what is typed now is kept for the next opening.
   */
  readonly unsent?: UnsentTexts;
  /** Call after this user changed something, so the report is fetched at once. */
  readonly onChanged: () => void;
  /**
   * Closes the panel. `returnFocus` is true when focus was in the panel (or lost with a control that
   * went away): it then goes back to the margin button that opened the panel; a caret in the text stays.
   */
  readonly onClose: (options: { readonly returnFocus: boolean }) => void;
}

/** Whether focus is in the panel, or on nothing because the control that held it went away. */
function holdsFocus(panel: HTMLElement | null): boolean {
  const active = document.activeElement;
  return active === null || active === document.body || (panel?.contains(active) ?? false);
}

export function BlockPanel({
  documentId,
  block,
  title,
  consensus,
  commission,
  comments,
  commentsLoaded = true,
  me,
  silence = null,
  deleted = false,
  unsent,
  onChanged,
  onClose,
}: BlockPanelProps) {
  const headingId = useId();
  const positionRowsId = useId();
  const [positionsShown, setPositionsShown] = useState(false);
  const panel = useRef<HTMLElement>(null);
  // What the last action did, for screen readers: the buttons keep focus and say little themselves.
  const [announcement, setAnnouncement] = useState('');
  // What others do on the paragraph meanwhile, in a region of its own so neither hides the other.
  const arrivals = useArrivals(consensus?.positions, commission, commentsLoaded ? comments : null, me);
  const counts = consensus ? countPositions(consensus) : null;
  // What a revision's footnote on this paragraph would say (current positions, agreements unsaid).
  const footnote = consensus
    ? formatPositionFootnote([
        ...listReportedPositions(consensus.positions),
        ...(commission
          ? [{ delegation: COMMISSION, position: commission.position, stale: commission.stale }]
          : []),
      ])
    : '';
  const own = isMemberStateCode(me.delegation) ? me.delegation : null;
  const canTakePosition = can(me.role, 'take-position') && own !== null;
  // Consensus leaves an empty block out (and the server refuses a position on it): nothing to state.
  const empty = consensus === undefined && isBlankText(block.text);
  // Nothing can be stated on a deleted block: the server no longer knows it.
  const statable = !empty && !deleted;

  useEffect(() => {
    panel.current?.focus();
  }, []);

  // Escape closes the panel wherever focus is (in the text, or lost with a control that went away), not
  // only inside it; a widget that takes Escape for itself (a modal <dialog>, or one that calls
  // preventDefault) keeps it. ProseMirror prevents the default of every Escape without using it.
  // The room passes a new onClose at every render (every live edit): the listener reads the latest
  // through a ref instead of being removed and added again each time.
  const close = useRef(onClose);
  close.current = onClose;
  useEffect(() => {
    const closeOnEscape = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      const target = event.target instanceof Element ? event.target : null;
      if (target?.closest('dialog')) return;
      if (event.defaultPrevented && !target?.closest('.ProseMirror')) return;
      close.current({ returnFocus: holdsFocus(panel.current) });
    };
    document.addEventListener('keydown', closeOnEscape);
    return () => document.removeEventListener('keydown', closeOnEscape);
  }, []);

  return (
    <aside id="block-panel" ref={panel} className="block-panel" aria-labelledby={headingId} tabIndex={-1}>
      <header className="block-panel-header">
        <h2 id={headingId}>{title}</h2>
        <button type="button" className="link-button" onClick={() => onClose({ returnFocus: true })}>
          Close
        </button>
      </header>
      {/* On a phone the panel covers the text: the words a position is stated on are shown here (the
          wide layout shows the text beside the panel instead). */}
      {!isBlankText(block.text) && <blockquote className="block-panel-text">{block.text}</blockquote>}
      <p role="status" className="visually-hidden">
        {announcement}
      </p>
      {/* A log, not a status: news arriving, apart from what this user's own actions did. */}
      <p role="log" className="visually-hidden">
        {arrivals}
      </p>
      {consensus && counts && !deleted && (
        <p className={`block-panel-status status-${describeBlockStatus(consensus).tone}`}>
          <span className="status-pill">
            {describeBlockStatus(consensus).symbol} {describeBlockStatus(consensus).label}
          </span>{' '}
          {summarizeCounts(counts)}
          {consensus.brackets > 0 && ` · ${consensus.brackets} bracketed`}
        </p>
      )}
      {deleted && (
        <p role="alert" className="block-panel-status status-deleted">
          This paragraph was deleted from the text. No new comment can be added to it (one you were typing is
          kept below until you close the panel), but its comments may still be answered and resolved.
        </p>
      )}
      {empty && !deleted && (
        <p className="block-panel-status">Empty: there is nothing to agree to until it has text.</p>
      )}
      {consensus && !consensus.negotiated && !deleted && (
        <p className="quiet">
          Not negotiated: the cover note (or an annex's label) is not the delegations' to agree, so no
          position is asked for here. One given is recorded all the same.
        </p>
      )}
      {statable && canTakePosition && own && (
        <OwnPosition
          documentId={documentId}
          blockId={block.id}
          text={block.text}
          delegation={own}
          current={consensus?.positions[own]}
          silence={silence}
          unsent={unsent}
          onChanged={onChanged}
          onAnnounce={setAnnouncement}
        />
      )}
      {statable && (
        <CommissionReservationForm
          documentId={documentId}
          blockId={block.id}
          text={block.text}
          current={commission}
          me={me}
          unsent={unsent}
          onChanged={onChanged}
          onAnnounce={setAnnouncement}
        />
      )}
      <section aria-label="Positions" hidden={!statable}>
        <h3>Positions</h3>
        {footnote !== '' && (
          <p className="position-footnote">
            As the Council's footnote: <q>{footnote}</q>
          </p>
        )}
        {/* On a phone the 27 rows stood between the delegate's own position and the comment box: there
            they are folded behind this button (shown only there), the footnote above saying who holds out
            and the panel's status line the counts. */}
        <button
          type="button"
          className="link-button position-disclosure"
          aria-expanded={positionsShown}
          aria-controls={positionRowsId}
          onClick={() => setPositionsShown(!positionsShown)}
        >
          Each Member State's position
        </button>
        <div id={positionRowsId} className="position-rows">
          <ol className="position-list">
            {MEMBER_STATE_CODES.map((code) => {
              const view = consensus?.positions[code];
              return (
                <li key={code} className={view?.stale ? 'stale' : undefined}>
                  <span className="position-code">{code}</span>
                  <span className={`position-symbol position-${view?.position ?? 'none'}`} aria-hidden="true">
                    {view ? POSITION_TEXT[view.position].symbol : '·'}
                  </span>
                  <span className="position-label">
                    {view ? POSITION_TEXT[view.position].label : 'no position'}
                    {view?.stale && <strong className="stale-mark"> (stale)</strong>}
                  </span>
                  {view?.note && <span className="position-note">{view.note}</span>}
                </li>
              );
            })}
          </ol>
          {commission && (
            <p className={`commission-reservation${commission.stale ? ' stale' : ''}`}>
              <span className="position-code">{COMMISSION}</span> {POSITION_TEXT[commission.position].label},
              recorded, not blocking
              {commission.stale && <strong className="stale-mark"> (stale)</strong>}
              {commission.note && <span className="position-note"> {commission.note}</span>}
            </p>
          )}
        </div>
      </section>
      <CommentThread
        documentId={documentId}
        blockId={block.id}
        comments={comments}
        me={me}
        deleted={deleted}
        unsent={unsent}
        onChanged={onChanged}
        onAnnounce={setAnnouncement}
      />
    </aside>
  );
}

/**
 * What others last did on the paragraph while the panel is open (`describeArrivals`), for its live
 * region: the positions, the Commission's reservation and the comments that come with the event
 * stream, which a sighted reader sees appear and a screen reader was told nothing of.
 */
function useArrivals(
  positions: PanelSnapshot['positions'],
  commission: PanelSnapshot['commission'],
  comments: PanelSnapshot['comments'],
  me: Me,
): string {
  const [told, setTold] = useState('');
  const seen = useRef<PanelSnapshot>({ positions, commission, comments });
  useEffect(() => {
    const now = { positions, commission, comments };
    const arrived = describeArrivals(seen.current, now, me);
    seen.current = now;
    if (arrived.length > 0) setTold(arrived.join(' '));
  }, [positions, commission, comments, me]);
  return told;
}

function OwnPosition({
  documentId,
  blockId,
  text,
  delegation,
  current,
  silence,
  unsent,
  onChanged,
  onAnnounce,
}: {
  readonly documentId: string;
  readonly blockId: string;
  readonly text: string;
  readonly delegation: MemberStateCode;
  readonly current: PositionView | undefined;
  readonly silence: Silence | null;
  readonly unsent: UnsentTexts | undefined;
  readonly onChanged: () => void;
  readonly onAnnounce: (message: string) => void;
}) {
  // The box holds the note for the next position stated, empty once one is recorded: a note kept there
  // went out with the next position too (a reservation's "Awaiting instructions" with the agreement).
  // The recorded note shows in the line above.
  const [note, setNote] = useState(() => unsent?.get(blockId)?.note ?? '');
  useEffect(() => {
    if (unsent !== undefined) keepUnsentText(unsent, blockId, { note });
  }, [unsent, blockId, note]);
  const { busy, error, run } = useRequest();
  const buttons = useRef<HTMLFieldSetElement>(null);
  // "The Netherlands' position" heads the section; "State the Netherlands' position" within a line.
  const owner = nameDelegationPossessive(delegation, 'sentence');
  const ownerInline = nameDelegationPossessive(delegation);

  const submit = (position: PositionKind, text: string | null) =>
    run(
      () => api.recordPosition(documentId, blockId, position, text),
      () => {
        setNote('');
        onAnnounce(`${owner} position recorded: ${POSITION_TEXT[position].label}.`);
        onChanged();
      },
    );
  // The stale notice and its button go once the position is given again: focus goes to that position's
  // button, now pressed.
  const reconfirm = async (position: PositionKind, text: string | null) => {
    if (await submit(position, text)) {
      buttons.current?.querySelector<HTMLButtonElement>(`[data-position="${position}"]`)?.focus();
    }
  };
  // The Withdraw button goes with the position: focus goes to the buttons that state one.
  const withdraw = () =>
    run(
      () => api.withdrawPosition(documentId, blockId),
      () => {
        buttons.current?.focus();
        onAnnounce(`${owner} position withdrawn.`);
        onChanged();
      },
    );

  return (
    <section className="own-position" aria-label={`${owner} position`}>
      <h3>{owner} position</h3>
      {current && (
        <p className="own-current">
          {delegation}: {POSITION_TEXT[current.position].label}, {formatCouncilTime(current.at)}
          {current.note && (
            <>
              {' '}
              <span className="own-current-note">
                with the note <q>{current.note}</q>
              </span>
            </>
          )}
        </p>
      )}
      {current?.stale && (
        <StaleNotice
          documentId={documentId}
          blockId={blockId}
          text={text}
          holder={delegation}
          statement="position"
          current={current}
          silence={silence}
          busy={busy}
          onReconfirm={() => void reconfirm(current.position, current.note)}
        />
      )}
      <label className="field">
        <span>Note with the position (optional)</span>
        <PositionNoteInput value={note} onChange={setNote} />
      </label>
      <fieldset className="position-buttons" ref={buttons} tabIndex={-1}>
        <legend>State {ownerInline} position</legend>
        {POSITION_KINDS.map((kind) => (
          <button
            key={kind}
            type="button"
            data-position={kind}
            aria-disabled={busy || undefined}
            aria-pressed={current !== undefined && !current.stale && current.position === kind}
            onClick={() => void submit(kind, note.trim() === '' ? null : note.trim())}
          >
            <span className={`position-symbol position-${kind}`} aria-hidden="true">
              {POSITION_TEXT[kind].symbol}
            </span>{' '}
            {POSITION_TEXT[kind].action}
          </button>
        ))}
      </fieldset>
      <FormError error={error} />
      {current && (
        <div className="form-actions">
          <button
            type="button"
            className="link-button"
            aria-disabled={busy || undefined}
            onClick={() => void withdraw()}
          >
            Withdraw {ownerInline} position
          </button>
        </div>
      )}
    </section>
  );
}
