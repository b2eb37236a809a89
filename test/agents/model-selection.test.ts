import { describe, expect, it } from 'vitest';
import { keepsOfflineRl, validationResult } from '../../plugins/agents/common/model-selection.ts';

/** Validation figures of episodes given as `score:success` (e.g. `-100:f`, `100:t`). */
const result = (episodes: string) =>
  validationResult(
    episodes.split(' ').map((e) => {
      const [score, success] = e.split(':');
      return { score: Number(score), success: success === 't' };
    }),
  );

describe('model selection after offline RL', () => {
  it('counts a failed task as 0, as the reports do, so a policy that never finishes cannot win by never failing', () => {
    // Cloned: one success, two failures (−100 on ScienceWorld), one stopped at 30 points.
    const cloned = result('100:t -100:f -100:f 30:f');
    // After offline RL: never finishes, never fails; small partial scores.
    const withRl = result('10:f 5:f 0:f 10:f');
    expect(cloned).toEqual({ score: 32.5, success: 0.25 });
    expect(withRl).toEqual({ score: 6.25, success: 0 });
    expect(keepsOfflineRl(cloned, withRl)).toBe(false);
  });

  it('keeps offline RL when it scores at least as well', () => {
    const cloned = result('100:t 0:f');
    expect(keepsOfflineRl(cloned, result('100:t 0:f'))).toBe(true);
    expect(keepsOfflineRl(cloned, result('100:t 100:t'))).toBe(true);
    expect(keepsOfflineRl(cloned, result('40:f 0:f'))).toBe(false);
  });

  it('gives zeros for no episodes', () => {
    expect(validationResult([])).toEqual({ score: 0, success: 0 });
  });
});
