import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { UpdateEntry, WriterClaim } from '../store';
import { INSERT_UPDATE_SQL, INSERT_WRITER_SQL } from './update-log';

/**
 * Optional (`appendInWorker`): update-log appends on a worker thread with its own SQLite connection, so
 * the fsync of a commit never blocks the event loop that relays edits. Off by default: with the
 * group-commit window the inline fsync blocks the loop rarely and briefly, and the thread hand-off
 * costs about three times the CPU of the commit itself (see SqliteStoreOptions).
 *
 * The worker's code is plain JavaScript evaluated in place, so it runs the same under tsx, vitest and
 * node without a build step or a separate file to locate.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.sqlitePath);
const db = new Database(workerData.file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.pragma('foreign_keys = ON');
db.pragma('busy_timeout = 10000');
const insert = db.prepare(workerData.insertUpdateSql);
const insertWriter = db.prepare(workerData.insertWriterSql);
const append = db.transaction((entries, data, claims) => {
  for (const c of claims) insertWriter.run(c.documentId, c.client, c.userId);
  return entries.map((e) =>
    Number(insert.run(e.documentId, Buffer.from(data, e.offset, e.length), e.userId, e.delegation, e.at).lastInsertRowid),
  );
});
parentPort.on('message', (message) => {
  if (message.type === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    parentPort.postMessage({ id: message.id, seqs: append(message.entries, message.data, message.claims) });
  } catch (error) {
    parentPort.postMessage({ id: message.id, error: String((error && error.message) || error) });
  }
});
`;

interface Pending {
  readonly resolve: (seqs: number[]) => void;
  readonly reject: (error: Error) => void;
}

export class AppendWorker {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private alive = true;
  private readonly exited: Promise<void>;

  constructor(file: string) {
    const sqlitePath = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        file,
        sqlitePath,
        insertUpdateSql: INSERT_UPDATE_SQL,
        insertWriterSql: INSERT_WRITER_SQL,
      },
    });
    this.worker.on('message', (message: { id: number; seqs?: number[]; error?: string }) => {
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id);
      if (message.seqs) waiting.resolve(message.seqs);
      else waiting.reject(new Error(message.error ?? 'append failed'));
    });
    this.exited = new Promise((resolve) => {
      this.worker.once('exit', () => {
        this.alive = false;
        for (const waiting of this.pending.values()) waiting.reject(new Error('the append worker stopped'));
        this.pending.clear();
        resolve();
      });
    });
    this.worker.on('error', () => {});
  }

  get isAlive(): boolean {
    return this.alive;
  }

  /** Appends in one transaction on the worker. The bytes are packed into one transferred buffer. */
  append(entries: readonly UpdateEntry[], claims: readonly WriterClaim[] = []): Promise<number[]> {
    let total = 0;
    for (const entry of entries) total += entry.update.byteLength;
    // One copy into a buffer the worker then owns: a ws Buffer may be a view into a much larger pool.
    const data = new ArrayBuffer(total);
    const bytes = new Uint8Array(data);
    let offset = 0;
    const described = entries.map((entry) => {
      bytes.set(entry.update, offset);
      const item = {
        documentId: entry.documentId,
        userId: entry.userId,
        delegation: entry.delegation,
        at: entry.at,
        offset,
        length: entry.update.byteLength,
      };
      offset += entry.update.byteLength;
      return item;
    });
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ type: 'append', id, entries: described, data, claims }, [data]);
    });
  }

  /** Lets queued appends finish, then closes the worker's connection. */
  async close(): Promise<void> {
    if (this.alive) this.worker.postMessage({ type: 'close' });
    await this.exited;
  }
}
