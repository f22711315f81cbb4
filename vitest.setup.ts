import { vi } from 'vitest';

// `vi.waitFor` waits 1 s unless told otherwise, too little on a loaded machine for an event that
// crosses a socket; unlike `expect.poll` it has no setting, so its default is raised here. Test files
// share a worker (`isolate: false`), so this runs once per file: wrap only the original.
const WAIT_FOR_TIMEOUT_MS = 30_000;
const ORIGINAL = Symbol.for('accord.waitFor.original');
type WaitFor = typeof vi.waitFor & { [ORIGINAL]?: typeof vi.waitFor };

const waitFor = (vi.waitFor as WaitFor)[ORIGINAL] ?? vi.waitFor;
const wrapped: WaitFor = ((callback, options) =>
  waitFor(
    callback,
    typeof options === 'number' ? options : { timeout: WAIT_FOR_TIMEOUT_MS, ...options },
  )) as WaitFor;
wrapped[ORIGINAL] = waitFor;
vi.waitFor = wrapped;
