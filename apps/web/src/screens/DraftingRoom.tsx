import { can, nameBlocks, WHOLE_TEXT_ID } from '@accord/model';
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useLocation, useNavigate, useParams } from 'react-router';
import type { ApiFailure } from '../api/client';
import { useDocumentDetail } from '../api/use-document-detail';
import { DocumentNav } from '../components/DocumentNav';
import { GeneralReservationsNotice } from '../consensus/GeneralReservations';
import { useConsensus } from '../consensus/use-consensus';
import { BlockPanel } from '../draft/BlockPanel';
import { CouncilHeader } from '../draft/CouncilHeader';
import { countOpenComments, findOrphanedComments } from '../draft/comment-threads';
import { DocumentEditor } from '../draft/DocumentEditor';
import { ForwardingNotice } from '../draft/ForwardingNotice';
import { isFocusTextOnArrival } from '../draft/focus-text-on-arrival';
import { OrphanedComments } from '../draft/OrphanedComments';
import { PresenceList } from '../draft/PresenceList';
import { RoomArrivals } from '../draft/RoomArrivals';
import { SaveStatus } from '../draft/SaveStatus';
import { SilenceNotice } from '../draft/SilenceNotice';
import type { UnsentTexts } from '../draft/unsent-text';
import { useBlockStructure } from '../draft/use-block-structure';
import { useWorkingDraftAfter } from '../draft/use-working-draft';
import { SCREEN_HEADING } from '../navigation/focus-screen-heading';
import { useScreenTitle } from '../navigation/use-screen-title';
import { useMe } from '../session/session-context';
import type { DocumentConnection } from '../sync/connect-document';
import { useDocumentConnection, useSyncState } from '../sync/use-document-connection';
import { useLiveDocument } from '../sync/use-live-document';

/** Warns before the tab closes while edits are not yet on the server's disk. */
function useUnsavedChangesWarning(unsaved: boolean) {
  useEffect(() => {
    if (!unsaved) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Older browsers need returnValue set to show the prompt.
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [unsaved]);
}

/** Why the document is not shown, in place of the room: it names the page too. */
function UnopenedDocument({ error }: { readonly error: ApiFailure }) {
  const heading = error.status === 404 ? 'Document not found' : 'The document cannot be opened';
  useScreenTitle(heading);
  return (
    <section className="notice" role="alert">
      <h1 {...SCREEN_HEADING}>{heading}</h1>
      <p>{error.message}</p>
    </section>
  );
}

export function DraftingRoom() {
  const { id = '' } = useParams();
  const me = useMe();
  // Read again when the text goes forward or is corrected meanwhile, for the line that says so.
  const [forwardings, setForwardings] = useState(0);
  const detail = useDocumentDetail(id, forwardings);
  const onForwardingsChanged = useCallback(() => setForwardings((n) => n + 1), []);
  const editable = can(me.role, 'edit');
  const connection = useDocumentConnection(detail.type === 'loaded' ? id : null, editable ? me.id : null);
  const sync = useSyncState(connection);
  useUnsavedChangesWarning(editable && !sync.saved);

  if (detail.type === 'failed') return <UnopenedDocument error={detail.error} />;

  return (
    <div className="room">
      <div className="room-bar">
        <DocumentNav
          id={id}
          number={detail.type === 'loaded' ? detail.detail.number : null}
          title={detail.type === 'loaded' ? detail.detail.title : null}
          room="Drafting"
        />
        <div className="room-state">
          {connection && <PresenceList provider={connection.provider} />}
          <SaveStatus state={sync} editable={editable} mayComment={can(me.role, 'comment')} />
        </div>
      </div>
      {/* The room's name for screen readers, and where focus lands when a link opens the room. */}
      <h2 className="visually-hidden" {...SCREEN_HEADING}>
        Drafting
      </h2>
      {detail.type === 'loaded' && <ForwardingNotice opened={detail.detail} />}
      {connection && sync.loaded ? (
        <LiveDraft
          documentId={id}
          connection={connection}
          editable={editable}
          onForwardingsChanged={onForwardingsChanged}
        />
      ) : (
        <p className="quiet">Opening the document…</p>
      )}
    </div>
  );
}

/**
 * The live text and its margins. Memoised: the room above draws again whenever the save state changes,
 * which a keystroke does twice (unsaved, then acknowledged), and this part has nothing to redraw then.
 */
const LiveDraft = memo(function LiveDraft({
  documentId,
  connection,
  editable,
  onForwardingsChanged,
}: {
  readonly documentId: string;
  readonly connection: DocumentConnection;
  /** Called when the text goes forward as an item note, or a corrigendum is made of it, while the room is open. */
  readonly onForwardingsChanged: () => void;
  readonly editable: boolean;
}) {
  const me = useMe();
  const live = useLiveDocument(connection.doc);
  // Revisions issued, as the stream counts them: the header reads the last one again at each.
  const [issued, setIssued] = useState(0);
  // Every `ready` the stream passes on, the first included: the document was read before the stream
  // began, and a `ready` never seen (cut in flight) makes the next one look like the first.
  const { report, comments, commentsLoaded, refresh } = useConsensus(documentId, 'standard', (type) => {
    if (type === 'forwarded' || type === 'corrected' || type === 'ready') onForwardingsChanged();
    if (type === 'revision' || type === 'ready') setIssued((n) => n + 1);
  });
  const workingDraftAfter = useWorkingDraftAfter(documentId, live, issued);
  const [openBlockId, setOpenBlockId] = useState<string | null>(null);
  // What was typed in a panel and not sent, kept when it closes for its next opening.
  const [unsent] = useState<UnsentTexts>(() => new Map());

  const consensusById = useMemo(() => new Map((report?.blocks ?? []).map((b) => [b.id, b])), [report]);
  const commissionById = useMemo(
    () => new Map((report?.commission ?? []).map((view) => [view.blockId, view])),
    [report],
  );
  const commentCounts = useMemo(() => countOpenComments(comments), [comments]);
  // Derived from the blocks' ids, kinds and numbers, which a keystroke leaves as they were.
  const structure = useBlockStructure(live.blocks);
  // From the text on screen: a paragraph joined away or brought back by an undo changes no comment.
  const orphaned = useMemo(
    () => findOrphanedComments(comments, new Set(structure.map((b) => b.id))),
    [comments, structure],
  );
  const liveOpenBlock = openBlockId === null ? undefined : live.blocks.find((b) => b.id === openBlockId);
  // The open block as last seen: deleted while its panel is open (a comment half typed in it), the
  // panel stays, saying so, rather than vanish with what was typed.
  const lastOpenBlock = useRef<(typeof live.blocks)[number] | undefined>(undefined);
  if (liveOpenBlock !== undefined || openBlockId === null) lastOpenBlock.current = liveOpenBlock;
  const openBlock =
    liveOpenBlock ?? (lastOpenBlock.current?.id === openBlockId ? lastOpenBlock.current : undefined);
  const blockNames = useMemo(() => nameBlocks(structure, 'title'), [structure]);
  // How the open block was cited while it was in the text.
  const lastOpenTitle = useRef('');
  if (liveOpenBlock !== undefined) lastOpenTitle.current = blockNames.get(liveOpenBlock.id) ?? '';
  // The margin's data keeps its identity between keystrokes, so that no margin is drawn again for one.
  const openMargin = useCallback(
    (blockId: string) => setOpenBlockId((current) => (current === blockId ? null : blockId)),
    [],
  );
  const margin = useMemo(
    () => ({
      consensus: consensusById,
      commission: commissionById,
      comments: commentCounts,
      openBlockId,
      onOpen: openMargin,
    }),
    [consensusById, commissionById, commentCounts, openBlockId, openMargin],
  );

  // A link to /documents/:id#<block id> (from the board) opens that block's margin and shows it.
  const { pathname, search, hash, state } = useLocation();
  // The hash the room wrote itself for the panel opened or closed here: not a link to follow.
  const writtenHash = useRef<string | null>(null);
  useEffect(() => {
    if (hash === writtenHash.current) return;
    const blockId = decodeURIComponent(hash.slice(1));
    if (blockId === '') return;
    setOpenBlockId(blockId);
    const frame = requestAnimationFrame(() =>
      document
        .querySelector(`.council-body > [data-id="${CSS.escape(blockId)}"]`)
        ?.scrollIntoView({ block: 'center' }),
    );
    return () => cancelAnimationFrame(frame);
  }, [hash]);
  // The address names the open panel, as the board's links do: the place a tab keeps when its session
  // ends (and comes back to once signed in again), or a reload, opens the panel again. Replaced, not
  // pushed: Back still leaves the room.
  const navigate = useNavigate();
  const addressedBlockId = useRef(openBlockId);
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when a panel opens or closes, not on every move of the address
  useEffect(() => {
    if (addressedBlockId.current === openBlockId) return;
    addressedBlockId.current = openBlockId;
    const wanted = openBlockId === null ? '' : `#${encodeURIComponent(openBlockId)}`;
    if (wanted === hash) return;
    writtenHash.current = wanted;
    navigate({ pathname, search, hash: wanted }, { replace: true, state });
  }, [openBlockId]);

  return (
    <>
      <GeneralReservationsNotice
        general={report?.general ?? null}
        commission={commissionById.get(WHOLE_TEXT_ID)}
      />
      <SilenceNotice documentId={documentId} silence={report?.silence ?? null} me={me} onChanged={refresh} />
      <article className={openBlock ? 'paper beside-panel' : 'paper'} aria-label="Draft">
        {/* The register's fields are the Presidency's and the Secretariat's: shown to others as text. */}
        <CouncilHeader
          doc={connection.doc}
          metadata={live.metadata}
          editable={can(me.role, 'edit-header')}
          workingDraftAfter={workingDraftAfter}
        />
        <DocumentEditor
          connection={connection}
          live={live}
          editable={editable}
          me={me}
          focusText={isFocusTextOnArrival(state)}
          margin={margin}
        />
      </article>
      <OrphanedComments documentId={documentId} comments={orphaned} me={me} onChanged={refresh} />
      <RoomArrivals
        report={report}
        comments={commentsLoaded ? comments : null}
        me={me}
        openBlockId={openBlockId}
        structure={structure}
      />
      {openBlock && (
        <BlockPanel
          key={openBlock.id}
          documentId={documentId}
          block={openBlock}
          title={
            liveOpenBlock === undefined
              ? `${lastOpenTitle.current} (deleted)`
              : (blockNames.get(openBlock.id) ?? '')
          }
          consensus={consensusById.get(openBlock.id)}
          commission={commissionById.get(openBlock.id)}
          comments={comments.filter((c) => c.blockId === openBlock.id)}
          commentsLoaded={commentsLoaded}
          me={me}
          silence={report?.silence ?? null}
          deleted={liveOpenBlock === undefined}
          unsent={unsent}
          onChanged={refresh}
          onClose={({ returnFocus }) => {
            setOpenBlockId(null);
            if (!returnFocus) return;
            document
              .querySelector<HTMLButtonElement>(
                `.block-margin[data-block-id="${CSS.escape(openBlock.id)}"] button`,
              )
              ?.focus();
          }}
        />
      )}
    </>
  );
});
