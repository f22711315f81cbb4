import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allowedCpus } from './child-server';

describe('allowedCpus', () => {
  it('reads the cores a process may run on from its status', () => {
    const status = 'Name:\tnode\nCpus_allowed:\t1\nCpus_allowed_list:\t0\nMems_allowed_list:\t0\n';
    expect(allowedCpus(status)).toBe('0');
    expect(allowedCpus(status.replace('list:\t0', 'list:\t0-1'))).toBe('0-1');
  });

  it("reads this process's own status", () => {
    expect(allowedCpus(readFileSync('/proc/self/status', 'utf8'))).toMatch(/^[\d,-]+$/);
  });

  it('answers null for a status without the line', () => {
    expect(allowedCpus('Name:\tnode\n')).toBeNull();
  });
});
