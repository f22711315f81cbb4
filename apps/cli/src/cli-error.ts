/**
 * An expected failure the user can fix (a bad argument, a file that does not parse). Thrown once by a
 * command and turned into one line on stderr and exit code 2 by `runCli`; anything else is a bug.
 */
export class CliError extends Error {
  override readonly name = 'CliError';
}

/** Exit codes: 0 done, 2 the user's input is wrong, 1 a bug in accord. */
export const ExitCode = { ok: 0, bug: 1, usage: 2 } as const;
