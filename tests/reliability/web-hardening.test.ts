/**
 * Web hardening, through a real server that serves the built web app: security headers on every kind
 * of response, the session cookie's flags, CSRF protection of every cookie-authenticated write (every
 * write route of the OpenAPI document, multipart uploads, DELETE, the socket), and in Chromium, a
 * comment holding markup shown as text, with the app working under its Content-Security-Policy.
 */
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_TEST_TIMEOUT_MS, openDraftingRoom, openSignedInPage } from '../e2e/browser';
import {
  assertWebAppBuilt,
  readLiveBlock,
  setUpWorkingParty,
  useChromium,
  type WorkingParty,
} from '../e2e/web-server';
import { ADMIN_TOKEN, teardown, tryUpgrade } from '../server/harness';

afterEach(teardown);

const UNTIL = { timeout: 60_000 } as const;

/** What every response must carry, whatever it is. */
function expectSecurityHeaders(headers: Headers, what: string): void {
  const csp = headers.get('content-security-policy') ?? '';
  expect(csp, `${what}: Content-Security-Policy`).toContain("default-src 'self'");
  expect(csp, what).toContain("script-src 'self'");
  expect(csp, what).toContain("object-src 'none'");
  expect(csp, what).toContain("frame-ancestors 'none'");
  expect(csp, what).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
  expect(headers.get('x-content-type-options'), `${what}: X-Content-Type-Options`).toBe('nosniff');
  expect(headers.get('x-frame-options'), `${what}: X-Frame-Options`).toBe('DENY');
  expect(headers.get('referrer-policy'), `${what}: Referrer-Policy`).toBe('no-referrer');
}

/** The headers of a refused WebSocket upgrade, read off the raw HTTP answer. */
function readUpgradeRefusal(url: string): Promise<{ status: number; headers: Headers }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, {
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
      },
    });
    request.on('response', (response) => {
      const headers = new Headers();
      for (const [key, value] of Object.entries(response.headers))
        if (typeof value === 'string') headers.set(key, value);
      resolve({ status: response.statusCode ?? 0, headers });
      response.resume();
    });
    request.on('upgrade', () => reject(new Error('the upgrade was accepted')));
    request.on('error', reject);
    request.end();
  });
}

async function loginCookie(
  party: WorkingParty,
  token: string,
): Promise<{ cookie: string; setCookie: string }> {
  const login = await fetch(`${party.server.url}/login?token=${token}`, { redirect: 'manual' });
  const setCookie = login.headers.get('set-cookie') ?? '';
  return { cookie: setCookie.split(';')[0] as string, setCookie };
}

describe('web hardening over HTTP', () => {
  beforeAll(assertWebAppBuilt);

  it('puts the security headers on every kind of response', async () => {
    const party = await setUpWorkingParty();
    const { url } = party.server;
    const auth = { authorization: `Bearer ${party.presidency.token}` };
    const index = await (await fetch(`${url}/`)).text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(index)?.[1] as string;
    const cases: [string, string, RequestInit?][] = [
      ['the web app', '/'],
      ['a deep link (index.html fallback)', `/documents/${party.documentId}`],
      ['a built script', script],
      ['health', '/healthz'],
      ['the OpenAPI document', '/api/openapi.json'],
      ['JSON', '/api/documents', { headers: auth }],
      ['401', '/api/documents'],
      ['404', '/api/nothing-here', { headers: auth }],
      [
        '400',
        '/api/documents',
        { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{' },
      ],
      ['a Word export', `/api/documents/${party.documentId}/export?format=docx`, { headers: auth }],
      ['an HTML export', `/api/documents/${party.documentId}/export?format=html`, { headers: auth }],
      ['a bad login link', '/login?token=nope'],
      ['a login link', `/login?token=${party.france.token}`, { redirect: 'manual' }],
    ];
    for (const [what, path, init] of cases) {
      const response = await fetch(`${url}${path}`, init);
      await response.arrayBuffer();
      expectSecurityHeaders(response.headers, `${what} (${response.status})`);
    }
    const stream = await fetch(`${url}/api/documents/${party.documentId}/events`, { headers: auth });
    expectSecurityHeaders(stream.headers, 'the event stream');
    await stream.body?.cancel();
    const refusal = await readUpgradeRefusal(`${url}/sync/${party.documentId}?token=nope`);
    expect(refusal.status).toBe(401);
    expectSecurityHeaders(refusal.headers, 'a refused socket upgrade');
  });

  it('sets the session cookie HttpOnly and SameSite=Strict, for the whole site', async () => {
    const party = await setUpWorkingParty();
    const { setCookie } = await loginCookie(party, party.france.token);
    expect(setCookie).toMatch(/^accord_session=[^;]+;/);
    expect(setCookie).toMatch(/;\s*HttpOnly/i);
    expect(setCookie).toMatch(/;\s*SameSite=Strict/i);
    expect(setCookie).toMatch(/;\s*Path=\//i);
  });

  it('refuses every cookie-authenticated write without a same-origin Origin, uploads and sockets too', async () => {
    const party = await setUpWorkingParty();
    const { url } = party.server;
    const block = await readLiveBlock(party, 1);
    const before = await (
      await party.server.request('GET', `/api/documents/${party.documentId}/audit`, party.presidency.token)
    ).text();
    const openapi = (await (await fetch(`${url}/api/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const writes = Object.entries(openapi.paths).flatMap(([template, methods]) =>
      Object.keys(methods)
        .filter((method) => method !== 'get')
        .map((method) => ({
          method: method.toUpperCase(),
          path: template
            .replace('{id}', party.documentId)
            .replace('{blockId}', block.id)
            .replace('{commentId}', 'some-comment'),
        })),
    );
    expect(writes.length).toBeGreaterThanOrEqual(10);
    const origins: [string, Record<string, string>][] = [
      ['no Origin', {}],
      ['another site', { origin: 'https://evil.example' }],
      ['an opaque origin', { origin: 'null' }],
      ['a look-alike host', { origin: `${url}.evil.example` }],
    ];
    let refused = 0;
    for (const user of [party.presidency, party.france]) {
      const { cookie } = await loginCookie(party, user.token);
      for (const { method, path } of writes) {
        for (const [name, headers] of origins) {
          const response = await fetch(`${url}${path}`, {
            method,
            headers: { cookie, 'content-type': 'application/json', ...headers },
            body: '{}',
          });
          expect(response.status, `${user.role} ${method} ${path} with ${name}`).toBe(403);
          refused++;
        }
      }
      const form = new FormData();
      form.append('file', new File(['# Replaced\n\n1. Nothing left.\n'], 'replaced.md'));
      const upload = await fetch(`${url}/api/documents/${party.documentId}/revisions`, {
        method: 'POST',
        headers: { cookie },
        body: form,
      });
      expect(upload.status, `${user.role} multipart upload without Origin`).toBe(403);
      const socket = await tryUpgrade(`${party.server.syncUrl}/${party.documentId}`, { cookie });
      expect(socket.status, `${user.role} socket without Origin`).toBe(403);
      refused += 2;
    }
    // The same requests from the site itself get past the check (and then succeed or fail on their merits).
    const { cookie } = await loginCookie(party, party.france.token);
    const same = await fetch(`${url}/api/documents/${party.documentId}/blocks/${block.id}/position`, {
      method: 'PUT',
      headers: { cookie, origin: url, 'content-type': 'application/json' },
      body: JSON.stringify({ position: 'agree' }),
    });
    expect(same.status).toBe(200);
    const withdrawn = await fetch(`${url}/api/documents/${party.documentId}/blocks/${block.id}/position`, {
      method: 'DELETE',
      headers: { cookie, origin: url },
    });
    expect(withdrawn.status).toBe(200);
    const after = (await (
      await party.server.request('GET', `/api/documents/${party.documentId}/audit`, party.presidency.token)
    ).json()) as { action: string }[];
    expect(after.map((entry) => entry.action).slice(JSON.parse(before).length)).toEqual([
      'position.recorded',
      'position.withdrawn',
    ]);
    console.info(`web hardening: ${refused} cross-site cookie writes refused, 0 accepted`);
  });

  it('lets a bearer token write without an Origin (API clients are not browsers)', async () => {
    const party = await setUpWorkingParty();
    const block = await readLiveBlock(party, 1);
    const response = await party.server.request(
      'PUT',
      `/api/documents/${party.documentId}/blocks/${block.id}/position`,
      party.france.token,
      { position: 'agree' },
    );
    expect(response.status).toBe(200);
    expect((await party.server.request('GET', '/api/me', ADMIN_TOKEN)).status).toBe(200);
  });
});

/** Sends `head` as the raw start of an HTTP request and reads the whole answer. */
function rawRequest(url: string, head: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.end(head));
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk.toString();
    });
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}

describe('requests no URL can be built from', () => {
  it('answers them with the JSON error and the security headers of every other answer', async () => {
    const party = await setUpWorkingParty();
    for (const head of [
      'GET * HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n',
      'GET /api/documents HTTP/1.1\r\nHost: [\r\nConnection: close\r\n\r\n',
    ]) {
      const answer = await rawRequest(party.server.url, head);
      const [lines = '', body = ''] = answer.split('\r\n\r\n');
      expect(lines, head).toMatch(/^HTTP\/1\.1 400 /);
      const headers = new Headers(
        lines
          .split('\r\n')
          .slice(1)
          .map((line): [string, string] => [
            line.slice(0, line.indexOf(':')),
            line.slice(line.indexOf(':') + 1).trim(),
          ]),
      );
      expectSecurityHeaders(headers, head);
      const json = body.includes('{') ? body.slice(body.indexOf('{'), body.lastIndexOf('}') + 1) : '';
      expect(JSON.parse(json)).toEqual({
        error: { code: 'bad-request', message: 'the request line or its Host header cannot be read' },
      });
    }
  });
});

describe('web hardening in Chromium', { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  const browser = useChromium();

  it('shows a comment holding <script> and markup as text, and runs under its Content-Security-Policy', async () => {
    const party = await setUpWorkingParty();
    const first = await readLiveBlock(party, 0);
    const hostile = `<script>window.__pwned = 'script'</script><img src=x onerror="window.__pwned = 'img'"> <b>bold?</b>`;
    const fr = await openSignedInPage(browser(), party.server.url, party.france.token);
    const de = await openSignedInPage(browser(), party.server.url, party.germany.token);
    const violations: string[] = [];
    for (const { page } of [fr, de]) {
      await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (event) => {
          console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`);
        });
      });
      page.on('console', (message) => {
        if (message.text().startsWith('CSP violation')) violations.push(message.text());
      });
    }
    await Promise.all(
      [fr, de].map(async ({ page }) => {
        await openDraftingRoom(page, party.documentId);
        await page.locator(`.block-margin[data-block-id="${first.id}"] button`).click();
      }),
    );
    const panelOf = (page: typeof fr.page) =>
      page.getByRole('complementary', { name: 'Cover note, point 1', exact: true });
    // FR types it into the comment form as anyone would.
    await panelOf(fr.page).getByLabel('Comment', { exact: true }).fill(hostile);
    await panelOf(fr.page).getByRole('button', { name: 'Add comment' }).click();

    for (const { page } of [fr, de]) {
      const body = panelOf(page).locator('.comment-body').filter({ hasText: 'window.__pwned' });
      await body.waitFor(UNTIL);
      expect(await body.textContent()).toBe(hostile);
      expect(await body.locator('script, img, b').count()).toBe(0);
      expect(await page.evaluate(() => (window as { __pwned?: string }).__pwned)).toBeUndefined();
    }
    // And typing in the editor, live sync and the margin all work under the policy.
    await de.page.locator('.council-body [data-id]').first().click();
    await de.page.keyboard.type(' DE ');
    await expect.poll(() => fr.page.locator('.council-body').textContent(), UNTIL).toContain(' DE ');
    expect(violations).toEqual([]);
    expect([...fr.errors, ...de.errors].filter((e) => !e.startsWith('console: CSP violation'))).toEqual([]);
  });

  it('asks before a login link opened from another site signs the browser in (login CSRF)', async () => {
    const party = await setUpWorkingParty();
    const de = await openSignedInPage(browser(), party.server.url, party.germany.token);
    // Another site (localhost is not 127.0.0.1) sends the browser to France's login link.
    const here = new URL(party.server.url);
    const elsewhere = `http://localhost:${here.port}/healthz`;
    await de.page.goto(elsewhere);
    await de.page.evaluate((link) => {
      window.location.href = link;
    }, `${party.server.url}/login?token=${party.france.token}`);
    await de.page.getByRole('heading', { name: /^Sign in to Accord as .*FR/ }).waitFor(UNTIL);
    const me = () =>
      de.page.evaluate(
        async () => ((await (await fetch('/api/me')).json()) as { delegation: string }).delegation,
      );
    expect(await me()).toBe('DE');
    // Confirmed on our own page, it does what the link says.
    await de.page.getByRole('button', { name: /^Sign in as / }).click();
    await de.page.locator('.whoami').waitFor(UNTIL);
    expect(await me()).toBe('FR');
  });
});
