import type { MiddlewareHandler } from 'hono';
import { DatabaseLostError, type Store } from '../store/store';
import { DATABASE_LOST_FAULT, describeStorageFault, respondWithError } from './error-handling';
import type { AppEnv } from './router';

/** Methods that change nothing: they are answered from what the server holds, lost file or not. */
const READING_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses every change (503 `storage-unavailable`, saying why) while the database is no longer where
 * the server opened it: SQLite would go on writing the file it holds open, and the next start, which
 * does not find it, would lose what the answer said was kept. Said once in the log when found, and
 * again if it happens anew after the directory was put back.
 */
export function refuseChangesWhenLost(
  store: Store,
  logError: (message: string, error: unknown) => void,
): MiddlewareHandler<AppEnv> {
  let announced = false;
  return async (c, next) => {
    if (READING_METHODS.has(c.req.method)) return next();
    const loss = await store.findLoss();
    if (loss === null) {
      announced = false;
      return next();
    }
    if (!announced) {
      announced = true;
      logError(`${loss}: every change is refused (503) until it is back`, new DatabaseLostError(loss));
    }
    const { status, code } = DATABASE_LOST_FAULT;
    return respondWithError(c, status, code, describeStorageFault(DATABASE_LOST_FAULT));
  };
}
