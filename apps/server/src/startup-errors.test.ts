import { describe, expect, it } from 'vitest';
import { describeDataDirError, describeListenError } from './startup-errors';

function failure(code: string, message = code): Error {
  return Object.assign(new Error(message), { code });
}

describe('describeListenError', () => {
  it.each([
    ['EADDRINUSE', /^port 8080 on 127\.0\.0\.1 is already in use: .*set PORT to another port$/],
    ['EACCES', /^this user may not listen on port 8080 .*set PORT to another port$/],
    ['EADDRNOTAVAIL', /^HOST 127\.0\.0\.1 is not an address of this machine: set HOST/],
    ['ENOTFOUND', /^HOST 127\.0\.0\.1 is not a name or address this machine knows: set HOST/],
  ])('names the setting to change for %s', (code, message) => {
    expect(describeListenError(failure(code), '127.0.0.1', 8080)).toMatch(message);
  });

  it('leaves any other error to be reported as it is', () => {
    expect(describeListenError(new Error('boom'), '127.0.0.1', 8080)).toBeNull();
  });
});

describe('describeDataDirError', () => {
  it.each([
    ['EACCES', 'permission denied'],
    ['SQLITE_READONLY', 'permission denied'],
    ['EROFS', 'the file system is read-only'],
    ['ENOTDIR', 'it, or a part of its path, is a file, not a directory'],
    ['ENOSPC', 'no space left on the device'],
    ['ENOENT', 'no such file or directory, and it cannot be made there'],
  ])('says %s in words, naming the directory and ACCORD_DATA_DIR', (code, reason) => {
    expect(describeDataDirError(failure(code, 'attempt to write a readonly database'), '/srv/data')).toBe(
      `cannot use the data directory /srv/data (ACCORD_DATA_DIR): ${reason}`,
    );
  });

  it('keeps the first line of any other message', () => {
    expect(describeDataDirError(new Error('disk I/O error\nat …'), '/srv/data')).toBe(
      'cannot use the data directory /srv/data (ACCORD_DATA_DIR): disk I/O error',
    );
  });
});
