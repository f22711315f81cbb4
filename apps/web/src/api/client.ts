/**
 * The one typed client for the server's JSON API. Every fetch goes through `request`, so credentials
 * (the session cookie set by `/login?token=…`), a future CSRF header and error decoding live in one place.
 * Expected failures (401, 403, 404, 400, the network being down) come back as values, never thrown.
 */
import type { DelegationCode, DocumentMetadata, Result, Role } from '@accord/model';

export interface ApiFailure {
  /** The server's error code (`unauthorized`, `not_found`, …), or `network` when no answer came. */
  readonly code: string;
  readonly message: string;
  /** HTTP status; 0 when the request never got an answer. */
  readonly status: number;
}

export interface Me {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  readonly delegation: DelegationCode | null;
}

export interface DocumentSummary {
  readonly id: string;
  readonly number: string | null;
  readonly title: string | null;
  readonly revision: number;
}

export interface DocumentBlock {
  readonly id: string;
  readonly kind: string;
  readonly number: string | null;
  readonly text: string;
}

export interface DocumentDetail extends DocumentSummary {
  readonly metadata: DocumentMetadata;
  readonly blocks: readonly DocumentBlock[];
  readonly footnotes: readonly { id: string; number: number; blockId: string; text: string }[];
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** Headers every mutating request carries; the place to add a CSRF token when the server asks for one. */
function createHeaders(_method: Method, hasBody: boolean): Record<string, string> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (hasBody) headers['content-type'] = 'application/json';
  return headers;
}

function decodeFailure(status: number, body: unknown, fallback: string): ApiFailure {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  return {
    code: typeof error?.code === 'string' ? error.code : `http_${status}`,
    message: typeof error?.message === 'string' ? error.message : fallback,
    status,
  };
}

export async function request<T>(
  method: Method,
  path: string,
  body?: unknown,
): Promise<Result<T, ApiFailure>> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: createHeaders(method, body !== undefined),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    return { ok: false, error: { code: 'network', message: 'The server cannot be reached.', status: 0 } };
  }
  const text = await response.text();
  let parsed: unknown = null;
  if (text !== '') {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = null;
    }
  }
  if (!response.ok) return { ok: false, error: decodeFailure(response.status, parsed, response.statusText) };
  return { ok: true, value: parsed as T };
}

export const api = {
  getMe: () => request<Me>('GET', '/api/me'),
  listDocuments: () => request<DocumentSummary[]>('GET', '/api/documents'),
  getDocument: (id: string) => request<DocumentDetail>('GET', `/api/documents/${encodeURIComponent(id)}`),
  logout: () => request<null>('POST', '/api/logout'),
};
