import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../harness/api.ts';
import {
  buildPolicyBatch,
  CandidatePolicy,
  defaultBehaviourCloningSettings,
  defaultOfflineRlSettings,
  encodeCandidate,
  encodePrompt,
  initBackend,
  type RlSample,
  type TrainingEngine,
  type TrainingSample,
  tf,
  trainBehaviourCloning,
  trainOfflineRL,
} from '../../harness/learn/index.ts';

beforeAll(async () => {
  await initBackend();
});

const small = { hidden: 32, encoder: { stateDim: 512, candidateDim: 64, fieldBuckets: 32 } };

function softmax(logits: Float32Array): number[] {
  const max = Math.max(...logits);
  const e = Array.from(logits, (x) => Math.exp(x - max));
  const total = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / total);
}

const engines: TrainingEngine[] = ['fused', 'tfjs'];

describe.each(engines)('behaviour cloning (%s engine)', (engine) => {
  it('learns to choose the demonstrated candidate and flag, and generalises to new prompts of the same kind', async () => {
    const rng = createRng('bc-test');
    const colours = ['red', 'green', 'blue'];
    const make = (i: number): TrainingSample => {
      const colour = colours[i % 3];
      const names = rng.shuffle(colours.map((c) => `paint it ${c}`));
      return {
        prompt: encodePrompt(`Role.\nTask: make the wall ${colour}, step ${i}\n`),
        candidates: names.map(encodeCandidate),
        chosen: names.indexOf(`paint it ${colour}`),
        flag: colour === 'red',
      };
    };
    const policy = new CandidatePolicy(small, 1);
    const train = Array.from({ length: 48 }, (_, i) => make(i));
    const heldOut = Array.from({ length: 12 }, (_, i) => make(100 + i));
    const result = await trainBehaviourCloning(
      policy,
      [{ level: 'low', samples: train, validation: heldOut }],
      { ...defaultBehaviourCloningSettings, epochs: 12, batchSize: 16, learningRate: 3e-3, engine },
      7,
    );
    expect(result.validationAccuracy.low).toBe(1);
    policy.dispose();
  });
});

describe.each(engines)('offline RL (%s engine)', (engine) => {
  it('moves a policy cloned from 50/50 data towards the rewarded action', async () => {
    const prompt = encodePrompt('Role.\nState: at the fork\n');
    const candidates = ['go left', 'go right'].map(encodeCandidate);
    const data: RlSample[] = Array.from({ length: 64 }, (_, i) => ({
      prompt,
      candidates,
      chosen: i % 2,
      reward: i % 2 === 1 ? 1 : 0,
      done: true,
      next: null,
    }));
    const policy = new CandidatePolicy(small, 2);
    await trainBehaviourCloning(policy, [{ level: 'policy', samples: data }], { ...defaultBehaviourCloningSettings, epochs: 3, batchSize: 16, engine }, 3);
    const before = softmax(policy.score(prompt, candidates).logits)[1];
    expect(before).toBeGreaterThan(0.3);
    expect(before).toBeLessThan(0.7);
    await trainOfflineRL(
      policy,
      [{ level: 'policy', samples: data }],
      {
        ...defaultOfflineRlSettings,
        epochs: 16,
        batchSize: 16,
        warmupSteps: 8,
        actorLearningRate: 3e-3,
        criticLearningRate: 3e-3,
        advantage: { kind: 'exp', beta: 0.1, clip: 20, normalize: true },
        engine,
      },
      4,
    );
    const after = softmax(policy.score(prompt, candidates).logits)[1];
    expect(after).toBeGreaterThan(0.9);
    policy.dispose();
  });

  it('leaves no tensors behind', async () => {
    const prompt = encodePrompt('State: s\n');
    const candidates = ['a', 'b'].map(encodeCandidate);
    const data: RlSample[] = Array.from({ length: 8 }, (_, i) => ({ prompt, candidates, chosen: i % 2, reward: i % 2, done: i % 4 === 3, next: prompt }));
    const policy = new CandidatePolicy(small, 3);
    const before = tf.memory().numTensors;
    await trainBehaviourCloning(policy, [{ level: 'policy', samples: data }], { ...defaultBehaviourCloningSettings, epochs: 2, batchSize: 4, engine }, 1);
    await trainOfflineRL(policy, [{ level: 'policy', samples: data }], { ...defaultOfflineRlSettings, epochs: 2, batchSize: 4, warmupSteps: 1, engine }, 1);
    policy.score(prompt, candidates);
    expect(tf.memory().numTensors).toBe(before);
    policy.dispose();
  });
});

describe.each(engines)('training by seed (%s engine)', (engine) => {
  /** Two levels, shared and distinct candidates, flags on one level, rewards and next states. */
  function data(): { level: string; samples: RlSample[] }[] {
    const rng = createRng('determinism');
    const actions = ['open box', 'open drawer', 'take key', 'go to hallway', 'look around', 'take lamp'].map(encodeCandidate);
    return ['high', 'low'].map((level, l) => {
      const prompts = Array.from({ length: 24 }, (_, i) =>
        encodePrompt(`Task: find the key ${i % 5}\nCurrent observation: ${rng.pick(['a box', 'a drawer', 'a lamp'])}\n`),
      );
      return {
        level,
        samples: prompts.map((prompt, i) => ({
          prompt,
          candidates: rng.shuffle([...actions]).slice(0, 3 + (i % 4)),
          chosen: i % 3,
          ...(l === 1 ? { flag: i % 2 === 0 } : {}),
          reward: i % 4 === 0 ? 1 : 0,
          done: i % 6 === 5,
          next: i % 6 === 5 ? null : prompts[i + 1],
        })),
      };
    });
  }

  async function train(seed: number): Promise<Float32Array[]> {
    const policy = new CandidatePolicy(small, 11);
    const levels = data();
    await trainBehaviourCloning(policy, levels, { ...defaultBehaviourCloningSettings, epochs: 2, batchSize: 8, maxCandidates: 4, engine }, seed);
    await trainOfflineRL(policy, levels, { ...defaultOfflineRlSettings, epochs: 2, batchSize: 8, maxCandidates: 4, warmupSteps: 1, engine }, seed);
    const weights = policy.variables().map((v) => v.dataSync() as Float32Array);
    policy.dispose();
    return weights;
  }

  it('gives the same weights for the same seed, and other weights for another', async () => {
    const first = await train(5);
    expect(await train(5)).toEqual(first);
    expect(await train(6)).not.toEqual(first);
  });
});

describe('inference scoring', () => {
  it('agrees with the training forward pass, and follows the weights as they change', async () => {
    const policy = new CandidatePolicy(small, 5);
    const prompt = encodePrompt('Task: find the key\nCurrent observation: a box and a drawer\n');
    const candidates = ['open box', 'open drawer', 'go to hallway', 'look around'].map(encodeCandidate);
    const viaForward = () =>
      tf.tidy(() => {
        const batch = buildPolicyBatch([{ prompt, candidates, columns: [0, 1, 2, 3] }], policy.config.encoder);
        return Array.from(policy.forward(batch).logits.dataSync());
      });
    const scored = () => Array.from(policy.score(prompt, candidates).logits);
    scored().forEach((x, i) => expect(x).toBeCloseTo(viaForward()[i], 4));
    const before = scored();
    await trainBehaviourCloning(
      policy,
      [{ level: 'low', samples: [{ prompt, candidates, chosen: 2 }] }],
      { ...defaultBehaviourCloningSettings, epochs: 5, batchSize: 1 },
      1,
    );
    const after = scored();
    expect(after).not.toEqual(before);
    after.forEach((x, i) => expect(x).toBeCloseTo(viaForward()[i], 4));
    policy.dispose();
  });
});
