import { describe, expect, it } from 'vitest';
import { readsAfter } from './event-reads';
import { DOCUMENT_EVENT_TYPES, type DocumentEventType } from './use-document-events';

const EXPECTED: Readonly<Record<DocumentEventType, readonly ('report' | 'comments')[]>> = {
  ready: ['report', 'comments'],
  position: ['report'],
  'commission-reservation': ['report'],
  comment: ['comments'],
  silence: ['report'],
  'consensus-changed': ['report'],
  revision: ['report'],
  forwarded: [],
  corrected: [],
};

describe('readsAfter', () => {
  it.each(DOCUMENT_EVENT_TYPES)('reads again after %s only what that event can have changed', (type) => {
    const reads = readsAfter(type);
    expect((['report', 'comments'] as const).filter((read) => reads[read])).toEqual(EXPECTED[type]);
  });
});
