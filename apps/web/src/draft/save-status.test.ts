import { describe, expect, it } from 'vitest';
import type { SyncState } from '../sync/connect-document';
import { describeSaveStatus } from './SaveStatus';

const connected: SyncState = { status: 'connected', loaded: true, saved: true };

describe('the save state of the drafting room', () => {
  it.each<[string, boolean, boolean, string]>([
    ['a delegate whose edits are on disk', true, true, 'Saved'],
    [
      'an observer, who comments but does not edit',
      false,
      true,
      'Read only: comment in a paragraph’s margin',
    ],
    ['an archivist, who only reads', false, false, 'Read only'],
  ])('tells %s what the text is to them', (_who, editable, mayComment, text) => {
    expect(describeSaveStatus(connected, editable, mayComment).text).toBe(text);
  });
});
