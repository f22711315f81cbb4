import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createId } from './auth/tokens';
import { readConfig } from './config';
import { isUntouched, playDemoStory } from './demo/demo-story';
import {
  DEMO_LOGINS_FILE,
  type DemoLogin,
  findDemoDocument,
  findDemoFixture,
  seedDemo,
} from './demo/seed-demo';
import { warmFormatReader } from './documents/format-reader';
import { compileProxyTrust } from './http/client-address';
import { SERVER_ROOT } from './server-root';
import { DRAIN_LIMIT_MS, type RunningServer, startServer } from './start-server';
import { describeDataDirError, describeDataDirTaken, describeListenError } from './startup-errors';
import { describeUnfinishedStop, STOP_LIMIT_MS, waitAtMost } from './stop-within';
import { type DataDirLock, lockDataDir } from './store/sqlite/data-dir-lock';
import { openSqliteStore, SQLITE_FILE_NAME, type SqliteStore } from './store/sqlite/open-sqlite-store';
import {
  backupBeforeUpgrade,
  KEPT_UPGRADE_COPIES,
  removeOlderUpgradeCopies,
  type UpgradeBackup,
  type UpgradeCopyRemoval,
} from './store/sqlite/upgrade-backup';

const WEB_ROOT = join(SERVER_ROOT, '../web/dist');

/** Where the server was asked to run does not let it: one line, exit 2, as for a bad setting. */
function refuse(message: string): never {
  exitWith(2, message);
}

function exitWith(code: number, message: string): never {
  process.stderr.write(`accord: ${message}\n`);
  process.exit(code);
}

/**
 * On a demo workspace's first start, its negotiation so far (`demo-story.ts`), before the links are
 * printed: whoever opens one finds it (`url`: the server as this machine reaches it). A story that
 * fails leaves the workspace as seeded, and says so.
 */
async function tellDemoStory(
  store: SqliteStore,
  url: string,
  logins: readonly DemoLogin[],
  requestLog: RequestLog,
): Promise<void> {
  const document = await findDemoDocument(store);
  // Its requests (and the check before it) are counted, not listed: some forty lines above the
  // links would bury them.
  requestLog.hold();
  let played = false;
  try {
    if (document === undefined || !(await isUntouched(url, logins, document.id))) return;
    say("Demo: playing the working party's negotiation so far through the API (first start only)");
    played = true;
    await playDemoStory(url, logins, document.id, readFileSync(findDemoFixture(), 'utf8'));
  } catch (error) {
    say(
      `The demo's negotiation could not be played (${error instanceof Error ? error.message : String(error)}); the demo document stays as imported.`,
    );
  } finally {
    const held = requestLog.release();
    if (played && held > 0) say(`Demo: ${held} requests answered while it played (not listed)`);
  }
}

/** `url` of a server listening on every interface as this machine reaches it, by the loopback address. */
function reachLocally(url: string): string {
  return url.replace(/\/\/0\.0\.0\.0(?=:)/, '//127.0.0.1').replace(/\/\/\[::\](?=:)/, '//[::1]');
}

/** The request log on standard output, which can count its lines instead of writing them for a while. */
interface RequestLog {
  readonly write: (line: string) => void;
  hold(): void;
  /** Writes lines again; how many were counted while held. */
  release(): number;
}

function openRequestLog(): RequestLog {
  let held: number | null = null;
  return {
    write: (line) => {
      if (held === null) process.stdout.write(`${line}\n`);
      else held += 1;
    },
    hold: () => {
      held = 0;
    },
    release: () => {
      const count = held ?? 0;
      held = null;
      return count;
    },
  };
}

async function main(): Promise<void> {
  const config = readConfig(process.env, process.cwd());
  if (!config.ok) refuse(config.error);
  const {
    port,
    host,
    dataDir,
    adminToken,
    demo,
    logRequests,
    publicOrigin,
    trustedProxies,
    lowDiskSpaceBytes,
  } = config.value;
  const trustProxy = compileProxyTrust(trustedProxies);
  if (trustProxy instanceof Error) refuse(`ACCORD_TRUSTED_PROXIES: ${trustProxy.message}`);
  let lock: DataDirLock | null;
  let store: SqliteStore;
  let logins: Awaited<ReturnType<typeof seedDemo>>;
  let upgraded: UpgradeBackup | null = null;
  let removal: UpgradeCopyRemoval | null = null;
  try {
    // Before the SQLite file is opened: only one process may write it. Held (referenced) until the
    // process stops: a lock the garbage collector took would be given up.
    lock = lockDataDir(dataDir);
    if (lock === null) refuse(describeDataDirTaken(dataDir));
    const upgrade = backupBeforeUpgrade(join(dataDir, SQLITE_FILE_NAME), Date.now());
    if (!upgrade.ok) refuse(`${upgrade.error} (ACCORD_DATA_DIR ${dataDir}); nothing was changed`);
    upgraded = upgrade.value;
    store = openSqliteStore(join(dataDir, SQLITE_FILE_NAME), { logLoss: warn });
    // Upgraded (the store opened): the copies of earlier upgrades but the last are no way back worth keeping.
    if (upgraded !== null) removal = removeOlderUpgradeCopies(join(dataDir, SQLITE_FILE_NAME));
    logins = demo
      ? await seedDemo(store, { now: Date.now, newId: createId, loginsFile: join(dataDir, DEMO_LOGINS_FILE) })
      : [];
  } catch (error) {
    refuse(describeDataDirError(error, dataDir));
  }
  const requestLog = openRequestLog();
  let server: RunningServer;
  try {
    server = await startServer({
      store,
      port,
      host,
      adminToken,
      webRoot: WEB_ROOT,
      publicOrigin,
      trustProxy,
      lowDiskSpaceBytes,
      logRequest: logRequests ? requestLog.write : null,
    });
  } catch (error) {
    const problem = describeListenError(error, host, port);
    if (problem === null) throw error;
    refuse(problem);
  }
  void warmFormatReader();
  const localUrl = reachLocally(server.url);
  if (logins.length > 0) await tellDemoStory(store, localUrl, logins, requestLog);

  const linkBase = publicOrigin ?? localUrl;
  const lines = [`Accord is running at ${server.url}  (data: ${dataDir})`];
  if (upgraded !== null) {
    const { pending, copy } = upgraded;
    lines.push(
      `Upgraded the database: ${pending.length} schema change${pending.length === 1 ? '' : 's'} (${pending.join(', ')}); ` +
        `a copy from before them is at ${copy}`,
      '(the older version cannot open the upgraded file: that copy is the way back; delete it once this one is checked)',
    );
  }
  if (removal !== null && removal.removed.length > 0) {
    const { removed } = removal;
    lines.push(
      `Removed ${plural(removed.length, 'copy', 'copies')} from before earlier upgrades (the last ${KEPT_UPGRADE_COPIES} are kept): ${removed.join(', ')}`,
    );
  }
  for (const failure of removal?.failed ?? [])
    warn(`a copy from before an earlier upgrade could not be removed: ${failure}`);
  if (publicOrigin !== null) lines.push(`Behind the reverse proxy, users open it at ${publicOrigin}`);
  if (trustedProxies.length > 0) {
    lines.push(`X-Forwarded-For and X-Forwarded-Proto are read from ${trustedProxies.join(', ')} alone`);
  }
  if (logins.length > 0) {
    lines.push('', 'Demo login links (open one per browser profile):');
    const width = Math.max(...logins.map((l) => l.user.name.length));
    for (const { user, token, next } of logins) {
      lines.push(
        `  ${user.name.padEnd(width)}  ${linkBase}/login?token=${token}${next === null ? '' : `&next=${next}`}`,
      );
    }
  } else if (demo) {
    lines.push('Demo mode: the database already holds non-demo users, so no demo links were made.');
  } else if ((await store.users.count()) === 0) {
    lines.push(
      adminToken === null
        ? 'No users yet, and without ACCORD_ADMIN_TOKEN none can be made: nobody can sign in. Set it (README, Configuration) and start again.'
        : 'No users yet: make them with ACCORD_ADMIN_TOKEN and POST /api/users (README, Users and tokens).',
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);

  let stopping = false;
  let step = 'flushing the open documents and closing the connections';
  const stop = async (signal: NodeJS.Signals) => {
    // A second Ctrl+C or `kill` is someone who will not wait: they get the process back at once.
    if (stopping) {
      exitWith(1, describeUnfinishedStop(step, server.documents.unloadingIds, { secondSignal: signal }));
    }
    stopping = true;
    const startedAt = Date.now();
    const open = server.documents.loadedCount;
    say(
      `Stopping (${signal}): flushing ${plural(open, 'open document')} to disk and closing every connection`,
    );
    const stopped = await waitAtMost(
      (async () => {
        const report = await server.close();
        step = 'closing the database';
        await store.close();
        lock?.release();
        return report;
      })(),
      STOP_LIMIT_MS,
    ).catch((error: unknown) =>
      exitWith(1, `stopping failed while ${step}: ${error instanceof Error ? error.message : String(error)}`),
    );
    if (!stopped.finished) {
      exitWith(1, describeUnfinishedStop(step, server.documents.unloadingIds, { limitMs: STOP_LIMIT_MS }));
    }
    const { flushed, failed, journalDrained, requestsCut } = stopped.value;
    const took = `${Date.now() - startedAt} ms`;
    if (requestsCut > 0) {
      say(
        `${plural(requestsCut, 'request')} still unanswered after ${DRAIN_LIMIT_MS / 1000} s had ${requestsCut === 1 ? 'its connection' : 'their connections'} closed: ${requestsCut === 1 ? 'its sender' : 'their senders'} got no answer`,
      );
    }
    if (failed > 0 || !journalDrained) {
      exitWith(
        1,
        `stopped in ${took}, but ${failed > 0 ? `${plural(failed, 'document')} could not be flushed` : 'the last edits could not be committed'} (see the errors above): edits clients were not yet told were saved stay with them, to be sent again`,
      );
    }
    say(`Stopped in ${took}: ${plural(flushed, 'document')} flushed to disk`);
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/** A line on stdout stamped as the request log's are. */
function say(line: string): void {
  process.stdout.write(`${new Date().toISOString()} ${line}\n`);
}

/** A line on stderr, stamped the same: a condition the operator must act on, no failure's stack. */
function warn(line: string): void {
  process.stderr.write(`${new Date().toISOString()} ${line}\n`);
}

function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nouns}`;
}

main().catch((error: unknown) => {
  process.stderr.write(`accord: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
