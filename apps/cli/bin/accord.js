#!/usr/bin/env node
// The CLI runs from its TypeScript source, like every workspace: tsx compiles it on the fly.
import { register } from 'tsx/esm/api';

// `accord parse x.md | head` closes the pipe early; that is not an error worth a stack trace.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

register();
const { runCli } = await import('../src/main.ts');
process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
