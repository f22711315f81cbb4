/**
 * What `accord` runs: the bin loads this through tsx, and the tests spawn it bundled (`bundle.ts`).
 */
import { runCli } from './main';

// `accord parse x.md | head` closes the pipe early; that is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
