/**
 * The candidate scorer: the small-network counterpart of an LLM choosing a continuation.
 *
 * A policy reads a prompt and a list of candidate continuations (the env's valid actions, candidate
 * subtasks, candidate progress texts) and gives each candidate a logit; a second head gives, per candidate,
 * the logit of a binary flag that is emitted with it (the low level's "subtask finished"), so that
 * log π(action, flag | prompt) = log softmax(logits)[action] + log σ(±flagLogit[action]), as an LLM would
 * score the completion "action; True" token by token.
 *
 *   h_s = relu(W2 · relu(W1 · x_prompt))                     prompt features   [B, H]
 *   e_c = relu(Wc · x_candidate)                              candidate features [U, H]
 *   z   = relu(V2 · relu(Vp (h_s ⊙ e_c) + Ve e_c + Vo o(s,c)))  joint features  [B·K, H]
 *   logit = u · z,  flagLogit = f · z
 *
 * where o(s,c) are the overlap features of `text-features.ts`. One network may serve several policies of an
 * agent (high, low, progress): their prompts differ, as the prompts of one LLM do.
 */
import * as tf from '@tensorflow/tfjs-core';
import { createRng } from '../api.ts';
import { Dense, InputDense, packSparseRows, type SparseRows } from './layers.ts';
import {
  candidateVector,
  defaultTextEncoderConfig,
  overlapDim,
  overlapFeatures,
  type EncodedCandidate,
  type EncodedPrompt,
  type TextEncoderConfig,
} from './text-features.ts';

export interface PolicyNetworkConfig {
  encoder: TextEncoderConfig;
  /** Width of every hidden layer. */
  hidden: number;
  /** Init scale of the first (hashed-input) layers: inputs are unit-norm blocks, so weights start larger. */
  inputInitLimit: number;
}

export const defaultPolicyNetworkConfig: PolicyNetworkConfig = {
  encoder: defaultTextEncoderConfig,
  hidden: 128,
  inputInitLimit: 0.5,
};

/** One batch, as plain arrays; the candidate a sample is trained towards is always in column 0. */
export interface PolicyBatch {
  size: number;
  /** Candidate columns per sample (padded). */
  width: number;
  prompts: SparseRows; // [size, stateDim]
  /** The fixed embedding of the candidate each (sample, column) shows (zeros for padding). */
  candidates: Float32Array; // [size * width, candidateDim]
  overlap: Float32Array; // [size * width, overlapDim]
  /** 1 for a real candidate, 0 for padding. */
  mask: Float32Array; // [size * width]
  /** Target flag of the column-0 candidate, and whether the sample has a flag at all. */
  flag: Float32Array; // [size]
  flagMask: Float32Array; // [size]
}

/** A sample for a scorer: a prompt, its candidates, which one was chosen and (maybe) the flag emitted. */
export interface ScoredChoice {
  prompt: EncodedPrompt;
  candidates: EncodedCandidate[];
  /** Indices into `candidates`, the chosen one first. */
  columns: number[];
  flag?: boolean;
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
  private readonly prompt2: Dense;
  private readonly candidate1: InputDense;
  private readonly jointProduct: Dense;
  private readonly jointCandidate: Dense;
  private readonly jointOverlap: Dense;
  private readonly joint2: Dense;
  private readonly actionHead: Dense;
  private readonly flagHead: Dense;

  constructor(config: Partial<PolicyNetworkConfig>, seed: number) {
    this.config = { ...defaultPolicyNetworkConfig, ...config, encoder: { ...defaultPolicyNetworkConfig.encoder, ...config.encoder } };
    const { encoder, hidden: h, inputInitLimit } = this.config;
    this.overlapWidth = overlapDim(encoder);
    const rng = createRng(`candidate-policy:${seed}`);
    this.prompt1 = new InputDense(encoder.stateDim, h, rng, { limit: inputInitLimit, wide: true });
    this.prompt2 = new Dense(h, h, rng);
    this.candidate1 = new InputDense(encoder.candidateDim, h, rng, { limit: Math.sqrt(6 / (encoder.candidateDim + h)), wide: false });
    this.jointProduct = new Dense(h, h, rng, { bias: false });
    this.jointCandidate = new Dense(h, h, rng, { bias: false });
    this.jointOverlap = new Dense(this.overlapWidth, h, rng);
    this.joint2 = new Dense(h, h, rng);
    this.actionHead = new Dense(h, 1, rng);
    this.flagHead = new Dense(h, 1, rng);
  }

  /** Trainable variables, by stable name (used for checkpoints). */
  namedVariables(): Record<string, tf.Variable> {
    const named: Record<string, tf.Variable> = {};
    const layers: [string, Dense | InputDense][] = [
      ['prompt1', this.prompt1], ['prompt2', this.prompt2], ['candidate1', this.candidate1],
      ['jointProduct', this.jointProduct], ['jointCandidate', this.jointCandidate],
      ['jointOverlap', this.jointOverlap], ['joint2', this.joint2],
      ['actionHead', this.actionHead], ['flagHead', this.flagHead],
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

  /** Prompt features h_s for a batch of encoded prompts. */
  encodePrompts(prompts: SparseRows): tf.Tensor2D {
    return tf.relu(this.prompt2.apply(tf.relu(this.prompt1.applySparse(prompts))));
  }

  forward(batch: PolicyBatch): PolicyOutputs {
    const { size: b, width: k } = batch;
    const h = this.config.hidden;
    const promptFeatures = this.encodePrompts(batch.prompts);
    // Candidates are embedded per (sample, column), duplicates included: with fixed candidate embeddings
    // that costs less than embedding each distinct candidate once and selecting rows (a Gather, or a one-hot
    // product, is slower on wasm than the small product it would save).
    const perColumn = tf.relu(this.candidate1.apply(tf.tensor2d(batch.candidates, [b * k, this.config.encoder.candidateDim])));
    const product = tf.reshape(
      tf.mul(tf.reshape(promptFeatures, [b, 1, h]), tf.reshape(perColumn, [b, k, h])),
      [b * k, h],
    );
    const overlap = tf.tensor2d(batch.overlap, [b * k, this.overlapWidth]);
    const joint1 = tf.relu(
      tf.add(tf.add(this.jointProduct.apply(product), this.jointCandidate.apply(perColumn)), this.jointOverlap.apply(overlap)),
    );
    const jointFeatures = tf.relu(this.joint2.apply(joint1));
    const padding = tf.mul(tf.sub(tf.tensor2d(batch.mask, [b, k]), 1), 1e9);
    const logits = tf.add(tf.reshape(this.actionHead.apply(jointFeatures), [b, k]), padding) as tf.Tensor2D;
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

  /** Scores every candidate of one prompt (inference). */
  score(prompt: EncodedPrompt, candidates: EncodedCandidate[]): { logits: Float32Array; flagLogits: Float32Array } {
    if (candidates.length === 0) return { logits: new Float32Array(0), flagLogits: new Float32Array(0) };
    const batch = buildPolicyBatch([{ prompt, candidates, columns: candidates.map((_, i) => i) }], this.config.encoder);
    return tf.tidy(() => {
      const out = this.forward(batch);
      return { logits: out.logits.dataSync() as Float32Array, flagLogits: out.flagLogits.dataSync() as Float32Array };
    });
  }

  dispose(): void {
    for (const v of this.variables()) v.dispose();
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
  return { size, width, prompts: packSparseRows(samples.map((s) => s.prompt), stateDim), candidates, overlap, mask, flag, flagMask };
}
