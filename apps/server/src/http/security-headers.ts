import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

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
 * The headers every answer carries, also those written outside Hono (a refused socket upgrade): the
 * policy, no MIME sniffing, no framing (for browsers without frame-ancestors), and no Referer, since
 * a login link carries its token in the URL.
 */
export const BASIC_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': formatContentSecurityPolicy(CONTENT_SECURITY_POLICY),
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
};

/** Hono's secure-headers middleware with the policy above; on every response, errors included. */
export function securityHeaders(): MiddlewareHandler {
  return secureHeaders({
    contentSecurityPolicy: Object.fromEntries(
      Object.entries(CONTENT_SECURITY_POLICY).map(([directive, sources]) => [directive, [...sources]]),
    ),
    xFrameOptions: 'DENY',
    referrerPolicy: 'no-referrer',
  });
}
