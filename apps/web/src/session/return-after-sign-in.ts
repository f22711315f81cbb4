/**
 * Where a tab was when its session ended, so that the login link opened in it again (which lands on
 * the document list, or on the page it names) brings the user back there. Kept in `sessionStorage`:
 * that tab's alone, and gone with it.
 */
const RETURN_KEY = 'accord.session.return';

/** Remembers `path` (the tab's path, query and hash) as where to come back to. */
export function rememberReturnPath(path: string, storage: () => Storage = () => window.sessionStorage): void {
  try {
    storage().setItem(RETURN_KEY, path);
  } catch {
    // Storage refused (private mode, quota): the link lands where it says, as before.
  }
}

/**
 * The path to come back to, forgotten as it is read; null when there is none, or when the page was not
 * reached through a sign-in (`arrivedBySignIn`: the login link's redirect to the list), so that opening
 * the list later does not jump elsewhere.
 */
export function takeReturnPath(
  arrivedBySignIn: boolean,
  storage: () => Storage = () => window.sessionStorage,
): string | null {
  try {
    const kept = storage();
    const path = kept.getItem(RETURN_KEY);
    kept.removeItem(RETURN_KEY);
    // Only a path of this app: the key is ours, but its value is what the tab stored.
    return arrivedBySignIn && path?.startsWith('/') && !path.startsWith('//') ? path : null;
  } catch {
    return null;
  }
}

/** Whether this page load came through a redirect, as the login link's to the app does. */
export function arrivedByRedirect(): boolean {
  const [navigation] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
  return (navigation?.redirectCount ?? 0) > 0;
}
