import { diffDocuments } from '@accord/diff';
import type { CouncilDocument } from '@accord/model';
import { diffLines } from 'diff';
import {
  editBlocks,
  generateDocument,
  pickIndexes,
  renderDocumentMarkdown,
  rewriteAllBlocks,
} from '../harness/content';
import { PeerServer } from '../harness/peers';
import { summarize } from '../harness/stats';
import { Writer } from '../harness/writer';
import { formatCount, formatMs, formatRatio, type TargetCheck, verdict } from '../results';
import type { Scenario } from '../scenario';

const BLOCKS = 2_000;
const CEILING_MS = 500;
const REVISION_TARGET_MS = 50;

interface DiffCase {
  readonly name: string;
  readonly targetMs: number;
  readonly make: (base: CouncilDocument) => CouncilDocument;
}

const CASES: readonly DiffCase[] = [
  {
    name: '1 % of blocks changed',
    targetMs: 10,
    make: (b) => editBlocks(b, pickIndexes(BLOCKS, 20, 11), 21),
  },
  {
    name: '10 % of blocks changed',
    targetMs: 20,
    make: (b) => editBlocks(b, pickIndexes(BLOCKS, 200, 12), 22),
  },
  {
    name: '50 % of blocks changed',
    targetMs: 200,
    make: (b) => editBlocks(b, pickIndexes(BLOCKS, 1000, 13), 23),
  },
  { name: 'every block fully rewritten', targetMs: CEILING_MS, make: (b) => rewriteAllBlocks(b, 24) },
];

/** Up to this many warm-up runs (so the code is compiled as a server's would be), within WARMUP_MS. */
const WARMUP_RUNS = 10;
const WARMUP_MS = 1_500;
/** Measured runs stop early once they have taken this long (at least three are kept; one with --quick). */
const MEASURE_BUDGET_MS = 5_000;

function time(runs: number, act: () => unknown, quick: boolean): number[] {
  const warmupEnd = performance.now() + (quick ? WARMUP_MS / 3 : WARMUP_MS);
  for (let i = 0; i < WARMUP_RUNS && performance.now() < warmupEnd; i++) act();
  const out: number[] = [];
  const end = performance.now() + (quick ? MEASURE_BUDGET_MS / 4 : MEASURE_BUDGET_MS);
  const least = quick ? 1 : 3;
  for (let i = 0; i < runs && (i < least || performance.now() < end); i++) {
    const started = performance.now();
    act();
    out.push(performance.now() - started);
  }
  return out;
}

export const s8RevisionDiff: Scenario = {
  id: 'S8',
  title: 'Revision diff of two 2,000-block documents, and issuing a revision',
  async run(context) {
    const runs = context.quick ? 5 : 30;
    const base = generateDocument(BLOCKS, 8);
    const baseText = renderDocumentMarkdown(base);
    const rows: string[][] = [];
    const checks: TargetCheck[] = [];
    const data: Record<string, unknown> = {};
    for (const c of CASES) {
      context.log(`S8 diff: ${c.name}`);
      const changed = c.make(base);
      const changedText = renderDocumentMarkdown(changed);
      const accord = summarize(
        time(runs, () => diffDocuments(base, changed, { align: 'id' }), context.quick),
      );
      const accordByText = summarize(
        time(runs, () => diffDocuments(base, changed, { align: 'text' }), context.quick),
      );
      const jsdiff = summarize(time(runs, () => diffLines(baseText, changedText), context.quick));
      data[c.name] = { accord, accordByText, jsdiff };
      rows.push([
        c.name,
        formatMs(accord.p50),
        formatMs(accord.max),
        formatMs(accordByText.p50),
        formatMs(jsdiff.p50),
        formatRatio(accord.p50, jsdiff.p50),
        `≤ ${formatMs(c.targetMs)}`,
      ]);
      const worst = Math.max(accord.max, accordByText.max);
      checks.push({
        name: `diff, ${c.name} (p50; max of both alignments ≤ ${CEILING_MS} ms)`,
        target: `≤ ${formatMs(c.targetMs)}`,
        measured: `${formatMs(accord.p50)} (max ${formatMs(worst)})`,
        verdict: verdict(accord.p50 <= c.targetMs && worst <= CEILING_MS),
      });
    }

    context.log('S8 issuing revisions of a 2,000-block document');
    const peer = await PeerServer.start('accord');
    const issue: number[] = [];
    try {
      const doc = await peer.createDocument(base);
      const writer = await Writer.open(peer.target(doc, { token: peer.delegateToken(0) }));
      for (let i = 0; i < runs + 1; i++) {
        // A keystroke first, so every revision freezes a changed text.
        writer.typeInto(i + 1);
        const started = performance.now();
        await peer.api('POST', `/api/documents/${doc.name}/revisions`, peer.presidencyToken, {});
        if (i > 0) issue.push(performance.now() - started);
      }
      writer.close();
    } finally {
      await peer.stop();
    }
    const revision = summarize(issue);
    data.issueRevision = revision;
    checks.push({
      name: `issuing a revision of a ${formatCount(BLOCKS)}-block document (p50)`,
      target: `≤ ${formatMs(REVISION_TARGET_MS)}`,
      measured: `${formatMs(revision.p50)} (max ${formatMs(revision.max)})`,
      verdict: verdict(revision.p50 <= REVISION_TARGET_MS),
    });
    return {
      tables: [
        {
          title: `Diff of two ${formatCount(BLOCKS)}-block documents (up to ${runs} runs each, after up to ${WARMUP_RUNS} warm-up runs)`,
          columns: [
            'change',
            'Accord p50',
            'Accord max',
            'Accord by text p50',
            'jsdiff diffLines p50',
            'Accord / jsdiff',
            'target',
          ],
          rows,
        },
        {
          title: 'Issuing a revision (POST /api/documents/:id/revisions, round trip)',
          columns: ['blocks', 'p50', 'max'],
          rows: [[formatCount(BLOCKS), formatMs(revision.p50), formatMs(revision.max)]],
        },
      ],
      checks,
      notes: [
        'Accord: `diffDocuments` from @accord/diff, blocks paired by id (versions of one live document), with word-level runs inside every modified block; "by text": the same documents paired by text, as for two uploaded files. jsdiff: `diffLines` over the same two documents rendered as Markdown, in the same process. A changed block has two words replaced, one inserted and one deleted; "fully rewritten" gives every block entirely new text.',
        'Revision: the round trip of the API call on the server under test, after one keystroke, so that each revision freezes new text: flush of the update log, Yjs state, rendered text, SHA-256, one SQLite transaction with the audit entry.',
      ],
      data,
    };
  },
};
