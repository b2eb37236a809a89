import { describe, expect, it } from 'vitest';
import { createRng, hashSeed } from '../../../harness/api.ts';
import { episodes, open } from './helpers.ts';

/** A uniformly random choice among the admissible commands, 50 steps per episode, as ALFWorld's evaluations cap. */
function randomPolicySuccess(split: string, seed: number): { wins: number; episodes: number } {
  let wins = 0;
  const list = episodes(split);
  for (const episode of list) {
    const env = open(episode, {}, seed);
    env.reset();
    const rng = createRng(hashSeed(episode.id, seed));
    for (let t = 0; t < 50; t++) {
      const result = env.step(rng.pick(env.validActions()));
      if (result.done) {
        if (result.success) wins++;
        break;
      }
    }
  }
  return { wins, episodes: list.length };
}

describe('alfworld random policy', () => {
  it("rarely succeeds on unseen episodes (ALFWorld's random agent is near zero)", () => {
    let wins = 0,
      total = 0;
    for (const seed of [0, 1, 2]) {
      const r = randomPolicySuccess('unseen', seed);
      wins += r.wins;
      total += r.episodes;
    }
    const rate = wins / total;
    console.log(`alfworld: random policy success on unseen = ${(100 * rate).toFixed(2)}% (${wins}/${total}, 3 seeds, 50 steps)`);
    expect(total).toBe(3 * 134);
    expect(rate).toBeLessThan(0.05);
  });
});
