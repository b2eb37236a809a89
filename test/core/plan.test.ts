import { describe, expect, it } from 'vitest';
import type { EpisodeSpec } from '../../harness/api.ts';
import { spreadOverTasks } from '../../harness/runner/plan.ts';

const listing = (tasks: Record<string, number>): EpisodeSpec[] =>
  Object.entries(tasks).flatMap(([task, n]) => Array.from({ length: n }, (_, i) => ({ id: `${task}-${i}`, task, variation: i })));

describe('episode limits', () => {
  it('take episodes in turn from each task type, kept in the env order', () => {
    const episodes = listing({ boil: 4, melt: 1, freeze: 3 });
    expect(spreadOverTasks(episodes, 5).map((e) => e.id)).toEqual(['boil-0', 'boil-1', 'melt-0', 'freeze-0', 'freeze-1']);
    expect(spreadOverTasks(episodes, 2).map((e) => e.id)).toEqual(['boil-0', 'melt-0']);
  });

  it('keep everything when the limit is not below the count', () => {
    const episodes = listing({ boil: 2, melt: 2 });
    expect(spreadOverTasks(episodes, 10)).toEqual(episodes);
  });
});
