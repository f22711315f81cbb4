import type { MiddlewareHandler } from 'hono';
import type { Store } from '../store/store';
import { DATABASE_LOST_FAULT, describeStorageFault, respondWithError } from './error-handling';
import type { AppEnv } from './router';

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
    // A read, a comparison, or what no route takes (its 404 or 405 says more) is answered as always.
    if (!isChange(c.req.method, c.req.path)) return next();
    if ((await store.findLoss()) === null) return next();
    const { status, code } = DATABASE_LOST_FAULT;
    return respondWithError(c, status, code, describeStorageFault(DATABASE_LOST_FAULT));
  };
}
