import { beforeAll, describe, expect, it } from 'vitest';
import { gatherRows, initBackend, tf } from '../../harness/learn/index.ts';

beforeAll(async () => {
  await initBackend();
});

/** Central finite differences of a scalar function of one tensor. */
function numericGradient(f: (x: tf.Tensor) => tf.Scalar, x: tf.Tensor, eps = 1e-2): Float32Array {
  const base = x.dataSync().slice();
  const out = new Float32Array(base.length);
  for (let i = 0; i < base.length; i++) {
    const plus = base.slice();
    plus[i] += eps;
    const minus = base.slice();
    minus[i] -= eps;
    const fp = tf.tidy(() => f(tf.tensor(plus, x.shape)).dataSync()[0]);
    const fm = tf.tidy(() => f(tf.tensor(minus, x.shape)).dataSync()[0]);
    out[i] = (fp - fm) / (2 * eps);
  }
  return out;
}

function expectGradientsMatch(f: (x: tf.Tensor) => tf.Scalar, x: tf.Tensor) {
  const analytic = tf.tidy(() => tf.grad(f)(x).dataSync());
  const numeric = numericGradient(f, x);
  for (let i = 0; i < numeric.length; i++) expect(analytic[i]).toBeCloseTo(numeric[i], 1);
  // Stricter in aggregate than per entry: the relative error of the whole vector.
  let diff = 0,
    norm = 0;
  for (let i = 0; i < numeric.length; i++) {
    diff += (analytic[i] - numeric[i]) ** 2;
    norm += numeric[i] ** 2;
  }
  expect(Math.sqrt(diff / Math.max(norm, 1e-6))).toBeLessThan(0.02);
}

// Inputs kept away from the kinks of relu/step so finite differences are meaningful.
const x23 = () =>
  tf.tensor2d([
    [0.5, -1.2, 2.0],
    [1.5, -0.3, 0.8],
  ]);
const w = (shape: number[]) =>
  tf.tensor(
    Array.from({ length: shape.reduce((a, b) => a * b) }, (_, i) => Math.sin(i + 1)),
    shape,
  );

describe('registered gradients agree with finite differences', () => {
  const cases: [string, (x: tf.Tensor) => tf.Scalar][] = [
    ['matMul (a)', (x) => tf.sum(tf.mul(tf.matMul(x as tf.Tensor2D, w([3, 4]) as tf.Tensor2D), w([2, 4])))],
    ['matMul (b)', (x) => tf.sum(tf.mul(tf.matMul(w([4, 2]) as tf.Tensor2D, x as tf.Tensor2D), w([4, 3])))],
    ['matMul transposed', (x) => tf.sum(tf.mul(tf.matMul(x as tf.Tensor2D, w([4, 3]) as tf.Tensor2D, false, true), w([2, 4])))],
    ['add with broadcast', (x) => tf.sum(tf.mul(tf.add(x, tf.reshape(tf.sum(x, 0), [1, 3])), w([2, 3])))],
    ['sub with broadcast', (x) => tf.sum(tf.mul(tf.sub(w([3]), x), w([2, 3])))],
    ['mul with broadcast', (x) => tf.sum(tf.mul(tf.mul(x, tf.reshape(tf.sum(x, 1), [2, 1])), w([2, 3])))],
    ['addN', (x) => tf.sum(tf.mul(tf.addN([x, tf.square(x), x]), w([2, 3])))],
    ['div', (x) => tf.sum(tf.div(x, tf.add(tf.square(x), 1)))],
    ['relu', (x) => tf.sum(tf.mul(tf.relu(x), w([2, 3])))],
    ['exp, log, neg', (x) => tf.sum(tf.neg(tf.log(tf.add(tf.exp(x), 1))))],
    ['sigmoid, softplus, tanh', (x) => tf.sum(tf.mul(tf.add(tf.sigmoid(x), tf.add(tf.softplus(x), tf.tanh(x))), w([2, 3])))],
    ['sum and mean over axes', (x) => tf.add(tf.sum(tf.mul(tf.sum(x, 1), w([2]))), tf.sum(tf.mul(tf.mean(x, 0), w([3]))))],
    ['reshape and transpose', (x) => tf.sum(tf.mul(tf.transpose(tf.reshape(x, [3, 2])), w([2, 3])))],
    ['logSoftmax', (x) => tf.sum(tf.mul(tf.logSoftmax(x), w([2, 3])))],
    ['gatherRows (scatter-add gradient)', (x) => tf.sum(tf.mul(gatherRows(x as tf.Tensor2D, tf.tensor1d([1, 0, 1, 1], 'int32')), w([4, 3])))],
  ];
  for (const [name, f] of cases) it(name, () => expectGradientsMatch(f, x23()));

  it('step passes no gradient (the expectile weight is piecewise constant)', () => {
    const g = tf.grad((x: tf.Tensor) => tf.sum(tf.step(x)))(x23());
    expect(Array.from(g.dataSync())).toEqual([0, 0, 0, 0, 0, 0]);
  });
});
