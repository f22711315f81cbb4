import type { MiddlewareHandler } from 'hono';
import type { Store } from '../store/store';
import { DATABASE_LOST_FAULT, describeStorageFault, respondWithError } from './error-handling';
import type { AppEnv } from './router';

/** Methods that change nothing: they are answered from what the server holds, lost file or not. */
const READING_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses every change (503 `storage-unavailable`, saying why) while the database is no longer where
 * the server opened it: SQLite would go on writing the file it holds open, and the next start, which
 * does not find it, would lose what the answer said was kept. Only a request to a route that may
 * change something (`isChange`) is refused. The store says so in the log, once when it finds the loss
 * and once when the file is back.
 */
export function refuseChangesWhenLost(
  store: Store,
  isChange: (method: string, path: string) => boolean,
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (READING_METHODS.has(c.req.method)) return next();
    // The file's status first (one stat): matching the route, a few regular expressions on the hot
    // path of every position, is needed only once the file is lost.
    if ((await store.findLoss()) === null) return next();
    // A comparison, or what no route takes (its 404 or 405 says more), is answered as always.
    if (!isChange(c.req.method, c.req.path)) return next();
    const { status, code } = DATABASE_LOST_FAULT;
    return respondWithError(c, status, code, describeStorageFault(DATABASE_LOST_FAULT));
  };
}
