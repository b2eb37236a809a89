/**
 * The paper's comparison on this project's envs: vanilla RL, HRL and STEP-HRL trained by behaviour cloning
 * then offline RL on ALFWorld and ScienceWorld, evaluated on seen and unseen, through the harness's runner.
 * Prints, per env × split, success, average score and mean tokens per step of each agent, the token ratios
 * STEP-HRL/HRL and STEP-HRL/vanilla, and each agent's training time on this machine.
 *
 *   npx tsx bench/paper-agents.ts [--budget quick|medium|paper] [--seeds 1,2,3] [--out dir]
 *                                 [--envs alfworld,scienceworld] [--workers 2] [--report <run-dir>]
 *
 * Protocol (as the paper's code): 50-step episodes; ALFWorld seen = valid_seen (140), unseen = valid_unseen
 * (134); ScienceWorld seen = dev and unseen = test variations, at most 10 per task type, on the task types the
 * env implements of the paper's 24; the Llama-3 tokenizer. Budgets only change training (and, for `quick`,
 * how many evaluation episodes are run):
 *   quick   the agents' default settings, 5 eval variations per ScienceWorld task, 60 ALFWorld episodes per split
 *   medium  400 demonstrations, 8 BC epochs, 96 rollouts, 2 offline-RL epochs; full evaluation
 *   paper   every training demonstration, 10 BC epochs, 400 rollouts, 3 offline-RL epochs; full evaluation
 * `--report <run-dir>` prints the table of an earlier run without running anything.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Summary } from '../harness/api.ts';
import { finishRun } from '../harness/report/write-run.ts';
import { runSuite } from '../harness/runner/run.ts';
import { loadSuite } from '../harness/spec/load.ts';

type Budget = 'quick' | 'medium' | 'paper';

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const AGENTS = ['vanilla-rl', 'hrl', 'step-hrl'] as const;

const TRAIN: Record<Budget, string> = {
  quick: '{}',
  medium: '{ demonstrations: 400, bc: { epochs: 8 }, rollouts: { episodes: 96 }, rl: { epochs: 2 } }',
  paper: '{ demonstrations: null, validationFraction: 0.05, validationMax: 40, bc: { epochs: 10 }, rollouts: { episodes: 400 }, rl: { epochs: 3 } }',
};

function suiteText(budget: Budget, envs: string[], seeds: string): string {
  const quick = budget === 'quick';
  const lines = [`name: paper-agents-${budget}`, `seeds: [${seeds}]`, 'stepLimit: 50', 'envs:'];
  if (envs.includes('alfworld')) {
    lines.push('  - use: alfworld');
    lines.push(quick ? '    options: { episodesPerTask: 10 }' : '    options: {}');
    lines.push('    splits: { train: {}, seen: {}, unseen: {} }');
  }
  if (envs.includes('scienceworld')) {
    lines.push('  - use: scienceworld');
    lines.push(`    options: { tasks: paper, evalVariationsPerTask: ${quick ? 5 : 10} }`);
    lines.push('    splits: { train: {}, seen: {}, unseen: {} }');
  }
  lines.push('agents:');
  for (const agent of AGENTS) lines.push(`  - { use: ${agent}, train: ${TRAIN[budget]} }`);
  lines.push('metrics: [success, score, tokens-per-step]');
  return lines.join('\n') + '\n';
}

interface TrainingLine {
  phase: string;
  env: string;
  agent: string;
  seconds?: number;
}

function printReport(dir: string): void {
  const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as Summary;
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  const training = readFileSync(join(dir, 'training.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as TrainingLine);
  // Mean over the run's seeds.
  const trainSeconds = (env: string, agent: string) => {
    const seconds = training.filter((e) => e.phase === 'finished' && e.env === env && e.agent === agent).map((e) => e.seconds ?? 0);
    return seconds.length ? seconds.reduce((a, b) => a + b, 0) / seconds.length : undefined;
  };
  const runtime = manifest.runtime ?? {};
  console.log(`run ${dir}`);
  console.log(
    `backend ${runtime.backend ?? manifest.backend ?? '?'} ${runtime.backendVersion ?? ''}, tokenizer ${manifest.suite?.tokenizer ?? '?'}, node ${manifest.node ?? process.version}`,
  );
  const envs = [...new Set(summary.rows.map((r) => r.env))];
  for (const env of envs) {
    for (const split of [...new Set(summary.rows.filter((r) => r.env === env).map((r) => r.split))]) {
      const rows = summary.rows.filter((r) => r.env === env && r.split === split);
      const get = (agent: string, metric: string) => rows.find((r) => r.agent === agent)?.metrics[metric]?.value;
      console.log(`\n${env} · ${split} (${rows[0]?.episodes ?? 0} episodes)`);
      console.log('agent        success %   score   tokens/step   training s');
      for (const agent of AGENTS) {
        const success = get(agent, 'success');
        const score = get(agent, 'score');
        const tokens = get(agent, 'tokens-per-step');
        const seconds = trainSeconds(env, agent);
        console.log(
          `${agent.padEnd(12)} ${fmt(success === undefined ? undefined : success * 100, 1).padStart(9)} ${fmt(score, 1).padStart(7)} ${fmt(tokens, 0).padStart(13)} ${fmt(seconds, 0).padStart(12)}`,
        );
      }
      const step = get('step-hrl', 'tokens-per-step');
      const hrl = get('hrl', 'tokens-per-step');
      const vanilla = get('vanilla-rl', 'tokens-per-step');
      if (step !== undefined && hrl && vanilla) {
        console.log(
          `tokens/step ratio STEP-HRL/HRL ${(step / hrl).toFixed(2)} (${pct(1 - step / hrl)} fewer), STEP-HRL/vanilla ${(step / vanilla).toFixed(2)} (${pct(1 - step / vanilla)} fewer)`,
        );
      }
    }
  }
  console.log('\nPaper (arXiv 2604.05808): STEP-HRL success 81.57 / 77.81 on ScienceWorld seen / unseen, 97.86 / 97.76 on ALFWorld;');
  console.log('tokens per step 30–40% below HRL and about 50% below vanilla RL.');
}

function fmt(value: number | undefined, digits: number): string {
  return value === undefined ? '–' : value.toFixed(digits);
}

function pct(x: number): string {
  return `${(x * 100).toFixed(0)}%`;
}

const reportOnly = flag('report');
if (reportOnly) {
  printReport(resolve(reportOnly));
} else {
  const budget = (flag('budget') ?? 'quick') as Budget;
  if (!(budget in TRAIN)) throw new Error(`--budget must be quick, medium or paper, not ${budget}`);
  const envs = (flag('envs') ?? 'alfworld,scienceworld').split(',');
  const out = resolve(flag('out') ?? join('results', `paper-agents-${budget}-${new Date().toISOString().replace(/[:.]/g, '-')}`));
  mkdirSync(out, { recursive: true });
  const suiteFile = join(out, 'suite.yaml');
  writeFileSync(suiteFile, suiteText(budget, envs, flag('seeds') ?? '1'));
  const started = performance.now();
  const loaded = await loadSuite(suiteFile);
  const outcome = await runSuite(loaded, { dir: join(out, 'run'), workers: Number(flag('workers') ?? 2) });
  const { summary } = await finishRun(loaded, outcome.dir);
  const episodes = summary.rows.reduce((n, row) => n + row.episodes, 0);
  const errors = summary.rows.reduce((n, row) => n + row.errors, 0);
  console.log(`\nwall time ${((performance.now() - started) / 1000).toFixed(0)} s, ${episodes} episodes, ${errors} errors`);
  printReport(outcome.dir);
}
