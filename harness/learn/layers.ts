/**
 * Dense layers on tfjs-core variables, initialised from a seeded generator so that a network is the same
 * on every run with the same seed.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../api.ts';

/** Uniform values in [-limit, limit), drawn from `rng`. */
export function uniformValues(rng: Rng, size: number, limit: number): Float32Array {
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) out[i] = (rng.next() * 2 - 1) * limit;
  return out;
}

export interface DenseOptions {
  bias?: boolean;
  /** Init limit; the default is Glorot-uniform. */
  limit?: number;
}

export class Dense {
  readonly weight: tf.Variable;
  readonly bias: tf.Variable | null;

  constructor(
    readonly inputs: number,
    readonly outputs: number,
    rng: Rng,
    options: DenseOptions = {},
  ) {
    const limit = options.limit ?? Math.sqrt(6 / (inputs + outputs));
    // Created in a tidy: a variable keeps its own reference to the data, the initial tensor must go.
    this.weight = tf.tidy(() => tf.variable(tf.tensor2d(uniformValues(rng, inputs * outputs, limit), [inputs, outputs])));
    this.bias = options.bias === false ? null : tf.tidy(() => tf.variable(tf.zeros([outputs])));
  }

  apply(x: tf.Tensor): tf.Tensor2D {
    const y = tf.matMul(x as tf.Tensor2D, this.weight);
    return (this.bias ? tf.add(y, this.bias) : y) as tf.Tensor2D;
  }

  variables(): tf.Variable[] {
    return this.bias ? [this.weight, this.bias] : [this.weight];
  }
}

/** Sparse rows of hashed features (CSR): row r holds ids[rowStart[r] .. rowStart[r+1]) with their values. */
export interface SparseRows {
  rows: number;
  rowStart: Int32Array;
  /** Feature ids, already reduced to the layer's input width. */
  ids: Int32Array;
  values: Float32Array;
}

/** Packs rows given as (ids, values) pairs into CSR, reducing ids modulo `width`. */
export function packSparseRows(rows: { ids: ArrayLike<number>; values: ArrayLike<number> }[], width: number): SparseRows {
  const rowStart = new Int32Array(rows.length + 1);
  for (let r = 0; r < rows.length; r++) rowStart[r + 1] = rowStart[r] + rows[r].ids.length;
  const ids = new Int32Array(rowStart[rows.length]);
  const values = new Float32Array(rowStart[rows.length]);
  rows.forEach((row, r) => {
    for (let j = 0; j < row.ids.length; j++) {
      ids[rowStart[r] + j] = row.ids[j] % width;
      values[rowStart[r] + j] = row.values[j];
    }
  });
  return { rows: rows.length, rowStart, ids, values };
}

/** The dense [rows × width] matrix of sparse rows (duplicate ids add up); `transposed` gives [width × rows]. */
export function densify(x: SparseRows, width: number, transposed = false): tf.Tensor2D {
  const out = new Float32Array(x.rows * width);
  for (let r = 0; r < x.rows; r++) {
    for (let j = x.rowStart[r]; j < x.rowStart[r + 1]; j++) {
      out[transposed ? x.ids[j] * x.rows + r : r * width + x.ids[j]] += x.values[j];
    }
  }
  return transposed ? tf.tensor2d(out, [width, x.rows]) : tf.tensor2d(out, [x.rows, width]);
}

/**
 * A dense layer over hashed multi-hot input. The input is data, never a parameter, so no gradient is computed
 * for it. (A sparse product in plain JS was measured slower than the wasm kernel's dense one at these sizes:
 * random row reads of a megabyte-sized weight matrix run at ~10⁸ multiply-adds/s, the SIMD kernel at ~10¹⁰.)
 *
 * The wasm matMul packs its second operand anew whenever that tensor is new, and the weights are new after
 * every update: packing a [width × hidden] matrix of a million weights cost ~30 ms per call, six times the
 * product itself. So when `wide` is set (inputs much wider than a batch is tall, as for prompts), the weights
 * are stored transposed, [hidden × width], and always passed first: the product is computed as
 * yᵀ = Wᵀ·xᵀ and its weight gradient as dWᵀ = dyᵀ·x, so only the batch (rows × width) is ever packed.
 */
export class InputDense {
  readonly weight: tf.Variable;
  readonly bias: tf.Variable;

  constructor(
    readonly inputs: number,
    readonly outputs: number,
    rng: Rng,
    private readonly options: { limit: number; wide: boolean },
  ) {
    const values = uniformValues(rng, inputs * outputs, options.limit);
    this.weight = tf.tidy(() => tf.variable(options.wide ? tf.tensor2d(values, [outputs, inputs]) : tf.tensor2d(values, [inputs, outputs])));
    this.bias = tf.tidy(() => tf.variable(tf.zeros([outputs])));
  }

  private readonly wideOp = tf.customGrad(((xT: tf.Tensor2D, x: tf.Tensor2D, wT: tf.Tensor2D, save: tf.GradSaveFunc) => {
    save([xT, x]);
    return {
      value: tf.transpose(tf.matMul(wT, xT)),
      gradFunc: (dy: tf.Tensor2D, saved: tf.Tensor[]) => [tf.zerosLike(saved[0]), tf.zerosLike(saved[1]), tf.matMul(tf.transpose(dy), saved[1] as tf.Tensor2D)],
    };
  }) as never) as unknown as (xT: tf.Tensor, x: tf.Tensor, wT: tf.Tensor) => tf.Tensor2D;

  private readonly tallOp = tf.customGrad(((x: tf.Tensor2D, w: tf.Tensor2D, save: tf.GradSaveFunc) => {
    save([x]);
    return {
      value: tf.matMul(x, w),
      gradFunc: (dy: tf.Tensor2D, saved: tf.Tensor[]) => [tf.zerosLike(saved[0]), tf.matMul(saved[0] as tf.Tensor2D, dy, true, false)],
    };
  }) as never) as unknown as (x: tf.Tensor, w: tf.Tensor) => tf.Tensor2D;

  applySparse(x: SparseRows): tf.Tensor2D {
    if (!this.options.wide) return this.apply(densify(x, this.inputs));
    return tf.add(this.wideOp(densify(x, this.inputs, true), densify(x, this.inputs), this.weight), this.bias) as tf.Tensor2D;
  }

  /** The layer on a dense input batch (tall layout only). */
  apply(x: tf.Tensor2D): tf.Tensor2D {
    if (this.options.wide) throw new Error('a wide input layer takes sparse rows');
    return tf.add(this.tallOp(x, this.weight), this.bias) as tf.Tensor2D;
  }

  variables(): tf.Variable[] {
    return [this.weight, this.bias];
  }
}

/** A ReLU multilayer perceptron: sizes [in, h1, …, out], ReLU between layers, linear output. */
export class Mlp {
  readonly layers: Dense[];

  constructor(sizes: number[], rng: Rng) {
    this.layers = [];
    for (let i = 0; i + 1 < sizes.length; i++) this.layers.push(new Dense(sizes[i], sizes[i + 1], rng));
  }

  apply(x: tf.Tensor): tf.Tensor2D {
    let h = x as tf.Tensor2D;
    this.layers.forEach((layer, i) => {
      h = layer.apply(h);
      if (i + 1 < this.layers.length) h = tf.relu(h);
    });
    return h;
  }

  variables(): tf.Variable[] {
    return this.layers.flatMap((l) => l.variables());
  }
}

/** Rows of `table` selected by `indices`, with a scatter-add gradient (wasm has no segment-sum kernel). */
export const gatherRows = tf.customGrad(((table: tf.Tensor2D, indices: tf.Tensor1D, save: tf.GradSaveFunc) => {
  save([indices]);
  const rows = table.shape[0];
  const width = table.shape[1];
  return {
    value: tf.gather(table, indices),
    gradFunc: (dy: tf.Tensor2D, saved: tf.Tensor[]) => [tf.scatterND(tf.reshape(saved[0], [-1, 1]), dy, [rows, width]), tf.zerosLike(saved[0])],
  };
}) as never) as unknown as (table: tf.Tensor2D, indices: tf.Tensor1D) => tf.Tensor2D;

/** θ̄ ← (1 − rate)·θ̄ + rate·θ, pairwise over two variable lists of the same shapes. */
export function polyakUpdate(target: tf.Variable[], online: tf.Variable[], rate: number): void {
  tf.tidy(() => {
    target.forEach((t, i) => t.assign(tf.add(tf.mul(t, 1 - rate), tf.mul(online[i], rate))));
  });
}

/** Copies values from `source` into `target` variables (same shapes). */
export function copyVariables(target: tf.Variable[], source: tf.Variable[]): void {
  tf.tidy(() => target.forEach((t, i) => t.assign(source[i])));
}
