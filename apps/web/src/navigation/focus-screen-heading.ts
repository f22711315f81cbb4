import { type RefObject, useEffect, useRef } from 'react';
import { useLocation } from 'react-router';
import { isFocusTextOnArrival } from '../draft/focus-text-on-arrival';

/**
 * Spread on the heading that names a screen (`<h2 {...SCREEN_HEADING}>Consensus</h2>`): focus goes to
 * it when a link inside the app opens the screen. tabIndex -1 makes it focusable without putting it
 * in the Tab order.
 */
export const SCREEN_HEADING = { 'data-screen-heading': '', tabIndex: -1 } as const;

/**
 * After a client-side navigation to another screen, moves focus to the new screen's heading (or, if
 * it has none yet, to `main`): the link that was pressed went with the old screen, so focus would
 * fall to <body>, where the next Tab starts again from the top and a screen reader says nothing.
 *
 * Left alone: the first page load (the browser starts at the top, as on any page); a navigation to a
 * #fragment (the drafting room opens that paragraph's panel, which takes focus); one with
 * `FOCUS_TEXT_ON_ARRIVAL` state (the room puts focus in the text once it is loaded); and a screen
 * that has already put focus somewhere inside `main`.
 */
export function useFocusScreenHeading(main: RefObject<HTMLElement | null>): void {
  const { pathname, hash, state } = useLocation();
  const shown = useRef(pathname);
  useEffect(() => {
    if (pathname === shown.current) return;
    shown.current = pathname;
    const container = main.current;
    if (container === null || hash !== '' || isFocusTextOnArrival(state)) return;
    const focused = document.activeElement;
    if (focused !== null && focused !== container && container.contains(focused)) return;
    const heading = container.querySelector<HTMLElement>('[data-screen-heading]');
    (heading ?? container).focus();
  }, [pathname, hash, state, main]);
}
