import { relative } from 'node:path';
import { checkSuitePlugins } from '../check/suite.ts';
import { assertReadyToRun } from '../runner/preflight.ts';
import { loadSuite } from '../spec/load.ts';
import { formatProblem, SuiteError } from '../spec/problems.ts';
import { printWarnings } from './errors.ts';

/**
 * Validates each suite — schema, plugins, options, and what a run would meet before its first episode (each
 * env's episodes, `train.from` checkpoints) — printing every problem of every file; exits 2 if any has one.
 */
export async function validateCommand(files: string[]): Promise<void> {
  let failed = 0;
  for (const file of files) {
    try {
      const loaded = await loadSuite(file);
      await assertReadyToRun(loaded);
      const { spec } = loaded;
      const { problems, warnings } = await checkSuitePlugins(loaded);
      printWarnings(warnings);
      if (problems.length) throw new SuiteError(problems);
      console.log(`${relative(process.cwd(), file)}: ok (${spec.envs.length} env(s), ${spec.agents.length} agent(s), seeds ${spec.seeds.join(', ')})`);
    } catch (e) {
      if (!(e instanceof SuiteError)) throw e;
      failed++;
      for (const problem of e.problems) console.error(formatProblem(problem));
    }
  }
  process.exit(failed ? 2 : 0);
}
