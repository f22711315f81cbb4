import type { ForwardedTextStanding } from '@accord/model';
import { describe, expect, it } from 'vitest';
import type { BlockConsensus, ConsensusReport } from '../api/client';
import { describeHeadline, type Headline, judgeBoardText } from './headline';

const standing = (over: Partial<ForwardedTextStanding>): ForwardedTextStanding => ({
  scope: 'annex',
  partName: null,
  status: 'agreed',
  documentStatus: 'open',
  ...over,
});

describe('the board headline', () => {
  it.each<[string, ForwardedTextStanding, Headline]>([
    [
      'says the annex is agreed while nobody has spoken on the cover note',
      standing({}),
      {
        subject: 'Annex',
        status: 'agreed',
        note: "What the item note forwards. The cover note is not the delegations' to agree; with it, the document is open.",
      },
    ],
    [
      'names the annex by its label',
      standing({ partName: 'Annex II', status: 'reserved', documentStatus: 'opposed' }),
      {
        subject: 'Annex II',
        status: 'reserved',
        note: "What the item note forwards. The cover note is not the delegations' to agree; with it, the document is opposed.",
      },
    ],
    [
      'says the text after the cover lines',
      standing({ scope: 'after-cover' }),
      {
        subject: 'Text',
        status: 'agreed',
        note: "What the item note forwards. The cover lines before the title are not the delegations' to agree; with it, the document is open.",
      },
    ],
    [
      'names the document when it stands as the annex does',
      standing({ documentStatus: 'agreed' }),
      { subject: 'Document', status: 'agreed', note: null },
    ],
    [
      'names the document when the whole of it is forwarded',
      standing({ scope: 'whole', status: 'open', documentStatus: 'open' }),
      { subject: 'Document', status: 'open', note: null },
    ],
  ])('%s', (_, given, headline) => {
    expect(describeHeadline(given)).toEqual(headline);
  });
});

describe('judgeBoardText', () => {
  const row = (id: string, number: string | null, status: BlockConsensus['status'], empty = false) =>
    ({ id, number, status, empty }) as BlockConsensus;
  const report = (blocks: BlockConsensus[]) =>
    ({ status: 'open', blocks, general: { positions: {}, reserved: [] } }) as unknown as ConsensusReport;
  const loaded = {
    blocks: [
      { id: 'c1', kind: 'numbered', number: '1', text: 'Delegations will find the conclusions.' },
      { id: 'h', kind: 'heading', number: null, text: 'DRAFT COUNCIL CONCLUSIONS' },
      { id: 'a1', kind: 'numbered', number: '1', text: 'The EU recalls.' },
    ],
    footnotes: [],
  };

  it('counts a paragraph added to the annex since the text was loaded, which the report lists with text', () => {
    const rows = [row('c1', '1', 'open'), row('h', null, 'agreed'), row('a1', '1', 'agreed')];
    expect(judgeBoardText(report(rows), loaded)?.status).toBe('agreed');
    expect(judgeBoardText(report([...rows, row('new', null, 'open')]), loaded)?.status).toBe('open');
    expect(judgeBoardText(report([...rows, row('new', null, 'open', true)]), loaded)?.status).toBe('agreed');
  });
});
