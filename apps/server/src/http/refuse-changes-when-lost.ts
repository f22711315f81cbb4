import type { MiddlewareHandler } from 'hono';
import type { Store } from '../store/store';
import { DATABASE_LOST_FAULT, describeStorageFault, respondWithError } from './error-handling';
import type { AppEnv } from './router';

/** Methods that change nothing: they are answered from what the server holds, lost file or not. */
const READING_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses every change (503 `storage-unavailable`, saying why) while the database is no longer where
 * the server opened it: SQLite would go on writing the file it holds open, and the next start, which
 * does not find it, would lose what the answer said was kept. The store says so in the log, once when
 * it finds the loss and once when the file is back.
 */
export function refuseChangesWhenLost(store: Store): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (READING_METHODS.has(c.req.method)) return next();
    if ((await store.findLoss()) === null) return next();
    const { status, code } = DATABASE_LOST_FAULT;
    return respondWithError(c, status, code, describeStorageFault(DATABASE_LOST_FAULT));
  };
}
