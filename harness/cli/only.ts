import type { Selection } from '../runner/plan.ts';
import { didYouMean } from '../schema/suggest.ts';
import type { SuiteSpec } from '../spec/types.ts';

/**
 * What is wrong with `--only` for this suite: each id or split name it gives that the suite does not have
 * (a typo would otherwise select nothing and write an empty run).
 */
export function onlyProblems(spec: SuiteSpec, only: Selection['only']): string[] {
  const known = {
    env: spec.envs.map((e) => e.id),
    agent: spec.agents.map((a) => a.id),
    split: [...new Set(spec.envs.flatMap((e) => e.eval.map((s) => s.name)))],
  };
  const what = { env: 'env', agent: 'agent', split: 'evaluation split' };
  const problems: string[] = [];
  for (const key of ['env', 'agent', 'split'] as const) {
    for (const name of only?.[key] ?? []) {
      if (known[key].includes(name)) continue;
      problems.push(`--only ${key}=${name}: the suite has no ${what[key]} "${name}"${didYouMean(name, known[key])}; it has ${known[key].join(', ')}`);
    }
  }
  return problems;
}
