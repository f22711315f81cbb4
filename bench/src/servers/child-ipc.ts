/**
 * The bench side of a server under test: every entry in this folder runs as a child process pinned to
 * one core and talks to the bench over the Node IPC channel.
 *
 *   child → bench  { type: 'ready', port }             once listening
 *   bench → child  { id, cmd, args }                    a request
 *   child → bench  { id, ok: true, value } | { id, ok: false, error }
 *
 * Every server answers `eld-reset` (starts measuring the event-loop delay inside the server with
 * `monitorEventLoopDelay`; off until then, as its 1 ms timer costs about 2 % of a core), `eld` (its
 * percentiles in ms since the reset), `eld-stop`, `memory` (`process.memoryUsage()` after two full GCs; the child
 * runs with `--expose-gc`) and `cpu` (`process.cpuUsage()`); entries add their own commands.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';

export type IpcHandler = (args: unknown) => unknown;

export interface IpcRequest {
  readonly id: number;
  readonly cmd: string;
  readonly args?: unknown;
}

export type IpcReply =
  | { readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly id: number; readonly ok: false; readonly error: string };

export interface EventLoopDelay {
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
}

const NS_PER_MS = 1e6;

/** Starts answering the bench's requests and tells it the server listens on `port`. */
export function serveBench(port: number, handlers: Readonly<Record<string, IpcHandler>> = {}): void {
  const send = process.send?.bind(process);
  if (send === undefined) throw new Error('a bench server must be started by the bench (no IPC channel)');
  const delay = monitorEventLoopDelay({ resolution: 1 });
  const builtIn: Record<string, IpcHandler> = {
    'eld-reset': () => {
      delay.enable();
      delay.reset();
      return null;
    },
    'eld-stop': () => {
      delay.disable();
      return null;
    },
    eld: (): EventLoopDelay => ({
      p50: delay.percentile(50) / NS_PER_MS,
      p99: delay.percentile(99) / NS_PER_MS,
      max: delay.max / NS_PER_MS,
      mean: delay.mean / NS_PER_MS,
    }),
    memory: () => {
      const gc = (globalThis as { gc?: () => void }).gc;
      gc?.();
      gc?.();
      return process.memoryUsage();
    },
    cpu: () => process.cpuUsage(),
  };
  const all = { ...builtIn, ...handlers };
  process.on('message', (raw: IpcRequest) => {
    const handler = all[raw.cmd];
    const reply = (message: IpcReply) => {
      if (process.connected) send(message);
    };
    if (handler === undefined) {
      reply({ id: raw.id, ok: false, error: `unknown command ${raw.cmd}` });
      return;
    }
    Promise.resolve()
      .then(() => handler(raw.args))
      .then(
        (value) => reply({ id: raw.id, ok: true, value: value ?? null }),
        (error: unknown) =>
          reply({ id: raw.id, ok: false, error: error instanceof Error ? error.message : String(error) }),
      );
  });
  // The bench is gone: nobody will stop this server otherwise.
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready', port });
}
