import type { ServerResponse } from 'node:http';
import type { MiddlewareHandler } from 'hono';

/**
 * The Content-Security-Policy the built web app runs under (checked in Chromium by the reliability
 * suite): scripts only from this origin, never inline or eval'd, so a comment or a document that
 * smuggled markup past React could still run nothing; styles may be inline because Tiptap injects its
 * base stylesheet as a <style> element; API calls, the event stream and the sync socket go to this
 * origin only; no plugins, no <base>, and no page of another site may frame ours (clickjacking).
 */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
} as const;

/** The policy as a header value: `default-src 'self'; script-src 'self'; …`. */
export function formatContentSecurityPolicy(policy: Readonly<Record<string, readonly string[]>>): string {
  return Object.entries(policy)
    .map(
      ([directive, sources]) =>
        `${directive.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} ${sources.join(' ')}`,
    )
    .join('; ');
}

/**
 * The headers every answer carries, also those written outside Hono (a refused socket upgrade, a
 * request no URL can be built from): the policy, no MIME sniffing, no framing (for browsers without
 * frame-ancestors), no Referer (a login link carries its token in the URL), and the isolation and
 * legacy-browser headers of Hono's `secureHeaders` defaults, which this list replaced (see below).
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': formatContentSecurityPolicy(CONTENT_SECURITY_POLICY),
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Origin-Agent-Cluster': '?1',
  'Referrer-Policy': 'no-referrer',
  'Strict-Transport-Security': 'max-age=15552000; includeSubDomains',
  'X-Content-Type-Options': 'nosniff',
  'X-DNS-Prefetch-Control': 'off',
  'X-Download-Options': 'noopen',
  'X-Frame-Options': 'DENY',
  'X-Permitted-Cross-Domain-Policies': 'none',
  'X-XSS-Protection': '0',
};

/**
 * The Cache-Control of answers under `/api/`, unless the route sets its own (the consensus report
 * revalidates with an ETag, the event stream is `no-cache`): no cache, the browser's on a shared
 * delegation PC or a proxy's, keeps what the API returns, a delegation's private notes among it.
 */
export const API_CACHE_CONTROL = 'no-store';

/** Whether `path` is an API route's (its answers also carry `API_CACHE_CONTROL`). */
export function isApiPath(path: string): boolean {
  return path.startsWith('/api/');
}

/**
 * Puts `SECURITY_HEADERS` on every answer of the app (and `API_CACHE_CONTROL` on the API's), errors
 * included; a route that sets one of them
 * itself keeps its own. On Node they are set on the outgoing message before the route runs, and Node
 * merges them into the status line's headers: Hono's `secureHeaders` set them on the answer's Web
 * `Headers` afterwards, which made @hono/node-server build and sort a `Headers` object for every answer
 * (bench/findings.md, "security headers"). Elsewhere (`app.request`) they are set on the answer.
 */
export function securityHeaders(): MiddlewareHandler<{ Bindings: { outgoing?: ServerResponse } }> {
  const pageHeaders = Object.entries(SECURITY_HEADERS);
  const apiHeaders = pageHeaders.concat([['Cache-Control', API_CACHE_CONTROL]]);
  return async (c, next) => {
    const headers = isApiPath(c.req.path) ? apiHeaders : pageHeaders;
    const outgoing = c.env?.outgoing;
    if (outgoing !== undefined) {
      for (const [name, value] of headers) outgoing.setHeader(name, value);
      return next();
    }
    await next();
    for (const [name, value] of headers) if (!c.res.headers.has(name)) c.res.headers.set(name, value);
  };
}
