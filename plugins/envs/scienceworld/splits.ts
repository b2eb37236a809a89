/**
 * ScienceWorld's train/dev/test cut of a task's variations: contiguous groups of ⌊n/4⌋ variations, the
 * first two for training, the third for dev, the fourth (and a fifth, smaller remainder group) for test.
 * Up to four variations are special-cased. With seven or fewer variations the groups have one variation
 * each and ScienceWorld keeps only groups 0–4, so a few variations then belong to no split; so here.
 */
export interface VariationSplits {
  train: number[];
  dev: number[];
  test: number[];
}

export function splitVariations(count: number): VariationSplits {
  if (count <= 0) return { train: [], dev: [], test: [] };
  if (count === 1) return { train: [0], dev: [], test: [0] };
  if (count === 2) return { train: [0], dev: [], test: [1] };
  if (count === 3) return { train: [0], dev: [1], test: [2] };
  if (count === 4) return { train: [0, 1], dev: [2], test: [3] };
  const size = Math.floor(count / 4);
  const groups: number[][] = [];
  for (let start = 0; start < count; start += size) groups.push(range(start, Math.min(start + size, count)));
  return {
    train: [...groups[0], ...groups[1]],
    dev: groups[2],
    test: groups.length > 4 ? [...groups[3], ...groups[4]] : groups[3],
  };
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}

/** The block (train, dev or test) a variation falls in, or null when ScienceWorld's cut leaves it out. */
export function blockOf(variation: number, count: number): keyof VariationSplits | null {
  const s = splitVariations(count);
  if (s.train.includes(variation)) return 'train';
  if (s.dev.includes(variation)) return 'dev';
  if (s.test.includes(variation)) return 'test';
  return null;
}
