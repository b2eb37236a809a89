/**
 * A level's critic (`critic.ts`) for the fused engine: the V and Q heads, their Polyak-averaged targets and
 * Adam over V and Q, in float32 arrays of a kernel workspace. It starts from the weights a `LevelCritic` of
 * the same seed would have, so both engines begin alike.
 */
import { LevelCritic } from './critic.ts';
import { FusedAdam, FusedParameters, type ParameterSpec, transposeInto } from './fused-parameters.ts';
import type { Mlp } from './layers.ts';
import { part, type WasmArray, type Workspace } from './wasm-kernels.ts';

interface MlpLayers {
  prefix: string;
  sizes: number[];
}

function mlpSpecs({ prefix, sizes }: MlpLayers): ParameterSpec[] {
  return sizes.slice(1).flatMap((out, i) => [
    { name: `${prefix}.${i}.weight`, rows: sizes[i], cols: out },
    { name: `${prefix}.${i}.bias`, rows: 1, cols: out },
  ]);
}

function mlpTensors(prefix: string, mlp: Mlp): Record<string, import('@tensorflow/tfjs-core').Tensor> {
  return Object.fromEntries(
    mlp.layers.flatMap((layer, i) => [
      [`${prefix}.${i}.weight`, layer.weight],
      [`${prefix}.${i}.bias`, layer.bias!],
    ]),
  );
}

/** An MLP [in, h, …, 1] (ReLU between layers) over rows of a workspace array, keeping its activations. */
class FusedMlp {
  private activations: WasmArray[] = [];
  private input: WasmArray | null = null;
  private rows = 0;

  constructor(
    private readonly ws: Workspace,
    private readonly params: FusedParameters,
    private readonly layers: MlpLayers,
  ) {}

  private weight(i: number) {
    return this.params.get(`${this.layers.prefix}.${i}.weight`);
  }
  private bias(i: number) {
    return this.params.get(`${this.layers.prefix}.${i}.bias`);
  }

  /** Output per row; `scratch` holds one array per hidden layer with room for `rows` rows. */
  forward(input: WasmArray, rows: number, scratch: WasmArray[]): Float64Array {
    const { sizes } = this.layers;
    const last = sizes.length - 2;
    this.input = input;
    this.rows = rows;
    this.activations = scratch;
    let x = input;
    for (let i = 0; i < last; i++) {
      const out = scratch[i];
      const width = sizes[i + 1];
      const bias = this.bias(i).value.view;
      for (let r = 0; r < rows; r++) out.view.set(bias, r * width);
      this.ws.gemm(x, false, this.weight(i).value, out, rows, width, sizes[i], true);
      this.ws.relu(part(out, 0, rows * width));
      x = out;
    }
    const width = sizes[last];
    const w = this.weight(last).value.view;
    const b = this.bias(last).value.view[0];
    const y = new Float64Array(rows);
    for (let r = 0; r < rows; r++) {
      let sum = 0;
      for (let j = 0; j < width; j++) sum += x.view[r * width + j] * w[j];
      y[r] = sum + b;
    }
    return y;
  }

  /**
   * Adds the gradients of Σ_r dOut[r] · y_r to the parameters' gradients. `delta` holds one array per hidden
   * layer (room for the rows), then one with room for the largest weight matrix.
   */
  backward(dOut: Float64Array, delta: WasmArray[]): void {
    const { sizes } = this.layers;
    const rows = this.rows;
    const last = sizes.length - 2;
    const hidden = this.activations;
    let width = sizes[last];
    const w = this.weight(last).value.view;
    const gw = this.weight(last).grad.view;
    let d = delta[last - 1];
    let db = 0;
    for (let r = 0; r < rows; r++) {
      db += dOut[r];
      for (let j = 0; j < width; j++) {
        gw[j] += dOut[r] * hidden[last - 1].view[r * width + j];
        d.view[r * width + j] = dOut[r] * w[j];
      }
    }
    this.bias(last).grad.view[0] += db;
    for (let i = last - 1; i >= 0; i--) {
      width = sizes[i + 1];
      this.ws.reluBackward(part(d, 0, rows * width), part(hidden[i], 0, rows * width));
      const x = i === 0 ? this.input! : hidden[i - 1];
      this.ws.gemm(x, true, d, this.weight(i).grad, sizes[i], width, rows, true);
      const gb = this.bias(i).grad.view;
      for (let r = 0; r < rows; r++) for (let j = 0; j < width; j++) gb[j] += d.view[r * width + j];
      if (i === 0) break;
      // d_{i−1} = d_i · W_iᵀ
      const prev = delta[i - 1];
      const transposed = part(delta[delta.length - 1], 0, sizes[i] * width);
      transposeInto(this.weight(i).value.view, sizes[i], width, transposed.view);
      this.ws.gemm(d, false, transposed, prev, rows, sizes[i], width, false);
      d = prev;
    }
  }
}

export class FusedCritic {
  readonly online: FusedParameters;
  private readonly targets: FusedParameters;
  private readonly optimizer: FusedAdam;
  private readonly v: FusedMlp;
  private readonly q: FusedMlp;
  private readonly vTarget: FusedMlp;
  private readonly qTarget: FusedMlp;
  private scratch: WasmArray[] = [];
  private transposed: WasmArray | null = null;
  private capacity = 0;

  /** As `new LevelCritic(features, hidden, seed)`, trained by Adam at `learningRate`. */
  constructor(
    private readonly ws: Workspace,
    private readonly features: number,
    private readonly hidden: number,
    seed: number | string,
    learningRate: number,
  ) {
    const vLayers = { prefix: 'v', sizes: [features, hidden, hidden, 1] };
    const qLayers = { prefix: 'q', sizes: [features + 1, hidden, hidden, 1] };
    this.online = new FusedParameters(ws, [...mlpSpecs(vLayers), ...mlpSpecs(qLayers)]);
    this.targets = new FusedParameters(ws, [...mlpSpecs(vLayers), ...mlpSpecs(qLayers)]);
    const initial = new LevelCritic(features, hidden, seed);
    this.online.read({ ...mlpTensors('v', initial.v), ...mlpTensors('q', initial.q) });
    this.targets.read({ ...mlpTensors('v', initial.vTarget), ...mlpTensors('q', initial.qTarget) });
    initial.dispose();
    this.optimizer = new FusedAdam(this.online, learningRate);
    this.v = new FusedMlp(ws, this.online, vLayers);
    this.q = new FusedMlp(ws, this.online, qLayers);
    this.vTarget = new FusedMlp(ws, this.targets, vLayers);
    this.qTarget = new FusedMlp(ws, this.targets, qLayers);
  }

  /** Room for `rows` rows: the inputs (prompt features, action features) and the hidden layers. */
  private reserve(rows: number): { prompt: WasmArray; action: WasmArray; hidden: WasmArray[] } {
    if (rows > this.capacity) {
      this.capacity = Math.max(rows, this.capacity * 2);
      this.scratch = [this.features, this.features + 1, ...new Array<number>(6).fill(this.hidden)].map((w) => this.ws.floats(this.capacity * w));
      this.transposed = this.ws.floats((this.features + 1) * this.hidden);
    }
    const [prompt, action, ...hidden] = this.scratch;
    return { prompt, action, hidden };
  }

  /**
   * The critic's quantities for a batch: V(s), Q(s,a) and the targets' V̄(s′), Q̄(s,a), with the online
   * heads' activations kept for `step`. `actionFeatures` are [rows × (features + 1)] (the flag last).
   */
  evaluate(
    promptFeatures: Float32Array,
    actionFeatures: Float32Array,
    nextFeatures: Float32Array,
    rows: number,
  ): { value: Float64Array; action: Float64Array; nextTargetValue: Float64Array; targetAction: Float64Array } {
    const { prompt, action, hidden } = this.reserve(rows);
    prompt.view.set(nextFeatures);
    action.view.set(actionFeatures);
    const nextTargetValue = this.vTarget.forward(prompt, rows, hidden.slice(0, 2));
    const targetAction = this.qTarget.forward(action, rows, hidden.slice(0, 2));
    prompt.view.set(promptFeatures);
    const value = this.v.forward(prompt, rows, hidden.slice(0, 2));
    const actionValue = this.q.forward(action, rows, hidden.slice(2, 4));
    return { value, action: actionValue, nextTargetValue, targetAction };
  }

  /** Gradients of V and Q from d loss / dV and d loss / dQ per row (after `evaluate`), into `online`. */
  backward(dValue: Float64Array, dAction: Float64Array): void {
    const { hidden } = this.reserve(dValue.length);
    this.online.beginGradients();
    // V's activations sit in hidden[0..1], Q's in hidden[2..3]; the deltas use the spare pair.
    this.q.backward(dAction, [...hidden.slice(4, 6), this.transposed!]);
    this.v.backward(dValue, [...hidden.slice(4, 6), this.transposed!]);
  }

  /** One clipped Adam step on V and Q with the gradients of `backward`. */
  applyGradients(maxNorm: number): void {
    this.optimizer.step(maxNorm);
  }

  /** θ̄ ← (1 − rate)·θ̄ + rate·θ. */
  updateTargets(rate: number): void {
    this.targets.list.forEach((target, i) => this.ws.polyak(target.value, this.online.list[i].value, rate));
  }
}
