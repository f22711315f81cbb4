import { EMPTY_METADATA, MEMBER_STATE_CODES, type PositionKind, recordPosition } from '@accord/model';
import { writeDocument } from '@accord/ydoc';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { DocumentEventBus } from '../events/event-bus';
import type { PositionEntry } from '../store/consensus-stores';
import { openSqliteStore, type SqliteStore } from '../store/sqlite/open-sqlite-store';
import type { Store, User } from '../store/store';
import { ConsensusLedger, type GivenPosition, MAX_POSITION_BATCH } from './consensus-ledger';
import { toConsensusBody } from './consensus-views';
import { type LiveText, toLiveText } from './live-text';

let sqlite: SqliteStore;
let batches: number[];
let failNext: boolean;
/** The next batch commits, then fails as a WAL sync would: written, but not acknowledged. */
let failAfterCommit: boolean;
let ledger: ConsensusLedger;
let events: DocumentEventBus;
/** The SQLite store with positions' commits that fail on demand (`failNext`, `failAfterCommit`). */
let store: Store;

const blocks = [
  { id: 'b1', kind: 'numbered' as const, number: '1', text: 'The Council recalls.' },
  { id: 'b2', kind: 'numbered' as const, number: '2', text: 'The EU [stands ready].' },
];
const live: LiveText = toLiveText({ metadata: EMPTY_METADATA, blocks, footnotes: [] });
const user = (delegation: string): User => ({
  id: `u-${delegation}`,
  name: delegation,
  role: 'delegate',
  delegation: delegation as User['delegation'],
});
const NOW = Date.parse('2017-06-07T10:00:00.000Z');

beforeEach(async () => {
  sqlite = openSqliteStore(':memory:');
  await sqlite.documents.create(
    { id: 'd1', number: null, title: 'T', createdBy: null, createdAt: 1 },
    new Uint8Array([0, 0]),
  );
  batches = [];
  failNext = false;
  failAfterCommit = false;
  store = {
    ...sqlite,
    positions: {
      list: (documentId) => sqlite.positions.list(documentId),
      findText: (documentId, blockId, textHash) => sqlite.positions.findText(documentId, blockId, textHash),
      async append(entries: readonly PositionEntry[]) {
        batches.push(entries.length);
        if (failNext) {
          failNext = false;
          throw new Error('disk full');
        }
        const appended = await sqlite.positions.append(entries);
        if (failAfterCommit) {
          failAfterCommit = false;
          throw new Error('fdatasync: EIO');
        }
        return appended;
      },
    },
  };
  events = new DocumentEventBus();
  ledger = new ConsensusLedger({ store, events, now: () => NOW, newId: () => 'p1' });
});

afterEach(() => sqlite.close());

/** A position given on the block's text as it reads, with that text. */
function positionOf(delegation: string, position: PositionKind, blockId = 'b1'): GivenPosition {
  const block = blocks.find((b) => b.id === blockId) as { text: string };
  const recorded = recordPosition({
    blockId,
    delegation,
    position,
    text: block.text,
    revision: 0,
    at: new Date(NOW).toISOString(),
    userId: `u-${delegation}`,
  });
  if (!recorded.ok) throw new Error(recorded.error.message);
  return { record: recorded.value, text: block.text };
}

describe('ConsensusLedger after a write whose commit is in doubt', () => {
  it('reads the document again from the store, so memory never disagrees with it', async () => {
    failAfterCommit = true;
    await expect(ledger.recordPosition('d1', positionOf('FR', 'reservation'), user('FR'))).rejects.toThrow(
      'EIO',
    );
    // The row is in the store (a sync failed after the commit): the report and a withdrawal see it.
    expect(await sqlite.positions.list('d1')).toHaveLength(1);
    expect((await ledger.report('d1', live)).blocks[0]?.positions.get('FR')?.position).toBe('reservation');
    expect(await ledger.withdrawPosition('d1', 'b1', 'FR', user('FR'))).not.toBeNull();
    expect((await ledger.report('d1', live)).blocks[0]?.positions.size).toBe(0);
  });
});

describe('ConsensusLedger’s watch on the live text during silence', () => {
  const presidency = { ...user('PRES'), role: 'presidency' as const };
  const UNTIL = '2017-06-08T10:00:00.000Z';
  let watchers: Map<string, (doc: Y.Doc) => void>;
  const documents = {
    watchText(documentId: string, watcher: (doc: Y.Doc) => void) {
      watchers.set(documentId, watcher);
      return () => watchers.delete(documentId);
    },
  };
  /** The live text with block b1's text replaced, as an edit over the socket leaves it. */
  const editedDoc = () => {
    const doc = new Y.Doc();
    const edited = blocks.map((b) => (b.id === 'b1' ? { ...b, text: 'The Council deplores.' } : b));
    writeDocument(doc, { ...live.document, blocks: edited });
    return doc;
  };

  beforeEach(() => {
    watchers = new Map();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  });
  afterEach(() => vi.useRealTimers());

  it('reads no procedure list when a document without a running procedure loads, and watches one that runs', async () => {
    const lists: string[] = [];
    const counting = (): Store => ({
      ...sqlite,
      silence: {
        ...sqlite.silence,
        list: (id) => {
          lists.push(id);
          return sqlite.silence.list(id);
        },
      },
    });
    const deps = { events, now: () => NOW, newId: () => 'p1', documents };
    await new ConsensusLedger({ ...deps, store: counting() }).watchRunningSilence('d1');
    expect(lists).toEqual([]);
    expect(watchers.size).toBe(0);

    await new ConsensusLedger({ ...deps, store: sqlite }).startSilence('d1', live, UNTIL, presidency);
    watchers.clear();
    const restarted = new ConsensusLedger({ ...deps, store: counting() });
    await restarted.watchRunningSilence('d1');
    expect(watchers.has('d1')).toBe(true);
    expect(lists).toEqual(['d1']);
  });

  it('keeps a block changed while the ledger is read again from the store out of the lapsed procedure', async () => {
    let now = NOW;
    // An edit lands while the document's ledger is being read again: after its procedures were read.
    let editDuringRead: (() => void) | null = null;
    const reading: Store = {
      ...store,
      positions: {
        ...store.positions,
        list: async (id) => {
          const rows = await store.positions.list(id);
          editDuringRead?.();
          editDuringRead = null;
          return rows;
        },
      },
    };
    const watched = new ConsensusLedger({
      store: reading,
      events,
      now: () => now,
      newId: () => 'p1',
      documents,
    });
    await watched.startSilence('d1', live, UNTIL, presidency);
    failAfterCommit = true;
    await expect(watched.recordPosition('d1', positionOf('FR', 'agree', 'b2'), user('FR'))).rejects.toThrow(
      'EIO',
    );
    editDuringRead = () => watchers.get('d1')?.(editedDoc());
    await watched.report('d1', live);
    expect(editDuringRead).toBeNull();
    now = Date.parse(UNTIL) + 1;
    // The text is back as it started, but b1 changed during the procedure: not covered.
    const report = await watched.report('d1', live);
    expect(report.silence?.outcome).toBe('lapsed');
    expect(report.blocks.map((b) => [b.id, b.coveredBySilence])).toEqual([
      ['b1', false],
      ['b2', true],
    ]);
    expect((await sqlite.silence.list('d1'))[0]?.changedDuring).toEqual(['b1']);
  });
});

describe('ConsensusLedger', () => {
  it('commits positions that arrive in the same turn of the event loop together', async () => {
    await Promise.all(
      ['BE', 'BG', 'CZ', 'DK', 'DE'].map((code) =>
        ledger.recordPosition('d1', positionOf(code, 'agree'), user(code)),
      ),
    );
    expect(batches).toEqual([5]);
    const report = await ledger.report('d1', live);
    expect([...(report.blocks[0]?.positions.keys() ?? [])]).toEqual(['BE', 'BG', 'CZ', 'DK', 'DE']);
  });

  it('shows and publishes nothing of a batch whose commit failed, and carries on after it', async () => {
    const seen: string[] = [];
    events.subscribe('d1', { delegation: null }, (event) => seen.push(event.type));
    failNext = true;
    const failed = await Promise.allSettled([
      ledger.recordPosition('d1', positionOf('FR', 'oppose'), user('FR')),
      ledger.recordPosition('d1', positionOf('DE', 'agree'), user('DE')),
    ]);
    expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect((await ledger.report('d1', live)).blocks[0]?.positions.size).toBe(0);
    expect(seen).toEqual([]);
    expect(await sqlite.positions.list('d1')).toEqual([]);
    expect(await sqlite.audit.list('d1')).toEqual([]);
    // Nothing is left pending: there is nothing to withdraw.
    expect(await ledger.withdrawPosition('d1', 'b1', 'FR', user('FR'))).toBeNull();

    await ledger.recordPosition('d1', positionOf('FR', 'agree'), user('FR'));
    expect((await ledger.report('d1', live)).blocks[0]?.positions.get('FR')?.position).toBe('agree');
    expect(seen).toEqual(['position']);
  });

  it('commits a delegation’s positions given at once all together, or none of them', async () => {
    const seen: string[] = [];
    events.subscribe('d1', { delegation: null }, (event) => seen.push(event.type));
    const both = [positionOf('FR', 'agree', 'b1'), positionOf('FR', 'reservation', 'b2')];
    failNext = true;
    await expect(ledger.recordPositions('d1', both, user('FR'))).rejects.toThrow();
    expect(await sqlite.positions.list('d1')).toEqual([]);
    expect(await sqlite.audit.list('d1')).toEqual([]);
    expect(seen).toEqual([]);

    await ledger.recordPositions('d1', both, user('FR'));
    const report = await ledger.report('d1', live);
    expect(report.blocks.map((b) => b.positions.get('FR')?.position)).toEqual(['agree', 'reservation']);
    expect((await sqlite.audit.list('d1')).map((e) => e.action)).toEqual([
      'position.recorded',
      'position.recorded',
    ]);
    expect(seen).toEqual(['position', 'position']);
  });

  it('never splits positions given at once between two commits, even where a batch is full', async () => {
    const codes = MEMBER_STATE_CODES.filter((code) => code !== 'FR');
    const singles = Array.from({ length: MAX_POSITION_BATCH - 1 }, (_, i) => {
      const code = codes[i % codes.length] as string;
      return ledger.recordPosition('d1', positionOf(code, 'agree'), user(code));
    });
    const together = ledger.recordPositions(
      'd1',
      [positionOf('FR', 'agree', 'b1'), positionOf('FR', 'reservation', 'b2')],
      user('FR'),
    );
    await Promise.all([...singles, together]);
    // The batch takes the two with the singles before them, past the batch's size, rather than one.
    expect(batches).toEqual([MAX_POSITION_BATCH + 1]);
  });

  it('lets a withdrawal follow a position still being committed, and refuses a second one', async () => {
    const recorded = ledger.recordPosition('d1', positionOf('FR', 'reservation'), user('FR'));
    const first = ledger.withdrawPosition('d1', 'b1', 'FR', user('FR'));
    const second = ledger.withdrawPosition('d1', 'b1', 'FR', user('FR'));
    await recorded;
    expect(await first).toEqual({ at: '2017-06-07T10:00:00.000Z' });
    expect(await second).toBeNull();
    expect((await sqlite.positions.list('d1')).map((e) => e.type)).toEqual(['recorded', 'withdrawn']);
  });

  it('writes the report as JSON once per change, not once per request', async () => {
    let now = NOW;
    const clocked = new ConsensusLedger({ store: sqlite, events, now: () => now, newId: () => 'p1' });
    await clocked.recordPosition('d1', positionOf('FR', 'agree'), user('FR'));
    const first = await clocked.reportJson('d1', live);
    expect(JSON.parse(new TextDecoder().decode(first))).toEqual(
      toConsensusBody(await clocked.report('d1', live)),
    );
    expect(await clocked.reportJson('d1', live)).toBe(first);

    await clocked.recordPosition('d1', positionOf('DE', 'oppose'), user('DE'));
    const second = await clocked.reportJson('d1', live);
    expect(second).not.toBe(first);
    expect(JSON.parse(new TextDecoder().decode(second)).blocks[0].positions.DE.position).toBe('oppose');
    expect(await clocked.reportJson('d1', live, 'reinforced')).not.toBe(second);
    // Each rule keeps its own report: a board on the reinforced rule does not cost the rooms theirs.
    const again = await clocked.reportJson('d1', live);
    expect(again).toBe(second);
    await clocked.startSilence('d1', live, '2017-06-08T10:00:00Z', { ...user('PRES'), role: 'presidency' });
    const running = await clocked.reportJson('d1', live);
    expect(running).not.toBe(again);
    now = Date.parse('2017-06-08T10:00:00Z');
    const lapsed = await clocked.reportJson('d1', live);
    expect(lapsed).not.toBe(running);
    expect(JSON.parse(new TextDecoder().decode(lapsed)).silence.outcome).toBe('lapsed');
  });

  it('hands out the same bytes after an edit that changes nothing in the report', async () => {
    // Every keystroke ends in a `consensus-changed` hint and every open room and board fetching the
    // report: the same bytes keep their ETag, so those fetches are answered 304 and gzip runs once.
    await ledger.recordPosition('d1', positionOf('FR', 'agree', 'b2'), user('FR'));
    const first = await ledger.reportJson('d1', live);
    const typed = toLiveText({
      metadata: EMPTY_METADATA,
      blocks: blocks.map((b) => (b.id === 'b1' ? { ...b, text: 'The Council recalls that.' } : b)),
      footnotes: [],
    });
    expect(await ledger.reportJson('d1', typed)).toBe(first);

    const reworded = toLiveText({
      metadata: EMPTY_METADATA,
      blocks: blocks.map((b) => (b.id === 'b2' ? { ...b, text: 'The EU [stands] ready.' } : b)),
      footnotes: [],
    });
    const stale = await ledger.reportJson('d1', reworded);
    // FR's agreement to b2 is now to an older text: that the report says.
    expect(new TextDecoder().decode(stale)).not.toBe(new TextDecoder().decode(first));
  });

  describe('at a silence procedure’s deadline', () => {
    const presidency = { ...user('PRES'), role: 'presidency' as const };
    let now: number;
    let clocked: ConsensusLedger;
    let seen: { action: string; outcome: string }[];

    beforeEach(() => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      now = NOW;
      let ids = 0;
      clocked = new ConsensusLedger({ store: sqlite, events, now: () => now, newId: () => `p${++ids}` });
      seen = [];
      events.subscribe('d1', { delegation: null }, (event) => {
        if (event.type === 'silence')
          seen.push({ action: event.data.action, outcome: event.data.silence.outcome });
      });
    });
    afterEach(() => vi.useRealTimers());

    /** Moves both the ledger's clock and the timers on by `ms`. */
    const pass = async (ms: number) => {
      now += ms;
      await vi.advanceTimersByTimeAsync(ms);
    };

    it('tells open clients that the procedure lapsed, once, when nobody broke it', async () => {
      await clocked.startSilence('d1', live, '2017-06-07T12:00:00Z', presidency);
      await pass(2 * 3600_000 - 1);
      expect(seen).toEqual([{ action: 'started', outcome: 'running' }]);
      await pass(2);
      await vi.waitFor(() =>
        expect(seen).toEqual([
          { action: 'started', outcome: 'running' },
          { action: 'lapsed', outcome: 'lapsed' },
        ]),
      );
      await pass(24 * 3600_000);
      expect(seen).toHaveLength(2);
    });

    it('says nothing more at the deadline of a broken procedure', async () => {
      await clocked.startSilence('d1', live, '2017-06-07T12:00:00Z', presidency);
      await clocked.breakSilence('d1', 'Para 2', user('DE'));
      await pass(3 * 3600_000);
      expect(seen.map((e) => e.action)).toEqual(['started', 'broken']);
    });

    it('says nothing more at the deadline of a cancelled procedure, and writes no lapse for it', async () => {
      await clocked.startSilence('d1', live, '2017-06-07T12:00:00Z', presidency);
      await clocked.cancelSilence('d1', undefined, presidency);
      await pass(3 * 3600_000);
      await clocked.noticeLapses('d1');
      expect(seen).toEqual([
        { action: 'started', outcome: 'running' },
        { action: 'cancelled', outcome: 'cancelled' },
      ]);
      expect((await sqlite.audit.list('d1')).map((e) => [e.action, e.actor.id, e.details])).toEqual([
        ['silence.started', presidency.id, expect.anything()],
        [
          'silence.cancelled',
          presidency.id,
          { procedureId: 'p1', until: '2017-06-07T12:00:00.000Z', reason: null },
        ],
      ]);
    });

    const lapses = async () =>
      (await sqlite.audit.list('d1')).filter((entry) => entry.action === 'silence.lapsed');
    const SYSTEM = { id: null, name: null, role: null, delegation: null };

    it('writes one silence.lapsed audit entry at the deadline, by the system, dated the deadline', async () => {
      await clocked.startSilence('d1', live, '2017-06-07T12:00:00Z', presidency);
      await pass(2 * 3600_000 - 1);
      expect(await lapses()).toEqual([]);
      await pass(2);
      await vi.waitFor(async () => expect(await lapses()).toHaveLength(1));
      const [entry] = await lapses();
      expect(entry).toMatchObject({
        actor: SYSTEM,
        at: Date.parse('2017-06-07T12:00:00Z'),
        blockId: null,
        summary: 'silence procedure lapsed without objection at 2017-06-07T12:00:00.000Z',
        details: { procedureId: 'p1', until: '2017-06-07T12:00:00.000Z', startedBy: presidency.id },
      });
      // Audited before it is announced: nothing is on the stream that is not committed.
      expect(seen.map((e) => e.action)).toEqual(['started', 'lapsed']);
      await pass(24 * 3600_000);
      await clocked.report('d1', live);
      expect(await lapses()).toHaveLength(1);
    });

    it('writes no silence.lapsed entry for a broken procedure', async () => {
      await clocked.startSilence('d1', live, '2017-06-07T12:00:00Z', presidency);
      await clocked.breakSilence('d1', 'Para 2', user('DE'));
      await pass(3 * 3600_000);
      await clocked.noticeLapses('d1');
      expect((await sqlite.audit.list('d1')).map((e) => e.action)).toEqual([
        'silence.started',
        'silence.broken',
      ]);
    });

    it('writes the lapse noticed after a restart once, however often the server restarts', async () => {
      await clocked.startSilence('d1', live, '2017-06-07T12:00:00Z', presidency);
      // The process dies before the deadline and comes back after it.
      vi.clearAllTimers();
      now = Date.parse('2017-06-08T09:00:00Z');
      for (const id of ['p2', 'p3']) {
        const restarted = new ConsensusLedger({ store: sqlite, events, now: () => now, newId: () => id });
        await restarted.report('d1', live);
        await restarted.noticeLapses('d1');
        await pass(3600_000);
      }
      expect(await lapses()).toMatchObject([
        { actor: SYSTEM, at: Date.parse('2017-06-07T12:00:00Z'), details: { procedureId: 'p1' } },
      ]);
    });

    it('writes no second entry when a restart follows a lapse already written', async () => {
      await clocked.startSilence('d1', live, '2017-06-07T12:00:00Z', presidency);
      await pass(2 * 3600_000 + 1);
      await vi.waitFor(async () => expect(await lapses()).toHaveLength(1));
      const restarted = new ConsensusLedger({ store: sqlite, events, now: () => now, newId: () => 'p2' });
      await restarted.report('d1', live);
      await restarted.noticeLapses('d1');
      expect(await lapses()).toHaveLength(1);
    });

    it('writes the lapse of a procedure whose timer has not fired before a new one starts', async () => {
      await clocked.startSilence('d1', live, '2017-06-07T12:00:00Z', presidency);
      // The clock passes the deadline before the timer runs (a timer is never early, it may be late).
      now = Date.parse('2017-06-07T13:00:00Z');
      await clocked.startSilence('d1', live, '2017-06-08T12:00:00Z', presidency);
      await pass(3 * 24 * 3600_000);
      await vi.waitFor(async () =>
        expect((await sqlite.audit.list('d1')).map((e) => [e.action, e.details.procedureId])).toEqual([
          ['silence.started', 'p1'],
          ['silence.lapsed', 'p1'],
          ['silence.started', 'p2'],
          ['silence.lapsed', 'p2'],
        ]),
      );
    });

    it('watches the deadline again after a restart when asked for a document’s stream, with no report read', async () => {
      await clocked.startSilence('d1', live, '2017-06-07T12:00:00Z', presidency);
      const restarted = new ConsensusLedger({ store: sqlite, events, now: () => now, newId: () => 'p2' });
      vi.clearAllTimers();
      await restarted.watchRunningDeadline('d1');
      await pass(2 * 3600_000 + 1);
      await vi.waitFor(() => expect(seen.map((e) => e.action)).toEqual(['started', 'lapsed']));
    });

    it('watches the deadline again after a restart, once the document is loaded', async () => {
      await clocked.startSilence('d1', live, '2017-06-07T12:00:00Z', presidency);
      const restarted = new ConsensusLedger({ store: sqlite, events, now: () => now, newId: () => 'p2' });
      vi.clearAllTimers();
      await restarted.report('d1', live);
      await pass(2 * 3600_000 + 1);
      await vi.waitFor(() => expect(seen.map((e) => e.action)).toEqual(['started', 'lapsed']));
    });
  });

  it('loads a document’s state once, however many callers ask at the same time', async () => {
    let loads = 0;
    const list = sqlite.positions.list.bind(sqlite.positions);
    const counting = new ConsensusLedger({
      store: {
        ...sqlite,
        positions: {
          ...sqlite.positions,
          list: (id) => {
            loads++;
            return list(id);
          },
        },
      },
      events,
      now: () => NOW,
      newId: () => 'x',
    });
    await Promise.all([
      counting.report('d1', live),
      counting.report('d1', live),
      counting.report('d1', live),
    ]);
    expect(loads).toBe(1);
  });

  it('reloads an evicted document from the store with nothing lost', async () => {
    await sqlite.documents.create(
      { id: 'd2', number: null, title: 'T', createdBy: null, createdAt: 1 },
      new Uint8Array([0, 0]),
    );
    const small = new ConsensusLedger({
      store: sqlite,
      events,
      now: () => NOW,
      newId: () => 'x',
      maxDocuments: 1,
    });
    await small.recordPosition('d1', positionOf('FR', 'oppose'), user('FR'));
    await small.recordPosition('d2', positionOf('DE', 'agree'), user('DE'));
    expect((await small.report('d1', live)).blocks[0]?.positions.get('FR')?.position).toBe('oppose');
    expect((await small.report('d2', live)).blocks[0]?.positions.get('DE')?.position).toBe('agree');
  });
});
