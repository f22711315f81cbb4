import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import type { HttpBindings } from '@hono/node-server';
import type { MiddlewareHandler } from 'hono';
import proxyAddr from 'proxy-addr';

/** Who sent a request, as far as this server can tell. */
export interface Client {
  /** The browser's or script's address: the socket's, or what a trusted proxy forwarded. */
  readonly address: string;
  /** What the browser spoke: a trusted proxy's `X-Forwarded-Proto`, else this server's own (http). */
  readonly scheme: 'http' | 'https';
}

/** Whether an address is one of the reverse proxies whose `X-Forwarded-*` headers are believed. */
export type ProxyTrust = (address: string, hop: number) => boolean;

/**
 * The trust for `ACCORD_TRUSTED_PROXIES`' addresses, ranges (`10.0.0.0/8`) and proxy-addr's names
 * (`loopback`, `linklocal`, `uniquelocal`); an error naming the first entry it cannot read.
 */
export function compileProxyTrust(entries: readonly string[]): ProxyTrust | Error {
  try {
    return proxyAddr.compile([...entries]);
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/**
 * Sets `client` for the handlers after it. `X-Forwarded-For` is read right to left, each hop only
 * while the address that sent it is trusted: anyone can send the header, so only what a trusted proxy
 * added is believed. Without a socket (a request made in a test through `app.request`), nothing is set.
 */
export function readClient(trust: ProxyTrust): MiddlewareHandler<{
  Bindings: Partial<HttpBindings>;
  Variables: { client: Client };
}> {
  return async (c, next) => {
    const incoming = c.env?.incoming;
    const client = incoming === undefined ? null : readClientOf(incoming, trust);
    if (client !== null) c.set('client', client);
    await next();
  };
}

/** Who sent a request Node received (the sync endpoint's upgrades read it here too); null without a socket. */
export function readClientOf(incoming: IncomingMessage, trust: ProxyTrust): Client | null {
  const socketAddress = incoming.socket.remoteAddress;
  if (socketAddress === undefined) return null;
  const forwarded = proxyAddr(incoming, trust);
  const proxied = trust(socketAddress, 0);
  const proto = String(incoming.headers['x-forwarded-proto'] ?? '')
    .split(',')[0]
    ?.trim()
    .toLowerCase();
  return {
    // A hop that is no address (a proxy that wrote `unknown`) tells nothing: the socket's is kept.
    address: isIP(forwarded) === 0 ? socketAddress : forwarded,
    scheme: proxied && proto === 'https' ? 'https' : 'http',
  };
}
