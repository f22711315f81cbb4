/**
 * Accord under test: the real server (`startServer`) on a real SQLite file in ACCORD_DATA_DIR
 * (WAL, synchronous=FULL), authentication on (ACCORD_ADMIN_TOKEN), exactly as `main.ts` wires it.
 * The only addition is a meter around the update log (when `BENCH_METER_PERSIST=1`, as S7 sets), so the bench can tell the CPU spent persisting.
 */
import { closeSync, fdatasyncSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openSqliteStore, SQLITE_FILE_NAME, type Store, startServer } from '@accord/server';
import { serveBench } from './child-ipc';

export interface PersistMeter {
  /** CPU (user + system, µs) spent inside the update log's append and compact calls. */
  cpuMicros: number;
  /** Wall time (ms) the event loop spent inside them (fsync included). */
  wallMs: number;
  appends: number;
  entries: number;
  compactions: number;
  /** 'background': appends are synced on the thread pool, outside the metered calls. */
  walSync: 'background' | 'commit';
}

function meterUpdates(store: Store, meter: PersistMeter): Store {
  const inner = store.updates;
  // better-sqlite3 is synchronous: the work is done by the time the call returns its promise.
  const measure = <T>(run: () => Promise<T>): Promise<T> => {
    const cpu = process.cpuUsage();
    const start = performance.now();
    const result = run();
    const used = process.cpuUsage(cpu);
    meter.cpuMicros += used.user + used.system;
    meter.wallMs += performance.now() - start;
    return result;
  };
  return {
    ...store,
    updates: {
      load: (id) => inner.load(id),
      list: (id) => inner.list(id),
      beginRun: () => inner.beginRun(),
      endRun: () => inner.endRun(),
      append(entries, claims) {
        meter.appends += 1;
        meter.entries += entries.length;
        return measure(() => inner.append(entries, claims));
      },
      compact(id, snapshot, throughSeq, at) {
        meter.compactions += 1;
        return measure(() => inner.compact(id, snapshot, throughSeq, at));
      },
    },
  };
}

async function main(): Promise<void> {
  const dataDir = process.env.ACCORD_DATA_DIR;
  if (!dataDir) throw new Error('ACCORD_DATA_DIR is required');
  // BENCH_WAL_SYNC=commit compares the store's other way of syncing (see SqliteStoreOptions.walSync).
  const walSync = process.env.BENCH_WAL_SYNC === 'commit' ? 'commit' : 'background';
  const sqlite = openSqliteStore(join(dataDir, SQLITE_FILE_NAME), { walSync });
  const meter: PersistMeter = { cpuMicros: 0, wallMs: 0, appends: 0, entries: 0, compactions: 0, walSync };
  // Metering calls process.cpuUsage (getrusage) twice per commit: only S7, which reports it, asks for it;
  // elsewhere it would be CPU per edit that only Accord pays (a fifth of it in an S1 profile).
  const store = process.env.BENCH_METER_PERSIST === '1' ? meterUpdates(sqlite, meter) : sqlite;
  const idle = process.env.BENCH_IDLE_UNLOAD_MS;
  // BENCH_COMMIT_WINDOW_MS compares another group-commit window (SyncOptions.commitWindowMs).
  const commitWindow = process.env.BENCH_COMMIT_WINDOW_MS;
  // BENCH_QUIET_COMMIT_DELAY_MS compares another wait before a lone update's commit (0: on its turn).
  const quietDelay = process.env.BENCH_QUIET_COMMIT_DELAY_MS;
  // BENCH_RELAY_INTERVAL_MS compares another relay interval (SyncOptions.relayMinIntervalMs; 0: each turn).
  const relayInterval = process.env.BENCH_RELAY_INTERVAL_MS;
  const server = await startServer({
    store,
    port: Number(process.env.PORT ?? 0),
    host: '127.0.0.1',
    adminToken: process.env.ACCORD_ADMIN_TOKEN ?? null,
    sync: {
      ...(idle ? { idleUnloadMs: Number(idle) } : {}),
      ...(commitWindow ? { commitWindowMs: Number(commitWindow) } : {}),
      ...(quietDelay ? { commitQuietDelayMs: Number(quietDelay) } : {}),
      ...(relayInterval ? { relayMinIntervalMs: Number(relayInterval) } : {}),
    },
    logError: (message, error) => console.error(`accord: ${message}`, error),
  });

  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      await server.close();
      await sqlite.close();
      process.exit(0);
    })();
    return stopping;
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);

  serveBench(server.port, {
    loaded: () => server.documents.loadedCount,
    persist: () => ({ ...meter }),
    /**
     * Copies a stored document `count` times (its stored state as the copies' first snapshot), for
     * scenarios that need thousands of documents: creating each through the API would take minutes.
     * The copies are written without fsync; the setting is restored before anything is measured.
     */
    'clone-document': async (args) => {
      const { id, count } = args as { id: string; count: number };
      const source = await sqlite.documents.findById(id);
      if (source === null) throw new Error(`no document ${id}`);
      const state = await sqlite.updates.load(id);
      if (state.snapshot === null) throw new Error(`document ${id} has no snapshot`);
      const ids: string[] = [];
      sqlite.db.pragma('synchronous = OFF');
      try {
        for (let i = 0; i < count; i++) {
          const copy = `${id}-${i}`;
          await sqlite.documents.create(
            { id: copy, number: source.number, title: source.title, createdBy: null, createdAt: Date.now() },
            state.snapshot,
          );
          ids.push(copy);
        }
      } finally {
        sqlite.db.pragma('synchronous = FULL');
      }
      return ids;
    },
    flush: () => server.documents.flush(),
    /**
     * CPU (µs) of one fdatasync after a 4 KiB write, on the main thread where it can be metered: what a
     * background WAL sync costs on the thread pool, whose CPU cannot be told apart from outside.
     */
    'calibrate-fsync': () => {
      const file = join(dataDir, 'fsync-calibration');
      const fd = openSync(file, 'w');
      const page = Buffer.alloc(4096, 1);
      const rounds = 100;
      const cpu = process.cpuUsage();
      for (let i = 0; i < rounds; i++) {
        writeSync(fd, page, 0, page.length, (i % 16) * page.length);
        fdatasyncSync(fd);
      }
      const used = process.cpuUsage(cpu);
      closeSync(fd);
      rmSync(file, { force: true });
      return (used.user + used.system) / rounds;
    },
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
