import {
  buildFormatWorkerBundle,
  buildServerBundle,
  FORMAT_WORKER_BUNDLE,
  SERVER_BUNDLE,
} from '../src/bundles';

await Promise.all([buildFormatWorkerBundle(), buildServerBundle()]);
process.stdout.write(`format worker: ${FORMAT_WORKER_BUNDLE}\nserver: ${SERVER_BUNDLE}\n`);
