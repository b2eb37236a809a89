/**
 * The candidate scorer: the small-network counterpart of an LLM choosing a continuation.
 *
 * A policy reads a prompt and a list of candidate continuations (the env's valid actions, candidate
 * subtasks, candidate progress texts) and gives each candidate a logit; a second head gives, per candidate,
 * the logit of a binary flag that is emitted with it (the low level's "subtask finished"), so that
 * log π(action, flag | prompt) = log softmax(logits)[action] + log σ(±flagLogit[action]), as an LLM would
 * score the completion "action; True" token by token.
 *
 *   h_s = relu(W2 · relu(W1 · x_prompt))                     prompt features     [B, H]
 *   e_c = relu(Wc · v_candidate)                              candidate features  [B·K, H]
 *   z   = relu(V2 · relu(Vp (h_s ⊙ e_c) + Ve e_c + Vo o(s,c)))  joint features    [B·K, H]
 *   logit = u · z + w · o(s,c),  flagLogit = f · z
 *
 * where x_prompt is the prompt's hashed multi-hot vector (its first layer also reads the prompt's cross-field
 * overlaps), v_candidate the candidate's fixed random embedding
 * and o(s,c) the overlap features (scaled by `overlapScale`), all from `text-features.ts`. Their direct linear term w · o lets a policy
 * learn "prefer the candidate whose words are in the task / the subtask" once, for every object: without it
 * a network trained on a few hundred demonstrations memorised object names instead (a high level choosing
 * "pick up vase" for a task about a watering can). One network may serve several policies of an
 * agent (high, low, progress): their prompts differ, as the prompts of one LLM do.
 */
import * as tf from '@tensorflow/tfjs-core';
import { createRng } from '../api.ts';
import { buildFusedBatch, FusedPolicy } from './fused-policy.ts';
import { Dense, InputDense, packSparseRows, type SparseRows } from './layers.ts';
import type { ScoredChoice } from './samples.ts';
import {
  candidateVector,
  crossFields,
  defaultTextEncoderConfig,
  type EncodedCandidate,
  type EncodedPrompt,
  overlapDim,
  overlapFeatures,
  type TextEncoderConfig,
} from './text-features.ts';

export interface PolicyNetworkConfig {
  encoder: TextEncoderConfig;
  /** Width of every hidden layer. */
  hidden: number;
  /** Init scale of the first (hashed-input) layers: inputs are unit-norm blocks, so weights start larger. */
  inputInitLimit: number;
  /**
   * Factor on the overlap features (shares in [0, 1]). Adam moves a weight by about the learning rate per
   * step, so a short training could not grow the weights a share of 0.25 needs to decide a choice; scaling
   * the input speeds those weights up by the same factor.
   */
  overlapScale: number;
}

export const defaultPolicyNetworkConfig: PolicyNetworkConfig = {
  encoder: defaultTextEncoderConfig,
  hidden: 128,
  inputInitLimit: 0.5,
  overlapScale: 5,
};

/** One batch, as plain arrays; the candidate a sample is trained towards is always in column 0. */
export interface PolicyBatch {
  size: number;
  /** Candidate columns per sample (padded). */
  width: number;
  prompts: SparseRows; // [size, stateDim]
  /** The prompts' cross-field overlap features. */
  promptCross: Float32Array; // [size, crossFields²]
  /** The fixed embedding of the candidate each (sample, column) shows (zeros for padding). */
  candidates: Float32Array; // [size * width, candidateDim]
  overlap: Float32Array; // [size * width, overlapDim]
  /** 1 for a real candidate, 0 for padding. */
  mask: Float32Array; // [size * width]
  /** Target flag of the column-0 candidate, and whether the sample has a flag at all. */
  flag: Float32Array; // [size]
  flagMask: Float32Array; // [size]
}

export interface PolicyOutputs {
  promptFeatures: tf.Tensor2D; // [B, H]
  jointFeatures: tf.Tensor2D; // [B*K, H]
  logits: tf.Tensor2D; // [B, K] (padding at -1e9)
  flagLogits: tf.Tensor2D; // [B, K]
}

export class CandidatePolicy {
  readonly config: PolicyNetworkConfig;
  readonly overlapWidth: number;
  private readonly prompt1: InputDense;
  private readonly promptCross: Dense;
  private readonly prompt2: Dense;
  private readonly candidate1: InputDense;
  private readonly jointProduct: Dense;
  private readonly jointCandidate: Dense;
  private readonly jointOverlap: Dense;
  private readonly joint2: Dense;
  private readonly actionHead: Dense;
  private readonly overlapHead: Dense;
  private readonly flagHead: Dense;

  constructor(config: Partial<PolicyNetworkConfig>, seed: number) {
    this.config = { ...defaultPolicyNetworkConfig, ...config, encoder: { ...defaultPolicyNetworkConfig.encoder, ...config.encoder } };
    const { encoder, hidden: h, inputInitLimit } = this.config;
    this.overlapWidth = overlapDim(encoder);
    const rng = createRng(`candidate-policy:${seed}`);
    this.prompt1 = new InputDense(encoder.stateDim, h, rng, { limit: inputInitLimit, wide: true });
    this.promptCross = new Dense(crossFields(encoder) ** 2, h, rng, { bias: false });
    this.prompt2 = new Dense(h, h, rng);
    this.candidate1 = new InputDense(encoder.candidateDim, h, rng, { limit: Math.sqrt(6 / (encoder.candidateDim + h)), wide: false });
    this.jointProduct = new Dense(h, h, rng, { bias: false });
    this.jointCandidate = new Dense(h, h, rng, { bias: false });
    this.jointOverlap = new Dense(this.overlapWidth, h, rng);
    this.joint2 = new Dense(h, h, rng);
    this.actionHead = new Dense(h, 1, rng);
    this.overlapHead = new Dense(this.overlapWidth, 1, rng, { bias: false, limit: 0 });
    this.flagHead = new Dense(h, 1, rng);
  }

  /** Trainable variables, by stable name (used for checkpoints). */
  namedVariables(): Record<string, tf.Variable> {
    const named: Record<string, tf.Variable> = {};
    const layers: [string, Dense | InputDense][] = [
      ['prompt1', this.prompt1],
      ['promptCross', this.promptCross],
      ['prompt2', this.prompt2],
      ['candidate1', this.candidate1],
      ['jointProduct', this.jointProduct],
      ['jointCandidate', this.jointCandidate],
      ['jointOverlap', this.jointOverlap],
      ['joint2', this.joint2],
      ['actionHead', this.actionHead],
      ['overlapHead', this.overlapHead],
      ['flagHead', this.flagHead],
    ];
    for (const [name, layer] of layers) {
      named[`${name}.weight`] = layer.weight;
      if (layer.bias) named[`${name}.bias`] = layer.bias;
    }
    return named;
  }

  variables(): tf.Variable[] {
    return Object.values(this.namedVariables());
  }

  /** Prompt features h_s: the hashed n-grams, plus the cross-field overlaps (scaled like the candidate overlaps). */
  encodePrompts(prompts: SparseRows, cross: Float32Array): tf.Tensor2D {
    const k2 = crossFields(this.config.encoder) ** 2;
    const crossTerm = this.promptCross.apply(tf.mul(tf.tensor2d(cross, [prompts.rows, k2]), this.config.overlapScale));
    return tf.relu(this.prompt2.apply(tf.relu(tf.add(this.prompt1.applySparse(prompts), crossTerm))));
  }

  forward(batch: PolicyBatch): PolicyOutputs {
    const { size: b, width: k } = batch;
    const promptFeatures = this.encodePrompts(batch.prompts, batch.promptCross);
    // Candidates are embedded per (sample, column), duplicates included: with fixed candidate embeddings
    // that costs less than embedding each distinct candidate once and selecting rows (a Gather, or a one-hot
    // product, is slower on wasm than the small product it would save).
    const perColumn = tf.relu(this.candidate1.apply(tf.tensor2d(batch.candidates, [b * k, this.config.encoder.candidateDim])));
    return this.joint(batch, promptFeatures, perColumn, this.jointCandidate.apply(perColumn));
  }

  /** Everything after the prompt and candidate features: the joint layers and the heads. */
  private joint(batch: PolicyBatch, promptFeatures: tf.Tensor2D, perColumn: tf.Tensor2D, candidatePrior: tf.Tensor2D): PolicyOutputs {
    const { size: b, width: k } = batch;
    const h = this.config.hidden;
    const product = tf.reshape(tf.mul(tf.reshape(promptFeatures, [b, 1, h]), tf.reshape(perColumn, [b, k, h])), [b * k, h]);
    const overlap = tf.mul(tf.tensor2d(batch.overlap, [b * k, this.overlapWidth]), this.config.overlapScale) as tf.Tensor2D;
    const joint1 = tf.relu(tf.add(tf.add(this.jointProduct.apply(product), candidatePrior), this.jointOverlap.apply(overlap)));
    const jointFeatures = tf.relu(this.joint2.apply(joint1));
    const padding = tf.mul(tf.sub(tf.tensor2d(batch.mask, [b, k]), 1), 1e9);
    const scores = tf.add(this.actionHead.apply(jointFeatures), this.overlapHead.apply(overlap));
    const logits = tf.add(tf.reshape(scores, [b, k]), padding) as tf.Tensor2D;
    const flagLogits = tf.reshape(this.flagHead.apply(jointFeatures), [b, k]) as tf.Tensor2D;
    return { promptFeatures, jointFeatures, logits, flagLogits };
  }

  /**
   * log π(column 0, flag | prompt) per sample: the log-probability of the chosen candidate among the
   * batch's candidates, plus the log-probability of its flag where the sample has one.
   */
  chosenLogProb(outputs: PolicyOutputs, batch: PolicyBatch): tf.Tensor1D {
    const first = firstColumn(batch.width);
    const actionLogProb = tf.sum(tf.mul(tf.logSoftmax(outputs.logits), first), 1);
    const chosenFlagLogit = tf.sum(tf.mul(outputs.flagLogits, first), 1);
    const sign = tf.sub(tf.mul(tf.tensor1d(batch.flag), 2), 1);
    // log σ(z) = −softplus(−z); tf.logSigmoid's gradient reads a tensor it does not keep, so it is not used.
    const flagLogProb = tf.mul(tf.neg(tf.softplus(tf.neg(tf.mul(chosenFlagLogit, sign)))), tf.tensor1d(batch.flagMask));
    return tf.add(actionLogProb, flagLogProb) as tf.Tensor1D;
  }

  /** Joint features of the column-0 (chosen) candidate of every sample: [B, H]. */
  chosenJointFeatures(outputs: PolicyOutputs, batch: PolicyBatch): tf.Tensor2D {
    const h = this.config.hidden;
    const perSample = tf.reshape(outputs.jointFeatures, [batch.size, batch.width, h]);
    return tf.sum(tf.mul(perSample, tf.reshape(firstColumn(batch.width), [1, batch.width, 1])), 1) as tf.Tensor2D;
  }

  /**
   * Scores every candidate of one prompt (inference), with the fused engine's forward pass on a copy of the
   * weights that follows them (re-read whenever a variable was assigned): the same values as `forward`, in a
   * fraction of the time.
   */
  score(prompt: EncodedPrompt, candidates: EncodedCandidate[]): { logits: Float32Array; flagLogits: Float32Array } {
    if (candidates.length === 0) return { logits: new Float32Array(0), flagLogits: new Float32Array(0) };
    if (!this.inference) this.inference = new FusedPolicy(this);
    else this.inference.pullIfChanged();
    const out = this.inference.forward(buildFusedBatch([{ prompt, candidates, columns: candidates.map((_, i) => i) }], this));
    return { logits: Float32Array.from(out.logits), flagLogits: Float32Array.from(out.flagLogits) };
  }

  private inference: FusedPolicy | null = null;

  dispose(): void {
    for (const v of this.variables()) v.dispose();
    this.inference = null;
  }
}

function firstColumn(width: number): tf.Tensor2D {
  const values = new Float32Array(width);
  values[0] = 1;
  return tf.tensor2d(values, [1, width]);
}

/** Lays out samples as the arrays `forward` reads. */
export function buildPolicyBatch(samples: ScoredChoice[], encoder: TextEncoderConfig): PolicyBatch {
  const size = samples.length;
  const width = Math.max(1, ...samples.map((s) => s.columns.length));
  const { stateDim, candidateDim } = encoder;
  const ow = overlapDim(encoder);
  const candidates = new Float32Array(size * width * candidateDim);
  const overlap = new Float32Array(size * width * ow);
  const mask = new Float32Array(size * width);
  const flag = new Float32Array(size);
  const flagMask = new Float32Array(size);
  samples.forEach((sample, i) => {
    sample.columns.forEach((c, col) => {
      const candidate = sample.candidates[c];
      const cell = i * width + col;
      candidates.set(candidateVector(candidate, candidateDim), cell * candidateDim);
      mask[cell] = 1;
      overlapFeatures(sample.prompt, candidate, overlap, cell * ow, encoder);
    });
    if (sample.flag !== undefined) {
      flag[i] = sample.flag ? 1 : 0;
      flagMask[i] = 1;
    }
  });
  const k2 = crossFields(encoder) ** 2;
  const promptCross = new Float32Array(size * k2);
  samples.forEach((s, i) => promptCross.set(s.prompt.cross, i * k2));
  return {
    size,
    width,
    prompts: packSparseRows(
      samples.map((s) => s.prompt),
      stateDim,
    ),
    promptCross,
    candidates,
    overlap,
    mask,
    flag,
    flagMask,
  };
}
