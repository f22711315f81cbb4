import type { Context, MiddlewareHandler } from 'hono';
import { describeFailureKind, RepeatedFailures } from '../repeated-failures';
import type { StorageFault } from './error-handling';
import type { AppEnv } from './router';

/**
 * Says requests refused for a storage fault (a full disk's 507, a locked or failing database's 503)
 * once while they are refused the same way, with the first one's stack, and once more when a change
 * is saved again: each refusal's line and stack would go on for as long as the disk stays full. Every
 * refusal is answered as before.
 */
export class StorageFaultLog {
  private readonly refusals = new RepeatedFailures();

  constructor(private readonly logError: (message: string, error: unknown) => void) {}

  /** A request answered with `fault` for `error`: said when the first of a run of its kind. */
  refused(c: Context, fault: StorageFault, error: unknown): void {
    const kind = `${fault.status} ${fault.code} (${describeFailureKind(error)})`;
    if (!this.refusals.count(kind)) return;
    this.logError(
      `${c.req.method} ${c.req.path} failed, refused ${kind}; the requests refused so after it are counted, said once a change is saved again or one fails otherwise`,
      error,
    );
  }

  /**
   * Ends a run of refusals once a request to a route that changes something (`isChange`) is answered
   * below 400: what it changed was saved.
   */
  endOnSavedChange(isChange: (method: string, path: string) => boolean): MiddlewareHandler<AppEnv> {
    return async (c, next) => {
      await next();
      // Matching the route (a few regular expressions) only while refusals are counted.
      if (!this.refusals.running || c.res.status >= 400 || !isChange(c.req.method, c.req.path)) return;
      const run = this.refusals.end();
      if (run === null) return;
      const requests = run.times === 1 ? '1 request' : `${run.times} requests`;
      this.logError(`changes are saved again, after ${requests} refused ${run.kind}`, undefined);
    };
  }
}
