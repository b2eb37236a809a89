/**
 * Offline RL of candidate scorers, per level, as in the paper's third stage (losses in `losses.ts`):
 *
 *   for each step, for each level ℓ (its own batch of transitions):
 *     features  = policy(s), policy(s')                      (no gradient: the critic reads detached features)
 *     y         = r + γ (1 − d) V̄ℓ(s')
 *     L_Q + L_V = (Qℓ(s,a) − y)² + |τ − 1(u<0)| u²,  u = Q̄ℓ(s,a) − Vℓ(s)      → critic step
 *     Aℓ        = Qℓ(s,a) − Vℓ(s)
 *   after the warm-up: L_π = Σℓ −mean_i w(A_i) log π(a_i|s_i)                 → one actor step
 *   θ̄ℓ ← (1 − ρ) θ̄ℓ + ρ θℓ
 */
import * as tf from '@tensorflow/tfjs-core';
import { createRng } from '../api.ts';
import type { TrainingEngine } from './bc-trainer.ts';
import { buildPolicyBatch, type CandidatePolicy } from './candidate-policy.ts';
import { LevelCritic } from './critic.ts';
import { FusedCritic } from './fused-critic.ts';
import { FusedAdam } from './fused-parameters.ts';
import { buildFusedBatch, FusedPolicy } from './fused-policy.ts';
import { packSparseRows } from './layers.ts';
import {
  type AdvantageWeighting,
  advantageWeights,
  advantageWeightValues,
  criticLossesAndGradients,
  expectileLoss,
  qLoss,
  tdTarget,
  weightedPolicyLoss,
} from './losses.ts';
import { optimizationStep } from './optim.ts';
import { IndexStream, mean, type RlSample, type ScoredChoice, sampleColumns, toScoredChoice } from './samples.ts';
import { crossFields } from './text-features.ts';
import type { TrainerHooks } from './trainer-hooks.ts';

export interface OfflineRlSettings {
  epochs: number;
  batchSize: number;
  actorLearningRate: number;
  criticLearningRate: number;
  /** Discount γ. */
  gamma: number;
  /** Polyak rate ρ of the target critics (the reference code's `tau`: 0.2). */
  polyak: number;
  /** Expectile τ of the V regression (IQL notation: τ > 0.5 tracks the better actions). */
  expectile: number;
  advantage: AdvantageWeighting;
  /** Steps during which only the critics learn (at most a quarter of all steps, so a short run trains its policy). */
  warmupSteps: number;
  maxCandidates: number;
  gradientClip: number;
  /** Hidden width of the V and Q heads. */
  criticHidden: number;
  /** How steps are computed (default `fused`; see `TrainingEngine`). */
  engine?: TrainingEngine;
}

export const defaultOfflineRlSettings: OfflineRlSettings = {
  epochs: 3,
  batchSize: 32,
  actorLearningRate: 3e-4,
  criticLearningRate: 1e-3,
  gamma: 0.99,
  polyak: 0.2,
  expectile: 0.7,
  advantage: { kind: 'exp', beta: 0.2, clip: 20, normalize: true },
  warmupSteps: 100,
  maxCandidates: 16,
  gradientClip: 1.0,
  criticHidden: 128,
};

export interface RlLevel {
  level: string;
  samples: RlSample[];
  every?: number;
}

export interface OfflineRlResult {
  steps: number;
  seconds: number;
  /** Last epoch's means per level. */
  final: Record<string, Record<string, number>>;
}

/** One level's transitions of a step, with the candidate columns each shows. */
interface LevelBatch {
  level: string;
  samples: RlSample[];
  choices: ScoredChoice[];
}

/** One level's logged quantities of a step, in the order they are averaged. */
type StepMetrics = [level: string, values: Record<string, number>][];

/** One engine's offline-RL steps; `finish` leaves the trained policy in its tfjs variables. */
interface RlSteps {
  /** Critic steps for every level, then (with `actor`) one policy step on the summed levels; Polyak updates. */
  step(levels: LevelBatch[], actor: boolean): StepMetrics;
  finish(): void;
}

export async function trainOfflineRL(
  policy: CandidatePolicy,
  levels: RlLevel[],
  settings: OfflineRlSettings,
  seed: number,
  hooks: TrainerHooks = {},
): Promise<OfflineRlResult> {
  const started = performance.now();
  const active = levels.filter((l) => l.samples.length > 0);
  const rng = createRng(`rl:${seed}`);
  const streams = new Map(active.map((l) => [l.level, new IndexStream(l.samples.length, rng)]));
  const engine = settings.engine === 'tfjs' ? tfjsRlSteps(policy, active, settings, seed) : fusedRlSteps(policy, active, settings, seed);
  const stepsPerEpoch = Math.max(0, ...active.map((l) => Math.ceil(l.samples.length / settings.batchSize)));
  const totalSteps = stepsPerEpoch * settings.epochs;
  const warmup = Math.min(settings.warmupSteps, Math.floor(totalSteps / 4));
  hooks.log?.({ phase: 'rl-start', steps: totalSteps, warmupSteps: warmup, levels: active.map((l) => l.level).join(',') });
  let final: OfflineRlResult['final'] = {};
  let step = 0;

  for (let epoch = 0; epoch < settings.epochs; epoch++) {
    // Running means per level and metric (actor metrics only count steps after the warm-up).
    const sums: Record<string, Record<string, { total: number; n: number }>> = {};
    for (let s = 0; s < stepsPerEpoch; s++, step++) {
      const batches = active
        .filter((l) => step % (l.every ?? 1) === 0)
        .map((l): LevelBatch => {
          const samples = streams
            .get(l.level)!
            .next(settings.batchSize)
            .map((i) => l.samples[i]);
          return { level: l.level, samples, choices: samples.map((x) => toScoredChoice(x, sampleColumns(x, settings.maxCandidates, rng))) };
        });
      if (batches.length > 0) {
        for (const [level, values] of engine.step(batches, step >= warmup)) {
          const m = (sums[level] ??= {});
          for (const [k, v] of Object.entries(values)) {
            const acc = (m[k] ??= { total: 0, n: 0 });
            acc.total += v;
            acc.n++;
          }
        }
      }
      hooks.progress?.('offline RL', step + 1, totalSteps);
      await hooks.yield?.();
    }
    final = Object.fromEntries(
      Object.entries(sums).map(([level, metrics]) => [level, Object.fromEntries(Object.entries(metrics).map(([k, m]) => [k, m.total / m.n]))]),
    );
    hooks.log?.({ phase: 'rl-epoch', epoch: epoch + 1, steps: step, ...final });
  }
  engine.finish();
  return { steps: step, seconds: (performance.now() - started) / 1000, final };
}

/** The reference engine: tfjs ops, autograd and `LevelCritic`s. */
function tfjsRlSteps(policy: CandidatePolicy, active: RlLevel[], settings: OfflineRlSettings, seed: number): RlSteps {
  const critics = new Map(active.map((l) => [l.level, new LevelCritic(policy.config.hidden, settings.criticHidden, `${seed}:${l.level}`)]));
  const criticOptimizers = new Map(active.map((l) => [l.level, tf.train.adam(settings.criticLearningRate)]));
  const actorOptimizer = tf.train.adam(settings.actorLearningRate);
  const actorVariables = policy.variables();
  const { encoder } = policy.config;
  const k2 = crossFields(encoder) ** 2;
  return {
    step(levels, actor) {
      const metrics: StepMetrics = [];
      const prepared = levels.map(({ level, samples, choices }) => {
        const nextCross = new Float32Array(samples.length * k2);
        samples.forEach((x, i) => {
          if (x.next) nextCross.set(x.next.cross, i * k2);
        });
        const empty = { ids: new Uint32Array(0), values: new Float32Array(0) };
        return {
          level,
          batch: buildPolicyBatch(choices, encoder),
          reward: Float32Array.from(samples, (x) => x.reward),
          done: Float32Array.from(samples, (x) => (x.done || !x.next ? 1 : 0)),
          next: packSparseRows(
            samples.map((x) => x.next ?? empty),
            encoder.stateDim,
          ),
          nextCross,
        };
      });
      // Critic steps, and the advantages they imply (before the update, from the same features).
      const advantages = new Map<string, tf.Tensor1D>();
      for (const p of prepared) {
        const critic = critics.get(p.level)!;
        const features = tf.tidy(() => {
          const out = policy.forward(p.batch);
          const flag = tf.reshape(tf.tensor1d(p.batch.flag), [-1, 1]);
          const actionInput = tf.concat([policy.chosenJointFeatures(out, p.batch), flag], 1) as tf.Tensor2D;
          const nextFeatures = policy.encodePrompts(p.next, p.nextCross);
          const target = tdTarget(tf.tensor1d(p.reward), tf.tensor1d(p.done), critic.value(nextFeatures, true), settings.gamma);
          return { prompt: out.promptFeatures, actionInput, target, targetQ: critic.action(actionInput, true) };
        });
        const advantage = tf.tidy(() => tf.sub(critic.action(features.actionInput), critic.value(features.prompt)) as tf.Tensor1D);
        advantages.set(p.level, advantage);
        const { extras } = optimizationStep(criticOptimizers.get(p.level)!, critic.variables(), settings.gradientClip, () => {
          const lq = qLoss(critic.action(features.actionInput), features.target);
          const lv = expectileLoss(features.targetQ, critic.value(features.prompt), settings.expectile);
          return { total: tf.add(lq, lv) as tf.Scalar, extras: { qLoss: lq, vLoss: lv, target: tf.mean(features.target) as tf.Scalar } };
        });
        tf.dispose(features);
        const adv = advantage.dataSync();
        metrics.push([p.level, { ...extras, advantage: mean(adv), advantageStd: std(adv) }]);
      }
      if (actor) {
        const weights = new Map([...advantages].map(([level, a]) => [level, tf.tidy(() => advantageWeights(a, settings.advantage))]));
        for (const [level, w] of weights) {
          const values = w.dataSync();
          metrics.push([level, { weightMean: mean(values), weightMax: Math.max(...values) }]);
        }
        const { extras } = optimizationStep(actorOptimizer, actorVariables, settings.gradientClip, () => {
          const perLevel: Record<string, tf.Scalar> = {};
          for (const p of prepared) {
            perLevel[p.level] = weightedPolicyLoss(policy.chosenLogProb(policy.forward(p.batch), p.batch), weights.get(p.level)!);
          }
          return { total: tf.addN(Object.values(perLevel)) as tf.Scalar, extras: perLevel };
        });
        for (const [level, loss] of Object.entries(extras)) metrics.push([level, { policyLoss: loss }]);
        tf.dispose([...weights.values()]);
      }
      tf.dispose([...advantages.values()]);
      for (const p of prepared) critics.get(p.level)!.updateTargets(settings.polyak);
      return metrics;
    },
    finish() {
      for (const c of critics.values()) c.dispose();
      for (const o of criticOptimizers.values()) o.dispose();
      actorOptimizer.dispose();
    },
  };
}

/**
 * The fused engine: one forward pass of the policy over every level's transitions (its activations serve
 * the critics' features and then the actor's gradient: the policy does not change between the two), the
 * next states' prompt features, and per level a `FusedCritic`. The losses are those of `losses.ts`:
 *
 *   y = r + γ (1 − d) V̄(s′);  L_Q = mean (Q − y)²;  L_V = mean |τ − 1(u<0)| u², u = Q̄ − V;  A = Q − V
 *   L_π = Σ_ℓ −mean_i w(A_i) log π(a_i|s_i)
 */
function fusedRlSteps(policy: CandidatePolicy, active: RlLevel[], settings: OfflineRlSettings, seed: number): RlSteps {
  const fused = new FusedPolicy(policy);
  const h = policy.config.hidden;
  const critics = new Map(active.map((l) => [l.level, new FusedCritic(fused.ws, h, settings.criticHidden, `${seed}:${l.level}`, settings.criticLearningRate)]));
  const actorOptimizer = new FusedAdam(fused.params, settings.actorLearningRate);
  let trained = false;
  return {
    step(levels, actor) {
      const metrics: StepMetrics = [];
      const samples = levels.flatMap((l) => l.samples);
      const { logProb } = fused.forward(
        buildFusedBatch(
          levels.flatMap((l) => l.choices),
          policy,
        ),
      );
      const nextFeatures = fused.promptFeatures(samples.map((x) => x.next));
      const weights: Float64Array[] = [];
      let from = 0;
      for (const { level, samples: rows } of levels) {
        const n = rows.length;
        const to = from + n;
        const chosen = fused.chosenRows(from, to);
        const actionFeatures = new Float32Array(n * (h + 1));
        for (let i = 0; i < n; i++) {
          actionFeatures.set(chosen.subarray(i * h, (i + 1) * h), i * (h + 1));
          actionFeatures[i * (h + 1) + h] = rows[i].flag ? 1 : 0;
        }
        const critic = critics.get(level)!;
        const q = critic.evaluate(fused.promptRows(from, to), actionFeatures, nextFeatures.subarray(from * h, to * h), n);
        const done = rows.map((x) => (x.done || !x.next ? 1 : 0));
        const losses = criticLossesAndGradients(
          q,
          rows.map((x) => x.reward),
          done,
          settings.gamma,
          settings.expectile,
        );
        critic.backward(losses.dValue, losses.dAction);
        critic.applyGradients(settings.gradientClip);
        const { qLoss, vLoss, target, advantage } = losses;
        metrics.push([level, { qLoss, vLoss, target, advantage: mean(advantage), advantageStd: std(advantage) }]);
        weights.push(advantageWeightValues(advantage, settings.advantage));
        from = to;
      }
      if (actor) {
        const dLogProb = new Float64Array(samples.length);
        const losses: StepMetrics = [];
        let row = 0;
        levels.forEach(({ level, samples: rows }, l) => {
          const w = weights[l];
          metrics.push([level, { weightMean: mean(w), weightMax: Math.max(...w) }]);
          let loss = 0;
          for (let i = 0; i < rows.length; i++, row++) {
            loss -= (w[i] * logProb[row]) / rows.length;
            dLogProb[row] = -w[i] / rows.length;
          }
          losses.push([level, { policyLoss: loss }]);
        });
        fused.backward(dLogProb);
        actorOptimizer.step(settings.gradientClip);
        trained = true;
        metrics.push(...losses);
      }
      for (const { level } of levels) critics.get(level)!.updateTargets(settings.polyak);
      return metrics;
    },
    finish() {
      if (trained) fused.push();
    },
  };
}

function std(values: ArrayLike<number>): number {
  const m = mean(values);
  let s = 0;
  for (let i = 0; i < values.length; i++) s += (values[i] - m) ** 2;
  return values.length ? Math.sqrt(s / values.length) : 0;
}
