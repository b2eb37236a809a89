/**
 * Idle adapter processes, kept between episodes so a run pays for starting Python (and ScienceWorld's JVM,
 * or loading ALFWorld's game logic) once per concurrent episode rather than once per episode. Only a process
 * that ended its episode cleanly comes back; one that failed is dead already, and the next episode starts a
 * fresh one.
 */
import { AdapterProcess, type LaunchSpec } from './process.ts';

const MAX_IDLE_PER_SPEC = 4;
const idle = new Map<string, AdapterProcess[]>();

export function specKey(spec: LaunchSpec): string {
  return JSON.stringify([spec.python, spec.adapter, spec.adapterArgs, Object.entries(spec.env).sort()]);
}

/** An idle process for this launch spec, or a newly started one. */
export async function acquire(spec: LaunchSpec, startTimeoutMs: number): Promise<AdapterProcess> {
  const list = idle.get(specKey(spec)) ?? [];
  while (list.length) {
    const proc = list.pop()!;
    if (proc.alive) return proc;
  }
  return AdapterProcess.start(spec, startTimeoutMs);
}

/** Gives a process back after an episode; with `reuse` off, or too many idle, it is stopped instead. */
export function release(spec: LaunchSpec, proc: AdapterProcess, reuse: boolean): void {
  if (!proc.alive) return;
  const key = specKey(spec);
  const list = idle.get(key) ?? [];
  if (!reuse || proc.busy || list.length >= MAX_IDLE_PER_SPEC) {
    proc.kill('stopped after its episode');
    return;
  }
  list.push(proc);
  idle.set(key, list);
}

/** Stops every idle process (for tests and for callers that want a clean slate). */
export function stopIdle(): void {
  for (const list of idle.values()) for (const proc of list) proc.kill('stopped while idle');
  idle.clear();
}
