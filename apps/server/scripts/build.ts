import { buildServerBundles, FORMAT_WORKER_BUNDLE, SERVER_BUNDLE } from '../src/bundles';

await buildServerBundles();
process.stdout.write(`format worker: ${FORMAT_WORKER_BUNDLE}\nserver: ${SERVER_BUNDLE}\n`);
