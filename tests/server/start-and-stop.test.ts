/**
 * Starting and stopping the server as a user or a script does: refusals that say what to change, and
 * a stop that stops it.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import { MIGRATIONS, runMigrations, SQLITE_FILE_NAME } from '@accord/server';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import {
  connectClient,
  killHard,
  makeTempDir,
  onTeardown,
  REPO_ROOT,
  readTexts,
  spawnServer,
  teardown,
  typeInto,
  waitSynced,
} from './harness';

afterEach(teardown);

describe('a second server on one data directory', () => {
  it('is refused in one line, and the first keeps serving', async () => {
    const dataDir = makeTempDir();
    const first = await spawnServer(dataDir);
    await expect(spawnServer(dataDir)).rejects.toThrow(
      new RegExp(
        `exited \\(2\\) before listening:\\naccord: another Accord server is already using the data directory ${dataDir}: stop it, or set ACCORD_DATA_DIR to another directory\\n$`,
      ),
    );
    expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
  });

  it('starts once the first was killed with SIGKILL', async () => {
    const dataDir = makeTempDir();
    const first = await spawnServer(dataDir);
    await killHard(first.child);
    const second = await spawnServer(dataDir);
    expect((await fetch(`${second.url}/healthz`)).status).toBe(200);
  });
});

describe('a start that upgrades the database', () => {
  it('keeps a copy of it from before the schema changes, says where, and makes none when there is nothing to change', async () => {
    const dataDir = makeTempDir();
    const file = join(dataDir, SQLITE_FILE_NAME);
    const old = new Database(file);
    runMigrations(
      old,
      MIGRATIONS.filter((migration) => migration.name !== '020-user-access-events'),
    );
    old.exec(`INSERT INTO users (id, name, role, delegation, token_hash, created_at) VALUES
      ('u1', 'France delegation', 'delegate', 'FR', 'h1', 5)`);
    old.close();

    const upgraded = await spawnServer(dataDir);
    const copy = /a copy from before them is at (\S+)\n/.exec(upgraded.output())?.[1];
    expect(upgraded.output()).toContain('Upgraded the database: 1 schema change (020-user-access-events);');
    expect(copy).toBeDefined();
    const before = new Database(copy as string, { readonly: true });
    onTeardown(() => before.close());
    const names = (db: Database.Database) =>
      (db.prepare('SELECT name FROM schema_migrations').all() as { name: string }[]).map((row) => row.name);
    expect(names(before)).not.toContain('020-user-access-events');
    expect(before.prepare('SELECT id FROM users').all()).toEqual([{ id: 'u1' }]);
    expect(statSync(copy as string).mode & 0o777).toBe(0o600);
    await killHard(upgraded.child);

    const after = new Database(file, { readonly: true });
    expect(names(after)).toContain('020-user-access-events');
    after.close();
    const again = await spawnServer(dataDir);
    expect(again.output()).not.toContain('Upgraded the database');
    expect(readdirSync(dataDir).filter((name) => name.includes('before-upgrade'))).toHaveLength(1);
  });
});

describe('the copies kept from before upgrades', () => {
  /** A database as the version before `020-user-access-events` left it. */
  function writeOlderDatabase(file: string): void {
    const old = new Database(file);
    runMigrations(
      old,
      MIGRATIONS.filter((migration) => migration.name !== '020-user-access-events'),
    );
    old.close();
  }

  it('are the last two once an upgrade has succeeded: older ones are removed, each named in the log', async () => {
    const dataDir = makeTempDir();
    const file = join(dataDir, SQLITE_FILE_NAME);
    writeOlderDatabase(file);
    const older = ['2025-03-01T09-00-00Z', '2025-11-20T16-30-00Z', '2026-06-02T08-15-00Z'].map(
      (stamp) => `${SQLITE_FILE_NAME}.before-upgrade-${stamp}`,
    );
    for (const name of older) writeFileSync(join(dataDir, name), 'an older copy');
    // Not a copy the server made: left alone.
    writeFileSync(join(dataDir, `${SQLITE_FILE_NAME}.before-upgrade-mine`), 'kept by hand');

    const upgraded = await spawnServer(dataDir);
    const copy = /a copy from before them is at (\S+)\n/.exec(upgraded.output())?.[1] as string;
    expect(copy).toBeDefined();
    const copies = readdirSync(dataDir)
      .filter((name) => name.includes('before-upgrade'))
      .sort();
    expect(copies).toEqual(
      [older[2], copy.split('/').at(-1), `${SQLITE_FILE_NAME}.before-upgrade-mine`].sort(),
    );
    for (const name of older.slice(0, 2)) {
      expect(upgraded.output()).toContain(join(dataDir, name as string));
    }
    expect(upgraded.output()).toMatch(
      /Removed 2 copies from before earlier upgrades \(the last 2 are kept\): /,
    );
  });

  it('are all kept when the upgrade fails', async () => {
    const dataDir = makeTempDir();
    const file = join(dataDir, SQLITE_FILE_NAME);
    writeOlderDatabase(file);
    const older = ['2025-03-01T09-00-00Z', '2025-11-20T16-30-00Z', '2026-06-02T08-15-00Z'].map(
      (stamp) => `${SQLITE_FILE_NAME}.before-upgrade-${stamp}`,
    );
    for (const name of older) writeFileSync(join(dataDir, name), 'an older copy');
    // A table in the way of the upgrade's migration: the start fails once the copy is made.
    const blocker = new Database(file);
    blocker.exec('CREATE TABLE user_access_events (x)');
    blocker.close();
    await expect(spawnServer(dataDir)).rejects.toThrow(
      /exited \(2\) before listening:\naccord: .*already exists/,
    );
    expect(readdirSync(dataDir).filter((name) => name.includes('before-upgrade'))).toHaveLength(4);
    expect(readdirSync(dataDir).filter((name) => older.includes(name))).toEqual(older);
  });
});

describe('a first start without the demo', () => {
  it.each([
    [
      'no admin token',
      { ACCORD_ADMIN_TOKEN: '' },
      'No users yet, and without ACCORD_ADMIN_TOKEN none can be made: nobody can sign in. Set it (README, Configuration) and start again.',
    ],
    [
      'an admin token',
      {},
      'No users yet: make them with ACCORD_ADMIN_TOKEN and POST /api/users (README, Users and tokens).',
    ],
  ])('says what to do next with %s', async (_with, env, advice) => {
    const server = await spawnServer(makeTempDir(), env);
    expect(server.output()).toContain(`\n${advice}\n`);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});

describe('a server that cannot start where it was asked to', () => {
  it('names the port in use and what to do, exit 2', async () => {
    const taken = createServer();
    await new Promise<void>((listening) => taken.listen(0, '127.0.0.1', listening));
    onTeardown(() => new Promise((closed) => taken.close(closed)));
    const port = (taken.address() as { port: number }).port;
    await expect(spawnServer(makeTempDir(), { PORT: String(port) })).rejects.toThrow(
      new RegExp(
        `exited \\(2\\) before listening:\\naccord: port ${port} on 127\\.0\\.0\\.1 is already in use: stop what listens there, or set PORT to another port\\n$`,
      ),
    );
  });

  it.each([' 80', '80abc', '', '70000', '-1'])(
    'refuses PORT=%j in one line naming PORT, exit 2',
    async (port) => {
      await expect(spawnServer(makeTempDir(), { PORT: port })).rejects.toThrow(
        `exited (2) before listening:\naccord: PORT must be a port number (0-65535, digits alone), not ${JSON.stringify(port)}\n`,
      );
    },
  );

  it('names a data directory that is a file, exit 2', async () => {
    const file = join(makeTempDir(), 'data');
    writeFileSync(file, '');
    await expect(spawnServer(file)).rejects.toThrow(
      new RegExp(
        `exited \\(2\\) before listening:\\naccord: cannot use the data directory ${file} \\(ACCORD_DATA_DIR\\): it, or a part of its path, is a file, not a directory\\n$`,
      ),
    );
  });

  it('refuses a database a later Accord has changed, naming what it does not know, exit 2, and leaves it as it was', async () => {
    const dataDir = makeTempDir();
    await killHard((await spawnServer(dataDir)).child);
    const file = join(dataDir, SQLITE_FILE_NAME);
    const later = new Database(file);
    later
      .prepare('INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)')
      .run('099-later-column', 1);
    later.close();
    const before = readFileSync(file);
    await expect(spawnServer(dataDir)).rejects.toThrow(
      new RegExp(
        `exited \\(2\\) before listening:\\naccord: cannot use the data directory ${dataDir} \\(ACCORD_DATA_DIR\\): its accord\\.sqlite was written by a later version of Accord \\(schema change 099-later-column\\): run that version or a later one, or restore a backup made with this one\\n$`,
      ),
    );
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('names a data directory that cannot be made (under /proc), exit 2, where it spun for ever', async () => {
    // procfs answers ENOENT for a child it cannot have, and Node's recursive mkdir took that for a
    // missing parent and tried again, for ever, at full CPU.
    await expect(spawnServer('/proc/accord-data')).rejects.toThrow(
      /exited \(2\) before listening:\naccord: cannot use the data directory \/proc\/accord-data \(ACCORD_DATA_DIR\): no such file or directory, and it cannot be made there\n$/,
    );
  });
});

function isGroupAlive(group: number): boolean {
  try {
    process.kill(-group, 0);
    return true;
  } catch {
    return false;
  }
}

describe('npm run serve (what npm start runs)', () => {
  it('stops the server on a SIGTERM sent to npm alone, as a script or a service manager sends it', async () => {
    const dataDir = makeTempDir();
    // A process group of its own, so that whatever is left of it can be found and stopped.
    const npm = spawn('npm', ['run', 'serve', '-w', '@accord/server'], {
      cwd: REPO_ROOT,
      env: { ...process.env, PORT: '0', ACCORD_DATA_DIR: dataDir, ACCORD_DEMO: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const group = npm.pid as number;
    onTeardown(() => {
      try {
        process.kill(-group, 'SIGKILL');
      } catch {
        // Nothing of it left.
      }
    });
    const exited = new Promise((resolveExit) => npm.once('exit', resolveExit));
    let output = '';
    const url = await new Promise<string>((resolveUrl, reject) => {
      const read = (chunk: Buffer) => {
        output += chunk.toString();
        const match = /running at (http:\/\/\S+)/.exec(output);
        if (match) resolveUrl(match[1] as string);
      };
      npm.stdout?.on('data', read);
      npm.stderr?.on('data', read);
      npm.once('exit', (code) =>
        reject(new Error(`npm exited (${code}) before the server listened:\n${output}`)),
      );
    });
    expect((await fetch(`${url}/healthz`)).status).toBe(200);

    npm.kill('SIGTERM');
    await exited;
    // Nothing of the server is left (a shell between npm and the server let it run on, orphaned): the
    // port is closed and the data directory is free again.
    await expect.poll(() => isGroupAlive(group)).toBe(false);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
    const next = await spawnServer(dataDir);
    expect((await fetch(`${next.url}/healthz`)).status).toBe(200);
  });
});

describe('a server stopped while delegates type', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    'keeps every edit it received before %s, says when it starts and ends stopping, and exits 0',
    async (signal) => {
      const dataDir = makeTempDir();
      const server = await spawnServer(dataDir);
      const presidency = await server.createUser('presidency');
      const delegates = await Promise.all(
        ['DE', 'FR', 'NL'].map((code) => server.createUser('delegate', code)),
      );
      const { id } = await server.createDocument(presidency.token, { number: '7923/17', title: 'Stop test' });
      // What the server relayed to a reader, it had received: each of those edits must outlive the stop.
      const reader = connectClient(server, id, presidency.token);
      const clients = delegates.map((user) => connectClient(server, id, user.token));
      await Promise.all([reader, ...clients].map(waitSynced));
      let made = 0;
      const typers = clients.map((client, i) =>
        setInterval(() => {
          typeInto(client.doc, 0, `d${i}e${made++};`);
        }, 2),
      );
      onTeardown(() => {
        for (const timer of typers) clearInterval(timer);
      });
      await expect
        .poll(() => (readTexts(reader.doc)[0] ?? '').split(';').length, { timeout: 30_000 })
        .toBeGreaterThan(60);

      const exited = new Promise<number | null>((resolveExit) => server.child.once('exit', resolveExit));
      server.child.kill(signal);
      expect(await exited).toBe(0);
      for (const timer of typers) clearInterval(timer);
      const time = '\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z';
      // The last lines may come in after the exit.
      await expect
        .poll(() => server.output())
        .toMatch(
          new RegExp(
            `\\n${time} Stopping \\(${signal}\\): flushing 1 open document to disk and closing every connection\\n` +
              `${time} Stopped in \\d+ ms: 1 document flushed to disk\\n$`,
          ),
        );
      const received = (readTexts(reader.doc)[0] ?? '').split(';').filter((edit) => edit !== '');

      const again = await spawnServer(dataDir);
      const stored = (await again.readDocument(presidency.token, id)).blocks[0]?.text ?? '';
      const lost = received.filter((edit) => !stored.includes(`${edit};`));
      expect(lost).toEqual([]);
    },
  );
});

/**
 * Sends a request whose body waits on `sendBody`: `continued` resolves once the server has the
 * request in hand (its `100 Continue`), `answer` with the status it gives, or with the error of a
 * connection cut.
 */
function sendInTwoParts(url: string, path: string, token: string, body: string) {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  onTeardown(() => socket.destroy());
  let received = '';
  let continued!: () => void;
  const sentContinue = new Promise<void>((resolveContinue) => {
    continued = resolveContinue;
  });
  const answer = new Promise<number | string>((resolveAnswer) => {
    socket.on('data', (chunk) => {
      received += chunk.toString();
      if (received.startsWith('HTTP/1.1 100')) {
        continued();
        received = received.replace(/^HTTP\/1\.1 100[^\r]*\r\n\r\n/, '');
      }
      const status = /^HTTP\/1\.1 (\d{3})/.exec(received)?.[1];
      if (status !== undefined) resolveAnswer(Number(status));
    });
    socket.on('error', (error) => resolveAnswer(`cut: ${(error as NodeJS.ErrnoException).code}`));
    socket.on('close', () => resolveAnswer('cut: closed without an answer'));
  });
  socket.write(
    `POST ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nAuthorization: Bearer ${token}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nExpect: 100-continue\r\n\r\n`,
  );
  return { continued: sentContinue, sendBody: () => socket.write(body), answer };
}

describe('a server stopped while a request is in progress', () => {
  it('answers it before it stops, and what it wrote is there at the next start', async () => {
    const dataDir = makeTempDir();
    const server = await spawnServer(dataDir);
    const presidency = await server.createUser('presidency');
    const request = sendInTwoParts(
      server.url,
      '/api/documents',
      presidency.token,
      JSON.stringify({ number: '7923/17', title: 'Sent as the server stops' }),
    );
    await request.continued;
    const exited = new Promise<number | null>((resolveExit) => server.child.once('exit', resolveExit));
    server.child.kill('SIGTERM');
    await expect.poll(() => server.output()).toMatch(/Stopping \(SIGTERM\)/);
    request.sendBody();
    expect(await request.answer).toBe(201);
    expect(await exited).toBe(0);

    const again = await spawnServer(dataDir);
    const listed = (await (await again.request('GET', '/api/documents', presidency.token)).json()) as {
      title: string;
    }[];
    expect(listed.map((document) => document.title)).toEqual(['Sent as the server stops']);
  });

  it('cuts one still unanswered after the wait, says so, and still stops in time, exit 0', async () => {
    const server = await spawnServer(makeTempDir());
    const presidency = await server.createUser('presidency');
    const request = sendInTwoParts(server.url, '/api/documents', presidency.token, '{"number":"7923/17"}');
    await request.continued;
    const exited = new Promise<number | null>((resolveExit) => server.child.once('exit', resolveExit));
    server.child.kill('SIGTERM');
    // Its body never comes.
    expect(await request.answer).toMatch(/^cut: /);
    expect(await exited).toBe(0);
    await expect
      .poll(() => server.output())
      .toMatch(
        /\n\S+ 1 request still unanswered after 5 s had its connection closed: its sender got no answer\n\S+ Stopped in \d+ ms: 0 documents flushed to disk\n$/,
      );
  });
});

/** The state letter Linux gives a process in /proc (`T`: stopped by a signal). */
function processState(pid: number): string | undefined {
  return /^\d+ \(.*\) (\S)/s.exec(readFileSync(`/proc/${pid}/stat`, 'utf8'))?.[1];
}

describe('a second signal while the server stops', () => {
  it('exits at once, exit 1, saying what the stop was still doing', async () => {
    const dataDir = makeTempDir();
    const server = await spawnServer(dataDir);
    const presidency = await server.createUser('presidency');
    const { id } = await server.createDocument(presidency.token, { number: '7923/17', title: 'Stop twice' });
    const client = connectClient(server, id, presidency.token, { acks: true });
    await waitSynced(client);
    typeInto(client.doc, 0, 'to be flushed');
    await expect.poll(() => client.acks.length).toBeGreaterThan(0);
    const exited = new Promise<number | null>((resolveExit) => server.child.once('exit', resolveExit));
    // Held stopped, the process takes both signals as it goes on (in an order of the kernel's choosing),
    // before its stop has flushed the edit: the second always lands during the stop, however fast it is.
    server.child.kill('SIGSTOP');
    await expect.poll(() => processState(server.child.pid as number)).toBe('T');
    server.child.kill('SIGTERM');
    server.child.kill('SIGINT');
    server.child.kill('SIGCONT');
    expect(await exited).toBe(1);
    // stdout and stderr come through pipes of their own: each line is looked for on its own.
    await expect
      .poll(() => server.output())
      .toMatch(
        /\n\S+ Stopping \((SIGTERM|SIGINT)\): flushing 1 open document to disk and closing every connection\n/,
      );
    const first = /Stopping \((\w+)\)/.exec(server.output())?.[1];
    await expect
      .poll(() => server.output())
      .toMatch(
        new RegExp(
          `\\naccord: a second signal \\(${first === 'SIGTERM' ? 'SIGINT' : 'SIGTERM'}\\) while stopping: exiting at once, still [a-z ]+( \\(document ${id} not yet flushed\\))?; edits clients were not yet told were saved stay with them, to be sent again\\n`,
        ),
      );
    expect(server.output()).not.toContain('Stopped in');
  });
});
