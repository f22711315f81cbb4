import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The server package's folder, found from this module upwards: `src/` when run through tsx, `dist/`
 * when bundled, so paths made from it hold in both.
 */
export const SERVER_ROOT = findServerRoot(dirname(fileURLToPath(import.meta.url)));

function findServerRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === '@accord/server')
      return dir;
    if (dirname(dir) === dir) throw new Error(`the @accord/server package was not found above ${from}`);
  }
}
