import { describe, expect, it } from 'vitest';
import { splitVariations } from '../../../plugins/envs/scienceworld/splits.ts';
import { findTask } from '../../../plugins/envs/scienceworld/tasks/registry.ts';
import { plugin } from './helpers.ts';

describe('ScienceWorld variation splits', () => {
  it('cuts variations into contiguous quarters: two for train, one for dev, the rest for test', () => {
    const s = splitVariations(30);
    expect(s.train).toEqual(Array.from({ length: 14 }, (_, i) => i));
    expect(s.dev).toEqual([14, 15, 16, 17, 18, 19, 20]);
    expect(s.test).toEqual([21, 22, 23, 24, 25, 26, 27, 28, 29]);
    const big = splitVariations(540);
    expect([big.train.length, big.dev.length, big.test.length]).toEqual([270, 135, 135]);
    expect(big.dev[0]).toBe(270);
  });

  it('special-cases small counts as ScienceWorld does', () => {
    expect(splitVariations(1)).toEqual({ train: [0], dev: [], test: [0] });
    expect(splitVariations(2)).toEqual({ train: [0], dev: [], test: [1] });
    expect(splitVariations(3)).toEqual({ train: [0], dev: [1], test: [2] });
    expect(splitVariations(4)).toEqual({ train: [0, 1], dev: [2], test: [3] });
    // Seven variations make seven groups of one; ScienceWorld keeps groups 0–4 only.
    expect(splitVariations(7)).toEqual({ train: [0, 1], dev: [2], test: [3, 4] });
  });
});

const PAPER_IDS = [
  '1-1',
  '1-2',
  '1-3',
  '1-4',
  '2-1',
  '2-2',
  '3-1',
  '3-2',
  '3-3',
  '3-4',
  '4-1',
  '4-2',
  '4-3',
  '4-4',
  '5-1',
  '5-2',
  '6-1',
  '6-2',
  '6-3',
  '7-1',
  '7-2',
  '7-3',
  '8-1',
  '8-2',
];

describe('episodes()', () => {
  const counts: Record<string, [number, number, number]> = {
    '1-1 boil': [14, 7, 9],
    '1-2 melt': [14, 7, 9],
    '1-3 freeze': [14, 7, 9],
    '1-4 change-the-state-of-matter-of': [14, 7, 9],
    '2-1 use-thermometer': [270, 135, 135],
    '2-2 measure-melting-point-known-substance': [218, 109, 109],
    '3-1 power-component': [10, 5, 5],
    '3-3 test-conductivity': [450, 225, 225],
    '4-1 find-living-thing': [150, 75, 75],
    '4-2 find-non-living-thing': [150, 75, 75],
    '4-3 find-plant': [150, 75, 75],
    '4-4 find-animal': [150, 75, 75],
    '3-2 power-component-renewable-vs-nonrenewable-energy': [10, 5, 5],
    '3-4 test-conductivity-of-unknown-substances': [300, 150, 150],
    '5-1 grow-plant': [62, 31, 33],
    '5-2 grow-fruit': [62, 31, 33],
    '6-1 chemistry-mix': [16, 8, 8],
    '6-2 chemistry-mix-paint-secondary-color': [18, 9, 9],
    '6-3 chemistry-mix-paint-tertiary-color': [18, 9, 9],
    '7-1 lifespan-longest-lived': [62, 31, 32],
    '7-2 lifespan-shortest-lived': [62, 31, 32],
    '7-3 lifespan-longest-lived-then-shortest-lived': [62, 31, 32],
    '8-1 identify-life-stages-1': [6, 3, 5],
    '8-2 identify-life-stages-2': [4, 2, 4],
  };

  it('lists ScienceWorld-sized train/dev/test blocks for every task type', () => {
    for (const [task, [train, dev, test]] of Object.entries(counts)) {
      const n = (split: string) => plugin.episodes(split, {}).filter((e) => e.task === task).length;
      expect([n('train'), n('dev'), n('test')], task).toEqual([train, dev, test]);
    }
  });

  it('maps seen to dev and unseen to test, deterministically and with unique ids', () => {
    expect(plugin.episodes('seen', {})).toEqual(plugin.episodes('dev', {}));
    expect(plugin.episodes('unseen', {})).toEqual(plugin.episodes('test', {}));
    for (const split of plugin.splits) {
      const a = plugin.episodes(split, {});
      expect(plugin.episodes(split, {})).toEqual(a);
      expect(new Set(a.map((e) => e.id)).size).toBe(a.length);
    }
  });

  it('caps evaluation variations per task from the start of each block', () => {
    const capped = plugin.episodes('test', { evalVariationsPerTask: 10 });
    const full = plugin.episodes('test', {});
    for (const task of Object.keys(counts)) {
      const mine = capped.filter((e) => e.task === task);
      expect(mine.length).toBeLessThanOrEqual(10);
      expect(mine).toEqual(full.filter((e) => e.task === task).slice(0, 10));
    }
    expect(plugin.episodes('train', { evalVariationsPerTask: 10 })).toEqual(plugin.episodes('train', {}));
    expect(plugin.episodes('train', { trainVariationsPerTask: 3 }).length).toBe(24 * 3);
  });

  it('selects task types by id, name or the paper protocol, and names the known ones for a typo', () => {
    expect(new Set(plugin.episodes('dev', { tasks: ['1-1', 'find-plant'] }).map((e) => e.task))).toEqual(new Set(['1-1 boil', '4-3 find-plant']));
    const paper = new Set(plugin.episodes('dev', { tasks: 'paper' }).map((e) => e.task));
    expect([...paper].map((t) => t.split(' ')[0])).toEqual(PAPER_IDS);
    expect(
      new Set(plugin.episodes('dev', { tasks: ['grow-fruit', '8-2', '3-2 power-component-renewable-vs-nonrenewable-energy'] }).map((e) => e.task)),
    ).toEqual(new Set(['5-2 grow-fruit', '8-2 identify-life-stages-2', '3-2 power-component-renewable-vs-nonrenewable-energy']));
    expect(() => plugin.episodes('dev', { tasks: ['bake a cake'] })).toThrow(/unknown task "bake a cake".*1-1 boil/);
    expect(() => plugin.episodes('validation', {})).toThrow(/unknown split/);
  });

  it('describes the variation counts per task type, and the paper protocol', () => {
    const table = plugin.describe!({});
    expect(table).toMatch(/task\s+variations\s+train\s+dev \(seen\)\s+test \(unseen\)/);
    expect(table).toMatch(/2-1 use-thermometer\s+540\s+270\s+135\s+135/);
    expect(table).toMatch(/5-2 grow-fruit\s+126\s+62\s+31\s+33/);
    expect(table).toMatch(/8-1 identify-life-stages-1\s+14\s+6\s+3\s+5/);
    expect(table).toMatch(/total\s+4591\s+2286\s+1143\s+1162/);
    expect(table).toContain('paper protocol (tasks: paper, evalVariationsPerTask: 10): 24 task types, 199 dev (seen) and 211 test (unseen) episodes');
  });

  it("runs the paper's protocol: its 24 types, at most 10 seen and 10 unseen variations each", () => {
    const options = { tasks: 'paper' as const, evalVariationsPerTask: 10 };
    for (const [split, total] of [
      ['seen', 199],
      ['unseen', 211],
    ] as const) {
      const episodes = plugin.episodes(split, options);
      expect(episodes.length, split).toBe(total);
      const perTask = new Map<string, number>();
      for (const e of episodes) perTask.set(e.task, (perTask.get(e.task) ?? 0) + 1);
      expect(perTask.size).toBe(24);
      expect(Math.max(...perTask.values())).toBe(10);
    }
  });
});

describe('test variations hold what training never shows', () => {
  const paramsIn = (id: string, split: string) => {
    const task = findTask(id)!;
    return plugin.episodes(split, { tasks: [id] }).map((e) => task.variations()[e.variation]);
  };

  it('change of state: the test substances never appear in training', () => {
    const train = new Set(paramsIn('1-1', 'train').map((p) => p.substance));
    const test = paramsIn('1-1', 'test').map((p) => p.substance);
    expect(test.filter((s) => train.has(s))).toEqual([]);
  });

  it('thermometer, melting point, conductivity and power tasks test on unseen objects', () => {
    const unseen = (id: string, key: string) => {
      const train = new Set(paramsIn(id, 'train').map((p) => p[key]));
      return [...new Set(paramsIn(id, 'test').map((p) => p[key]))].filter((x) => !train.has(x));
    };
    expect(unseen('2-1', 'object')).toEqual(expect.arrayContaining(['wire', 'wood']));
    expect(unseen('2-2', 'substance')).toEqual(expect.arrayContaining(['tin', 'water']));
    expect(unseen('3-3', 'substance').sort()).toEqual(['sodium chloride', 'water', 'wood block']);
    expect(unseen('3-1', 'part')).toContain('electric buzzer');
  });

  it('find tasks: the blocks hold different sets of living things, as ScienceWorld numbers them set by set', () => {
    const sets = (split: string) => new Set(paramsIn('4-1', split).map((p) => JSON.stringify([p.animals, p.plants])));
    const train = sets('train');
    expect(train.size).toBe(5);
    expect([...sets('test')].filter((s) => train.has(s))).toEqual([]);
    expect([...sets('dev')].filter((s) => train.has(s))).toEqual([]);
  });

  it('conductivity of unknown substances, growing, mixing and life stages test on unseen objects', () => {
    const values = (id: string, split: string, pick: (p: any) => string[]) => new Set(paramsIn(id, split).flatMap(pick));
    const unseenIn = (id: string, pick: (p: any) => string[]) => {
      const train = values(id, 'train', pick);
      const test = paramsIn(id, 'test');
      // Every test variation shows at least one of these that training never does.
      return test.every((p) => pick(p).some((x) => !train.has(x)));
    };
    expect(unseenIn('3-4', (p) => [p.letter])).toBe(true);
    expect([...values('5-1', 'test', (p) => [p.species])].filter((s) => !values('5-1', 'train', (p) => [p.species]).has(s)).sort()).toEqual([
      'orange',
      'peach',
    ]);
    expect(unseenIn('6-1', (p) => [p.result])).toBe(true);
    expect(unseenIn('6-2', (p) => [p.secondary])).toBe(true);
    expect(values('6-3', 'test', (p) => [p.secondary]).has('violet paint')).toBe(true);
    expect(values('6-3', 'train', (p) => [p.secondary]).has('violet paint')).toBe(false);
    expect(unseenIn('8-1', (p) => [p.species])).toBe(true);
    expect(unseenIn('8-2', (p) => [p.species])).toBe(true);
  });
});
