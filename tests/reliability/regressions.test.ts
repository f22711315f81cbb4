/**
 * Product failures the reliability suites found, each reduced to the smallest scenario that showed it.
 */
import { findBlockElement } from '@accord/ydoc';
import { afterEach, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { connectClient, readTexts, startTestServer, teardown, waitSynced } from '../server/harness';
import { runConvergenceSeed, startConvergenceServer } from './convergence-run';

afterEach(teardown);

const BRACKETED = `# Draft Council conclusions

1. The EU [stands ready] to respond.
`;

describe('found by the convergence fuzz', () => {
  it('relays and stores an edit of a paragraph holding square brackets', async () => {
    // Yjs follows every remote change to formatted text with a formatting-cleanup transaction of its
    // own; the server took that second, empty transaction for the answer to "did the edit change
    // anything?" and neither relayed nor logged the edit.
    const server = await startTestServer();
    const presidency = await server.createUser('presidency');
    const france = await server.createUser('delegate', 'FR');
    const germany = await server.createUser('delegate', 'DE');
    const { id } = await server.createDocument(presidency.token, { markdown: BRACKETED });
    const { blocks } = await server.readDocument(presidency.token, id);
    const index = blocks.findIndex((b) => b.text.includes('['));
    const writer = connectClient(server, id, france.token);
    const watcher = connectClient(server, id, germany.token);
    await Promise.all([waitSynced(writer), waitSynced(watcher)]);

    const text = findBlockElement(writer.doc, blocks[index]?.id as string)?.get(0) as Y.XmlText;
    text.insert(0, 'Today ');
    await expect.poll(() => readTexts(watcher.doc)[index]).toBe('Today The EU [stands ready] to respond.');
    await server.server.documents.flush();
    expect((await server.store.updates.list(id)).map((entry) => entry.delegation)).toContain('FR');
  });
});

describe('found by the long convergence fuzz', () => {
  it('converges on seed 638 (150 steps): the server relays and logs its own cleanup of bracket marks', async () => {
    // After a remote change to formatted text, Yjs removes redundant bracket marks in a transaction of
    // its own. Each client does so and sends the result; the server did too, but neither relayed nor
    // logged it, so a client that stayed connected kept a bracket the server's copy (the consensus,
    // the exports) no longer had: "Con[f]ide[🇪🇺uo.]" against "Con[f]ide🇪🇺uo.".
    const log: string[] = [];
    await runConvergenceSeed(await startConvergenceServer(), 638, 150, log);
  });

  it('converges on seed 122 (200 steps): a sync step 2 may repeat another user’s edits the server holds pending', async () => {
    // Structs a user's client wrote that the server put aside for lack of an earlier one reach the
    // others; their sync steps 2 repeat them. Leaving them out as if forged (they are another user's
    // client's) made two sync steps 2 that each held the other's pending edits wait on each other.
    const log: string[] = [];
    await runConvergenceSeed(await startConvergenceServer(), 122, 200, log);
  });
});
