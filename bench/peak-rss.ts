import { readFileSync } from 'node:fs';

/**
 * The high-water resident set of a live process in MiB (`VmHWM` in /proc, which covers its worker threads),
 * or null where /proc is not available or the process has ended.
 */
export function peakRssMiB(pid: number): number | null {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}
