/**
 * How this browser's redlines mark insertions (bold underline, the Council's convention, or bold alone
 * as some Presidencies do), kept across visits: a Presidency picks its convention once.
 */
import { type InsertionStyle, isInsertionStyle } from '@accord/diff/labels';

const KEY = 'accord.redline.insertions';

export function loadInsertionStyle(storage: Storage): InsertionStyle {
  try {
    const stored = storage.getItem(KEY);
    return isInsertionStyle(stored) ? stored : 'bold-underline';
  } catch {
    // Storage refused (private mode, quota): the convention's default.
    return 'bold-underline';
  }
}

export function saveInsertionStyle(storage: Storage, style: InsertionStyle): void {
  try {
    storage.setItem(KEY, style);
  } catch {
    // Not kept: the choice still holds on this page.
  }
}
