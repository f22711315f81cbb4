import { readFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import type { MachineInfo } from './results';

export function readCpuModel(): string {
  try {
    const match = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    return match?.[1]?.trim() ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

export function describeMachine(loadAverageAtStart: readonly number[], pinned: boolean): MachineInfo {
  return {
    // Every online CPU, not this process's affinity (the bench pins itself to one).
    nproc: cpus().length,
    cpuModel: readCpuModel(),
    node: process.version,
    loadAverageAtStart,
    loadAverageAtEnd: loadavg().map((l) => Number(l.toFixed(2))),
    memoryGiB: Number((totalmem() / 1024 ** 3).toFixed(1)),
    pinned,
    kernel: release(),
  };
}
