/**
 * The losses of behaviour cloning and offline RL, named as in the paper (STEP-HRL §4; IQL/AWR lineage).
 * Every function takes per-sample tensors and returns a scalar (or per-sample weights); all weighting is per
 * sample: A_i multiplies log π_i, never a [B, B] broadcast of the two.
 *
 *   BC:      L_BC = −mean_i log π(a_i | s_i)
 *   TD:      y_i  = r_i + γ (1 − d_i) V̄(s'_i)                 (V̄: target V head)
 *   Q:       L_Q  = mean_i (Q(s_i, a_i) − y_i)²
 *   V:       L_V  = mean_i |τ − 1(u_i < 0)| u_i²,  u_i = Q̄(s_i, a_i) − V(s_i)   (expectile τ; Q̄: target Q head)
 *   A:       A_i  = Q(s_i, a_i) − V(s_i)                       (no gradient)
 *   π (AWR): L_π  = −mean_i w_i log π(a_i | s_i),  w_i = min(exp(A_i / β), w_max)  [÷ mean_j w_j]
 *   π (lin): L_π  = −mean_i A_i log π(a_i | s_i)               (the reference code's variant)
 */
import * as tf from '@tensorflow/tfjs-core';

export function behaviourCloningLoss(logProb: tf.Tensor1D): tf.Scalar {
  return tf.neg(tf.mean(logProb)) as tf.Scalar;
}

export function tdTarget(reward: tf.Tensor1D, done: tf.Tensor1D, nextValue: tf.Tensor1D, gamma: number): tf.Tensor1D {
  return tf.add(reward, tf.mul(tf.mul(tf.sub(1, done), gamma), nextValue)) as tf.Tensor1D;
}

export function qLoss(q: tf.Tensor1D, target: tf.Tensor1D): tf.Scalar {
  return tf.mean(tf.square(tf.sub(q, target))) as tf.Scalar;
}

/** Expectile regression of V towards Q̄: τ > 0.5 pulls V up towards the best actions, τ < 0.5 down. */
export function expectileLoss(targetQ: tf.Tensor1D, value: tf.Tensor1D, tau: number): tf.Scalar {
  const u = tf.sub(targetQ, value);
  // |τ − 1(u < 0)| = τ where u ≥ 0, 1 − τ where u < 0; step(−u) is 1 exactly where u < 0.
  const weight = tf.add(tau, tf.mul(1 - 2 * tau, tf.step(tf.neg(u))));
  return tf.mean(tf.mul(weight, tf.square(u))) as tf.Scalar;
}

export interface AdvantageWeighting {
  /** `exp`: w = min(exp(A/β), clip); `linear`: w = A (the reference code's actor loss). */
  kind: 'exp' | 'linear';
  /** Temperature β of the exponential weights. */
  beta: number;
  /** Upper clip of the exponential weights. */
  clip: number;
  /** Divide the exponential weights by their batch mean (as the reference code's AWR branch does). */
  normalize: boolean;
}

/** Per-sample policy weights from advantages (computed outside any gradient). */
export function advantageWeights(advantage: tf.Tensor1D, weighting: AdvantageWeighting): tf.Tensor1D {
  if (weighting.kind === 'linear') return advantage;
  const w = tf.minimum(tf.exp(tf.div(advantage, weighting.beta)), weighting.clip) as tf.Tensor1D;
  return weighting.normalize ? (tf.div(w, tf.mean(w)) as tf.Tensor1D) : w;
}

/** L_π = −mean_i w_i · log π(a_i | s_i). */
export function weightedPolicyLoss(logProb: tf.Tensor1D, weights: tf.Tensor1D): tf.Scalar {
  return tf.neg(tf.mean(tf.mul(weights, logProb))) as tf.Scalar;
}

/**
 * The offline-RL losses above on plain numbers, for the fused engine, with the gradients it back-propagates
 * (checked against tfjs's autograd of the functions above in `test/learn/fused-parity.test.ts`):
 *
 *   ∂L_Q/∂Q_i = 2 (Q_i − y_i) / B        ∂L_V/∂V_i = −2 |τ − 1(u_i < 0)| u_i / B
 */
export function criticLossesAndGradients(
  q: { value: Float64Array; action: Float64Array; nextTargetValue: Float64Array; targetAction: Float64Array },
  reward: ArrayLike<number>,
  done: ArrayLike<number>,
  gamma: number,
  tau: number,
): { qLoss: number; vLoss: number; target: number; advantage: Float64Array; dValue: Float64Array; dAction: Float64Array } {
  const n = reward.length;
  const advantage = new Float64Array(n);
  const dValue = new Float64Array(n);
  const dAction = new Float64Array(n);
  let [qLossSum, vLossSum, targetSum] = [0, 0, 0];
  for (let i = 0; i < n; i++) {
    const y = reward[i] + (1 - done[i]) * gamma * q.nextTargetValue[i];
    const u = q.targetAction[i] - q.value[i];
    const weight = u < 0 ? 1 - tau : tau;
    qLossSum += (q.action[i] - y) ** 2;
    vLossSum += weight * u * u;
    targetSum += y;
    dAction[i] = (2 * (q.action[i] - y)) / n;
    dValue[i] = (-2 * weight * u) / n;
    advantage[i] = q.action[i] - q.value[i];
  }
  return { qLoss: qLossSum / n, vLoss: vLossSum / n, target: targetSum / n, advantage, dValue, dAction };
}

/** `advantageWeights` on plain numbers. */
export function advantageWeightValues(advantage: Float64Array, weighting: AdvantageWeighting): Float64Array {
  if (weighting.kind === 'linear') return advantage;
  const w = advantage.map((a) => Math.min(Math.exp(a / weighting.beta), weighting.clip));
  if (!weighting.normalize) return w;
  let total = 0;
  for (const x of w) total += x;
  return w.map((x) => x / (total / w.length));
}
