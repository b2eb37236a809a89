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
    expect(plugin.episodes('train', { trainVariationsPerTask: 3 }).length).toBe(12 * 3);
  });

  it('selects task types by id, name or the paper protocol, and names the known ones for a typo', () => {
    expect(new Set(plugin.episodes('dev', { tasks: ['1-1', 'find-plant'] }).map((e) => e.task))).toEqual(new Set(['1-1 boil', '4-3 find-plant']));
    expect(new Set(plugin.episodes('dev', { tasks: 'paper' }).map((e) => e.task)).size).toBe(12);
    expect(() => plugin.episodes('dev', { tasks: ['bake a cake'] })).toThrow(/unknown task "bake a cake".*1-1 boil/);
    expect(() => plugin.episodes('validation', {})).toThrow(/unknown split/);
  });

  it('describes the variation counts per task type', () => {
    const table = plugin.describe!({});
    expect(table).toMatch(/task\s+variations\s+train\s+dev \(seen\)\s+test \(unseen\)/);
    expect(table).toMatch(/2-1 use-thermometer\s+540\s+270\s+135\s+135/);
    expect(table).toMatch(/total\s+3216\s+1604\s+802\s+810/);
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

  it('find tasks: test organisms and the workshop boxes are held out of training', () => {
    const train = paramsIn('4-1', 'train');
    const test = paramsIn('4-1', 'test');
    const trainAnimals = new Set(train.flatMap((p) => p.animals));
    const trainPlants = new Set(train.flatMap((p) => p.plants));
    expect(test.flatMap((p) => p.animals).filter((a) => trainAnimals.has(a))).toEqual([]);
    expect(test.flatMap((p) => p.plants).filter((a) => trainPlants.has(a))).toEqual([]);
    expect(train.some((p) => p.boxLocation === 'workshop')).toBe(false);
    expect(test.filter((p) => p.boxLocation === 'workshop').length).toBeGreaterThan(50);
  });
});
