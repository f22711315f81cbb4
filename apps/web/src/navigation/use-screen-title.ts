import { useEffect } from 'react';

/** What follows the screen's own names in every title. */
const APP_NAME = 'Accord';

/**
 * Names the page after the screen shown, then what it shows, then the app ("Consensus — 9916/17 —
 * Accord"), so the browser's history and tabs and a screen reader say where the user is; names not
 * yet known (`null`, a document still loading) are left out.
 */
export function useScreenTitle(...names: readonly (string | null)[]): void {
  const title = [...names.filter((name) => name !== null), APP_NAME].join(' — ');
  useEffect(() => {
    document.title = title;
    return () => {
      document.title = APP_NAME;
    };
  }, [title]);
}
