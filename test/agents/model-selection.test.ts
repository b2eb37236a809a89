import { describe, expect, it } from 'vitest';
import { keepsOfflineRl, validationResult } from '../../plugins/agents/common/model-selection.ts';

const episodes = (outcomes: [score: number, success: boolean][]) => outcomes.map(([score, success]) => ({ score, success }));

describe('model selection after offline RL', () => {
  it('counts a failed task as 0, as the reports do, so a policy that never finishes cannot win by never failing', () => {
    // Cloned: one success, two failures (−100 on ScienceWorld), one stopped at 30 points.
    const cloned = validationResult(
      episodes([
        [100, true],
        [-100, false],
        [-100, false],
        [30, false],
      ]),
    );
    // After offline RL: never finishes, never fails; small partial scores.
    const withRl = validationResult(
      episodes([
        [10, false],
        [5, false],
        [0, false],
        [10, false],
      ]),
    );
    expect(cloned).toEqual({ score: 32.5, success: 0.25 });
    expect(withRl).toEqual({ score: 6.25, success: 0 });
    expect(keepsOfflineRl(cloned, withRl)).toBe(false);
  });

  it('keeps offline RL when it scores at least as well', () => {
    const cloned = validationResult(
      episodes([
        [100, true],
        [0, false],
      ]),
    );
    expect(
      keepsOfflineRl(
        cloned,
        validationResult(
          episodes([
            [100, true],
            [0, false],
          ]),
        ),
      ),
    ).toBe(true);
    expect(
      keepsOfflineRl(
        cloned,
        validationResult(
          episodes([
            [100, true],
            [100, true],
          ]),
        ),
      ),
    ).toBe(true);
    expect(
      keepsOfflineRl(
        cloned,
        validationResult(
          episodes([
            [40, false],
            [0, false],
          ]),
        ),
      ),
    ).toBe(false);
  });

  it('gives zeros for no episodes', () => {
    expect(validationResult([])).toEqual({ score: 0, success: 0 });
  });
});
