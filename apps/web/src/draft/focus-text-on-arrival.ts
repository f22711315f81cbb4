/**
 * The navigation state with which a form that makes a document (a new draft, an I/A item note) opens
 * its drafting room: the form, and the button pressed, go with the page, so focus would fall to
 * <body>; the room puts it at the start of the text instead, where the work goes on.
 */
export const FOCUS_TEXT_ON_ARRIVAL = { focusText: true } as const;

/** Whether a location's state asks the drafting room to put focus in the text. */
export function isFocusTextOnArrival(state: unknown): boolean {
  return typeof state === 'object' && state !== null && 'focusText' in state && state.focusText === true;
}
