/**
 * Writes the golden transcripts that `golden.test.ts` pins. Run it only after a deliberate change to the
 * env's text, and read the diff of the JSON files before committing them:
 *
 *   npx tsx test/envs/alfworld/golden/record.ts
 *
 * Each transcript plays the expert's plan with extra commands woven in (look, inventory, examine, help, and
 * the other grammar's placing command, which must fail), so one file shows every kind of sentence. Three of
 * them pin what the real env refuses: going where the agent already is, examining an object it sees but does
 * not hold, and a command in other case.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EpisodeSpec, StepResult } from '../../../../harness/api.ts';
import alfworld from '../../../../plugins/envs/alfworld/index.ts';
import type { AlfworldEnv } from '../../../../plugins/envs/alfworld/env.ts';

export interface GoldenTranscript {
  episode: EpisodeSpec;
  split: string;
  options: { grammar: 'current' | 'legacy' };
  reset: { observation: string; task: string };
  steps: ({ action: string } & StepResult)[];
}

/** The commands of a transcript: the expert's plan with probes around its steps. */
export function tourOf(env: AlfworldEnv, grammar: 'current' | 'legacy'): string[] {
  const plan = env.expert().subtasks.flatMap((s) => s.steps.map((x) => x.action));
  const tour = ['look', 'inventory', 'help'];
  let arrived = false;
  for (const action of plan) {
    const place = /^(?:move (.+) to (.+)|put (.+) in\/on (.+))$/.exec(action);
    if (place) {
      const [item, recep] = place[1] ? [place[1], place[2]] : [place[3], place[4]];
      tour.push(grammar === 'current' ? `put ${item} in/on ${recep}` : `move ${item} to ${recep}`);
    }
    const take = /^take (.+) from /.exec(action);
    if (take) tour.push(`examine ${take[1]}`);
    tour.push(action);
    const go = /^go to (.+)$/.exec(action);
    if (go && !arrived) {
      arrived = true;
      tour.push('look', `examine ${go[1]}`, action, `Examine ${go[1].toUpperCase()}`);
    }
    if (take) tour.push('inventory', `examine ${take[1]}`);
    const change = /^(?:heat|cool|clean) (.+) with /.exec(action);
    if (change) tour.push(`examine ${change[1]}`);
  }
  return tour;
}

export function record(split: string, episode: EpisodeSpec, grammar: 'current' | 'legacy'): GoldenTranscript {
  const env = alfworld.create(episode, { options: { grammar }, seed: 0 }) as AlfworldEnv;
  const reset = env.reset();
  // The room overview every step carries is checked against the reset's, not stored with each step.
  const steps = tourOf(env, grammar).map((action) => {
    const { info: _overview, ...result } = env.step(action);
    return { action, ...result };
  });
  return { episode, split, options: { grammar }, reset: { observation: reset.observation, task: reset.task }, steps };
}

/** The pinned episodes: chosen once for covering open, take, heat/clean, the lamp and a two-object task. */
export const GOLDEN_EPISODES: { name: string; split: string; id: string }[] = [
  { name: 'heat-with-open', split: 'unseen', id: 'unseen/pick_heat_then_place_in_recep-Apple-None-GarbageCan-6/trial_0003' },
  { name: 'look-at-in-light', split: 'unseen', id: 'unseen/look_at_obj_in_light-Newspaper-None-FloorLamp-205/trial_0010' },
  { name: 'two-objects', split: 'seen', id: 'seen/pick_two_obj_and_place-ButterKnife-None-Drawer-23/trial_0004' },
  { name: 'clean', split: 'train', id: 'train/pick_clean_then_place_in_recep-DishSponge-None-Cabinet-415/trial_0005' },
];

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dir = dirname(fileURLToPath(import.meta.url));
  for (const { name, split, id } of GOLDEN_EPISODES) {
    const episode = (alfworld.episodes(split, {}) as EpisodeSpec[]).find((e) => e.id === id);
    if (!episode) throw new Error(`golden episode ${id} is not in ${split}`);
    for (const grammar of ['current', 'legacy'] as const) {
      const file = join(dir, `${name}.${grammar}.json`);
      writeFileSync(file, JSON.stringify(record(split, episode, grammar), null, 2) + '\n');
      console.log(`wrote ${file}`);
    }
  }
}
