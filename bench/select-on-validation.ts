/**
 * Chooses between variants of an agent on the validation slice of the training split — never on the
 * evaluation splits. Each variant (a set of agent options) is trained with the same budget and seeds through
 * the runner; every agent of an env and seed holds out the same validation episodes (paired training), and the
 * trained agent's greedy success and score on them are read from the run's training log (`validation`). The
 * variant with the highest mean validation success (then score) over the seeds is the choice.
 *
 *   npx tsx bench/select-on-validation.ts --env alfworld --agent step-hrl \
 *     --variants '{"full":{"progressItems":"full"},"compact":{"progressItems":"compact"}}' \
 *     [--train '{"demonstrations":400,"validationFraction":0.15,"validationMax":60}'] [--seeds 1,2,3] [--workers 2] [--out dir]
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runSuite } from '../harness/runner/run.ts';
import { loadSuite } from '../harness/spec/load.ts';

const flag = (name: string, fallback?: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const env = flag('env', 'alfworld')!;
const agent = flag('agent', 'step-hrl')!;
const variants = JSON.parse(flag('variants', '{"default":{}}')!) as Record<string, Record<string, unknown>>;
const train = JSON.parse(flag('train', '{"demonstrations":400,"validationFraction":0.15,"validationMax":60}')!) as Record<string, unknown>;
const seeds = flag('seeds', '1,2,3')!.split(',').map(Number);
const out = resolve(flag('out', join(tmpdir(), `select-${env}-${agent}-${Date.now()}`))!);
const envOptions: Record<string, string> = { scienceworld: '{ tasks: paper }', alfworld: '{}' };

mkdirSync(out, { recursive: true });
const suiteFile = join(out, 'suite.yaml');
writeFileSync(
  suiteFile,
  [
    `name: select-${agent}-on-${env}`,
    `seeds: [${seeds.join(', ')}]`,
    'stepLimit: 50',
    'envs:',
    `  - use: ${env}`,
    `    options: ${envOptions[env] ?? '{}'}`,
    // The training split is all that matters; one evaluation episode is the least a suite may run.
    '    splits: { train: {}, seen: { limit: 1 } }',
    'agents:',
    ...Object.entries(variants).map(
      ([label, options]) => `  - { use: ${agent}, id: ${agent}-${label}, options: ${JSON.stringify(options)}, train: ${JSON.stringify(train)} }`,
    ),
    'reports: []',
  ].join('\n') + '\n',
);

const started = performance.now();
await runSuite(await loadSuite(suiteFile), { dir: join(out, 'run'), workers: Number(flag('workers', '2')), quiet: true });
const minutes = (performance.now() - started) / 60_000;

const events = readFileSync(join(out, 'run', 'training.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => JSON.parse(line) as { phase: string; agent: string; seed: number; success?: number; score?: number; episodes?: number });
const rows = Object.keys(variants).map((label) => {
  const id = `${agent}-${label}`;
  const perSeed = seeds.map((seed) => events.find((e) => e.phase === 'validation' && e.agent === id && e.seed === seed));
  const mean = (key: 'success' | 'score') => perSeed.reduce((n, e) => n + (e?.[key] ?? Number.NaN), 0) / seeds.length;
  return { label, perSeed, success: mean('success'), score: mean('score') };
});
const best = [...rows].sort((a, b) => b.success - a.success || b.score - a.score)[0];
const episodes = rows[0].perSeed[0]?.episodes ?? 0;
console.log(
  `${agent} on ${env}: ${rows.length} variants × ${seeds.length} seeds, ${episodes} validation episodes each (train split, held out of the demonstrations); ${minutes.toFixed(1)} min`,
);
console.log(`train: ${JSON.stringify(train)}`);
for (const row of rows) {
  const seedsText = row.perSeed
    .map((e, i) => `seed ${seeds[i]} ${(100 * (e?.success ?? Number.NaN)).toFixed(1)}% / ${(e?.score ?? Number.NaN).toFixed(1)}`)
    .join('; ');
  const diff = row === rows[0] ? '' : `; Δ success vs ${rows[0].label} ${(100 * (row.success - rows[0].success)).toFixed(1)} points`;
  console.log(
    `  ${row.label.padEnd(12)} ${JSON.stringify(variants[row.label])}: success ${(100 * row.success).toFixed(1)}%, score ${row.score.toFixed(1)} (${seedsText})${diff}${row === best ? '  ← chosen' : ''}`,
  );
}
console.log(`run folder: ${join(out, 'run')}`);
