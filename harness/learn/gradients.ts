/**
 * Gradient functions for the kernels the learning kit differentiates through.
 *
 * `@tensorflow/tfjs-core` on its own registers no gradients: the umbrella `@tensorflow/tfjs` package does,
 * from ES module files that Node cannot load from tfjs-core's folder (extensionless and directory imports).
 * This project depends on tfjs-core alone, so it registers the few gradients its networks need here.
 * Ops built with `customGrad` in tfjs-core (logSoftmax, logSigmoid) need nothing. A gradient that is already
 * registered (for instance by tfjs-node's umbrella package) is left alone.
 *
 * Each entry is checked against finite differences in `test/learn/gradients.test.ts`.
 */
import * as tf from '@tensorflow/tfjs-core';

type Saved = tf.Tensor[];
type Attrs = Record<string, unknown>;

/** Sums a broadcast gradient back down to the shape of the input it came from. */
function unbroadcast(dy: tf.Tensor, shape: number[]): tf.Tensor {
  const axes = tf.broadcast_util.getReductionAxes(shape, dy.shape);
  const reduced = axes.length > 0 ? tf.sum(dy, axes) : dy;
  return tf.reshape(reduced, shape);
}

/** The shape `dy` of a reduction had before its reduced axes were dropped. */
function keptDimsShape(inputShape: number[], axis: unknown): { shape: number[]; count: number } {
  const axes = tf.util.parseAxisParam(axis as number | number[], inputShape);
  let count = 1;
  const shape = inputShape.map((d, i) => {
    if (axes.includes(i)) {
      count *= d;
      return 1;
    }
    return d;
  });
  return { shape, count };
}

const configs: tf.GradConfig[] = [
  {
    kernelName: 'BatchMatMul',
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, saved: Saved, attrs: Attrs) => {
      const [a, b] = saved;
      const g = dy as tf.Tensor;
      const ta = Boolean(attrs.transposeA),
        tb = Boolean(attrs.transposeB);
      if (!ta && !tb) return { a: () => tf.matMul(g, b, false, true), b: () => tf.matMul(a, g, true, false) };
      if (!ta && tb) return { a: () => tf.matMul(g, b, false, false), b: () => tf.matMul(g, a, true, false) };
      if (ta && !tb) return { a: () => tf.matMul(b, g, false, true), b: () => tf.matMul(a, g, false, false) };
      return { a: () => tf.matMul(b, g, true, true), b: () => tf.matMul(g, a, true, true) };
    },
  },
  {
    kernelName: 'Add',
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, saved: Saved) => ({
      a: () => unbroadcast(dy as tf.Tensor, saved[0].shape),
      b: () => unbroadcast(dy as tf.Tensor, saved[1].shape),
    }),
  },
  {
    kernelName: 'Sub',
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, saved: Saved) => ({
      a: () => unbroadcast(dy as tf.Tensor, saved[0].shape),
      b: () => unbroadcast(tf.neg(dy as tf.Tensor), saved[1].shape),
    }),
  },
  {
    kernelName: 'Multiply',
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, saved: Saved) => {
      const [a, b] = saved;
      return {
        a: () => unbroadcast(tf.mul(dy as tf.Tensor, tf.cast(b, 'float32')), a.shape),
        b: () => unbroadcast(tf.mul(dy as tf.Tensor, tf.cast(a, 'float32')), b.shape),
      };
    },
  },
  {
    kernelName: 'RealDiv',
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, saved: Saved) => {
      const [a, b] = saved;
      return {
        a: () => unbroadcast(tf.div(dy as tf.Tensor, b), a.shape),
        b: () => unbroadcast(tf.neg(tf.div(tf.mul(dy as tf.Tensor, a), tf.square(b))), b.shape),
      };
    },
  },
  {
    kernelName: 'AddN',
    saveAllInputs: true,
    gradFunc: (dy, saved: Saved) => Object.fromEntries(saved.map((_, i) => [i, () => tf.clone(dy as tf.Tensor)])),
  },
  { kernelName: 'Neg', gradFunc: (dy) => ({ x: () => tf.neg(dy as tf.Tensor) }) },
  { kernelName: 'Identity', gradFunc: (dy) => ({ x: () => tf.clone(dy as tf.Tensor) }) },
  {
    kernelName: 'Cast',
    inputsToSave: ['x'],
    gradFunc: (dy, saved: Saved) => ({ x: () => tf.cast(dy as tf.Tensor, saved[0].dtype) }),
  },
  {
    kernelName: 'Relu',
    inputsToSave: ['x'],
    gradFunc: (dy, saved: Saved) => ({ x: () => tf.mul(dy as tf.Tensor, tf.step(saved[0])) }),
  },
  // A step is flat almost everywhere: it passes no gradient (used for the expectile's sign weight).
  { kernelName: 'Step', gradFunc: (dy) => ({ x: () => tf.zerosLike(dy as tf.Tensor) }) },
  {
    kernelName: 'Square',
    inputsToSave: ['x'],
    gradFunc: (dy, saved: Saved) => ({ x: () => tf.mul(dy as tf.Tensor, tf.mul(saved[0], 2)) }),
  },
  {
    kernelName: 'Exp',
    outputsToSave: [true],
    gradFunc: (dy, saved: Saved) => ({ x: () => tf.mul(dy as tf.Tensor, saved[0]) }),
  },
  {
    kernelName: 'Log',
    inputsToSave: ['x'],
    gradFunc: (dy, saved: Saved) => ({ x: () => tf.div(dy as tf.Tensor, saved[0]) }),
  },
  {
    kernelName: 'Sigmoid',
    outputsToSave: [true],
    gradFunc: (dy, saved: Saved) => {
      const [y] = saved;
      return { x: () => tf.mul(dy as tf.Tensor, tf.mul(y, tf.sub(1, y))) };
    },
  },
  {
    kernelName: 'Softplus',
    inputsToSave: ['x'],
    gradFunc: (dy, saved: Saved) => ({ x: () => tf.mul(dy as tf.Tensor, tf.sigmoid(saved[0])) }),
  },
  {
    kernelName: 'Tanh',
    outputsToSave: [true],
    gradFunc: (dy, saved: Saved) => ({ x: () => tf.mul(dy as tf.Tensor, tf.sub(1, tf.square(saved[0]))) }),
  },
  {
    kernelName: 'Sum',
    inputsToSave: ['x'],
    gradFunc: (dy, saved: Saved, attrs: Attrs) => {
      const [x] = saved;
      const { shape } = keptDimsShape(x.shape, attrs.axis);
      return { x: () => tf.mul(tf.reshape(dy as tf.Tensor, shape), tf.ones(x.shape)) };
    },
  },
  {
    kernelName: 'Mean',
    inputsToSave: ['x'],
    gradFunc: (dy, saved: Saved, attrs: Attrs) => {
      const [x] = saved;
      const { shape, count } = keptDimsShape(x.shape, attrs.axis);
      return { x: () => tf.div(tf.mul(tf.reshape(dy as tf.Tensor, shape), tf.ones(x.shape)), count) };
    },
  },
  {
    kernelName: 'Reshape',
    inputsToSave: ['x'],
    gradFunc: (dy, saved: Saved) => ({ x: () => tf.reshape(dy as tf.Tensor, saved[0].shape) }),
  },
  {
    kernelName: 'Transpose',
    gradFunc: (dy, _saved: Saved, attrs: Attrs) => {
      const perm = attrs.perm as number[];
      const inverse = new Array<number>(perm.length);
      perm.forEach((p, i) => {
        inverse[p] = i;
      });
      return { x: () => tf.transpose(dy as tf.Tensor, inverse) };
    },
  },
];

let registered = false;

/** Registers the kit's gradient functions (idempotent; skips kernels that already have one). */
export function registerGradients(): void {
  if (registered) return;
  for (const config of configs) {
    if (!tf.getGradient(config.kernelName)) tf.registerGradient(config);
  }
  registered = true;
}

/** Kernel names this module provides gradients for (for tests and diagnostics). */
export const differentiableKernels: readonly string[] = configs.map((c) => c.kernelName);
