import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EnvPlugin } from '../../harness/api.ts';
import type { Manifest } from '../../harness/store/manifest.ts';
import alfworld from '../../plugins/envs/alfworld/index.ts';
import scienceworld from '../../plugins/envs/scienceworld/index.ts';
import { fixture, harness, readEpisodes, tempDir, writeSuite } from '../helpers.ts';

/** What `harness show` prints of an episode, read back: the task, the first observation, each action and what followed. */
interface Shown {
  task: string | null;
  reset: string[];
  steps: { action: string; observation: string[] }[];
}

function parseShow(text: string): Shown {
  const shown: Shown = { task: null, reset: [], steps: [] };
  let quoted: string[] | null = null;
  for (const line of text.split('\n')) {
    if (line.startsWith('  │ ')) {
      quoted?.push(line.slice(4));
      continue;
    }
    quoted = null;
    if (line.startsWith('  task      ')) shown.task = line.slice(12);
    else if (line.startsWith('  reset ')) quoted = shown.reset;
    else if (line.startsWith('  action    ')) shown.steps.push({ action: line.slice(12), observation: [] });
    else if (line.startsWith('  result ')) quoted = shown.steps.at(-1)!.observation;
  }
  return shown;
}

const plugins: Record<string, EnvPlugin> = { alfworld, scienceworld };
let dir: string;

beforeAll(() => {
  const root = tempDir('show-');
  const file = writeSuite(
    root,
    [
      'name: show',
      'tokenizer: whitespace',
      'envs:',
      '  - use: alfworld',
      '    splits: { train: {}, seen: { limit: 2 } }',
      '  - use: scienceworld',
      '    options: { tasks: paper, evalVariationsPerTask: 1 }',
      '    splits: { train: {}, unseen: { limit: 3 } }',
      'agents: [random, oracle]',
      'metrics: [success, score]',
    ].join('\n'),
  );
  dir = join(root, 'run');
  const { code, stderr } = harness(['run', file, '--out', dir, '--quiet', '--workers', '0']);
  // The small limits leave task types out, which the run warns about; nothing else is said.
  expect(stderr.split('\n').filter((line) => line && !/: warning: /.test(line))).toEqual([]);
  expect(code).toBe(0);
}, 180_000);

describe('harness show', () => {
  it('prints a transcript whose observations are those of the env replayed with its actions', async () => {
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
    const records = readEpisodes(dir);
    expect(records.length).toBe(2 * 2 + 2 * 3);
    for (const [n, record] of records.entries()) {
      const { code, stdout } = harness(['show', dir, String(n + 1)]);
      expect(code).toBe(0);
      const shown = parseShow(stdout);
      expect(shown.steps.length, record.episode).toBe(record.steps);

      // A fresh env of the same episode, stepped through the printed actions.
      const suiteEnv = manifest.suite.envs.find((e) => e.id === record.env)!;
      const plugin = plugins[suiteEnv.use];
      const split = suiteEnv.eval.find((s) => s.name === record.split)!.split;
      const spec = (await plugin.episodes(split, suiteEnv.options)).find((e) => e.id === record.episode)!;
      const env = await plugin.create(spec, { options: suiteEnv.options, seed: record.seed });
      const reset = await env.reset();
      expect(shown.task).toBe(reset.task);
      expect(shown.reset.join('\n')).toBe(reset.observation);
      for (const step of shown.steps) {
        const result = await env.step(step.action);
        expect(step.observation.join('\n'), `${record.episode}: ${step.action}`).toBe(result.observation);
      }
      await env.close?.();
    }
  }, 180_000);

  it('finds an episode by its id, and asks which when several agents ran it', () => {
    const record = readEpisodes(dir).find((r) => r.agent === 'oracle' && r.env === 'scienceworld')!;
    const ambiguous = harness(['show', dir, record.episode]);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toContain(`episode "${record.episode}" ran 2 times`);
    expect(ambiguous.stderr).toMatch(/scienceworld · unseen · random · seed 1/);
    const chosen = harness(['show', dir, record.episode, '--agent', 'oracle', '--prompts']);
    expect(chosen.code).toBe(0);
    expect(chosen.stdout).toContain(`═══ oracle on scienceworld · unseen · ${record.episode} · seed 1 ═══`);
    expect(chosen.stdout).toMatch(/success · score 100 · \d+ steps · ended: done/);
  });

  it('says what is wrong with a bad episode or folder, and exits 2', () => {
    expect(harness(['show', dir, '999']).stderr).toContain('the log holds episodes 1 to 10');
    expect(harness(['show', dir, 'no-such-episode']).stderr).toContain('no episode "no-such-episode"');
    const notRun = harness(['show', fixture('..'), '1']);
    expect(notRun.code).toBe(2);
    expect(notRun.stderr).toContain('is not a run folder');
    const noRuns = harness(['view', fixture('..')]);
    expect(noRuns.code).toBe(2);
    expect(noRuns.stderr).toContain('neither a run folder (no manifest.json) nor a folder of runs');
  });
});
