/**
 * Hocuspocus with its defaults and no extensions: documents in memory, every connection accepted.
 */
import { Server } from '@hocuspocus/server';
import { serveBench } from './child-ipc';

async function main(): Promise<void> {
  const server = new Server({
    port: Number(process.env.PORT ?? 0),
    address: '127.0.0.1',
    quiet: true,
    stopOnSignals: false,
  });
  await server.listen();
  process.on('SIGTERM', () => process.exit(0));
  serveBench(server.address.port, { documents: () => server.hocuspocus.getDocumentsCount() });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
