/**
 * The fused training engine against the tfjs reference, on fixed batches: the same losses and the same
 * gradients (relative error ‖a − b‖∞ / ‖b‖∞ per tensor at most 1e-4) for behaviour cloning and for the
 * offline-RL losses (Q, V and the advantage-weighted policy loss), and the same Adam step.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../harness/api.ts';
import { FusedCritic } from '../../harness/learn/fused-critic.ts';
import { FusedAdam, transposeInto } from '../../harness/learn/fused-parameters.ts';
import { buildFusedBatch, FusedPolicy } from '../../harness/learn/fused-policy.ts';
import {
  advantageWeights,
  advantageWeightValues,
  behaviourCloningLoss,
  buildPolicyBatch,
  CandidatePolicy,
  criticLossesAndGradients,
  defaultOfflineRlSettings,
  type EncodedCandidate,
  encodeCandidate,
  encodePrompt,
  expectileLoss,
  initBackend,
  LevelCritic,
  packSparseRows,
  qLoss,
  type RlSample,
  type ScoredChoice,
  tdTarget,
  tf,
  weightedPolicyLoss,
} from '../../harness/learn/index.ts';

beforeAll(async () => {
  await initBackend();
});

const TOLERANCE = 1e-4;

/** Measured errors by check; `PARITY_REPORT=1` prints them (the figures in docs/benchmarks.md). */
const measured = new Map<string, number>();
function record(check: string, error: number): void {
  measured.set(check, Math.max(measured.get(check) ?? 0, error));
  expect(error, check).toBeLessThan(TOLERANCE);
}
afterAll(() => {
  if (process.env.PARITY_REPORT) for (const [check, error] of measured) console.log(`${check}: ${error.toExponential(1)}`);
});

/**
 * ‖a − b‖∞ / max(‖b‖∞, 0.01): relative to the tensor's largest value (every gradient here is above 0.05),
 * and absolute for a quantity that is zero in exact arithmetic — the action head's bias gets a zero gradient,
 * softmax being shift-invariant, which tfjs computes as ~5e-8 and the fused engine as ~1e-17.
 */
function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let diff = 0;
  let scale = 0.01;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return diff / scale;
}

/** Largest relative error over tensors named alike; every tensor must be present in both. */
function worst(fused: Record<string, Float32Array>, reference: Record<string, Float32Array>): { name: string; error: number } {
  expect(Object.keys(fused).sort()).toEqual(Object.keys(reference).sort());
  let out = { name: '', error: 0 };
  for (const [name, values] of Object.entries(reference)) {
    expect(fused[name].length).toBe(values.length);
    const error = relativeError(fused[name], values);
    if (error >= out.error) out = { name, error };
  }
  return out;
}

/**
 * Samples of two levels with what the fused engine must get right: different candidate counts (padding in
 * the tfjs batch), candidates shared between samples (embedded once), candidates with the same words encoded
 * twice, flags on some samples only, and hashed ids that collide modulo the prompt width.
 */
function fixedSamples(): { level: string; choices: ScoredChoice[]; samples: RlSample[] }[] {
  const rng = createRng('fused-parity');
  const objects = ['apple', 'red box', 'drawer', 'key', 'kitchen', 'hallway', 'lamp', 'blue vase'];
  const verbs = ['take', 'open', 'go to', 'look at', 'put down'];
  const pool: EncodedCandidate[] = [];
  for (const v of verbs) for (const o of objects) pool.push(encodeCandidate(`${v} ${o}`));
  pool.push(encodeCandidate('take apple')); // the same text, encoded again
  const prompt = (i: number) =>
    encodePrompt(
      `You are an agent.\nTask: put the ${rng.pick(objects)} in the ${rng.pick(objects)} (${i})\n` +
        `Current observation: you see a ${rng.pick(objects)} and a ${rng.pick(objects)}\n` +
        `Inventory: ${rng.pick(objects)}\nAction 1: take ${rng.pick(objects)}\nLocal progress: found the ${rng.pick(objects)}\n`,
    );
  return ['high', 'low'].map((level, l) => {
    const samples: RlSample[] = Array.from({ length: 5 + l * 2 }, (_, i) => {
      const candidates = rng.shuffle([...pool]).slice(0, 3 + ((i * 3) % 9));
      return {
        prompt: prompt(i),
        candidates,
        chosen: rng.int(candidates.length),
        ...(l === 1 || i % 2 === 0 ? { flag: rng.next() < 0.5 } : {}),
        reward: rng.next() < 0.3 ? 1 : 0,
        done: i % 4 === 3,
        next: i % 5 === 4 ? null : prompt(100 + i),
      };
    });
    const choices = samples.map((s) => ({
      prompt: s.prompt,
      candidates: s.candidates,
      columns: [s.chosen, ...s.candidates.map((_, c) => c).filter((c) => c !== s.chosen)],
      flag: s.flag,
    }));
    return { level, choices, samples };
  });
}

/** Widths that are multiples of 8 run the SIMD kernels; others their plain-JS versions. */
const configs = [
  { hidden: 24, criticHidden: 16, encoder: { stateDim: 256, candidateDim: 32, fieldBuckets: 32 } },
  { hidden: 20, criticHidden: 12, encoder: { stateDim: 300, candidateDim: 30, fieldBuckets: 32 } },
];

/** Moves every weight off its initial value (biases start at zero, the overlap head at zero). */
function trainedPolicy(seed: number, config = configs[0]): CandidatePolicy {
  const policy = new CandidatePolicy(config, seed);
  const rng = createRng(`perturb:${seed}`);
  for (const v of policy.variables()) v.assign(tf.add(v, tf.mul(tf.randomUniform(v.shape, -0.05, 0.05, 'float32', rng.int(1e9)), 1)));
  return policy;
}

function tfjsGradients(policy: CandidatePolicy, loss: () => tf.Scalar): { loss: number; grads: Record<string, Float32Array> } {
  const named = policy.namedVariables();
  const { value, grads } = tf.variableGrads(loss, Object.values(named));
  const byName = Object.fromEntries(Object.entries(named).map(([name, v]) => [name, grads[v.name].dataSync() as Float32Array]));
  const out = { loss: value.dataSync()[0], grads: byName };
  tf.dispose([value, ...Object.values(grads)]);
  return out;
}

describe.each(configs)('the fused engine against the tfjs reference (hidden $hidden)', (config) => {
  it('behaviour cloning: same summed loss and gradients', () => {
    const levels = fixedSamples();
    const policy = trainedPolicy(1, config);
    const reference = tfjsGradients(policy, () =>
      tf.addN(
        levels.map(({ choices }) => {
          const batch = buildPolicyBatch(choices, policy.config.encoder);
          return behaviourCloningLoss(policy.chosenLogProb(policy.forward(batch), batch));
        }),
      ),
    );
    const fused = new FusedPolicy(policy);
    const { logProb } = fused.forward(
      buildFusedBatch(
        levels.flatMap((l) => l.choices),
        policy,
      ),
    );
    const dLogProb = new Float64Array(logProb.length);
    let loss = 0;
    let row = 0;
    for (const { choices } of levels) {
      for (let i = 0; i < choices.length; i++, row++) {
        loss -= logProb[row] / choices.length;
        dLogProb[row] = -1 / choices.length;
      }
    }
    fused.backward(dLogProb);
    record('BC loss', relativeError([loss], [reference.loss]));
    record('BC policy gradients', worst(fused.params.gradients(), reference.grads).error);
    policy.dispose();
  });

  it('offline RL: same Q and V losses, critic gradients, and advantage-weighted policy gradients', () => {
    const levels = fixedSamples();
    const policy = trainedPolicy(2, config);
    const settings = { ...defaultOfflineRlSettings, criticHidden: config.criticHidden };
    const { encoder, hidden } = policy.config;
    const k2 = 15 * 15;
    const fused = new FusedPolicy(policy);
    const { logProb } = fused.forward(
      buildFusedBatch(
        levels.flatMap((l) => l.choices),
        policy,
      ),
    );
    const samples = levels.flatMap((l) => l.samples);
    const nextFeatures = fused.promptFeatures(samples.map((s) => s.next));
    const dLogProb = new Float64Array(samples.length);
    const referenceWeights: tf.Tensor1D[] = [];
    let from = 0;
    let fusedPolicyLoss = 0;
    for (const { level, choices, samples: rows } of levels) {
      const n = rows.length;
      const seed = `parity:${level}`;
      // Reference: the tfjs engine's quantities for this level.
      const critic = new LevelCritic(hidden, settings.criticHidden, seed);
      const batch = buildPolicyBatch(choices, encoder);
      const nextCross = new Float32Array(n * k2);
      rows.forEach((s, i) => {
        if (s.next) nextCross.set(s.next.cross, i * k2);
      });
      const done = rows.map((s) => (s.done || !s.next ? 1 : 0));
      const features = tf.tidy(() => {
        const out = policy.forward(batch);
        const actionInput = tf.concat([policy.chosenJointFeatures(out, batch), tf.reshape(tf.tensor1d(batch.flag), [-1, 1])], 1) as tf.Tensor2D;
        const next = policy.encodePrompts(
          packSparseRows(
            rows.map((s) => s.next ?? { ids: new Uint32Array(0), values: new Float32Array(0) }),
            encoder.stateDim,
          ),
          nextCross,
        );
        const target = tdTarget(tf.tensor1d(rows.map((s) => s.reward)), tf.tensor1d(done), critic.value(next, true), settings.gamma);
        return { prompt: out.promptFeatures, actionInput, target, targetQ: critic.action(actionInput, true) };
      });
      const criticVariables = critic.variables();
      const { value, grads } = tf.variableGrads(() => {
        const lq = qLoss(critic.action(features.actionInput), features.target);
        const lv = expectileLoss(features.targetQ, critic.value(features.prompt), settings.expectile);
        return tf.add(lq, lv) as tf.Scalar;
      }, criticVariables);
      const referenceCriticLoss = value.dataSync()[0];
      const layerNames = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => [`${prefix}.${i}.weight`, `${prefix}.${i}.bias`]).flat();
      const names = [...layerNames('v', 3), ...layerNames('q', 3)];
      const referenceCriticGrads = Object.fromEntries(criticVariables.map((v, i) => [names[i], grads[v.name].dataSync() as Float32Array]));
      const advantage = tf.tidy(() => tf.sub(critic.action(features.actionInput), critic.value(features.prompt)) as tf.Tensor1D);
      const weights = advantageWeights(advantage, settings.advantage);
      referenceWeights.push(weights);

      // Fused: the same level's rows of the shared forward pass.
      const to = from + n;
      const chosen = fused.chosenRows(from, to);
      const actionFeatures = new Float32Array(n * (hidden + 1));
      for (let i = 0; i < n; i++) {
        actionFeatures.set(chosen.subarray(i * hidden, (i + 1) * hidden), i * (hidden + 1));
        actionFeatures[i * (hidden + 1) + hidden] = rows[i].flag ? 1 : 0;
      }
      const fusedCritic = new FusedCritic(fused.ws, hidden, settings.criticHidden, seed, 1e-3);
      const q = fusedCritic.evaluate(fused.promptRows(from, to), actionFeatures, nextFeatures.subarray(from * hidden, to * hidden), n);
      const losses = criticLossesAndGradients(
        q,
        rows.map((s) => s.reward),
        done,
        settings.gamma,
        settings.expectile,
      );
      fusedCritic.backward(losses.dValue, losses.dAction);
      record('RL critic loss L_Q + L_V', relativeError([losses.qLoss + losses.vLoss], [referenceCriticLoss]));
      record('RL critic gradients (V and Q heads)', worst(fusedCritic.online.gradients(), referenceCriticGrads).error);
      record('RL advantages', relativeError(losses.advantage, advantage.dataSync()));
      const w = advantageWeightValues(losses.advantage, settings.advantage);
      record('RL advantage weights', relativeError(w, weights.dataSync()));
      for (let i = 0; i < n; i++) {
        fusedPolicyLoss -= (w[i] * logProb[from + i]) / n;
        dLogProb[from + i] = -w[i] / n;
      }
      tf.dispose([features, value, ...Object.values(grads), advantage]);
      critic.dispose();
      from = to;
    }
    const reference = tfjsGradients(policy, () =>
      tf.addN(
        levels.map(({ choices }, l) => {
          const batch = buildPolicyBatch(choices, encoder);
          return weightedPolicyLoss(policy.chosenLogProb(policy.forward(batch), batch), referenceWeights[l]);
        }),
      ),
    );
    fused.backward(dLogProb);
    record('RL policy loss L_π', relativeError([fusedPolicyLoss], [reference.loss]));
    record('RL policy gradients', worst(fused.params.gradients(), reference.grads).error);
    tf.dispose(referenceWeights);
    policy.dispose();
  });

  it('Adam with clipping makes the same updates as tf.train.adam from the same gradients', () => {
    const levels = fixedSamples();
    const reference = trainedPolicy(3, config);
    const fusedPolicy = trainedPolicy(3, config);
    const optimizer = tf.train.adam(0.01);
    const fused = new FusedPolicy(fusedPolicy);
    const fusedOptimizer = new FusedAdam(fused.params, 0.01);
    for (let step = 0; step < 3; step++) {
      const { choices } = levels[step % 2];
      const named = reference.namedVariables();
      const { value, grads } = tf.variableGrads(() => {
        const batch = buildPolicyBatch(choices, reference.config.encoder);
        return behaviourCloningLoss(reference.chosenLogProb(reference.forward(batch), batch));
      }, Object.values(named));
      // A clip below the gradient norm, so the rescaling is exercised too.
      const norm = Math.sqrt(Object.values(grads).reduce((s, g) => s + tf.sum(tf.square(g)).dataSync()[0], 0));
      expect(norm).toBeGreaterThan(0.1);
      for (const p of fused.params.list) {
        const g = grads[named[p.spec.name].name].dataSync() as Float32Array;
        if (p.spec.transposed) transposeInto(g, p.spec.cols, p.spec.rows, p.grad.view);
        else p.grad.view.set(g);
      }
      tf.tidy(() => optimizer.applyGradients(Object.fromEntries(Object.values(named).map((v) => [v.name, tf.mul(grads[v.name], 0.1 / norm)]))));
      tf.dispose([value, ...Object.values(grads)]);
      fusedOptimizer.step(0.1);
    }
    fused.push();
    const after = Object.fromEntries(Object.entries(fusedPolicy.namedVariables()).map(([k, v]) => [k, v.dataSync() as Float32Array]));
    const expected = Object.fromEntries(Object.entries(reference.namedVariables()).map(([k, v]) => [k, v.dataSync() as Float32Array]));
    record('Adam step (weights after 3 steps)', worst(after, expected).error);
    optimizer.dispose();
    reference.dispose();
    fusedPolicy.dispose();
  });
});
