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
import { buildPolicyBatch, type CandidatePolicy, type PolicyBatch } from './candidate-policy.ts';
import { LevelCritic } from './critic.ts';
import { packSparseRows, type SparseRows } from './layers.ts';
import { type AdvantageWeighting, advantageWeights, expectileLoss, qLoss, tdTarget, weightedPolicyLoss } from './losses.ts';
import { optimizationStep } from './optim.ts';
import { IndexStream, type RlSample, sampleColumns, toScoredChoice } from './samples.ts';
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

interface PreparedBatch {
  level: string;
  batch: PolicyBatch;
  reward: Float32Array;
  done: Float32Array;
  next: SparseRows;
  nextCross: Float32Array;
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
  const critics = new Map(active.map((l) => [l.level, new LevelCritic(policy.config.hidden, settings.criticHidden, `${seed}:${l.level}`)]));
  const criticOptimizers = new Map(active.map((l) => [l.level, tf.train.adam(settings.criticLearningRate)]));
  const actorOptimizer = tf.train.adam(settings.actorLearningRate);
  const actorVariables = policy.variables();
  const stateDim = policy.config.encoder.stateDim;
  const stepsPerEpoch = Math.max(0, ...active.map((l) => Math.ceil(l.samples.length / settings.batchSize)));
  const totalSteps = stepsPerEpoch * settings.epochs;
  const warmup = Math.min(settings.warmupSteps, Math.floor(totalSteps / 4));
  hooks.log?.({ phase: 'rl-start', steps: totalSteps, warmupSteps: warmup, levels: active.map((l) => l.level).join(',') });
  let final: OfflineRlResult['final'] = {};
  let step = 0;

  for (let epoch = 0; epoch < settings.epochs; epoch++) {
    // Running means per level and metric (actor metrics only count steps after the warm-up).
    const sums: Record<string, Record<string, { total: number; n: number }>> = {};
    const add = (level: string, values: Record<string, number>) => {
      const s = (sums[level] ??= {});
      for (const [k, v] of Object.entries(values)) {
        const m = (s[k] ??= { total: 0, n: 0 });
        m.total += v;
        m.n++;
      }
    };
    for (let s = 0; s < stepsPerEpoch; s++, step++) {
      const prepared = active
        .filter((l) => step % (l.every ?? 1) === 0)
        .map((l) => prepare(l, streams.get(l.level)!.next(settings.batchSize), settings, rng, policy, stateDim));
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
        add(p.level, { ...extras, advantage: mean(adv), advantageStd: std(adv) });
      }
      if (step >= warmup && prepared.length > 0) {
        const weights = new Map([...advantages].map(([level, a]) => [level, tf.tidy(() => advantageWeights(a, settings.advantage))]));
        for (const [level, w] of weights) {
          const values = w.dataSync();
          add(level, { weightMean: mean(values), weightMax: Math.max(...values) });
        }
        const { extras } = optimizationStep(actorOptimizer, actorVariables, settings.gradientClip, () => {
          const perLevel: Record<string, tf.Scalar> = {};
          for (const p of prepared) {
            perLevel[p.level] = weightedPolicyLoss(policy.chosenLogProb(policy.forward(p.batch), p.batch), weights.get(p.level)!);
          }
          return { total: tf.addN(Object.values(perLevel)) as tf.Scalar, extras: perLevel };
        });
        for (const [level, loss] of Object.entries(extras)) add(level, { policyLoss: loss });
        tf.dispose([...weights.values()]);
      }
      tf.dispose([...advantages.values()]);
      for (const p of prepared) critics.get(p.level)!.updateTargets(settings.polyak);
      hooks.progress?.('offline RL', step + 1, totalSteps);
      await hooks.yield?.();
    }
    final = Object.fromEntries(
      Object.entries(sums).map(([level, metrics]) => [level, Object.fromEntries(Object.entries(metrics).map(([k, m]) => [k, m.total / m.n]))]),
    );
    hooks.log?.({ phase: 'rl-epoch', epoch: epoch + 1, steps: step, ...final });
  }
  for (const c of critics.values()) c.dispose();
  for (const o of criticOptimizers.values()) o.dispose();
  actorOptimizer.dispose();
  return { steps: step, seconds: (performance.now() - started) / 1000, final };
}

function prepare(
  level: RlLevel,
  indices: number[],
  settings: OfflineRlSettings,
  rng: ReturnType<typeof createRng>,
  policy: CandidatePolicy,
  stateDim: number,
): PreparedBatch {
  const samples = indices.map((i) => level.samples[i]);
  const batch = buildPolicyBatch(
    samples.map((s) => toScoredChoice(s, sampleColumns(s, settings.maxCandidates, rng))),
    policy.config.encoder,
  );
  const reward = Float32Array.from(samples, (s) => s.reward);
  const done = Float32Array.from(samples, (s) => (s.done || !s.next ? 1 : 0));
  const empty = { ids: new Uint32Array(0), values: new Float32Array(0) };
  const next = packSparseRows(
    samples.map((s) => s.next ?? empty),
    stateDim,
  );
  const k2 = crossFields(policy.config.encoder) ** 2;
  const nextCross = new Float32Array(samples.length * k2);
  samples.forEach((s, i) => {
    if (s.next) nextCross.set(s.next.cross, i * k2);
  });
  return { level: level.level, batch, reward, done, next, nextCross };
}

function mean(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return values.length ? s / values.length : 0;
}

function std(values: ArrayLike<number>): number {
  const m = mean(values);
  let s = 0;
  for (let i = 0; i < values.length; i++) s += (values[i] - m) ** 2;
  return values.length ? Math.sqrt(s / values.length) : 0;
}
