/**
 * `GET /healthz` as a monitor reads it: 200 while the server can keep what it is sent, 503 saying why
 * when it cannot.
 */
import { renameSync, rmSync, statfsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir, spawnServer, startTestServer, teardown } from './harness';

afterEach(teardown);

async function health(url: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${url}/healthz`);
  return { status: response.status, body: await response.json() };
}

describe('GET /healthz', () => {
  it('is 200 while the database is where the server opened it, with the free space of its disk', async () => {
    const dataDir = makeTempDir();
    const server = await spawnServer(dataDir);
    const { status, body } = await health(server.url);
    expect(status).toBe(200);
    const disk = statfsSync(dataDir);
    expect(body).toEqual({
      ok: true,
      disk: {
        path: dataDir,
        freeBytes: expect.any(Number),
        totalBytes: disk.blocks * disk.bsize,
      },
      warnings: expect.any(Array),
    });
    // Others write to the same disk meanwhile: what it reports is near what the test reads.
    const { freeBytes } = (body as { disk: { freeBytes: number } }).disk;
    expect(Math.abs(freeBytes - disk.bavail * disk.bsize)).toBeLessThan(1024 ** 3);
  });

  it.each([
    ['warns, still 200, when the disk has less free space than the threshold', Number.MAX_SAFE_INTEGER, 1],
    ['has no warning while the disk has more free space than the threshold', 0, 0],
  ])('%s', async (_what, lowDiskSpaceBytes, warningCount) => {
    const server = await startTestServer({ lowDiskSpaceBytes });
    const { status, body } = await health(server.url);
    expect(status).toBe(200);
    const { warnings } = body as { warnings: string[] };
    expect(warnings).toHaveLength(warningCount);
    for (const warning of warnings) {
      expect(warning).toMatch(
        new RegExp(
          `^the disk of the data directory ${server.dataDir} has [\\d.]+ \\w+ free of [\\d.]+ \\w+ \\(warning below [\\d.]+ \\w+\\): once it is full every change is refused \\(507\\)`,
        ),
      );
    }
  });

  it.each([
    ['nothing', 0],
    ['less than a MiB', 1024 ** 2 - 4096],
  ])(
    'is 503 saying the disk is full, as every change then is (507), with %s free',
    async (_what, freeBytes) => {
      const server = await startTestServer();
      // The disk as a full one reads: a test cannot fill the machine's.
      server.store.readDiskSpace = async () => ({
        path: server.dataDir,
        freeBytes,
        totalBytes: 8 * 1024 ** 3,
      });
      const { status, body } = await health(server.url);
      expect(status).toBe(503);
      expect(body).toEqual({
        ok: false,
        problem: expect.stringMatching(
          new RegExp(
            `^the disk of the data directory ${server.dataDir} is full \\([\\d.]+ \\w+ free of 8\\.0 GiB\\): every change is refused \\(507\\) until there is room; make room or move the data directory$`,
          ),
        ),
      });
    },
  );

  it.each([
    ['warns when ACCORD_LOW_DISK_MIB is more than the disk has free', '999999999', 1],
    ['does not warn with ACCORD_LOW_DISK_MIB=0', '0', 0],
  ])('%s', async (_what, mebibytes, warningCount) => {
    const dataDir = makeTempDir();
    const server = await spawnServer(dataDir, { ACCORD_LOW_DISK_MIB: mebibytes });
    const { status, body } = await health(server.url);
    expect(status).toBe(200);
    const { warnings } = body as { warnings: string[] };
    expect(warnings).toHaveLength(warningCount);
    if (warningCount > 0) expect(warnings[0]).toMatch(/\(warning below 954 TiB\)/);
  });

  it('is refused at start, in one line naming ACCORD_LOW_DISK_MIB, exit 2, when it is no number of MiB', async () => {
    await expect(spawnServer(makeTempDir(), { ACCORD_LOW_DISK_MIB: '2G' })).rejects.toThrow(
      'exited (2) before listening:\naccord: ACCORD_LOW_DISK_MIB must be a number of MiB, digits alone (e.g. 2048: a warning below 2 GiB free; 0: none), not "2G"\n',
    );
  });

  // SQLite goes on writing a file that was deleted or moved: every edit acknowledged after it is gone
  // at the next start, so the monitor must hear of it at once.
  it.each([
    ['deleted', (dataDir: string) => rmSync(dataDir, { recursive: true, force: true })],
    ['moved away', (dataDir: string) => renameSync(dataDir, `${dataDir}-moved`)],
  ])('is 503 naming the data directory once it was %s', async (_what, remove) => {
    const parent = makeTempDir();
    const dataDir = join(parent, 'data');
    const server = await spawnServer(dataDir);
    remove(dataDir);
    const { status, body } = await health(server.url);
    expect(status).toBe(503);
    expect(body).toEqual({
      ok: false,
      problem: `the database ${join(dataDir, 'accord.sqlite')} is no longer there (deleted or moved): the next start would not find what is written now; stop the server and put the data directory back`,
    });
  });
});
