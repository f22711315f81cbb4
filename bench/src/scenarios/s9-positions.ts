import { MEMBER_STATE_CODES, POSITION_KINDS } from '@accord/model';
import { ChildServer } from '../harness/child-server';
import { timeConsensus } from '../harness/consensus-timing';
import { generateDocument } from '../harness/content';
import { runHttpLoad, type Throughput } from '../harness/http-load';
import { PeerServer } from '../harness/peers';
import { summarize } from '../harness/stats';
import { openMany } from '../harness/timing';
import {
  formatCount,
  formatMs,
  formatPercent,
  formatRatio,
  formatUs,
  type TargetCheck,
  verdict,
} from '../results';
import type { Scenario } from '../scenario';

const CLIENTS = 200;
const BLOCKS = 2_000;
const TARGET_SHARE = 0.5;
const CONSENSUS_TARGET_MS = 5;
/** The generated document's seed: the server's document and the consensus timings use the same blocks. */
const CONTENT_SEED = 9;

export const s9Positions: Scenario = {
  id: 'S9',
  title: 'Positions per second over HTTP; consensus of a 2,000-block document',
  async run(context) {
    const seconds = context.quick ? 2 : 10;
    const warmup = context.quick ? 0.5 : 1;
    const content = generateDocument(BLOCKS, CONTENT_SEED);
    const blockIds = content.blocks.map((b) => b.id);
    // Both routes get the same load, each from a fresh load generator (`http-load.ts`).
    const load = {
      clients: CLIENTS,
      seconds,
      warmupSeconds: warmup,
      suffix: '/position',
      bodies: POSITION_KINDS.map((position) => JSON.stringify({ position })),
    };

    context.log(`S9 Accord: ${CLIENTS} clients recording positions for ${seconds} s`);
    const peer = await PeerServer.start('accord');
    let accord: Throughput;
    let report: { p50: number; max: number };
    try {
      const doc = await peer.createDocument(content);
      const live = (await (
        await peer.api('GET', `/api/documents/${doc.name}`, peer.presidencyToken)
      ).json()) as {
        blocks: { id: string }[];
      };
      const ids = live.blocks.map((b) => b.id);
      const users = await openMany(CLIENTS, 20, (i) =>
        peer.createUser('delegate', MEMBER_STATE_CODES[i % MEMBER_STATE_CODES.length]),
      );
      const tokens = users.map((user) => user.token);
      accord = await runHttpLoad({
        ...load,
        origin: peer.url,
        serverPid: peer.child.pid as number,
        prefix: `/api/documents/${doc.name}/blocks/`,
        ids,
        clientStride: 7919,
        requestStride: 104_729,
        tokens,
      });
      const reports: number[] = [];
      for (let i = 0; i < 10; i++) {
        const started = performance.now();
        await (
          await peer.api('GET', `/api/documents/${doc.name}/consensus`, peer.presidencyToken)
        ).arrayBuffer();
        reports.push(performance.now() - started);
      }
      const s = summarize(reports);
      report = { p50: s.p50, max: s.max };
    } finally {
      await peer.stop();
    }

    context.log(`S9 empty Hono route: ${CLIENTS} clients for ${seconds} s`);
    const empty = await ChildServer.start('empty-hono');
    let yardstick: Throughput;
    try {
      yardstick = await runHttpLoad({
        ...load,
        origin: empty.url,
        serverPid: empty.pid,
        prefix: '/api/documents/d/blocks/',
        ids: blockIds,
        clientStride: 1,
        requestStride: 1,
        tokens: ['x'.repeat(43)],
      });
    } finally {
      await empty.stop();
    }

    context.log('S9 consensus of a 2,000-block document');
    const timings = await timeConsensus({
      blocks: BLOCKS,
      seed: CONTENT_SEED,
      freshBoards: context.quick ? 8 : 22,
      oneChanged: 22,
    });
    const cold = timings.cold;
    const freshSummary = summarize(timings.fresh.slice(2));
    const oneSummary = summarize(timings.oneChanged.slice(2));

    const share = accord.perSecond / yardstick.perSecond;
    const checks: TargetCheck[] = [
      {
        name: `positions/s with ${CLIENTS} concurrent clients, against an empty Hono route`,
        target: `≥ ${(TARGET_SHARE * 100).toFixed(0)} % of ${formatCount(yardstick.perSecond)}/s`,
        measured: `${formatCount(accord.perSecond)}/s (${(share * 100).toFixed(0)} %), ${accord.errors} errors`,
        verdict: verdict(share >= TARGET_SHARE && accord.errors === 0),
      },
      {
        name: `consensus of a ${formatCount(BLOCKS)}-block document with a full board (27 × ${formatCount(BLOCKS)} positions in memory), after a position changed (p50)`,
        target: `≤ ${formatMs(CONSENSUS_TARGET_MS)}`,
        measured: `${formatMs(oneSummary.p50)} (max ${formatMs(oneSummary.max)})`,
        verdict: verdict(oneSummary.p50 <= CONSENSUS_TARGET_MS),
      },
      {
        name: `consensus of the same document computed from nothing (every block's positions new, p50)`,
        target: `≤ ${formatMs(CONSENSUS_TARGET_MS)}`,
        measured: `${formatMs(freshSummary.p50)} (max ${formatMs(freshSummary.max)})`,
        verdict: verdict(freshSummary.p50 <= CONSENSUS_TARGET_MS),
      },
    ];
    return {
      tables: [
        {
          title: `Positions over HTTP, ${CLIENTS} concurrent clients`,
          columns: [
            'route',
            'requests/s',
            'p50',
            'p99',
            'errors',
            'server core busy',
            'server CPU per request',
            'load core busy',
            'Accord / this',
          ],
          rows: [
            [
              'PUT …/position (Accord)',
              formatCount(accord.perSecond),
              formatMs(accord.latency.p50),
              formatMs(accord.latency.p99),
              formatCount(accord.errors),
              formatPercent(accord.server.coreShare),
              formatUs(accord.server.cpuMicrosPerRequest / 1000),
              formatPercent(accord.loadCoreShare),
              '',
            ],
            [
              'empty Hono route',
              formatCount(yardstick.perSecond),
              formatMs(yardstick.latency.p50),
              formatMs(yardstick.latency.p99),
              formatCount(yardstick.errors),
              formatPercent(yardstick.server.coreShare),
              formatUs(yardstick.server.cpuMicrosPerRequest / 1000),
              formatPercent(yardstick.loadCoreShare),
              formatRatio(accord.perSecond, yardstick.perSecond),
            ],
          ],
        },
        {
          title: `Consensus of a ${formatCount(BLOCKS)}-block document, 27 positions on every block (computeConsensus)`,
          columns: ['case', 'p50', 'max'],
          rows: [
            ['first report (hashes every block text)', formatMs(cold), formatMs(cold)],
            ['every block’s positions new', formatMs(freshSummary.p50), formatMs(freshSummary.max)],
            ['one position changed', formatMs(oneSummary.p50), formatMs(oneSummary.max)],
            ['GET …/consensus round trip after the run', formatMs(report.p50), formatMs(report.max)],
          ],
        },
      ],
      checks,
      notes: [
        `${CLIENTS} clients (undici, one keep-alive connection each), each a delegate user with its own token, each sending its next PUT as soon as the last is answered, to random blocks of a ${formatCount(BLOCKS)}-block document; ${warmup} s warm-up, then ${seconds} s counted. The empty route: the same requests to a Hono route on @hono/node-server that only answers, in the same run. Each route's load comes from a fresh process on the load core (http-load.ts), so what ran before in the bench does not slow it.`,
        'Every recorded position is validated, pinned to the hash of the live text, written to SQLite (group-committed) with its audit entry, and pushed to the event stream.',
        `Consensus: computeConsensus on the same ${formatCount(BLOCKS)} blocks with every Member State's position on each, in a fresh process on the load core (consensus-timing.ts), so what ran before in the bench does not slow it: the first report, then boards whose every block's positions are new, then reports after one position changed on the last board (the first two of each not counted).`,
      ],
      data: {
        accord,
        yardstick,
        consensus: { cold, fresh: freshSummary, oneChanged: oneSummary, route: report },
      },
    };
  },
};
