import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { plugin } from './helpers.ts';

/**
 * Golden transcripts: the full text of an episode (reset, a few free probes, an invalid input, then the
 * expert's plan) pinned in a fixture, so any change to the world's text, the scoring or the expert shows up
 * as a diff. Regenerate deliberately with `UPDATE_GOLDEN=1 npx vitest run test/envs/scienceworld/golden`.
 */

const here = dirname(fileURLToPath(import.meta.url));

interface GoldenStep {
  action: string;
  observation: string;
  reward: number;
  score: number;
  done: boolean;
  invalid: boolean;
  subtask?: string;
  progress?: string;
}

interface Golden {
  episode: { id: string; task: string; variation: number };
  seed: number;
  task: string;
  observation: string;
  look: string;
  inventory: string;
  validActionCount: number;
  steps: GoldenStep[];
}

const PROBES = ['inventory', 'task', 'xyzzy the frobnicator'];

async function record(taskId: string, variation: number, seed: number): Promise<Golden> {
  const episode = (await plugin.episodes('train', { tasks: [taskId] })).find((e) => e.variation === variation)!;
  const env = await plugin.create(episode, { options: {}, seed });
  const start = await env.reset();
  const validActionCount = (await env.validActions!()).length;
  const plan = await env.expert!();
  const steps: GoldenStep[] = [];
  const take = async (action: string, subtask?: string, progress?: string) => {
    const r = await env.step(action);
    steps.push({ action, observation: r.observation, reward: r.reward, score: r.score, done: r.done, invalid: r.invalid === true, subtask, progress });
  };
  for (const probe of PROBES) await take(probe);
  for (const s of plan.subtasks) for (const st of s.steps) await take(st.action, s.subtask, st.progress);
  await env.close();
  return {
    episode: { id: episode.id, task: episode.task, variation: episode.variation },
    seed,
    task: start.task,
    observation: start.observation,
    look: String(start.info?.look),
    inventory: String(start.info?.inventory),
    validActionCount,
    steps,
  };
}

/** One task per family: matter, classification, renewable power, growing, chemistry, lifespan, life stages. */
const CASES: Array<[file: string, taskId: string, variation: number, seed: number]> = [
  ['boil.json', '1-1', 0, 1],
  ['find-living-thing.json', '4-1', 0, 1],
  ['power-component-renewable.json', '3-2', 0, 1],
  ['grow-plant.json', '5-1', 2, 1],
  ['chemistry-mix.json', '6-1', 0, 1],
  ['lifespan-longest-lived.json', '7-1', 0, 1],
  ['identify-life-stages-1.json', '8-1', 0, 1],
];

describe('golden transcripts', () => {
  for (const [file, taskId, variation, seed] of CASES) {
    it(`${file}: the episode's text is unchanged and the expert finishes it`, async () => {
      const path = join(here, 'golden', file);
      const actual = await record(taskId, variation, seed);
      if (process.env.UPDATE_GOLDEN === '1') writeFileSync(path, JSON.stringify(actual, null, 2) + '\n');
      expect(existsSync(path), `${file} is missing: run with UPDATE_GOLDEN=1 to record it`).toBe(true);
      const expected = JSON.parse(readFileSync(path, 'utf8')) as Golden;
      expect(actual).toEqual(expected);
      const last = actual.steps[actual.steps.length - 1];
      expect([last.score, last.done]).toEqual([100, true]);
      expect(actual.steps[2]).toMatchObject({ observation: 'No known action matches that input.', invalid: true, reward: 0, score: actual.steps[1].score });
    });
  }
});
