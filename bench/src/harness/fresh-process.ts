/**
 * Runs a measurement in a fresh child process, so that what ran before in the bench (its heap, its
 * sockets, its timers) does not slow it. The child inherits the bench's core. A module opts in by
 * calling `serveInFreshProcess(import.meta.url, measure)` at its top level and is run with
 * `runInFreshProcess(import.meta.url, plan, label)`.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

type Reply<T> = { ok: true; value: T } | { ok: false; error: string };

/** Forks `moduleUrl` (through tsx), sends it `plan` and resolves with what its measurement returns. */
export function runInFreshProcess<Plan, Result>(
  moduleUrl: string,
  plan: Plan,
  label: string,
): Promise<Result> {
  const child = fork(fileURLToPath(moduleUrl), [], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  return new Promise((resolve, reject) => {
    child.once('message', (message: Reply<Result>) => {
      if (message.ok) resolve(message.value);
      else reject(new Error(`${label}: ${message.error}`));
      child.disconnect();
    });
    child.once('exit', (code) => reject(new Error(`${label} exited (${code}) without a result`)));
    child.send(plan as object);
  });
}

/** In the forked module (and only there): answers the plan it is sent with `measure`'s result. */
export function serveInFreshProcess<Plan, Result>(
  moduleUrl: string,
  measure: (plan: Plan) => Result | Promise<Result>,
): void {
  if (process.send === undefined || process.argv[1] !== fileURLToPath(moduleUrl)) return;
  process.once('message', (plan: Plan) => {
    Promise.resolve()
      .then(() => measure(plan))
      .then(
        (value) => process.send?.({ ok: true, value } satisfies Reply<Result>),
        (error: unknown) => process.send?.({ ok: false, error: String(error) } satisfies Reply<Result>),
      );
  });
}
