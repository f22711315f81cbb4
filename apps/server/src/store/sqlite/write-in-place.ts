import type { Database } from 'better-sqlite3';

/**
 * Throws a `DatabaseLostError` when the database is no longer where it was opened (its data directory
 * deleted or moved). `written`: the check after a commit, which then went to the lost file.
 */
export type AssertInPlace = (written?: boolean) => void;

/** A write transaction, run as a statement or (`immediate`) under a write lock taken at its start. */
export interface WriteInPlace<A extends unknown[], R> {
  (...args: A): R;
  immediate(...args: A): R;
}

/**
 * Makes writes that are acknowledged only once they are known to be on the database file still in
 * place, for the writes that are not batched (comments, users, sessions, silence, documents, …; edits
 * and positions are, `prepareDurableCommit`). The loss is checked inside the transaction, just before
 * its commit, so one found then writes nothing anywhere; and again after the commit, so one found
 * while it ran is refused too rather than acknowledged (the write is then in the lost file alone).
 * The request's check beforehand leaves a window in which the directory may go.
 */
export function prepareWriteInPlace(
  db: Database,
  assertInPlace: AssertInPlace,
): <A extends unknown[], R>(write: (...args: A) => R) => WriteInPlace<A, R> {
  return <A extends unknown[], R>(write: (...args: A) => R) => {
    const transaction = db.transaction((...args: A): R => {
      const result = write(...args);
      assertInPlace();
      return result;
    });
    const checkedAfter =
      (run: (...args: A) => R) =>
      (...args: A): R => {
        const result = run(...args);
        assertInPlace(true);
        return result;
      };
    return Object.assign(checkedAfter(transaction), { immediate: checkedAfter(transaction.immediate) });
  };
}
