import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

const codeOf = (error: unknown) => (error as { code?: unknown } | null)?.code;

/**
 * `mkdir -p` that ends. Node's `mkdirSync(…, { recursive: true })` takes every ENOENT for a missing
 * parent, and procfs answers ENOENT for a child it cannot have (`/proc/x`): the parent is there, so it
 * tried again for ever at full CPU, and the server hung at start. Here an ENOENT once the parent is
 * made, or was there, is final. A path that is a file throws EEXIST, as Node's does.
 */
export function makeDirectory(dir: string, mode: number): void {
  try {
    mkdirSync(dir, { mode });
    return;
  } catch (error) {
    if (codeOf(error) === 'EEXIST') {
      if (statSync(dir).isDirectory()) return;
      throw error;
    }
    const parent = dirname(dir);
    if (codeOf(error) !== 'ENOENT' || parent === dir) throw error;
    makeDirectory(parent, mode);
  }
  try {
    mkdirSync(dir, { mode });
  } catch (error) {
    if (codeOf(error) === 'EEXIST' && statSync(dir).isDirectory()) return;
    throw error;
  }
}
