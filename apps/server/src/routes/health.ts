import { createRoute, z } from '@hono/zod-openapi';
import { createRouter } from '../http/router';
import { jsonResponse } from '../http/schemas';
import type { DiskSpace, Store } from '../store/store';

/**
 * Below this much free space on the data directory's disk `/healthz` warns. Writes are refused (507)
 * once the disk is full; a gigabyte is days of a working party's edits, time to make room.
 */
export const LOW_DISK_SPACE_BYTES = 1024 ** 3;

/**
 * Below this much free space the disk is full for the server: SQLite refuses the next writes (507)
 * before the last byte is taken (a page, a WAL frame, an upload's revision), so `/healthz` is a 503,
 * not a 200 with a warning, while every change is refused.
 */
export const FULL_DISK_BYTES = 1024 ** 2;

const diskSchema = z
  .object({
    path: z.string().openapi({ description: 'The data directory' }),
    freeBytes: z.number().int().openapi({ description: 'What the server may still write there' }),
    totalBytes: z.number().int(),
  })
  .openapi({ description: 'The disk holding the data directory (absent for a database kept in memory)' });

const health = createRoute({
  method: 'get',
  path: '/healthz',
  security: [],
  summary: 'Whether the server is up and can keep what it is sent',
  description:
    'For a monitor: 503 with `problem` when the database cannot be read or is no longer where the server opened it (the data directory deleted or moved while it runs: what is written after is not found by the next start), or its disk is full (less than 1 MiB free: every change is refused with 507). 200 with `warnings` when it works but will not for long: its disk is nearly full.',
  responses: {
    200: jsonResponse(
      'Ready; `warnings` says what to see to before it is not',
      z.object({
        ok: z.literal(true),
        disk: diskSchema.optional(),
        warnings: z.array(z.string()),
      }),
    ),
    503: jsonResponse(
      'Up, but what it is sent may be lost: stop it and see `problem`',
      z.object({ ok: z.literal(false), problem: z.string() }),
    ),
  },
});

export function createHealthRoutes(deps: { store: Store; lowDiskSpaceBytes?: number }) {
  const lowDiskSpace = deps.lowDiskSpaceBytes ?? LOW_DISK_SPACE_BYTES;
  return createRouter().openapi(health, async (c) => {
    const problem = await deps.store.checkHealth();
    if (problem !== null) return c.json({ ok: false as const, problem }, 503);
    const warnings: string[] = [];
    let disk: DiskSpace | null = null;
    try {
      disk = await deps.store.readDiskSpace();
    } catch (error) {
      warnings.push(`the free space of the data directory cannot be read: ${(error as Error).message}`);
    }
    if (disk !== null && disk.freeBytes < FULL_DISK_BYTES) {
      return c.json({ ok: false as const, problem: describeFullDisk(disk) }, 503);
    }
    const low = disk === null ? null : describeLowDiskSpace(disk, lowDiskSpace);
    if (low !== null) warnings.push(low);
    return c.json({ ok: true as const, ...(disk === null ? {} : { disk }), warnings }, 200);
  });
}

/** A warning when the data directory's disk has less than `threshold` bytes left, else null. */
export function describeLowDiskSpace(disk: DiskSpace, threshold: number): string | null {
  if (disk.freeBytes >= threshold) return null;
  return (
    `the disk of the data directory ${disk.path} has ${formatBytes(disk.freeBytes)} free of ${formatBytes(disk.totalBytes)} ` +
    `(warning below ${formatBytes(threshold)}): once it is full every change is refused (507); make room or move the data directory`
  );
}

/** Why `/healthz` is a 503 when the data directory's disk has less than `FULL_DISK_BYTES` left. */
export function describeFullDisk(disk: DiskSpace): string {
  return (
    `the disk of the data directory ${disk.path} is full (${formatBytes(disk.freeBytes)} free of ${formatBytes(disk.totalBytes)}): ` +
    'every change is refused (507) until there is room; make room or move the data directory'
  );
}

function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} bytes` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
