import { resolve } from 'node:path';
import { compareRuns } from '../report/compare.ts';
import { DamagedLogError } from '../store/jsonl.ts';
import { exitWithUsageError } from './errors.ts';

/** `harness compare <runA> <runB> [...]`: prints matching rows side by side with paired tests. */
export async function compareCommand(dirs: string[]): Promise<void> {
  if (dirs.length < 2) exitWithUsageError('compare needs at least two run folders');
  try {
    console.log((await compareRuns(dirs.map((d) => resolve(d)))).text);
  } catch (e) {
    if (/is not a run folder/.test((e as Error).message) || e instanceof DamagedLogError) exitWithUsageError((e as Error).message);
    throw e;
  }
}
