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
    const socketAddress = incoming?.socket.remoteAddress;
    if (incoming !== undefined && socketAddress !== undefined) {
      const forwarded = proxyAddr(incoming, trust);
      const proxied = trust(socketAddress, 0);
      const proto = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase();
      c.set('client', {
        // A hop that is no address (a proxy that wrote `unknown`) tells nothing: the last known is kept.
        address: isIP(forwarded) === 0 ? socketAddress : forwarded,
        scheme: proxied && proto === 'https' ? 'https' : 'http',
      });
    }
    await next();
  };
}
