import { beforeAll, describe, expect, it } from 'vitest';
import { advantageWeights, behaviourCloningLoss, expectileLoss, initBackend, qLoss, tdTarget, tf, weightedPolicyLoss } from '../../harness/learn/index.ts';

beforeAll(async () => {
  await initBackend();
});

const t = (values: number[]) => tf.tensor1d(values);
const value = (x: tf.Tensor) => Array.from(x.dataSync());

describe('TD target', () => {
  it('is r + γ(1 − d)·V̄(s′): a done transition does not bootstrap', () => {
    // r = [1, 0.5, 0], d = [0, 1, 0], V̄(s′) = [2, 3, 4], γ = 0.9 → [1 + 1.8, 0.5, 3.6]
    const y = tdTarget(t([1, 0.5, 0]), t([0, 1, 0]), t([2, 3, 4]), 0.9);
    expect(value(y)).toEqual([expect.closeTo(2.8, 6), expect.closeTo(0.5, 6), expect.closeTo(3.6, 6)]);
  });

  it('gives the Q loss as the mean squared error to that target', () => {
    // Q = [1, 2], y = [2, 0] → ((−1)² + 2²) / 2 = 2.5
    expect(qLoss(t([1, 2]), t([2, 0])).dataSync()[0]).toBeCloseTo(2.5, 6);
  });
});

describe('expectile loss', () => {
  it('weights u = Q̄ − V by τ when positive and 1 − τ when negative', () => {
    // u = [2, −1]; τ = 0.7 → (0.7·4 + 0.3·1) / 2 = 1.55
    expect(expectileLoss(t([3, 0]), t([1, 1]), 0.7).dataSync()[0]).toBeCloseTo(1.55, 6);
    // The reference code's conservative setting τ = 0.05 → (0.05·4 + 0.95·1) / 2 = 0.575
    expect(expectileLoss(t([3, 0]), t([1, 1]), 0.05).dataSync()[0]).toBeCloseTo(0.575, 6);
  });

  it('is the plain half-MSE at τ = 0.5', () => {
    expect(expectileLoss(t([3, 0]), t([1, 1]), 0.5).dataSync()[0]).toBeCloseTo((0.5 * 4 + 0.5 * 1) / 2, 6);
  });

  it('pulls V up where Q̄ is higher (τ > 0.5) more than down where it is lower', () => {
    // dL/dV_i = −2 w_i u_i / n: u = [2, −1], w = [0.7, 0.3] → [−1.4, 0.3]
    const grad = tf.grad((v: tf.Tensor) => expectileLoss(t([3, 0]), v as tf.Tensor1D, 0.7))(t([1, 1]));
    expect(value(grad)).toEqual([expect.closeTo(-1.4, 5), expect.closeTo(0.3, 5)]);
  });
});

describe('advantage weights', () => {
  it('are exp(A/β), clipped at the weight clip', () => {
    const w = advantageWeights(t([0, Math.log(2), 10]), { kind: 'exp', beta: 1, clip: 5, normalize: false });
    expect(value(w)).toEqual([expect.closeTo(1, 5), expect.closeTo(2, 5), 5]);
  });

  it('use the temperature β', () => {
    const w = advantageWeights(t([0, 2]), { kind: 'exp', beta: 2, clip: 100, normalize: false });
    expect(value(w)).toEqual([expect.closeTo(1, 5), expect.closeTo(Math.E, 4)]);
  });

  it('can be normalised by their batch mean', () => {
    // [1, 2, 5] / (8/3) = [0.375, 0.75, 1.875]
    const w = advantageWeights(t([0, Math.log(2), 10]), { kind: 'exp', beta: 1, clip: 5, normalize: true });
    expect(value(w)).toEqual([expect.closeTo(0.375, 5), expect.closeTo(0.75, 5), expect.closeTo(1.875, 5)]);
  });

  it('are the advantages themselves in the linear variant', () => {
    expect(value(advantageWeights(t([-1, 0.5]), { kind: 'linear', beta: 1, clip: 20, normalize: true }))).toEqual([-1, 0.5]);
  });
});

describe('policy losses', () => {
  it('weight each sample by its own advantage weight (no [B, B] broadcast)', () => {
    // log π = [−1, −2], w = [1, 3] → −mean([−1, −6]) = 3.5. The reference code's broadcast would give
    // −mean(w)·mean(log π) = −2 · −1.5 = 3.
    expect(weightedPolicyLoss(t([-1, -2]), t([1, 3])).dataSync()[0]).toBeCloseTo(3.5, 6);
  });

  it('send each sample a gradient proportional to its own weight', () => {
    const grad = tf.grad((logp: tf.Tensor) => weightedPolicyLoss(logp as tf.Tensor1D, t([1, 3])))(t([-1, -2]));
    expect(value(grad)).toEqual([expect.closeTo(-0.5, 6), expect.closeTo(-1.5, 6)]);
  });

  it('make behaviour cloning the mean negative log-likelihood', () => {
    expect(behaviourCloningLoss(t([-1, -3])).dataSync()[0]).toBeCloseTo(2, 6);
  });
});
