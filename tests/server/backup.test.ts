/**
 * Backing up the database as an operator does, with `npm run backup` while the server runs, and
 * restoring the copy into an empty data directory: what the working party sees is all there.
 */
import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  type Api,
  connectClient,
  FIXTURE_PATH,
  makeTempDir,
  REPO_ROOT,
  spawnServer,
  type TestUser,
  teardown,
  typeInto,
  waitSynced,
} from './harness';

afterEach(teardown);

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** What a child process printed, once it has ended. */
function collectRun(child: ChildProcessByStdio<null, Readable, Readable>): Promise<Run> {
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolveRun) => child.once('close', (code) => resolveRun({ code, stdout, stderr })));
}

/** `npm run backup -- FILE` from the repository's root, as the README says. */
function runBackup(dataDir: string, file: string): Promise<Run> {
  const child = spawn('npm', ['run', '--silent', 'backup', '--', file], {
    cwd: REPO_ROOT,
    env: { ...process.env, ACCORD_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return collectRun(child);
}

/** What the working party sees of a document: its text, the positions on it, its revisions. */
async function readWhatUsersSee(api: Api, user: TestUser, id: string): Promise<unknown> {
  const read = async (path: string) => {
    const response = await api.request('GET', path, user.token);
    expect(response.status, path).toBe(200);
    return response.json();
  };
  return {
    document: await read(`/api/documents/${id}`),
    consensus: await read(`/api/documents/${id}/consensus`),
    revisions: await read(`/api/documents/${id}/revisions`),
    audit: await read(`/api/documents/${id}/audit`),
  };
}

describe('npm run backup', () => {
  it('copies the database of a running server, and the copy restored shows its text, positions and revisions', async () => {
    const dataDir = makeTempDir();
    const server = await spawnServer(dataDir);
    const presidency = await server.createUser('presidency');
    const france = await server.createUser('delegate', 'FR');
    const { id } = await server.createDocument(presidency.token, {
      markdown: readFileSync(FIXTURE_PATH, 'utf8'),
    });
    const { blocks } = await server.readDocument(presidency.token, id);
    const blockId = blocks[1]?.id as string;
    const position = await server.request(
      'PUT',
      `/api/documents/${id}/blocks/${blockId}/position`,
      france.token,
      {
        position: 'scrutiny_reservation',
        note: 'awaiting the capital',
      },
    );
    expect(position.status).toBe(200);
    const revision = await server.request('POST', `/api/documents/${id}/revisions`, presidency.token, {
      rev: 1,
    });
    expect(revision.status).toBe(201);
    // An edit the server has acknowledged as stored, still in SQLite's write-ahead log.
    const client = connectClient(server, id, france.token, { acks: true });
    await waitSynced(client);
    typeInto(client.doc, 0, ' (typed before the backup)');
    const clock = Y.decodeStateVector(Y.encodeStateVector(client.doc)).get(client.doc.clientID) ?? 0;
    await expect
      .poll(() => client.acks.some((ack) => (ack.get(client.doc.clientID) ?? 0) >= clock), {
        timeout: 30_000,
      })
      .toBe(true);
    const before = await readWhatUsersSee(server, presidency, id);

    const file = join(makeTempDir(), 'accord-backup.sqlite');
    const backup = await runBackup(dataDir, file);
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    expect(backup.stdout).toMatch(new RegExp(`backed up .* to ${file}: 1 document, 1 revision`));
    // It holds delegations' private notes and every user's sessions, as the database does.
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const restored = makeTempDir();
    copyFileSync(file, join(restored, 'accord.sqlite'));
    const again = await spawnServer(restored);
    expect(await readWhatUsersSee(again, presidency, id)).toEqual(before);
    const text = (await again.readDocument(presidency.token, id)).blocks[0]?.text;
    expect(text).toContain('(typed before the backup)');
  });

  it('never overwrites a file, and says which, exit 2', async () => {
    const dataDir = makeTempDir();
    await spawnServer(dataDir);
    const file = join(makeTempDir(), 'yesterday.sqlite');
    writeFileSync(file, 'last night’s backup');
    const backup = await runBackup(dataDir, file);
    expect(backup.code).toBe(2);
    expect(backup.stderr).toBe(`accord: ${file} already exists: a backup never overwrites a file\n`);
    expect(readFileSync(file, 'utf8')).toBe('last night’s backup');
  });

  it('names ACCORD_DATA_DIR when there is no database there, exit 2, and makes no file', async () => {
    const dataDir = join(makeTempDir(), 'nowhere');
    const file = join(makeTempDir(), 'backup.sqlite');
    const backup = await runBackup(dataDir, file);
    expect(backup.code).toBe(2);
    expect(backup.stderr).toBe(
      `accord: there is no database in ${dataDir} (ACCORD_DATA_DIR): set it to the data directory the server uses\n`,
    );
    expect(existsSync(file)).toBe(false);
    expect(existsSync(dataDir)).toBe(false);
  });
});

/** The fenced block of `language` in the README's Backups section. */
function readmeBlock(language: string): string {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Backups'), readme.indexOf('### Upgrades'));
  const block = new RegExp(`\`\`\`${language}\n([\\s\\S]*?)\`\`\``).exec(section)?.[1];
  if (block === undefined) throw new Error(`the README's Backups section has no ${language} block`);
  return block;
}

/** Runs a command line with /bin/sh from the repository's root, as a terminal or cron would. */
function runShell(line: string): Promise<Run> {
  const child = spawn('/bin/sh', ['-c', line], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  return collectRun(child);
}

describe("the README's backup commands, run as written", () => {
  /** The README's paths made the test's own: the data directory, the backups' and the log's. */
  function place(line: string, dataDir: string, out: string): string {
    return line
      .replaceAll('/opt/accord', REPO_ROOT)
      .replaceAll('/srv/accord', dataDir)
      .replaceAll('/backup/', `${out}/`)
      .replaceAll('/var/log/', `${out}/`);
  }
  const summary =
    /^accord: backed up \S+ to \S+accord-\d{4}-\d\d-\d\d\.sqlite: [^\n]*integrity check ok[^\n]*\n$/;

  it('print the backup’s line alone, without npm’s own', async () => {
    const dataDir = makeTempDir();
    await spawnServer(dataDir);
    const out = makeTempDir();
    const lines = readmeBlock('sh')
      .split('\n')
      .filter((line) => line.includes('backup'));
    expect(lines).toHaveLength(1);
    const run = await runShell(place(lines[0] as string, dataDir, out));
    expect(run).toEqual({ code: 0, stdout: expect.stringMatching(summary), stderr: '' });
  });

  it('in a crontab, write the backup’s line to its log and nothing for cron to mail', async () => {
    const dataDir = makeTempDir();
    await spawnServer(dataDir);
    const out = makeTempDir();
    const [entry] = readmeBlock('crontab')
      .split('\n')
      .filter((line) => /^\d/.test(line));
    // cron runs what follows the five time fields with /bin/sh, `\%` read as `%`: a bare `%` ends the
    // command there.
    expect(entry).not.toMatch(/(?<!\\)%/);
    const command = (entry ?? '').split(/\s+/).slice(5).join(' ').replaceAll('\\%', '%');
    const run = await runShell(place(command, dataDir, out));
    expect(run).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(readFileSync(join(out, 'accord-backup.log'), 'utf8')).toMatch(summary);
  });
});
