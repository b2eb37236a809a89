import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignWeights, CandidatePolicy, encodeCandidate, encodePrompt, initBackend, loadWeights, saveWeights } from '../../harness/learn/index.ts';

let dir: string;
beforeAll(async () => {
  await initBackend();
  dir = await mkdtemp(join(tmpdir(), 'learn-ckpt-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('weights checkpoints', () => {
  it('restore a network exactly from plain files', async () => {
    const config = { hidden: 16, encoder: { stateDim: 256, candidateDim: 32, fieldBuckets: 32 } };
    const original = new CandidatePolicy(config, 1);
    const copy = new CandidatePolicy(config, 2);
    const prompt = encodePrompt('Task: find the key\nCurrent observation: a box and a drawer\n');
    const candidates = ['open box', 'open drawer', 'go to hallway'].map(encodeCandidate);
    expect(Array.from(copy.score(prompt, candidates).logits)).not.toEqual(Array.from(original.score(prompt, candidates).logits));

    await saveWeights(dir, 'policy', original.namedVariables(), { note: 'test' });
    expect((await readdir(dir)).sort()).toEqual(['policy.bin', 'policy.json']);
    const { tensors, metadata } = await loadWeights(dir, 'policy');
    expect(metadata).toEqual({ note: 'test' });
    assignWeights(copy.namedVariables(), tensors, dir);

    expect(Array.from(copy.score(prompt, candidates).logits)).toEqual(Array.from(original.score(prompt, candidates).logits));
    original.dispose();
    copy.dispose();
  });

  it('refuse weights of another shape, naming the weight', async () => {
    const other = new CandidatePolicy({ hidden: 8, encoder: { stateDim: 256, candidateDim: 32, fieldBuckets: 32 } }, 1);
    const { tensors } = await loadWeights(dir, 'policy');
    expect(() => assignWeights(other.namedVariables(), tensors, dir)).toThrow(/prompt1\.weight has shape/);
    other.dispose();
  });
});
