/**
 * A TCP proxy in front of a server, for a browser whose network drops: `cut` ends every connection
 * through it and holds new ones (as a link that is down: the browser's attempts wait, unanswered)
 * until `restore` lets them through to the server. Connections are piped byte for byte, so HTTP,
 * server-sent events and WebSockets pass as they are.
 */
import { connect, createServer, type Socket } from 'node:net';
import { onTeardown } from '../server/harness';

export interface NetworkCut {
  /** The server's address through the proxy, e.g. http://127.0.0.1:41234. */
  readonly url: string;
  cut(): void;
  restore(): void;
}

export async function startNetworkCut(targetPort: number): Promise<NetworkCut> {
  const open = new Set<Socket>();
  let held: Socket[] | null = null;
  const pipe = (client: Socket) => {
    const upstream = connect(targetPort, '127.0.0.1');
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.on('close', () => open.delete(socket));
      // A reset is what a cut is made of: the other side is ended below.
      socket.on('error', () => {});
    }
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  };
  const proxy = createServer((client) => {
    if (held === null) pipe(client);
    else {
      client.on('error', () => {});
      held.push(client);
    }
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const address = proxy.address();
  if (address === null || typeof address === 'string') throw new Error('the proxy has no port');
  onTeardown(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of [...open, ...(held ?? [])]) socket.destroy();
        proxy.close(() => resolve());
      }),
  );
  return {
    url: `http://127.0.0.1:${address.port}`,
    cut() {
      held ??= [];
      for (const socket of open) socket.destroy();
    },
    restore() {
      const waiting = held ?? [];
      held = null;
      for (const client of waiting) if (!client.destroyed) pipe(client);
    },
  };
}
