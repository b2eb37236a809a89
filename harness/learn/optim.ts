/**
 * One optimisation step with gradient clipping by global norm (the paper's runs clip at 1.0).
 */
import * as tf from '@tensorflow/tfjs-core';

/**
 * Computes the gradients of `loss` with respect to `variables`, rescales them so that their global norm is
 * at most `maxNorm` (when positive), applies them with `optimizer`, and returns the loss value.
 * Any extra scalars `loss` returns in `extras` are read back too (for logging).
 */
export function optimizationStep(
  optimizer: tf.Optimizer,
  variables: tf.Variable[],
  maxNorm: number,
  loss: () => { total: tf.Scalar; extras?: Record<string, tf.Scalar> },
): { loss: number; extras: Record<string, number>; gradientNorm: number } {
  let extras: Record<string, tf.Scalar> = {};
  const { value, grads } = tf.variableGrads(() => {
    const out = loss();
    extras = out.extras ?? {};
    for (const t of Object.values(extras)) tf.keep(t);
    return out.total;
  }, variables);
  const gradients = variables.map((v) => grads[v.name]);
  const norm = tf.tidy(() => tf.sqrt(tf.addN(gradients.map((g) => tf.sum(tf.square(g))))).dataSync()[0]);
  const scale = maxNorm > 0 && norm > maxNorm ? maxNorm / norm : 1;
  tf.tidy(() => {
    optimizer.applyGradients(Object.fromEntries(variables.map((v, i) => [v.name, scale === 1 ? gradients[i] : tf.mul(gradients[i], scale)])));
  });
  const result = {
    loss: value.dataSync()[0],
    extras: Object.fromEntries(Object.entries(extras).map(([k, t]) => [k, t.dataSync()[0]])),
    gradientNorm: norm,
  };
  value.dispose();
  tf.dispose(Object.values(grads));
  tf.dispose(Object.values(extras));
  return result;
}
