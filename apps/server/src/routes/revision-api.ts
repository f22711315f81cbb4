import { createRouter } from '../http/router';
import type { RevisionDeps } from '../revisions/issue-revision';
import { createKeyedLock } from '../revisions/keyed-lock';
import { createDiffRoutes } from './diff';
import { createExportRoutes } from './export';
import { createRevisionRoutes } from './revisions';

/** Revisions, diffs and exports, sharing one per-document issuing lock. */
export function createRevisionApi(deps: Omit<RevisionDeps, 'lock'>) {
  const withLock: RevisionDeps = { ...deps, lock: createKeyedLock() };
  return createRouter()
    .route('/', createRevisionRoutes(withLock))
    .route('/', createDiffRoutes(withLock))
    .route('/', createExportRoutes(withLock));
}
