/** What the CLI's tests share: the real CLI as a process, the fixture, and how a run is made and judged. */
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { CLI_BUNDLE } from './bundle';
import { runCli } from './main';

export const ROOT = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
export const FIXTURE = join(ROOT, 'tests/fixtures/council-9916-17.md');
export const SPAWN_TIMEOUT_MS = 180_000;

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `accord` in a child process: the CLI's entry point as bundled before the tests, or the given
 * executable, such as the linked bin.
 */
export function spawnAccord(
  args: readonly string[],
  cwd: string,
  executable = CLI_BUNDLE,
  stdin: string | Uint8Array = '',
): Promise<Run> {
  return new Promise((done) => {
    const child = execFile(
      process.execPath,
      [executable, ...args],
      { cwd, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        done({ code, stdout, stderr });
      },
    );
    // Ended, empty or not: a command that reads stdin must never wait on a terminal that is not there.
    child.stdin?.end(stdin);
  });
}

/** Runs `accord` in this process (same code path as the bin, without a node start-up per case). */
export async function runInProcess(args: readonly string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { code, stdout, stderr };
}

/** A usage or input error: exit 2, nothing on stdout, one line on stderr and no stack trace. */
export function expectOneLineError(run: Run, line: string | RegExp): void {
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr.endsWith('\n')).toBe(true);
  expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(run.stderr).not.toMatch(/\bat .*\(.*:\d+:\d+\)|node:internal/);
  if (typeof line === 'string') expect(run.stderr).toBe(`${line}\n`);
  else expect(run.stderr.trimEnd()).toMatch(line);
}
