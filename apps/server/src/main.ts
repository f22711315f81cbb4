import { join } from 'node:path';
import { createId } from './auth/tokens';
import { readConfig } from './config';
import { DEMO_LOGINS_FILE, seedDemo } from './demo/seed-demo';
import { warmFormatReader } from './documents/format-reader';
import { SERVER_ROOT } from './server-root';
import { startServer } from './start-server';
import { openSqliteStore, SQLITE_FILE_NAME } from './store/sqlite/open-sqlite-store';

const WEB_ROOT = join(SERVER_ROOT, '../web/dist');

async function main(): Promise<void> {
  const config = readConfig(process.env, process.cwd());
  if (!config.ok) {
    process.stderr.write(`accord: ${config.error}\n`);
    process.exit(2);
  }
  const { port, host, dataDir, adminToken, demo } = config.value;
  const store = openSqliteStore(join(dataDir, SQLITE_FILE_NAME));
  const logins = demo
    ? await seedDemo(store, { now: Date.now, newId: createId, loginsFile: join(dataDir, DEMO_LOGINS_FILE) })
    : [];
  const server = await startServer({ store, port, host, adminToken, webRoot: WEB_ROOT });
  void warmFormatReader();

  // A server listening on every interface is still reached as localhost from this machine.
  const linkBase = server.url.replace(/\/\/(0\.0\.0\.0|\[::\])(?=:)/, '//localhost');
  const lines = [`Accord is running at ${server.url}  (data: ${dataDir})`];
  if (logins.length > 0) {
    lines.push('', 'Demo login links (open one per browser profile):');
    const width = Math.max(...logins.map((l) => l.user.name.length));
    for (const { user, token } of logins) {
      lines.push(`  ${user.name.padEnd(width)}  ${linkBase}/login?token=${token}`);
    }
  } else if (demo) {
    lines.push('Demo mode: the database already holds non-demo users, so no demo links were made.');
  }
  process.stdout.write(`${lines.join('\n')}\n`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await server.close();
    await store.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`accord: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
