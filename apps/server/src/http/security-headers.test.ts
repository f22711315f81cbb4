import { describe, expect, it } from 'vitest';
import { createApp } from '../app';
import { openSqliteStore } from '../store/sqlite/open-sqlite-store';
import { LiveDocuments } from '../sync/live-documents';
import {
  BASIC_SECURITY_HEADERS,
  CONTENT_SECURITY_POLICY,
  formatContentSecurityPolicy,
} from './security-headers';

describe('security headers', () => {
  it('formats a policy with kebab-case directives in order', () => {
    expect(formatContentSecurityPolicy({ defaultSrc: ["'self'"], frameAncestors: ["'none'"] })).toBe(
      "default-src 'self'; frame-ancestors 'none'",
    );
    expect(BASIC_SECURITY_HEADERS['Content-Security-Policy']).toContain("script-src 'self'; style-src");
  });

  it('puts the same policy and headers on answers and errors of the app', async () => {
    const store = openSqliteStore(':memory:');
    const documents = new LiveDocuments(store);
    const app = createApp({ store, documents, logError: () => {} });
    try {
      for (const path of ['/healthz', '/api/documents', '/api/nothing', '/login']) {
        const response = await app.request(path);
        for (const [name, value] of Object.entries(BASIC_SECURITY_HEADERS)) {
          expect(response.headers.get(name), `${path} ${name}`).toBe(value);
        }
      }
      expect(formatContentSecurityPolicy(CONTENT_SECURITY_POLICY)).not.toMatch(/script-src[^;]*unsafe/);
    } finally {
      await documents.close();
      await store.close();
    }
  });
});
