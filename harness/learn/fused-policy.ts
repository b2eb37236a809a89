/**
 * The candidate scorer of `candidate-policy.ts`, forward and backward, in plain float32 arrays with the SIMD
 * kernels of `wasm-kernels.ts` — the training engine `fused`. The tfjs scorer stays the reference: the same
 * equations, checked against it in `test/learn/fused-parity.test.ts`. What makes it faster (see
 * docs/benchmarks.md for the profile behind each point):
 *
 * - one pass over all levels' samples (the network is shared), a handful of kernel calls instead of about a
 *   thousand tfjs ops per step, and no tensors to create, track and dispose;
 * - the prompt layer reads its hashed features sparsely (a few hundred of 8192 inputs per prompt), forward and
 *   for its weight gradient, instead of a dense multi-hot product;
 * - each distinct candidate of a batch is embedded once (its embedding and its prior term), however many
 *   samples show it; padding columns are not computed at all;
 * - overlap features are sparse rows too.
 *
 * Shapes: S samples, C cells (sample × shown candidate, the chosen one first in each sample), U distinct
 * candidates, H hidden, Dc candidate embedding width, O overlap width.
 */
import type { Variable } from '@tensorflow/tfjs-core';
import { FusedParameters, type ParameterSpec, transposeInto } from './fused-parameters.ts';
import type { ScoredChoice } from './samples.ts';
import { candidateVector, crossFields, type EncodedCandidate, type EncodedPrompt, overlapEntries, type TextEncoderConfig } from './text-features.ts';
import { part, type SparseBlock, type SparseRowsData, transposeSparse, type WasmArray, Workspace } from './wasm-kernels.ts';

/**
 * What the fused pass reads of a candidate scorer: its sizes and its named weights (`CandidatePolicy` is
 * one). A shape rather than the class, so the scorer can use the fused pass without the two importing each other.
 */
export interface ScorerWeights {
  readonly config: { hidden: number; encoder: TextEncoderConfig; overlapScale: number };
  readonly overlapWidth: number;
  namedVariables(): Record<string, Variable>;
  variables(): Variable[];
}

/** The policy's parameters in the fused layout (names as in `CandidatePolicy.namedVariables()`). */
export function policyParameterSpecs(policy: ScorerWeights): ParameterSpec[] {
  const { hidden: h, encoder } = policy.config;
  const o = policy.overlapWidth;
  const x = crossFields(encoder) ** 2;
  return [
    { name: 'prompt1.weight', rows: encoder.stateDim, cols: h, transposed: true },
    { name: 'prompt1.bias', rows: 1, cols: h },
    { name: 'promptCross.weight', rows: x, cols: h },
    { name: 'prompt2.weight', rows: h, cols: h },
    { name: 'prompt2.bias', rows: 1, cols: h },
    { name: 'candidate1.weight', rows: encoder.candidateDim, cols: h },
    { name: 'candidate1.bias', rows: 1, cols: h },
    { name: 'jointProduct.weight', rows: h, cols: h },
    { name: 'jointCandidate.weight', rows: h, cols: h },
    { name: 'jointOverlap.weight', rows: o, cols: h },
    { name: 'jointOverlap.bias', rows: 1, cols: h },
    { name: 'joint2.weight', rows: h, cols: h },
    { name: 'joint2.bias', rows: 1, cols: h },
    { name: 'actionHead.weight', rows: h, cols: 1 },
    { name: 'actionHead.bias', rows: 1, cols: 1 },
    { name: 'overlapHead.weight', rows: o, cols: 1 },
    { name: 'flagHead.weight', rows: h, cols: 1 },
    { name: 'flagHead.bias', rows: 1, cols: 1 },
  ];
}

/** Sparse rows built in JS (typed arrays that grow by doubling), then copied into the workspace. */
class SparseBuilder {
  private rowStart: number[] = [0];
  private ids: Int32Array;
  private values: Float32Array;
  private size = 0;

  constructor(capacity = 1024) {
    this.ids = new Int32Array(capacity);
    this.values = new Float32Array(capacity);
  }

  /** Makes room for `extra` more entries. */
  reserve(extra: number): void {
    if (this.size + extra <= this.ids.length) return;
    const capacity = Math.max(this.size + extra, this.ids.length * 2);
    const [ids, values] = [new Int32Array(capacity), new Float32Array(capacity)];
    ids.set(this.ids.subarray(0, this.size));
    values.set(this.values.subarray(0, this.size));
    [this.ids, this.values] = [ids, values];
  }
  push(id: number, value: number): void {
    this.reserve(1);
    this.ids[this.size] = id;
    this.values[this.size++] = value;
  }
  /**
   * Appends a row of ids reduced modulo `width`, with their values, and ends it. A prompt's ids are already below
   * its encoder's `stateDim` (small integers, so `%` is cheap); reducing again keeps a prompt encoded with a
   * wider encoder inside the layer.
   */
  pushRow(ids: Uint32Array, values: Float32Array, width: number): void {
    this.reserve(ids.length);
    const [target, targetValues, at] = [this.ids, this.values, this.size];
    for (let j = 0; j < ids.length; j++) target[at + j] = ids[j] % width;
    targetValues.set(values, at);
    this.size += ids.length;
    this.endRow();
  }
  endRow(): void {
    this.rowStart.push(this.size);
  }
  finish(): SparseRowsData {
    return { rowStart: Int32Array.from(this.rowStart), ids: this.ids.slice(0, this.size), values: this.values.slice(0, this.size) };
  }
}

/** Appends a prompt (or an empty row for none) to the prompt and cross-overlap rows. */
function appendPrompt(prompt: EncodedPrompt | null, prompts: SparseBuilder, cross: SparseBuilder, config: ScorerWeights['config']): void {
  if (!prompt) {
    prompts.endRow();
    cross.endRow();
    return;
  }
  prompts.pushRow(prompt.ids, prompt.values, config.encoder.stateDim);
  for (let j = 0; j < prompt.cross.length; j++) if (prompt.cross[j] !== 0) cross.push(j, prompt.cross[j] * config.overlapScale);
  cross.endRow();
}

const candidateKeys = new WeakMap<EncodedCandidate, string>();

/** Two encodings with the same features embed alike: the batch computes them once. */
function candidateKey(candidate: EncodedCandidate): string {
  let key = candidateKeys.get(candidate);
  if (key === undefined) {
    key = `${candidate.ids.join(',')};${candidate.values.join(',')}`;
    candidateKeys.set(candidate, key);
  }
  return key;
}

/** A batch laid out for the fused pass, built from the same `ScoredChoice`s as `buildPolicyBatch`. */
export interface FusedBatch {
  samples: number;
  cells: number;
  distinct: number;
  /** Cells of sample s: [cellStart[s], cellStart[s+1]); the first is the chosen candidate. */
  cellStart: Int32Array;
  cellSample: Int32Array;
  cellCandidate: Int32Array;
  flag: Float32Array;
  flagMask: Float32Array;
  /** The prompts' hashed features, transposed: one row per feature id, listing the samples that have it. */
  promptsByFeature: SparseRowsData;
  cross: SparseRowsData;
  overlap: SparseRowsData;
  candidateVectors: Float32Array[];
}

export function buildFusedBatch(choices: ScoredChoice[], policy: ScorerWeights): FusedBatch {
  const { encoder, overlapScale } = policy.config;
  const cells = choices.reduce((n, c) => n + c.columns.length, 0);
  const prompts = new SparseBuilder(choices.reduce((n, c) => n + c.prompt.ids.length, 0));
  const cross = new SparseBuilder(choices.length * 16);
  const overlap = new SparseBuilder(cells * 12);
  const distinct = new Map<string, number>();
  const candidateVectors: Float32Array[] = [];
  const cellStart = new Int32Array(choices.length + 1);
  const cellSample = new Int32Array(cells);
  const cellCandidate = new Int32Array(cells);
  const flag = new Float32Array(choices.length);
  const flagMask = new Float32Array(choices.length);
  const pushOverlap = (index: number, value: number) => overlap.push(index, value * overlapScale);
  let cell = 0;
  for (let s = 0; s < choices.length; s++) {
    const choice = choices[s];
    appendPrompt(choice.prompt, prompts, cross, policy.config);
    cellStart[s] = cell;
    for (const column of choice.columns) {
      const candidate = choice.candidates[column];
      const key = candidateKey(candidate);
      let u = distinct.get(key);
      if (u === undefined) {
        u = candidateVectors.length;
        distinct.set(key, u);
        candidateVectors.push(candidateVector(candidate, encoder.candidateDim));
      }
      cellSample[cell] = s;
      cellCandidate[cell] = u;
      overlapEntries(choice.prompt, candidate, pushOverlap, encoder);
      overlap.endRow();
      cell++;
    }
    if (choice.flag !== undefined) {
      flag[s] = choice.flag ? 1 : 0;
      flagMask[s] = 1;
    }
  }
  cellStart[choices.length] = cell;
  return {
    samples: choices.length,
    cells,
    distinct: candidateVectors.length,
    cellStart,
    cellSample,
    cellCandidate,
    flag,
    flagMask,
    promptsByFeature: transposeSparse(prompts.finish()),
    cross: cross.finish(),
    overlap: overlap.finish(),
    candidateVectors,
  };
}

/** Named arrays of the workspace that grow (by doubling) as batches need; old space is not reused. */
class Arrays {
  private floatArrays = new Map<string, WasmArray>();
  private intArrays = new Map<string, WasmArray<Int32Array>>();
  constructor(private readonly ws: Workspace) {}
  /** Makes sure `name` holds at least `length` values; call for every array of a pass before taking any. */
  reserve(name: string, length: number, int = false): void {
    const map = int ? this.intArrays : this.floatArrays;
    const current = map.get(name);
    if (current && current.length >= length) return;
    const capacity = Math.max(length, (current?.length ?? 0) * 2, 16);
    if (int) this.intArrays.set(name, this.ws.ints32(capacity));
    else this.floatArrays.set(name, this.ws.floats(capacity));
  }
  floats(name: string, length: number): WasmArray {
    return part(this.floatArrays.get(name)!, 0, length);
  }
  ints(name: string, length: number): WasmArray<Int32Array> {
    return part(this.intArrays.get(name)!, 0, length);
  }
}

/** What a forward pass leaves for the critics and the backward pass. */
export interface FusedForward {
  batch: FusedBatch;
  /** log π(chosen, flag | prompt) per sample. */
  logProb: Float64Array;
  /** Every cell's candidate logit and flag logit. */
  logits: Float64Array;
  flagLogits: Float64Array;
}

export class FusedPolicy {
  readonly ws: Workspace;
  readonly params: FusedParameters;
  private readonly arrays: Arrays;
  private readonly h: number;
  private current: { batch: FusedBatch; softmax: Float64Array; flagSigmoid: Float64Array } | null = null;

  constructor(private readonly policy: ScorerWeights) {
    this.ws = new Workspace({ initialBytes: 32 << 20 });
    this.params = new FusedParameters(this.ws, policyParameterSpecs(policy));
    this.arrays = new Arrays(this.ws);
    this.h = policy.config.hidden;
    this.pull();
  }

  /** Copies the policy's tfjs weights in. */
  pull(): void {
    this.params.read(this.policy.namedVariables());
    this.pulled = this.weightVersion();
  }

  private pulled: object[] = [];

  /** Identity of the tfjs weights' current values: a variable's data id changes whenever it is assigned. */
  private weightVersion(): object[] {
    return this.policy.variables().map((v) => (v as unknown as { dataId: object }).dataId);
  }

  /** Pulls the tfjs weights again if they changed since the last pull (for inference beside training code). */
  pullIfChanged(): void {
    const version = this.weightVersion();
    if (version.some((id, i) => id !== this.pulled[i])) this.pull();
  }

  /** Writes the trained weights back to the policy's tfjs variables. */
  push(): void {
    this.params.write(this.policy.namedVariables());
  }

  /** Reserves room for sparse rows under `prefix` (the first phase of a pass). */
  private sparse(prefix: string, data: SparseRowsData): void {
    this.arrays.reserve(`${prefix}.start`, data.rowStart.length, true);
    this.arrays.reserve(`${prefix}.ids`, data.ids.length, true);
    this.arrays.reserve(`${prefix}.values`, data.values.length);
    if (data.target) this.arrays.reserve(`${prefix}.target`, data.target.length, true);
  }

  /** Copies sparse rows into the room reserved under `prefix`. */
  private block(prefix: string, data: SparseRowsData): SparseBlock {
    const rows = data.rowStart.length - 1;
    const block: SparseBlock = {
      rows,
      rowStart: this.arrays.ints(`${prefix}.start`, rows + 1),
      ids: this.arrays.ints(`${prefix}.ids`, data.ids.length),
      values: this.arrays.floats(`${prefix}.values`, data.values.length),
      target: data.target ? this.arrays.ints(`${prefix}.target`, data.target.length) : null,
    };
    block.rowStart.view.set(data.rowStart);
    block.ids.view.set(data.ids);
    block.values.view.set(data.values);
    if (data.target) block.target!.view.set(data.target);
    return block;
  }

  /**
   * The prompt tower: hs = relu(W2 relu(W1 x + Wx·cross + b1) + b2), keeping h1 for the backward pass. The
   * prompts come by feature (transposed), so the 8192-row W1 is read once, in order.
   */
  private promptTower(promptsByFeature: SparseBlock, cross: SparseBlock, h1: WasmArray, hs: WasmArray): void {
    const { h, params, ws } = this;
    const rows = cross.rows;
    fillRows(h1.view, params.get('prompt1.bias').value.view, rows, h);
    ws.scatterRows(promptsByFeature, params.get('prompt1.weight').value, h, h1);
    ws.gatherRows(cross, params.get('promptCross.weight').value, h, h1);
    ws.relu(h1);
    fillRows(hs.view, params.get('prompt2.bias').value.view, rows, h);
    ws.gemm(h1, false, params.get('prompt2.weight').value, hs, rows, h, h, true);
    ws.relu(hs);
  }

  /** Prompt features h_s of prompts alone (the critics' next states; null: no prompt); a copy, safe from later passes. */
  promptFeatures(promptList: (EncodedPrompt | null)[]): Float32Array {
    const rows = promptList.length;
    const prompts = new SparseBuilder();
    const cross = new SparseBuilder();
    for (const prompt of promptList) appendPrompt(prompt, prompts, cross, this.policy.config);
    const [promptRows, crossRows] = [transposeSparse(prompts.finish()), cross.finish()];
    this.sparse('nextPrompts', promptRows);
    this.sparse('nextCross', crossRows);
    this.arrays.reserve('next.h1', rows * this.h);
    this.arrays.reserve('next.hs', rows * this.h);
    const hs = this.arrays.floats('next.hs', rows * this.h);
    this.promptTower(this.block('nextPrompts', promptRows), this.block('nextCross', crossRows), this.arrays.floats('next.h1', rows * this.h), hs);
    return hs.view.slice();
  }

  /** Forward pass over a batch: log π of every sample's chosen candidate (and flag); activations are kept. */
  forward(batch: FusedBatch): FusedForward {
    const { h, params, ws, arrays } = this;
    const { samples: S, cells: C, distinct: U } = batch;
    const dc = this.policy.config.encoder.candidateDim;
    this.sparse('promptsByFeature', batch.promptsByFeature);
    this.sparse('cross', batch.cross);
    this.sparse('overlap', batch.overlap);
    for (const [name, length] of [
      ['h1', S * h],
      ['hs', S * h],
      ['candidates', U * dc],
      ['ec', U * h],
      ['prior', U * h],
      ['prod', C * h],
      ['z1', C * h],
      ['z', C * h],
      ['heads', C * 8],
      ['headWeights', h * 8],
    ] as const)
      arrays.reserve(name, length);
    arrays.reserve('cellSample', C, true);
    arrays.reserve('cellCandidate', C, true);
    const promptsByFeature = this.block('promptsByFeature', batch.promptsByFeature);
    const cross = this.block('cross', batch.cross);
    const overlap = this.block('overlap', batch.overlap);
    const h1 = arrays.floats('h1', S * h);
    const hs = arrays.floats('hs', S * h);
    this.promptTower(promptsByFeature, cross, h1, hs);

    // Candidate features, once per distinct candidate: e = relu(Wc v + bc), and its prior term Wjc e + bo.
    const candidates = arrays.floats('candidates', U * dc);
    batch.candidateVectors.forEach((v, u) => candidates.view.set(v, u * dc));
    const ec = arrays.floats('ec', U * h);
    fillRows(ec.view, params.get('candidate1.bias').value.view, U, h);
    ws.gemm(candidates, false, params.get('candidate1.weight').value, ec, U, h, dc, true);
    ws.relu(ec);
    const prior = arrays.floats('prior', U * h);
    fillRows(prior.view, params.get('jointOverlap.bias').value.view, U, h);
    ws.gemm(ec, false, params.get('jointCandidate.weight').value, prior, U, h, h, true);

    // Joint features per cell: z1 = relu(Vp (h_s ⊙ e_c) + prior_c + Vo o), z = relu(V2 z1 + b2).
    const cellSample = arrays.ints('cellSample', C);
    cellSample.view.set(batch.cellSample);
    const cellCandidate = arrays.ints('cellCandidate', C);
    cellCandidate.view.set(batch.cellCandidate);
    const prod = arrays.floats('prod', C * h);
    ws.mulRows(prod, hs, cellSample, ec, cellCandidate, C, h);
    const z1 = arrays.floats('z1', C * h);
    ws.copyRows(z1, prior, cellCandidate, C, h);
    ws.gemm(prod, false, params.get('jointProduct.weight').value, z1, C, h, h, true);
    ws.gatherRows(overlap, params.get('jointOverlap.weight').value, h, z1);
    ws.relu(z1);
    const z = arrays.floats('z', C * h);
    fillRows(z.view, params.get('joint2.bias').value.view, C, h);
    ws.gemm(z1, false, params.get('joint2.weight').value, z, C, h, h, true);
    ws.relu(z);

    // Heads: the action and flag heads as columns 0 and 1 of one [H × 8] product.
    const headWeights = arrays.floats('headWeights', h * 8);
    this.packHeads(headWeights.view);
    const heads = arrays.floats('heads', C * 8);
    ws.gemm(z, false, headWeights, heads, C, 8, h, false);
    const overlapHead = params.get('overlapHead.weight').value.view;
    const actionBias = params.get('actionHead.bias').value.view[0];
    const flagBias = params.get('flagHead.bias').value.view[0];
    const scores = new Float64Array(C);
    const flagLogits = new Float64Array(C);
    {
      const [HD, start, ids, values] = [heads.view, overlap.rowStart.view, overlap.ids.view, overlap.values.view];
      for (let c = 0; c < C; c++) {
        let score = HD[c * 8] + actionBias;
        for (let j = start[c]; j < start[c + 1]; j++) score += values[j] * overlapHead[ids[j]];
        scores[c] = score;
        flagLogits[c] = HD[c * 8 + 1] + flagBias;
      }
    }

    // log π = log softmax(scores)[first] + log σ(±flagLogit[first]).
    const logProb = new Float64Array(S);
    const softmax = new Float64Array(C);
    const flagSigmoid = new Float64Array(S);
    for (let s = 0; s < S; s++) {
      const [from, to] = [batch.cellStart[s], batch.cellStart[s + 1]];
      let max = -Infinity;
      for (let c = from; c < to; c++) max = Math.max(max, scores[c]);
      let total = 0;
      for (let c = from; c < to; c++) total += softmax[c] = Math.exp(scores[c] - max);
      for (let c = from; c < to; c++) softmax[c] /= total;
      let lp = scores[from] - max - Math.log(total);
      if (batch.flagMask[s] !== 0) {
        const x = flagLogits[from] * (2 * batch.flag[s] - 1);
        lp -= softplus(-x);
        flagSigmoid[s] = 1 / (1 + Math.exp(x)); // σ(−x)
      }
      logProb[s] = lp;
    }
    this.current = { batch, softmax, flagSigmoid };
    return { batch, logProb, logits: scores, flagLogits };
  }

  /** Prompt features h_s of the last forward pass, rows [from, to). */
  promptRows(from: number, to: number): Float32Array {
    return this.arrays.floats('hs', to * this.h).view.slice(from * this.h, to * this.h);
  }

  /** Joint features of the chosen (first) cell of samples [from, to) of the last forward pass. */
  chosenRows(from: number, to: number): Float32Array {
    const { h } = this;
    const batch = this.current!.batch;
    const z = this.arrays.floats('z', batch.cells * h).view;
    const out = new Float32Array((to - from) * h);
    for (let s = from; s < to; s++) out.set(z.subarray(batch.cellStart[s] * h, batch.cellStart[s] * h + h), (s - from) * h);
    return out;
  }

  private packHeads(target: Float32Array): void {
    const { h, params } = this;
    const action = params.get('actionHead.weight').value.view;
    const flag = params.get('flagHead.weight').value.view;
    target.fill(0);
    for (let j = 0; j < h; j++) {
      target[j * 8] = action[j];
      target[j * 8 + 1] = flag[j];
    }
  }

  /**
   * Gradients of Σ_s dLogProb[s] · log π_s with respect to every parameter, from the last forward pass,
   * written into the parameter set's gradients (overwriting them).
   */
  backward(dLogProb: Float64Array): void {
    const { h, params, ws, arrays } = this;
    const { batch, softmax, flagSigmoid } = this.current!;
    const { samples: S, cells: C, distinct: U } = batch;
    const dc = this.policy.config.encoder.candidateDim;
    for (const [name, length] of [
      ['dHeads', C * 8],
      ['dz', C * h],
      ['dz1', C * h],
      ['dprod', C * h],
      ['dprior', U * h],
      ['dec', U * h],
      ['dhs', S * h],
      ['dh1', S * h],
      ['transposed', h * Math.max(h, 8)],
      ['headGrads', h * 8],
      ['ones', Math.max(C, U, S)],
    ] as const)
      arrays.reserve(name, length);
    // The sparse layers' weight gradients gather over their inputs transposed (one row per feature id).
    const byFeature = { cross: transposeSparse(batch.cross), overlap: transposeSparse(batch.overlap) };
    for (const [name, data] of Object.entries(byFeature)) this.sparse(`${name}ByFeature`, data);
    params.beginGradients();
    const grad = (name: string) => params.get(name).grad;
    const value = (name: string) => params.get(name).value;
    const z = arrays.floats('z', C * h);
    const z1 = arrays.floats('z1', C * h);
    const prod = arrays.floats('prod', C * h);
    const ec = arrays.floats('ec', U * h);
    const hs = arrays.floats('hs', S * h);
    const h1 = arrays.floats('h1', S * h);
    const candidates = arrays.floats('candidates', U * dc);
    const overlap = { start: batch.overlap.rowStart, ids: batch.overlap.ids, values: batch.overlap.values };
    const transposed = arrays.floats('transposed', h * Math.max(h, 8));
    const cellSample = arrays.ints('cellSample', C);
    const cellCandidate = arrays.ints('cellCandidate', C);
    arrays.floats('ones', Math.max(C, U, S)).view.fill(1);
    /** Σ over the rows of x [rows × h], as the product 1ᵀ·x. */
    const columnSums = (x: WasmArray, rows: number, out: WasmArray) => ws.gemm(arrays.floats('ones', rows), false, x, out, 1, h, rows, false);

    // d score and d flagLogit per cell.
    const dHeads = arrays.floats('dHeads', C * 8);
    dHeads.view.fill(0);
    let dActionBias = 0;
    let dFlagBias = 0;
    const dOverlapHead = grad('overlapHead.weight').view;
    for (let s = 0; s < S; s++) {
      const g = dLogProb[s];
      const [from, to] = [batch.cellStart[s], batch.cellStart[s + 1]];
      for (let c = from; c < to; c++) {
        const dScore = g * ((c === from ? 1 : 0) - softmax[c]);
        dHeads.view[c * 8] = dScore;
        dActionBias += dScore;
        for (let j = overlap.start[c]; j < overlap.start[c + 1]; j++) dOverlapHead[overlap.ids[j]] += dScore * overlap.values[j];
      }
      if (batch.flagMask[s] !== 0) {
        const dFlag = g * (2 * batch.flag[s] - 1) * flagSigmoid[s];
        dHeads.view[from * 8 + 1] = dFlag;
        dFlagBias += dFlag;
      }
    }
    grad('actionHead.bias').view[0] = dActionBias;
    grad('flagHead.bias').view[0] = dFlagBias;
    const headGrads = arrays.floats('headGrads', h * 8);
    ws.gemm(z, true, dHeads, headGrads, h, 8, C, false);
    for (let j = 0; j < h; j++) {
      grad('actionHead.weight').view[j] = headGrads.view[j * 8];
      grad('flagHead.weight').view[j] = headGrads.view[j * 8 + 1];
    }

    // dz = dHeads · headsᵀ, then through the second joint layer.
    const headWeights = arrays.floats('headWeights', h * 8);
    transposeInto(headWeights.view, h, 8, transposed.view);
    const dz = arrays.floats('dz', C * h);
    ws.gemm(dHeads, false, part(transposed, 0, 8 * h), dz, C, h, 8, false);
    ws.reluBackward(dz, z);
    ws.gemm(z1, true, dz, grad('joint2.weight'), h, h, C, false);
    columnSums(dz, C, grad('joint2.bias'));
    transposeInto(value('joint2.weight').view, h, h, transposed.view);
    const dz1 = arrays.floats('dz1', C * h);
    ws.gemm(dz, false, part(transposed, 0, h * h), dz1, C, h, h, false);
    ws.reluBackward(dz1, z1);

    // First joint layer: product, prior and overlap terms.
    ws.gemm(prod, true, dz1, grad('jointProduct.weight'), h, h, C, false);
    ws.gatherRows(this.block('overlapByFeature', byFeature.overlap), dz1, h, grad('jointOverlap.weight'));
    const dprior = arrays.floats('dprior', U * h);
    dprior.view.fill(0);
    ws.addRowsTo(dprior, cellCandidate, dz1, C, h);
    columnSums(dprior, U, grad('jointOverlap.bias'));
    ws.gemm(ec, true, dprior, grad('jointCandidate.weight'), h, h, U, false);
    transposeInto(value('jointProduct.weight').view, h, h, transposed.view);
    const dprod = arrays.floats('dprod', C * h);
    ws.gemm(dz1, false, part(transposed, 0, h * h), dprod, C, h, h, false);

    // Split the product's gradient between the prompt and the candidate features.
    const dec = arrays.floats('dec', U * h);
    transposeInto(value('jointCandidate.weight').view, h, h, transposed.view);
    ws.gemm(dprior, false, part(transposed, 0, h * h), dec, U, h, h, false);
    const dhs = arrays.floats('dhs', S * h);
    dhs.view.fill(0);
    ws.mulAddRowsTo(dhs, cellSample, dprod, ec, cellCandidate, C, h);
    ws.mulAddRowsTo(dec, cellCandidate, dprod, hs, cellSample, C, h);

    // Candidate layer (its input is fixed: no gradient below it).
    ws.reluBackward(dec, ec);
    ws.gemm(candidates, true, dec, grad('candidate1.weight'), dc, h, U, false);
    columnSums(dec, U, grad('candidate1.bias'));

    // Prompt tower.
    ws.reluBackward(dhs, hs);
    ws.gemm(h1, true, dhs, grad('prompt2.weight'), h, h, S, false);
    columnSums(dhs, S, grad('prompt2.bias'));
    transposeInto(value('prompt2.weight').view, h, h, transposed.view);
    const dh1 = arrays.floats('dh1', S * h);
    ws.gemm(dhs, false, part(transposed, 0, h * h), dh1, S, h, h, false);
    ws.reluBackward(dh1, h1);
    columnSums(dh1, S, grad('prompt1.bias'));
    ws.gatherRows(this.block('promptsByFeature', batch.promptsByFeature), dh1, h, grad('prompt1.weight'));
    ws.gatherRows(this.block('crossByFeature', byFeature.cross), dh1, h, grad('promptCross.weight'));
  }
}

function fillRows(target: Float32Array, row: Float32Array, rows: number, width: number): void {
  for (let r = 0; r < rows; r++) target.set(row.subarray(0, width), r * width);
}

function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}
