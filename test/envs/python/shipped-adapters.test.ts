/**
 * The shipped ScienceWorld and ALFWorld adapters, driven through the bridge against stand-ins of their
 * packages (`fixtures/stand-ins`: the real packages cannot be installed here). What this checks is the
 * adapters' side: splits, episode ids, reset and step mapping, success and score, expert plans.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { EpisodeSpec } from '../../../harness/api.ts';
import type { PythonEnv } from '../../../plugins/envs/python/env.ts';
import plugin from '../../../plugins/envs/python/index.ts';
import { stopIdle } from '../../../plugins/envs/python/pool.ts';
import { tempDir } from '../../helpers.ts';

const standIns = join(import.meta.dirname, 'fixtures/stand-ins');
const env = { PYTHONPATH: standIns };
afterAll(stopIdle);

const create = (episode: EpisodeSpec, options: Record<string, unknown>) => plugin.create(episode, { options, seed: 1 }) as Promise<PythonEnv>;

describe('python: the scienceworld adapter', () => {
  const options = { adapter: 'scienceworld', env };

  it("takes train, dev/seen and test/unseen from ScienceWorld's variation sets of each task", async () => {
    const ids = async (split: string, extra = {}) => (await plugin.episodes(split, { ...options, ...extra })).map((e) => `${e.id}|${e.task}|${e.variation}`);
    expect(await ids('train')).toEqual([
      '1-1-v0|1-1 boil|0',
      '1-1-v1|1-1 boil|1',
      '1-1-v2|1-1 boil|2',
      '1-1-v3|1-1 boil|3',
      '4-1-v0|4-1 find-living-thing|0',
      '4-1-v1|4-1 find-living-thing|1',
    ]);
    expect(await ids('seen')).toEqual(['1-1-v4|1-1 boil|4', '1-1-v5|1-1 boil|5', '4-1-v2|4-1 find-living-thing|2']);
    expect(await ids('dev')).toEqual(await ids('seen'));
    expect(await ids('unseen')).toEqual(['1-1-v6|1-1 boil|6', '1-1-v7|1-1 boil|7', '4-1-v3|4-1 find-living-thing|3']);
    expect(await ids('unseen', { adapterArgs: { tasks: ['boil'], maxVariations: 1 } })).toEqual(['1-1-v6|1-1 boil|6']);
  });

  it('plays an episode: score 0–100 from the env, success at 100, invalid input flagged, valid actions sorted', async () => {
    const live = await create({ id: '1-1-v6', task: '1-1 boil', variation: 6 }, options);
    const start = await live.reset();
    expect(start.task).toBe('Your task is to boil water. First, focus on the substance.');
    expect(start.observation).toMatch(/^This room is called the kitchen/);
    expect(start.info).toMatchObject({ inventory: 'In your inventory, you see:\n\tan orange' });
    expect(await live.validActions()).toEqual(['activate stove', 'focus on stove', 'focus on water', 'look around', 'pick up metal pot', 'wait']);
    expect(await live.step('dance')).toMatchObject({ observation: 'No known action matches that input.', invalid: true, score: 0 });
    const scores = [];
    for (const action of ['pick up metal pot', 'focus on water', 'activate stove', 'wait']) scores.push(await live.step(action));
    expect(scores.map((s) => [s.reward, s.score, s.success, s.done])).toEqual([
      [25, 25, false, false],
      [25, 50, false, false],
      [25, 75, false, false],
      [25, 100, true, true],
    ]);
    await live.close();
  });

  it('a task failure scores −100 and ends the episode without success', async () => {
    const live = await create({ id: '1-1-v7', task: '1-1 boil', variation: 7 }, options);
    await live.reset();
    expect(await live.step('focus on stove')).toMatchObject({ score: -100, done: true, success: false, progress: 0 });
    await live.close();
  });

  it('labels the gold path with the score each step reaches, and leaves the episode at its start', async () => {
    const live = await create({ id: '1-1-v6', task: '1-1 boil', variation: 6 }, options);
    await live.reset();
    const plan = await live.expert();
    expect(plan.subtasks).toHaveLength(1);
    expect(plan.subtasks[0].subtask).toBe('boil water');
    expect(plan.subtasks[0].steps.map((s) => s.progress)).toEqual([25, 50, 75, 100].map((n) => `The task score is now ${n} of 100.`));
    // The replay happened on a reloaded copy: the first gold action still scores from 0.
    expect(await live.step(plan.subtasks[0].steps[0].action)).toMatchObject({ score: 25, reward: 25 });
    await live.close();
  });
});

describe('python: the alfworld adapter', () => {
  const data = tempDir('alfworld-data-');
  const game = (split: string, folder: string, taskType: string, solvable = true) => {
    const dir = join(data, 'json_2.1.1', split, folder);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'traj_data.json'), JSON.stringify({ task_type: taskType }));
    const plan = ['go to desk 1', 'take mug 1 from desk 1', 'go to shelf 1', 'move mug 1 to shelf 1'];
    const intro = 'You are in the middle of a room. Looking quickly around you, you see a desk 1 and a shelf 1.\n\nYour task is to: put some mug on shelf.';
    writeFileSync(join(dir, 'game.tw-pddl'), JSON.stringify({ solvable, stand_in: { intro, plan, extra: ['look', 'inventory'] } }));
  };
  game('valid_seen', 'pick_and_place_simple-Mug-None-Shelf-1/trial_B', 'pick_and_place_simple');
  game('valid_seen', 'pick_and_place_simple-Mug-None-Shelf-1/trial_A', 'pick_and_place_simple');
  game('valid_seen', 'pick_heat_then_place_in_recep-Mug-None-Shelf-2/trial_C', 'pick_heat_then_place_in_recep');
  game('valid_seen', 'pick_and_place_simple-Mug-None-Shelf-3/trial_D', 'pick_and_place_simple', false); // unsolvable
  game('valid_seen', 'pick_and_place_with_movable_recep-Mug-Pan-Shelf-4/trial_E', 'pick_and_place_with_movable_recep');
  game('valid_unseen', 'pick_and_place_simple-Mug-None-Shelf-5/trial_F', 'pick_and_place_simple');
  const options = { adapter: 'alfworld', env, adapterArgs: { data } };

  it('collects solvable games of the wanted types, sorted by path, from the split folder', async () => {
    expect(await plugin.episodes('seen', options)).toEqual([
      { id: 'pick_and_place_simple-Mug-None-Shelf-1/trial_A', task: 'pick_and_place_simple', variation: 0 },
      { id: 'pick_and_place_simple-Mug-None-Shelf-1/trial_B', task: 'pick_and_place_simple', variation: 1 },
      { id: 'pick_heat_then_place_in_recep-Mug-None-Shelf-2/trial_C', task: 'pick_heat_then_place_in_recep', variation: 2 },
    ]);
    expect((await plugin.episodes('unseen', options)).map((e) => e.id)).toEqual(['pick_and_place_simple-Mug-None-Shelf-5/trial_F']);
    const heatOnly = { ...options, adapterArgs: { data, taskTypes: ['pick_heat_then_place_in_recep'] } };
    expect((await plugin.episodes('dev', heatOnly)).map((e) => e.task)).toEqual(['pick_heat_then_place_in_recep']);
  });

  it('plays a game: banner dropped, admissible commands, "Nothing happens." is invalid, won is success', async () => {
    const live = await create({ id: 'pick_and_place_simple-Mug-None-Shelf-5/trial_F', task: 'pick_and_place_simple', variation: 0 }, options);
    const start = await live.reset();
    expect(start.observation).toBe(
      'You are in the middle of a room. Looking quickly around you, you see a desk 1 and a shelf 1.\nYour task is to: put some mug on shelf.',
    );
    expect(start.task).toBe('Your task is to: put some mug on shelf.');
    expect(await live.validActions()).toEqual(['go to desk 1', 'inventory', 'look']);
    expect(await live.step('go to shelf 1')).toMatchObject({ observation: 'Nothing happens.', invalid: true, score: 0 });
    const steps = [];
    for (const action of ['go to desk 1', 'take mug 1 from desk 1', 'go to shelf 1', 'move mug 1 to shelf 1']) steps.push(await live.step(action));
    expect(steps.map((s) => [s.reward, s.score, s.done, s.success])).toEqual([
      [0, 0, false, false],
      [0, 0, false, false],
      [0, 0, false, false],
      [1, 100, true, true],
    ]);
    await live.close();
  });

  it("turns ALFWorld's expert (handcoded or planner) into a plan", async () => {
    const episode = { id: 'pick_and_place_simple-Mug-None-Shelf-1/trial_A', task: 'pick_and_place_simple', variation: 0 };
    for (const expert of ['handcoded', 'planner']) {
      const live = await create(episode, { ...options, adapterArgs: { data, expert } });
      await live.reset();
      const plan = await live.expert();
      expect(plan.subtasks[0].subtask).toBe('put some mug on shelf');
      expect(plan.subtasks[0].steps.map((s) => s.action)).toEqual(['go to desk 1', 'take mug 1 from desk 1', 'go to shelf 1', 'move mug 1 to shelf 1']);
      expect(plan.subtasks[0].steps[0].progress).toBe('Done 1 of the 4 steps of the plan.');
      await live.close();
    }
  });

  it('says where it looked when the games are missing', async () => {
    await expect(plugin.episodes('seen', { ...options, adapterArgs: { data: join(data, 'nowhere') } })).rejects.toThrow(
      /cannot start: adapter AlfworldAdapter failed to start: ValueError: no ALFWorld games in .*nowhere \(expected json_2\.1\.1\/\); run alfworld-download/,
    );
  });
});
