/**
 * Behaviour cloning of candidate scorers: the cross-entropy of the demonstrated choice among the
 * candidates (plus the flag's log-likelihood where there is one), summed over the agent's levels.
 *
 * As in the paper's BC stage, every step draws one batch per level; smaller levels cycle, so an epoch is as
 * long as the largest level; a level may be trained only every n-th step (the paper trains its high level
 * every 4th). With a validation set, the weights of the epoch with the best validation accuracy are kept.
 */
import * as tf from '@tensorflow/tfjs-core';
import { createRng } from '../api.ts';
import { buildPolicyBatch, type CandidatePolicy } from './candidate-policy.ts';
import { FusedAdam } from './fused-parameters.ts';
import { buildFusedBatch, FusedPolicy } from './fused-policy.ts';
import { behaviourCloningLoss } from './losses.ts';
import { optimizationStep } from './optim.ts';
import { argmax, IndexStream, mean, type ScoredChoice, sampleColumns, type TrainingSample, toScoredChoice } from './samples.ts';
import type { TrainerHooks } from './trainer-hooks.ts';

/**
 * How a trainer computes its steps. `fused` (the default): the network's forward and backward passes in
 * float32 arrays with SIMD kernels (`fused-policy.ts`), several times faster; `tfjs`: the same losses through
 * tfjs ops and autograd, the reference the fused engine is checked against. Both start from and end in the
 * policy's tfjs variables.
 */
export type TrainingEngine = 'fused' | 'tfjs';

export interface BehaviourCloningSettings {
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Candidates shown per sample in a batch (the chosen one plus sampled negatives). */
  maxCandidates: number;
  /** Global gradient-norm clip (0: none). */
  gradientClip: number;
  /** How steps are computed (default `fused`). */
  engine?: TrainingEngine;
}

export const defaultBehaviourCloningSettings: BehaviourCloningSettings = {
  epochs: 8,
  batchSize: 32,
  learningRate: 1e-3,
  maxCandidates: 16,
  gradientClip: 1.0,
};

export interface LevelSamples<S extends TrainingSample = TrainingSample> {
  level: string;
  samples: S[];
  /** Train this level every `every` steps (1: every step). */
  every?: number;
  /** Held-out samples for accuracy and model selection. */
  validation?: TrainingSample[];
}

export interface BehaviourCloningResult {
  steps: number;
  seconds: number;
  /** Mean loss per level in the last epoch. */
  finalLoss: Record<string, number>;
  /** Validation accuracy per level of the kept weights (empty without validation). */
  validationAccuracy: Record<string, number>;
  bestEpoch: number | null;
}

export async function trainBehaviourCloning(
  policy: CandidatePolicy,
  levels: LevelSamples[],
  settings: BehaviourCloningSettings,
  seed: number,
  hooks: TrainerHooks = {},
): Promise<BehaviourCloningResult> {
  const started = performance.now();
  const active = levels.filter((l) => l.samples.length > 0);
  const rng = createRng(`bc:${seed}`);
  const streams = new Map(active.map((l) => [l.level, new IndexStream(l.samples.length, rng)]));
  const engine = settings.engine === 'tfjs' ? tfjsCloningSteps(policy, settings) : fusedCloningSteps(policy, settings);
  const variables = policy.variables();
  const stepsPerEpoch = Math.max(0, ...active.map((l) => Math.ceil(l.samples.length / settings.batchSize)));
  const totalSteps = stepsPerEpoch * settings.epochs;
  const hasValidation = active.some((l) => (l.validation?.length ?? 0) > 0);
  let best: { score: number; epoch: number; weights: tf.Tensor[]; accuracy: Record<string, number> } | null = null;
  let finalLoss: Record<string, number> = {};
  let step = 0;

  for (let epoch = 0; epoch < settings.epochs; epoch++) {
    const sums: Record<string, { loss: number; n: number }> = {};
    for (let s = 0; s < stepsPerEpoch; s++, step++) {
      const due = active.filter((l) => step % (l.every ?? 1) === 0);
      const batches = due.map((l) => {
        const chosen = streams
          .get(l.level)!
          .next(settings.batchSize)
          .map((i) => l.samples[i]);
        return { level: l.level, choices: chosen.map((sample) => toScoredChoice(sample, sampleColumns(sample, settings.maxCandidates, rng))) };
      });
      for (const [level, loss] of Object.entries(engine.step(batches))) {
        const acc = (sums[level] ??= { loss: 0, n: 0 });
        acc.loss += loss;
        acc.n++;
      }
      hooks.progress?.('behaviour cloning', step + 1, totalSteps);
      await hooks.yield?.();
    }
    finalLoss = Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, v.loss / v.n]));
    engine.writeBack();
    const accuracy = hasValidation ? validationAccuracy(policy, active) : {};
    hooks.log?.({ phase: 'bc-epoch', epoch: epoch + 1, steps: step, loss: finalLoss, ...(hasValidation ? { validationAccuracy: accuracy } : {}) });
    if (hasValidation) {
      const score = mean(Object.values(accuracy));
      if (!best || score > best.score) {
        best?.weights.forEach((w) => w.dispose());
        best = { score, epoch: epoch + 1, weights: variables.map((v) => tf.clone(v)), accuracy };
      }
    }
  }
  engine.dispose();
  if (best) {
    variables.forEach((v, i) => v.assign(best!.weights[i]));
    best.weights.forEach((w) => w.dispose());
  }
  return {
    steps: step,
    seconds: (performance.now() - started) / 1000,
    finalLoss,
    validationAccuracy: best?.accuracy ?? {},
    bestEpoch: best?.epoch ?? null,
  };
}

/** One level's batch of a step: the samples with the candidate columns each shows. */
interface LevelChoices {
  level: string;
  choices: ScoredChoice[];
}

/** One engine's behaviour-cloning steps; `writeBack` leaves the trained weights in the policy's variables. */
interface CloningSteps {
  /** One optimisation step on the summed per-level losses; returns each level's loss. */
  step(batches: LevelChoices[]): Record<string, number>;
  writeBack(): void;
  dispose(): void;
}

function tfjsCloningSteps(policy: CandidatePolicy, settings: BehaviourCloningSettings): CloningSteps {
  const optimizer = tf.train.adam(settings.learningRate);
  const variables = policy.variables();
  return {
    step(levels) {
      const batches = levels.map(({ level, choices }) => ({ level, batch: buildPolicyBatch(choices, policy.config.encoder) }));
      return optimizationStep(optimizer, variables, settings.gradientClip, () => {
        const perLevel: Record<string, tf.Scalar> = {};
        for (const { level, batch } of batches) {
          perLevel[level] = behaviourCloningLoss(policy.chosenLogProb(policy.forward(batch), batch));
        }
        return { total: tf.addN(Object.values(perLevel)) as tf.Scalar, extras: perLevel };
      }).extras;
    },
    writeBack() {},
    dispose() {
      optimizer.dispose();
    },
  };
}

/** L = Σ_levels −mean log π: every level's batch in one fused pass, each sample's gradient −1/(its level's batch size). */
function fusedCloningSteps(policy: CandidatePolicy, settings: BehaviourCloningSettings): CloningSteps {
  const fused = new FusedPolicy(policy);
  const optimizer = new FusedAdam(fused.params, settings.learningRate);
  return {
    step(levels) {
      const { logProb } = fused.forward(
        buildFusedBatch(
          levels.flatMap((l) => l.choices),
          policy,
        ),
      );
      const dLogProb = new Float64Array(logProb.length);
      const losses: Record<string, number> = {};
      let row = 0;
      for (const { level, choices } of levels) {
        let sum = 0;
        for (let i = 0; i < choices.length; i++, row++) {
          sum += logProb[row];
          dLogProb[row] = -1 / choices.length;
        }
        losses[level] = -sum / choices.length;
      }
      fused.backward(dLogProb);
      optimizer.step(settings.gradientClip);
      return losses;
    },
    writeBack() {
      fused.push();
    },
    dispose() {},
  };
}

/** Greedy accuracy (candidate and flag both right) per level on the validation samples, over all candidates. */
export function validationAccuracy(policy: CandidatePolicy, levels: LevelSamples[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const level of levels) {
    if (!level.validation || level.validation.length === 0) continue;
    let right = 0;
    for (const sample of level.validation) {
      const { logits, flagLogits } = policy.score(sample.prompt, sample.candidates);
      const pick = argmax(logits);
      const flagRight = sample.flag === undefined || flagLogits[pick] > 0 === sample.flag;
      if (pick === sample.chosen && flagRight) right++;
    }
    out[level.level] = right / level.validation.length;
  }
  return out;
}
