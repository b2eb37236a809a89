import { relative } from 'node:path';
import { loadSuite } from '../spec/load.ts';
import { formatProblem, SuiteError } from '../spec/problems.ts';
import { assertSuiteReady } from './errors.ts';

/**
 * Validates each suite — schema, plugins, options, and what a run would meet before its first episode (each
 * env's episodes, `train.from` checkpoints, what each agent needs of its env, limits that leave task types
 * out) — printing every problem of every file; exits 2 if any has one.
 */
export async function validateCommand(files: string[]): Promise<void> {
  let failed = 0;
  for (const file of files) {
    try {
      const loaded = await loadSuite(file);
      await assertSuiteReady(loaded);
      const { spec } = loaded;
      console.log(`${relative(process.cwd(), file)}: ok (${spec.envs.length} env(s), ${spec.agents.length} agent(s), seeds ${spec.seeds.join(', ')})`);
    } catch (e) {
      if (!(e instanceof SuiteError)) throw e;
      failed++;
      for (const problem of e.problems) console.error(formatProblem(problem));
    }
  }
  process.exit(failed ? 2 : 0);
}
