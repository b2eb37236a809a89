import { describe, expect, it } from 'vitest';
import { validateOptions } from '../../harness/schema/compile.ts';
import { type TrainBlock, trainSchema, withProfile } from '../../plugins/agents/common/train-settings.ts';

const block = (raw: Record<string, unknown>) => validateOptions(trainSchema, raw) as TrainBlock;

describe('the train block', () => {
  it('takes its defaults from the schema, and the settings IQL and the paper code differ on from the profile', () => {
    const iql = withProfile(block({}));
    expect(iql).toMatchObject({ profile: 'iql', demonstrations: 80, bc: { epochs: 5, highLevelEvery: 1 }, rl: { expectile: 0.7, warmupSteps: 100 } });
    expect(iql.rl.advantage).toEqual({ kind: 'exp', beta: 0.2, clip: 20, normalize: true });
    const reference = withProfile(block({ profile: 'reference' }));
    expect(reference.rl).toMatchObject({ expectile: 0.05, warmupSteps: 50, advantage: { kind: 'linear' } });
    expect(reference.bc.highLevelEvery).toBe(4);
  });

  it('lets a value written in the suite override its profile', () => {
    const settings = withProfile(block({ profile: 'reference', rl: { expectile: 0.3, advantage: { kind: 'exp', beta: 1 } }, bc: { highLevelEvery: 2 } }));
    expect(settings.rl.expectile).toBe(0.3);
    expect(settings.rl.advantage).toEqual({ kind: 'exp', beta: 1, clip: 20, normalize: true });
    expect(settings.rl.warmupSteps).toBe(50);
    expect(settings.bc.highLevelEvery).toBe(2);
  });

  it('refuses an unknown profile or setting', () => {
    expect(() => block({ profile: 'glider' })).toThrow(/profile/);
    expect(() => block({ rl: { beta: 1 } })).toThrow(/additional/);
  });
});
