import { describe, expect, it } from 'vitest';
import { parseEpisodeId } from '../../../plugins/envs/alfworld/episodes.ts';
import { isUnseenScene, layoutOf, layoutSignature, sceneKind } from '../../../plugins/envs/alfworld/layouts.ts';
import { TASK_ROOMS, TASK_TYPES } from '../../../plugins/envs/alfworld/tasks.ts';
import { alfworld, episodes } from './helpers.ts';

const SIZES = { train: 3553, seen: 140, unseen: 134 };

describe('alfworld splits', () => {
  it("declares the three splits and has ALFWorld's split sizes", () => {
    expect(alfworld.splits).toEqual(['train', 'seen', 'unseen']);
    for (const [split, size] of Object.entries(SIZES)) expect(episodes(split)).toHaveLength(size);
  });

  it('lists the same episodes every time, with unique ids', () => {
    for (const split of alfworld.splits) {
      const a = episodes(split),
        b = episodes(split);
      expect(b).toEqual(a);
      expect(new Set(a.map((e) => e.id)).size).toBe(a.length);
    }
  });

  it("holds all six task types in every split, in ALFWorld's proportions", () => {
    const expected: Record<string, Record<string, number>> = {
      train: {
        pick_and_place_simple: 790,
        look_at_obj_in_light: 308,
        pick_clean_then_place_in_recep: 650,
        pick_heat_then_place_in_recep: 459,
        pick_cool_then_place_in_recep: 533,
        pick_two_obj_and_place: 813,
      },
      seen: {
        pick_and_place_simple: 35,
        look_at_obj_in_light: 13,
        pick_clean_then_place_in_recep: 27,
        pick_heat_then_place_in_recep: 16,
        pick_cool_then_place_in_recep: 25,
        pick_two_obj_and_place: 24,
      },
      unseen: {
        pick_and_place_simple: 24,
        look_at_obj_in_light: 18,
        pick_clean_then_place_in_recep: 31,
        pick_heat_then_place_in_recep: 23,
        pick_cool_then_place_in_recep: 21,
        pick_two_obj_and_place: 17,
      },
    };
    for (const split of alfworld.splits) {
      const counts: Record<string, number> = {};
      for (const e of episodes(split)) counts[e.task] = (counts[e.task] ?? 0) + 1;
      expect(counts).toEqual(expected[split]);
    }
  });

  it('names each episode as ALFWorld names its games, and the id agrees with the task field', () => {
    for (const split of alfworld.splits) {
      for (const e of episodes(split)) {
        const key = parseEpisodeId(e.id);
        expect(key.split).toBe(split);
        expect(key.params.type).toBe(e.task);
        expect(e.id.startsWith(`${split}/${e.task}-`)).toBe(true);
      }
    }
  });

  it('puts every task in a room kind ALFRED allows for it', () => {
    for (const split of alfworld.splits) {
      for (const e of episodes(split)) {
        const { params } = parseEpisodeId(e.id);
        const kinds = TASK_ROOMS[params.type].map(([kind]) => kind);
        expect(kinds).toContain(sceneKind(params.scene));
      }
    }
  });

  it('plays unseen episodes only in room layouts no training episode uses', () => {
    const trainScenes = new Set(episodes('train').map((e) => parseEpisodeId(e.id).params.scene));
    const unseenScenes = new Set(episodes('unseen').map((e) => parseEpisodeId(e.id).params.scene));
    for (const scene of unseenScenes) {
      expect(trainScenes.has(scene)).toBe(false);
      expect(isUnseenScene(scene)).toBe(true);
    }
    // Disjoint in content too, not just in numbering.
    const trainLayouts = new Set([...trainScenes].map((s) => layoutSignature(layoutOf(s))));
    for (const scene of unseenScenes) expect(trainLayouts.has(layoutSignature(layoutOf(scene)))).toBe(false);
    // All four room kinds are held out.
    expect(new Set([...unseenScenes].map(sceneKind))).toEqual(new Set(['kitchen', 'livingroom', 'bedroom', 'bathroom']));
  });

  it('makes seen episodes from training task instances and rooms', () => {
    const trainInstances = new Set(
      episodes('train').map((e) => {
        const { params } = parseEpisodeId(e.id);
        return `${params.type}/${params.object}/${params.target}/${params.scene}`;
      }),
    );
    for (const e of episodes('seen')) {
      const { params } = parseEpisodeId(e.id);
      expect(trainInstances.has(`${params.type}/${params.object}/${params.target}/${params.scene}`)).toBe(true);
      expect(isUnseenScene(params.scene)).toBe(false);
    }
  });

  it('filters by task type and caps episodes per task type when asked', () => {
    const heat = episodes('unseen', { taskTypes: ['pick_heat_then_place_in_recep'] });
    expect(heat).toHaveLength(23);
    expect(heat.every((e) => e.task === 'pick_heat_then_place_in_recep')).toBe(true);
    const capped = episodes('train', { episodesPerTask: 3 });
    expect(capped).toHaveLength(18);
    expect(capped.map((e) => e.id)).toEqual(
      episodes('train')
        .filter((e) => e.variation < 3)
        .map((e) => e.id),
    );
  });

  it('rejects unknown splits and malformed ids with a clear message', () => {
    expect(() => episodes('valid_seen')).toThrow(/unknown split "valid_seen"/);
    expect(() => alfworld.create({ id: 'nonsense', task: 'pick_and_place_simple', variation: 0 }, { options: {}, seed: 0 })).toThrow(/malformed episode id/);
    // A training room cannot host an unseen episode.
    expect(() => parseEpisodeId('unseen/pick_and_place_simple-Apple-None-CounterTop-14/trial_0000')).toThrow(/held-out/);
  });

  it('describes episodes per split and task type for `harness list`', () => {
    const text = alfworld.describe!({}) as string;
    for (const type of TASK_TYPES) expect(text).toMatch(new RegExp(`^${type}\\s`, 'm'));
    expect(text).toMatch(/^total\s+3553\s+140\s+134$/m);
    expect(text).toMatch(/^pick_heat_then_place_in_recep\s+459\s+16\s+23$/m);
    const onlyLook = alfworld.describe!({ taskTypes: ['look_at_obj_in_light'] }) as string;
    expect(onlyLook).toMatch(/^total\s+308\s+13\s+18$/m);
  });

  it('publishes an options schema whose defaults select the current grammar and all task types', () => {
    const props = (alfworld.optionsSchema as { properties: Record<string, { default: unknown }> }).properties;
    expect(props.grammar.default).toBe('current');
    expect(props.taskTypes.default).toEqual([...TASK_TYPES]);
  });
});
