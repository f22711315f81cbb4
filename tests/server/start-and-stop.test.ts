/**
 * Starting and stopping the server as a user or a script does: a stop that stops it.
 */
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir, onTeardown, REPO_ROOT, spawnServer, teardown } from './harness';

afterEach(teardown);

function isGroupAlive(group: number): boolean {
  try {
    process.kill(-group, 0);
    return true;
  } catch {
    return false;
  }
}

describe('npm run serve (what npm start runs)', () => {
  it('stops the server on a SIGTERM sent to npm alone, as a script or a service manager sends it', async () => {
    const dataDir = makeTempDir();
    // A process group of its own, so that whatever is left of it can be found and stopped.
    const npm = spawn('npm', ['run', 'serve', '-w', '@accord/server'], {
      cwd: REPO_ROOT,
      env: { ...process.env, PORT: '0', ACCORD_DATA_DIR: dataDir, ACCORD_DEMO: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const group = npm.pid as number;
    onTeardown(() => {
      try {
        process.kill(-group, 'SIGKILL');
      } catch {
        // Nothing of it left.
      }
    });
    const exited = new Promise((resolveExit) => npm.once('exit', resolveExit));
    let output = '';
    const url = await new Promise<string>((resolveUrl, reject) => {
      const read = (chunk: Buffer) => {
        output += chunk.toString();
        const match = /running at (http:\/\/\S+)/.exec(output);
        if (match) resolveUrl(match[1] as string);
      };
      npm.stdout?.on('data', read);
      npm.stderr?.on('data', read);
      npm.once('exit', (code) =>
        reject(new Error(`npm exited (${code}) before the server listened:\n${output}`)),
      );
    });
    expect((await fetch(`${url}/healthz`)).status).toBe(200);

    npm.kill('SIGTERM');
    await exited;
    // Nothing of the server is left (a shell between npm and the server let it run on, orphaned): the
    // port is closed and the data directory is free again.
    await expect.poll(() => isGroupAlive(group)).toBe(false);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
    const next = await spawnServer(dataDir);
    expect((await fetch(`${next.url}/healthz`)).status).toBe(200);
  });
});
