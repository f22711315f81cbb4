import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { MessageChannel } from 'node:worker_threads';
import type { DocumentDiff } from '@accord/diff';
import type { FormatError } from '@accord/format';
import { type CouncilDocument, err, ok, type Result, withFreshIds } from '@accord/model';
import { Piscina } from 'piscina';
import { buildFormatWorkerBundle, FORMAT_WORKER_BUNDLE } from '../bundles';
import { ApiError } from '../http/api-error';
import type { CompareError, FormatTask, FormatTaskResult, ReadFile } from './format-tasks';

/**
 * How long a worker may spend reading one file before the reader gives up on it. Generous: a
 * 2,000-block document took a fresh worker over 10 s on this machine's loaded core; the limit only
 * bounds how long a hostile text holds a worker, the event loop being free either way.
 */
export const FORMAT_TIME_LIMIT_MS = 60_000;
/** Files waiting for a worker beyond which the server answers 503 `busy`. */
export const FORMAT_QUEUE_LIMIT = 64;
/** A worker's heap: a file that needs more is refused, and the server's own heap is untouched. */
export const FORMAT_WORKER_HEAP_MB = 1024;

/**
 * Reads uploaded Council documents and compares Markdown texts in worker threads, so a file that costs
 * its parser seconds never holds up the event loop that relays edits. A file not read within the time
 * limit is refused (`too-complex`) and its worker ended.
 */
export interface FormatReader {
  readMarkdown(text: string, newId: () => string): Promise<Result<CouncilDocument, FormatError>>;
  readFile(bytes: Uint8Array, name: string, newId: () => string): Promise<Result<ReadFile, FormatError>>;
  compareMarkdown(old: string, next: string): Promise<Result<DocumentDiff, CompareError>>;
  /** Resolves once the first worker can be given a file (the bundle built if missing). */
  warm(): Promise<void>;
  close(): Promise<void>;
}

export interface FormatReaderOptions {
  readonly timeLimitMs?: number;
  readonly queueLimit?: number;
  readonly threads?: number;
  /** @default FORMAT_WORKER_BUNDLE */
  readonly bundle?: string;
}

export function createFormatReader(options: FormatReaderOptions = {}): FormatReader {
  const timeLimitMs = options.timeLimitMs ?? FORMAT_TIME_LIMIT_MS;
  const queueLimit = options.queueLimit ?? FORMAT_QUEUE_LIMIT;
  const bundle = options.bundle ?? FORMAT_WORKER_BUNDLE;
  // Made once the bundle is there: Piscina starts its first worker at once.
  let made: Promise<Piscina> | null = null;
  const pool = (): Promise<Piscina> => {
    made ??= (existsSync(bundle) ? Promise.resolve() : buildFormatWorkerBundle(bundle)).then(() => {
      const workers = new Piscina({
        filename: pathToFileURL(bundle).href,
        minThreads: 1,
        maxThreads: options.threads ?? Math.min(2, availableParallelism()),
        idleTimeout: 60_000,
        maxQueue: queueLimit,
        resourceLimits: { maxOldGenerationSizeMb: FORMAT_WORKER_HEAP_MB },
        // The bundle needs none of the server's flags (tsx's loader would only slow its start).
        execArgv: [],
      });
      // A worker failing outside a task (Piscina replaces it) must not end the server, as an
      // 'error' event without a listener would.
      workers.on('error', (error: unknown) => console.error('accord: a format worker failed', error));
      return workers;
    });
    return made;
  };

  async function run<T extends FormatTask>(task: T): Promise<FormatTaskResult<T>> {
    const workers = await pool();
    if (workers.queueSize >= queueLimit) {
      throw new ApiError(503, 'busy', 'the server is reading too many files at once; try again shortly');
    }
    // The limit counts from the task's start in a worker: a wait in the queue is not the file's doing.
    const { port1: started, port2: startedInWorker } = new MessageChannel();
    const abort = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    started.once('message', () => {
      timer = setTimeout(() => abort.abort(), timeLimitMs);
    });
    try {
      return (await workers.run(
        { task, started: startedInWorker },
        { signal: abort.signal, transferList: [startedInWorker] },
      )) as FormatTaskResult<T>;
    } catch (error) {
      if (abort.signal.aborted) {
        return tooComplex(
          `not read within ${timeLimitMs / 1000} s: too complex to read`,
        ) as FormatTaskResult<T>;
      }
      if (isOutOfMemory(error)) {
        return tooComplex(
          'too complex to read: it needs more memory than a file may take',
        ) as FormatTaskResult<T>;
      }
      throw error;
    } finally {
      clearTimeout(timer);
      started.close();
    }
  }

  return {
    readMarkdown: async (text, newId) => withServerIds(await run({ type: 'markdown', text }), newId),
    readFile: async (bytes, name, newId) => {
      const read = await run({ type: 'file', bytes, name });
      if (!read.ok) return read;
      return ok({ document: withFreshIds(read.value.document, newId), leftOut: read.value.leftOut });
    },
    compareMarkdown: (old, next) => run({ type: 'compare', old, new: next }),
    warm: async () => {
      await pool();
    },
    close: async () => {
      if (made !== null) await (await made).destroy();
    },
  };
}

let shared: FormatReader | null = null;

function reader(): FormatReader {
  shared ??= createFormatReader();
  return shared;
}

/** Starts the process's reader's first worker now, so the first upload does not wait for it. */
export function warmFormatReader(): Promise<void> {
  return reader().warm();
}

/**
 * The process's reader, shared by every app in it. Its pool is made at the first read (or by
 * `warmFormatReader`), lives as long as the process (closing one app leaves it), and its idle workers
 * keep no process alive.
 */
export function sharedFormatReader(): FormatReader {
  return { ...reader(), close: async () => {} };
}

/** A document read in a worker, with the server's ids in place of the worker's placeholders. */
function withServerIds(
  read: Result<CouncilDocument, FormatError>,
  newId: () => string,
): Result<CouncilDocument, FormatError> {
  return read.ok ? { ok: true, value: withFreshIds(read.value, newId) } : read;
}

function tooComplex(message: string): Result<never, FormatError> {
  return err({ code: 'too-complex', message });
}

function isOutOfMemory(error: unknown): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY';
}
