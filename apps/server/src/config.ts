import { isAbsolute, resolve } from 'node:path';
import { err, ok, type Result } from '@accord/model';
import { compileProxyTrust } from './http/client-address';
import { LOW_DISK_SPACE_BYTES } from './routes/health';

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly adminToken: string | null;
  readonly demo: boolean;
  /** One line per request on stdout (`ACCORD_LOG_REQUESTS`, on unless 0). */
  readonly logRequests: boolean;
  /**
   * The origin users open behind a reverse proxy (`ACCORD_PUBLIC_URL`), e.g. https://accord.example.org:
   * accepted as this site's own for cookie-signed changes, and where the login links point.
   */
  readonly publicOrigin: string | null;
  /**
   * The reverse proxies whose `X-Forwarded-For` and `X-Forwarded-Proto` are believed
   * (`ACCORD_TRUSTED_PROXIES`): addresses, ranges and proxy-addr's names. Loopback when
   * `ACCORD_PUBLIC_URL` is set (a proxy on this machine), else none.
   */
  readonly trustedProxies: readonly string[];
  /** Below this much free space on the data directory's disk `/healthz` warns (`ACCORD_LOW_DISK_MIB`). */
  readonly lowDiskSpaceBytes: number;
}

export const DEFAULT_PORT = 8080;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_DATA_DIR = './data';
/**
 * The shortest admin token taken: it creates users and gives them new tokens, so one that can be
 * guessed gives the workspace away (`openssl rand -hex 16` makes 32 characters).
 */
export const MIN_ADMIN_TOKEN_CHARS = 16;

const MIB = 1024 ** 2;

/**
 * Reads PORT, HOST, ACCORD_DATA_DIR, ACCORD_ADMIN_TOKEN, ACCORD_DEMO, ACCORD_LOG_REQUESTS,
 * ACCORD_PUBLIC_URL, ACCORD_TRUSTED_PROXIES and ACCORD_LOW_DISK_MIB.
 */
export function readConfig(env: NodeJS.ProcessEnv, cwd: string): Result<Config, string> {
  const rawPort = env.PORT ?? String(DEFAULT_PORT);
  const port = Number(rawPort);
  // Digits alone: Number() would read " 80", "0x50" and "1e3" as ports, and "" as 0 (any free port).
  if (!/^[0-9]{1,5}$/.test(rawPort) || port > 65535) {
    return err(`PORT must be a port number (0-65535, digits alone), not ${JSON.stringify(rawPort)}`);
  }
  const host = env.HOST || DEFAULT_HOST;
  // Said at start as "HOST 127.0.0.1  is not a name or address…": the space unseen, the advice wrong.
  if (/\s/.test(host)) {
    return err(
      `HOST must be a name or an address without spaces (e.g. 127.0.0.1, 0.0.0.0 for all), not ${JSON.stringify(host)}`,
    );
  }
  const demo = env.ACCORD_DEMO ?? '0';
  if (!['0', '1', ''].includes(demo)) return err(`ACCORD_DEMO must be 1 or 0, not "${demo}"`);
  const logRequests = env.ACCORD_LOG_REQUESTS ?? '1';
  if (!['0', '1', ''].includes(logRequests)) {
    return err(`ACCORD_LOG_REQUESTS must be 1 or 0, not "${logRequests}"`);
  }
  const adminToken = env.ACCORD_ADMIN_TOKEN || null;
  if (adminToken !== null && (adminToken.length < MIN_ADMIN_TOKEN_CHARS || /\s/.test(adminToken))) {
    return err(
      `ACCORD_ADMIN_TOKEN must be at least ${MIN_ADMIN_TOKEN_CHARS} characters without spaces (e.g. from \`openssl rand -hex 16\`): it creates users and replaces their tokens`,
    );
  }
  const publicOrigin = readPublicOrigin(env.ACCORD_PUBLIC_URL || null);
  if (!publicOrigin.ok) return publicOrigin;
  const trustedProxies = readTrustedProxies(env.ACCORD_TRUSTED_PROXIES || null, publicOrigin.value);
  if (!trustedProxies.ok) return trustedProxies;
  const rawLowDisk = env.ACCORD_LOW_DISK_MIB || String(LOW_DISK_SPACE_BYTES / MIB);
  // Digits alone, as PORT: Number() would take " 1024", "1e3" and "0x400", and a unit ("2G") is no MiB.
  if (!/^[0-9]{1,9}$/.test(rawLowDisk)) {
    return err(
      `ACCORD_LOW_DISK_MIB must be a number of MiB, digits alone (e.g. 2048: a warning below 2 GiB free; 0: none), not ${JSON.stringify(rawLowDisk)}`,
    );
  }
  return ok({
    port,
    host,
    dataDir: resolveDataDir(env, cwd),
    adminToken,
    demo: demo === '1',
    logRequests: logRequests !== '0',
    publicOrigin: publicOrigin.value,
    trustedProxies: trustedProxies.value,
    lowDiskSpaceBytes: Number(rawLowDisk) * MIB,
  });
}

/** ACCORD_DATA_DIR as an absolute path: relative to where the server (or `npm run backup`) runs. */
export function resolveDataDir(env: NodeJS.ProcessEnv, cwd: string): string {
  const dataDir = env.ACCORD_DATA_DIR || DEFAULT_DATA_DIR;
  return isAbsolute(dataDir) ? dataDir : resolve(cwd, dataDir);
}

/** The web app asks for /api, /sync and its assets from the root: a proxy may not serve it under a path. */
function readPublicOrigin(raw: string | null): Result<string | null, string> {
  if (raw === null) return ok(null);
  const refused = err(
    `ACCORD_PUBLIC_URL must be the address users open, a scheme and a host alone (e.g. https://accord.example.org: Accord is served at the root of its host), not "${raw}"`,
  );
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return refused;
  }
  const plain = url.username === '' && url.password === '' && url.search === '' && url.hash === '';
  if (!['http:', 'https:'].includes(url.protocol) || url.pathname !== '/' || !plain) return refused;
  return ok(url.origin);
}

/**
 * Without the variable, a proxy is trusted only where one was said to be: on this machine, before
 * ACCORD_PUBLIC_URL. Empty entries (a trailing comma, left by editing the list) are ignored, as in an
 * HTTP header's list; a value of commas alone names no proxy, as an empty one.
 */
function readTrustedProxies(
  raw: string | null,
  publicOrigin: string | null,
): Result<readonly string[], string> {
  const entries = (raw ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.length === 0) return ok(publicOrigin === null ? [] : ['loopback']);
  const trust = compileProxyTrust(entries);
  if (trust instanceof Error) {
    return err(
      `ACCORD_TRUSTED_PROXIES must be the reverse proxies' addresses or ranges, comma-separated (e.g. 10.0.0.5,10.1.0.0/16, or loopback): ${trust.message}, in "${raw}"`,
    );
  }
  return ok(entries);
}
