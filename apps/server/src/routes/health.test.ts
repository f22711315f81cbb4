import { describe, expect, it } from 'vitest';
import { describeLowDiskSpace, LOW_DISK_SPACE_BYTES } from './health';

const GiB = 1024 ** 3;

describe('describeLowDiskSpace', () => {
  it.each([
    [2 * GiB, 20 * GiB, null],
    [LOW_DISK_SPACE_BYTES, 20 * GiB, null],
    [
      512 * 1024 ** 2,
      20 * GiB,
      'the disk of the data directory /srv/accord has 512 MiB free of 20 GiB (warning below 1.0 GiB): once it is full every change is refused (507); make room or move the data directory',
    ],
    [
      0,
      8 * GiB,
      'the disk of the data directory /srv/accord has 0 bytes free of 8.0 GiB (warning below 1.0 GiB): once it is full every change is refused (507); make room or move the data directory',
    ],
  ])('with %d bytes free of %d says %j', (freeBytes, totalBytes, warning) => {
    expect(describeLowDiskSpace({ path: '/srv/accord', freeBytes, totalBytes }, LOW_DISK_SPACE_BYTES)).toBe(
      warning,
    );
  });
});
