import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IpcReply } from '../servers/child-ipc';
import { readProcessCpuSeconds } from './process-cpu';

export const BENCH_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const REPO_ROOT = resolve(BENCH_ROOT, '..');

/** The core the servers under test run on; the bench (the load) runs on the other. */
export const SERVER_CORE = 0;
export const LOAD_CORE = 1;

export const SERVER_ENTRIES = {
  accord: 'accord.ts',
  stock: 'stock.ts',
  hocuspocus: 'hocuspocus.ts',
  relay: 'relay.ts',
  'empty-hono': 'empty-hono.ts',
} as const;
export type ServerEntry = keyof typeof SERVER_ENTRIES;

const READY_TIMEOUT_MS = 30_000;
const REQUEST_TIMEOUT_MS = 120_000;

let taskset: boolean | null = null;

/**
 * Whether pinning is possible: `taskset` exists and there are at least two cores. Once the bench has
 * pinned itself to LOAD_CORE (`main.ts`), `availableParallelism()` reads its affinity and counts that
 * one core: the unpinned bench asked before re-running itself pinned, so its answer stands. (Asked
 * again, the answer was "no", and every server inherited the bench's core, sharing it with the load.)
 */
export function canPin(): boolean {
  if (taskset === null) {
    taskset =
      process.env.ACCORD_BENCH_PINNED === '1' ||
      (availableParallelism() >= 2 && spawnSync('taskset', ['-V']).status === 0);
  }
  return taskset;
}

export interface ChildServerOptions {
  readonly env?: Readonly<Record<string, string>>;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
}

/** The cores a process may run on, as `/proc/PID/status` lists them (`0`, `0-1`, `0,2`). */
export function allowedCpus(status: string): string | null {
  return /^Cpus_allowed_list:\s*(\S+)$/m.exec(status)?.[1] ?? null;
}

/**
 * Refuses to measure a server that does not run on SERVER_CORE alone: the report says the servers
 * and the load have a core each, and every ratio in it relies on that.
 */
function checkPinned(child: ChildProcess, entry: ServerEntry): void {
  const allowed = allowedCpus(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
  if (allowed !== String(SERVER_CORE)) {
    child.kill('SIGKILL');
    throw new Error(`${entry} runs on cores ${allowed ?? '?'}, not on core ${SERVER_CORE} alone`);
  }
}

/** A server under test: a child process pinned to SERVER_CORE, reachable over IPC. */
export class ChildServer {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private output = '';
  readonly exited: Promise<number | null>;

  private constructor(
    readonly entry: ServerEntry,
    readonly child: ChildProcess,
    readonly port: number,
  ) {
    this.exited = new Promise((resolveExit) => child.once('exit', (code) => resolveExit(code)));
    child.on('message', (message: IpcReply) => {
      if (typeof message !== 'object' || message === null || !('id' in message)) return;
      const pending = this.waiting.get(message.id);
      if (pending === undefined) return;
      this.waiting.delete(message.id);
      if (message.ok) pending.resolve(message.value);
      else pending.reject(new Error(`${this.entry}: ${message.error}`));
    });
    child.once('exit', () => {
      for (const pending of this.waiting.values()) pending.reject(new Error(`${entry} exited`));
      this.waiting.clear();
    });
  }

  get pid(): number {
    return this.child.pid as number;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  /** CPU seconds the server has used so far (all threads). */
  cpuSeconds(): number {
    return readProcessCpuSeconds(this.pid);
  }

  request<T>(cmd: string, args?: unknown): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolveReply, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`${this.entry}: no answer to ${cmd}`));
      }, REQUEST_TIMEOUT_MS);
      this.waiting.set(id, {
        resolve: (value) => {
          clearTimeout(timer);
          resolveReply(value as T);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      this.child.send({ id, cmd, args });
    });
  }

  /** What the server wrote to stdout and stderr (for error messages). */
  get log(): string {
    return this.output;
  }

  /** SIGTERM (the servers close gracefully), then SIGKILL if it lingers. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await this.exited;
    clearTimeout(timer);
  }

  static async start(entry: ServerEntry, options: ChildServerOptions = {}): Promise<ChildServer> {
    const script = join(BENCH_ROOT, 'src/servers', SERVER_ENTRIES[entry]);
    // BENCH_CPU_PROF_DIR=dir: each server writes a V8 CPU profile there when it stops.
    const profileDir = process.env.BENCH_CPU_PROF_DIR;
    const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
    const node = [process.execPath, '--expose-gc', ...profile, '--import', 'tsx', script];
    const [command, ...args] = canPin() ? ['taskset', '-c', String(SERVER_CORE), ...node] : node;
    const child = spawn(command as string, args, {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        ...options.env,
        PORT: String(options.port ?? 0),
        NODE_ENV: 'production',
        // The bench pins itself with this; a server must not inherit it.
        ACCORD_BENCH_PINNED: '',
      },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    let output = '';
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    const port = await new Promise<number>((resolvePort, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${entry} did not start:\n${output}`)),
        READY_TIMEOUT_MS,
      );
      child.on('message', (message: { type?: string; port?: number }) => {
        if (message?.type === 'ready') {
          clearTimeout(timer);
          resolvePort(message.port as number);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${entry} exited (${code}) before listening:\n${output}`));
      });
    });
    // The bench pinned itself to the other core (`main.ts`): so must every server be.
    if (process.env.ACCORD_BENCH_PINNED === '1') checkPinned(child, entry);
    const server = new ChildServer(entry, child, port);
    child.stdout?.off('data', collect);
    child.stderr?.off('data', collect);
    const keep = (chunk: Buffer) => {
      server.output = (server.output + chunk.toString()).slice(-20_000);
    };
    server.output = output;
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    return server;
  }
}
