import { describe, expect, it } from 'vitest';
import type { EpisodeSpec } from '../../../harness/api.ts';
import { plugin } from './helpers.ts';

/**
 * Learned agents choose only among `validActions()`, and are trained on the expert's plans: every step the
 * expert takes — its ScienceWorld-style names for things (`anode in battery`, `focus on crocodile`),
 * `put down`, and its answers to ScienceWorld's "which one?" — must be among the valid actions at the state
 * it is taken in. Checked on a few variations of each split of every task type of the paper's protocol.
 */

const OPTIONS = { tasks: 'paper' as const };
const SPLITS = ['train', 'dev', 'test'] as const;
/** Per split: the first and the middle variation of the split's block. */
const PER_SPLIT = 2;

function sample(split: (typeof SPLITS)[number]): Map<string, EpisodeSpec[]> {
  const byTask = new Map<string, EpisodeSpec[]>();
  for (const e of plugin.episodes(split, OPTIONS) as EpisodeSpec[]) byTask.set(e.task, [...(byTask.get(e.task) ?? []), e]);
  for (const [task, list] of byTask)
    byTask.set(
      task,
      Array.from({ length: Math.min(PER_SPLIT, list.length) }, (_, i) => list[Math.floor((i * list.length) / PER_SPLIT)]),
    );
  return byTask;
}

/** The expert's steps that are not among the valid actions where it takes them (replaying its plan). */
async function missingSteps(episode: EpisodeSpec): Promise<{ steps: number; missing: string[]; success: boolean }> {
  const env = await plugin.create(episode, { options: OPTIONS, seed: 1 });
  await env.reset();
  const plan = await env.expert!();
  const missing: string[] = [];
  let steps = 0;
  let success = false;
  for (const subtask of plan.subtasks) {
    for (const { action } of subtask.steps) {
      const valid = await env.validActions!();
      if (!valid.includes(action)) missing.push(`${episode.id} step ${steps + 1}: "${action}" (${subtask.subtask})`);
      success = (await env.step(action)).success;
      steps++;
    }
  }
  return { steps, missing, success };
}

describe('the expert acts only through valid actions', () => {
  const bySplit = SPLITS.map((split) => ({ split, byTask: sample(split) }));
  const tasks = [...bySplit[0].byTask.keys()];

  it('covers all 24 task types of the paper, in every split', () => {
    expect(tasks).toHaveLength(24);
    for (const { byTask } of bySplit) expect([...byTask.keys()].sort()).toEqual([...tasks].sort());
  });

  for (const task of tasks) {
    it(`${task}: every expert step is among validActions() at its state (train, dev and test variations)`, async () => {
      const missing: string[] = [];
      let steps = 0;
      for (const { byTask } of bySplit) {
        for (const episode of byTask.get(task) ?? []) {
          const r = await missingSteps(episode);
          expect(r.success, `${episode.id}: the expert's plan does not succeed`).toBe(true);
          steps += r.steps;
          missing.push(...r.missing);
        }
      }
      expect(steps).toBeGreaterThan(0);
      expect(missing.slice(0, 5), `coverage ${(1 - missing.length / steps).toFixed(3)}: ${missing.length} of ${steps} steps missing`).toEqual([]);
    });
  }
});
