import { writeFileSync } from 'node:fs';
import { extname, relative, resolve } from 'node:path';
import { compareRuns, renderCompare } from '../report/compare.ts';
import { DamagedLogError } from '../store/jsonl.ts';
import { exitWithUsageError } from './errors.ts';

const formats: Record<string, 'markdown' | 'html'> = { '.md': 'markdown', '.markdown': 'markdown', '.html': 'html', '.htm': 'html' };

/** `harness compare <runA> <runB> [...] [--out file.md|file.html]`: rows side by side, Δ paired where episodes match. */
export async function compareCommand(dirs: string[], flags: { out?: string }): Promise<void> {
  if (dirs.length < 2) exitWithUsageError('compare needs at least two run folders');
  const format = flags.out === undefined ? null : formats[extname(flags.out).toLowerCase()];
  if (format === undefined) exitWithUsageError(`--out ${flags.out}: write a .md (Markdown) or .html file`);
  let result: Awaited<ReturnType<typeof compareRuns>>;
  try {
    result = await compareRuns(dirs.map((d) => resolve(d)));
  } catch (e) {
    if (/is not a run folder|has no suite/.test((e as Error).message) || e instanceof DamagedLogError) exitWithUsageError((e as Error).message);
    throw e;
  }
  console.log(result.text);
  if (flags.out && format) {
    writeFileSync(resolve(flags.out), renderCompare(result, format));
    console.log(`Written: ${relative(process.cwd(), resolve(flags.out))}`);
  }
}
