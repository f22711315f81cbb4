/**
 * The server behind a reverse proxy that terminates TLS and passes requests on to 127.0.0.1, with
 * the Host header it was configured with (nginx's `proxy_pass` sends the upstream's own by default).
 * ACCORD_PUBLIC_URL names the address the users open.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_REQUEST_BODY_BYTES } from '@accord/server';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir, REPO_ROOT, spawnServer, teardown, tryUpgrade } from './harness';

afterEach(teardown);

const PUBLIC_URL = 'https://accord.example.org';

async function signIn(url: string, token: string): Promise<{ cookie: string; setCookie: string }> {
  const response = await fetch(`${url}/login?token=${token}`, { redirect: 'manual' });
  expect(response.status).toBe(302);
  const setCookie = response.headers.get('set-cookie') ?? '';
  return { cookie: setCookie.split(';')[0] as string, setCookie };
}

describe('behind a reverse proxy (ACCORD_PUBLIC_URL)', () => {
  it("takes a signed-in browser's changes and sockets from the public address, and no other site's", async () => {
    const server = await spawnServer(makeTempDir(), { ACCORD_PUBLIC_URL: PUBLIC_URL });
    const presidency = await server.createUser('presidency');
    const { cookie, setCookie } = await signIn(server.url, presidency.token);
    // The browser reached it over HTTPS: the cookie must never go out over plain HTTP.
    expect(setCookie).toMatch(/;\s*Secure/i);

    const create = (origin: string) =>
      fetch(`${server.url}/api/documents`, {
        method: 'POST',
        headers: { cookie, origin, 'content-type': 'application/json' },
        body: JSON.stringify({ number: '7923/17', title: 'Behind the proxy' }),
      });
    const created = await create(PUBLIC_URL);
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    expect((await create('https://elsewhere.example')).status).toBe(403);

    const socket = `${server.syncUrl}/${id}`;
    expect(await tryUpgrade(socket, { cookie, origin: PUBLIC_URL })).toEqual({ status: 101, opened: true });
    expect((await tryUpgrade(socket, { cookie, origin: 'https://elsewhere.example' })).status).toBe(403);
  });

  it('prints the login links at the public address', async () => {
    const server = await spawnServer(makeTempDir(), {
      ACCORD_PUBLIC_URL: `${PUBLIC_URL}/`,
      ACCORD_DEMO: '1',
    });
    await expect
      .poll(() => server.output())
      .toMatch(new RegExp(`Presidency +${PUBLIC_URL}/login\\?token=[\\w-]+&next=/documents/\\S+\\n`));
    expect(server.output()).toContain(`users open it at ${PUBLIC_URL}`);
    expect(server.output()).not.toMatch(/http:\/\/127\.0\.0\.1:\d+\/login/);
  });

  it.each([
    [
      'from the proxy on this machine, with ACCORD_PUBLIC_URL',
      { ACCORD_PUBLIC_URL: PUBLIC_URL },
      '203.0.113.7',
    ],
    ['from no proxy, without ACCORD_PUBLIC_URL', {}, '127.0.0.1'],
    [
      'from another address than ACCORD_TRUSTED_PROXIES names',
      { ACCORD_PUBLIC_URL: PUBLIC_URL, ACCORD_TRUSTED_PROXIES: '10.0.0.5' },
      '127.0.0.1',
    ],
  ])('logs the client address X-Forwarded-For gives when it comes %s', async (_when, env, client) => {
    const server = await spawnServer(makeTempDir(), { ...env, ACCORD_LOG_REQUESTS: '1' });
    // What nginx's $proxy_add_x_forwarded_for makes of a browser that sent a forged one itself.
    await fetch(`${server.url}/healthz`, { headers: { 'x-forwarded-for': '198.51.100.66, 203.0.113.7' } });
    await expect
      .poll(() => server.output())
      .toMatch(/\n\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z \S+ GET \/healthz 200 \d+ms\n/);
    expect(server.output()).toMatch(new RegExp(`Z ${client.replace(/\./g, '\\.')} GET /healthz 200`));
  });
});

/** The README's nginx block, as an operator copies it. */
function readmeNginxBlock(): string {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const block = /```nginx\n([\s\S]*?)```/.exec(readme)?.[1];
  if (block === undefined) throw new Error('README.md has no nginx block');
  return block;
}

/** nginx's size syntax: `10m`, `512k`, bytes. */
function nginxBytes(size: string): number {
  const match = /^(\d+)([kmg]?)$/i.exec(size);
  if (!match) throw new Error(`not an nginx size: ${size}`);
  const unit = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[(match[2] ?? '').toLowerCase()] ?? 1;
  return Number(match[1]) * unit;
}

describe("the README's nginx block (tried behind nginx 1.22; CI has no nginx)", () => {
  it("lets through a body just over the server's limit, so the browser gets the server's 413 naming it, not nginx's page", () => {
    const size = /client_max_body_size\s+(\S+);/.exec(readmeNginxBlock())?.[1];
    expect(size).toBeDefined();
    expect(nginxBytes(size as string)).toBeGreaterThan(MAX_REQUEST_BODY_BYTES);
  });

  it.each([
    ['passes WebSocket upgrades', /proxy_set_header Upgrade \$http_upgrade;/],
    ['does not buffer the event stream', /proxy_buffering off;/],
    [
      "adds the browser's address the request log reads",
      /proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;/,
    ],
    ['says whether the browser spoke HTTPS', /proxy_set_header X-Forwarded-Proto \$scheme;/],
  ])('%s', (_what, directive) => {
    expect(readmeNginxBlock()).toMatch(directive);
  });
});
