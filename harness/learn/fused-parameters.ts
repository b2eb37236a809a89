/**
 * A network's parameters as float32 arrays in a kernel workspace, with their gradients, copied from and back
 * to the tfjs variables that stay the network's weights at rest (checkpoints, inference, the agents' own
 * copies); and Adam with global-norm clipping over such a set, as `optim.ts` does with tfjs.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { AdamScalars, WasmArray, Workspace } from './wasm-kernels.ts';

export interface ParameterSpec {
  /** The variable's name in `namedVariables()`. */
  name: string;
  /** Shape as the fused code reads it: [rows × cols], row-major. */
  rows: number;
  cols: number;
  /** The tfjs variable holds the transpose, [cols × rows] (the wide input layer's layout). */
  transposed?: boolean;
}

export interface FusedParameter {
  spec: ParameterSpec;
  value: WasmArray;
  grad: WasmArray;
}

export class FusedParameters {
  readonly list: FusedParameter[];
  private readonly byName = new Map<string, FusedParameter>();

  constructor(
    private readonly workspace: Workspace,
    specs: ParameterSpec[],
  ) {
    this.list = specs.map((spec) => ({ spec, value: workspace.floats(spec.rows * spec.cols), grad: workspace.floats(spec.rows * spec.cols) }));
    for (const p of this.list) this.byName.set(p.spec.name, p);
  }

  get(name: string): FusedParameter {
    const p = this.byName.get(name);
    if (!p) throw new Error(`no parameter ${name}`);
    return p;
  }

  /** Copies values from tensors named like the specs (shapes checked). */
  read(tensors: Record<string, tf.Tensor>): void {
    for (const { spec, value } of this.list) {
      const tensor = tensors[spec.name];
      const expected = spec.transposed ? [spec.cols, spec.rows] : [spec.rows, spec.cols];
      if (!tensor || tensor.size !== spec.rows * spec.cols) throw new Error(`parameter ${spec.name}: expected shape [${expected}], got [${tensor?.shape}]`);
      const data = tensor.dataSync() as Float32Array;
      if (spec.transposed) transposeInto(data, spec.cols, spec.rows, value.view);
      else value.view.set(data);
    }
  }

  /** Assigns the values to tfjs variables named like the specs. */
  write(variables: Record<string, tf.Variable>): void {
    tf.tidy(() => {
      for (const { spec, value } of this.list) {
        const variable = variables[spec.name];
        const data = spec.transposed ? transposeInto(value.view, spec.rows, spec.cols, new Float32Array(value.length)) : value.view.slice();
        variable.assign(tf.tensor(data, variable.shape));
      }
    });
  }

  /** Gradients by name, in the tfjs variables' layout (for checks against tfjs). */
  gradients(): Record<string, Float32Array> {
    return Object.fromEntries(
      this.list.map(({ spec, grad }) => [
        spec.name,
        spec.transposed ? transposeInto(grad.view, spec.rows, spec.cols, new Float32Array(grad.length)) : grad.view.slice(),
      ]),
    );
  }

  /** Gradients are all zero: freshly allocated, or just consumed by an optimizer step (which zeroes them). */
  private gradientsZero = true;

  /** Zeroes the gradients, unless they already are, before a backward pass writes them. */
  beginGradients(): void {
    if (!this.gradientsZero) for (const p of this.list) p.grad.view.fill(0);
    this.gradientsZero = false;
  }

  /** Called by an optimizer step that zeroed every gradient as it read it. */
  gradientsConsumed(): void {
    this.gradientsZero = true;
  }

  /** ‖g‖₂ over every gradient of the set. */
  gradientNorm(): number {
    let sum = 0;
    for (const { grad } of this.list) sum += this.workspace.sumSquares(grad);
    return Math.sqrt(sum);
  }

  get workspaceOf(): Workspace {
    return this.workspace;
  }
}

/** Writes the transpose of `source` ([rows × cols]) into `target` ([cols × rows]), in tiles that stay in cache. */
export function transposeInto(source: Float32Array, rows: number, cols: number, target: Float32Array): Float32Array {
  const tile = 32;
  for (let r0 = 0; r0 < rows; r0 += tile) {
    const r1 = Math.min(rows, r0 + tile);
    for (let c0 = 0; c0 < cols; c0 += tile) {
      const c1 = Math.min(cols, c0 + tile);
      for (let r = r0; r < r1; r++) for (let c = c0; c < c1; c++) target[c * rows + r] = source[r * cols + c];
    }
  }
  return target;
}

/**
 * Adam over a parameter set, with the gradients rescaled to a global norm of at most `maxNorm` first —
 * the same arithmetic as `optimizationStep` with `tf.train.adam` (β₁ 0.9, β₂ 0.999, ε 1e-7, float32 state).
 */
export class FusedAdam {
  private readonly moments: { m: WasmArray; v: WasmArray }[];
  private accBeta1: number;
  private accBeta2: number;

  constructor(
    private readonly parameters: FusedParameters,
    private readonly learningRate: number,
    private readonly beta1 = 0.9,
    private readonly beta2 = 0.999,
    private readonly epsilon = 1e-7,
  ) {
    const ws = parameters.workspaceOf;
    this.moments = parameters.list.map((p) => ({ m: ws.floats(p.value.length), v: ws.floats(p.value.length) }));
    this.accBeta1 = Math.fround(beta1);
    this.accBeta2 = Math.fround(beta2);
  }

  /** Clips and applies the set's current gradients (leaving them zero); returns the norm before clipping. */
  step(maxNorm: number): number {
    const norm = this.parameters.gradientNorm();
    const scale = maxNorm > 0 && norm > maxNorm ? maxNorm / norm : 1;
    const f = Math.fround;
    const scalars: AdamScalars = {
      gradScale: scale,
      beta1: this.beta1,
      oneMinusBeta1: f(1 - this.beta1),
      beta2: this.beta2,
      oneMinusBeta2: f(1 - this.beta2),
      oneMinusAccBeta1: f(1 - this.accBeta1),
      oneMinusAccBeta2: f(1 - this.accBeta2),
      epsilon: this.epsilon,
      learningRate: this.learningRate,
    };
    const ws = this.parameters.workspaceOf;
    this.parameters.list.forEach((p, i) => ws.adam(p.value, p.grad, this.moments[i].m, this.moments[i].v, scalars));
    this.parameters.gradientsConsumed();
    this.accBeta1 = f(this.accBeta1 * f(this.beta1));
    this.accBeta2 = f(this.accBeta2 * f(this.beta2));
    return norm;
  }
}
