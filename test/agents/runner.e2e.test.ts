import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { comparable, harness, readEpisodes, repoRoot, tempDir, writeSuite } from '../helpers.ts';

const toyHouse = join(repoRoot, 'test/fixtures/envs/toy-house.ts');
const network = '{ hidden: 32, stateDim: 1024, candidateDim: 32 }';
const budget =
  '{ demonstrations: 16, validationFraction: 0.25, bc: { epochs: 2, batchSize: 16 }, rollouts: { episodes: 2 }, rl: { epochs: 1, warmupSteps: 1 } }';

function suiteLines(train: string): string[] {
  return [
    'name: learning-agents',
    'seed: 3',
    'stepLimit: 12',
    'tokenizer: whitespace',
    'envs:',
    `  - use: ${toyHouse}`,
    '    splits: { train: { limit: 24 }, seen: { limit: 2 }, unseen: { limit: 2 } }',
    'agents:',
    `  - { use: vanilla-rl, options: ${network}, train: ${train} }`,
    `  - { use: hrl, options: ${network}, train: ${train} }`,
    `  - { use: step-hrl, options: ${network}, train: ${train} }`,
  ];
}

describe('the learning agents through the runner', () => {
  it('train, evaluate with per-role tokens, record the backend, and reload their checkpoints to the same episodes', () => {
    const dir = tempDir();
    const first = join(dir, 'first');
    // Two workers: rollouts and validation episodes are collected on them, evaluation runs there too.
    const trained = harness(['run', writeSuite(dir, suiteLines(budget).join('\n')), '--out', first, '--quiet', '--workers', '2']);
    expect(trained.stderr).toBe('');
    expect(trained.code).toBe(0);

    const manifest = JSON.parse(readFileSync(join(first, 'manifest.json'), 'utf8'));
    expect(manifest.runtime.backend).toBe('wasm');
    expect(['fused', 'separate']).toContain(manifest.runtime.kernelArithmetic);
    const records = readEpisodes(first);
    expect(records).toHaveLength(3 * 4);
    const roles = (agent: string) => new Set(records.filter((r) => r.agent === agent).flatMap((r) => Object.keys(r.tokens.byRole)));
    expect([...roles('vanilla-rl')]).toEqual(['policy']);
    expect([...roles('hrl')].sort()).toEqual(['high', 'low']);
    expect([...roles('step-hrl')].sort()).toEqual(['high', 'low', 'progress']);
    for (const r of records) {
      expect(r.error).toBeNull();
      expect(r.tokens.perStep).toHaveLength(r.steps);
      expect(r.tokens.perStep.every((n) => n > 0)).toBe(true);
    }
    const training = readFileSync(join(first, 'training.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    for (const agent of ['vanilla-rl', 'hrl', 'step-hrl']) {
      const phases = training.filter((e) => e.agent === agent).map((e) => e.phase);
      expect(phases).toEqual(expect.arrayContaining(['data', 'bc', 'rollouts', 'rl', 'selection', 'finished']));
      expect(phases).not.toContain('collect-error');
      expect(existsSync(join(first, 'checkpoints', 'toy-house', agent, 'seed-3', 'policy.bin'))).toBe(true);
    }

    // Paired training: every agent replays the same demonstrations, holds out the same validation slice and
    // collects rollouts on the same episodes.
    const data = (agent: string) => training.find((e) => e.agent === agent && e.phase === 'data');
    const rolloutIds = (agent: string) => training.find((e) => e.agent === agent && e.phase === 'rollouts').rolloutIds;
    expect(data('vanilla-rl').demonstrationIds.length).toBeGreaterThan(0);
    expect(data('vanilla-rl').validationIds.length).toBeGreaterThan(0);
    for (const agent of ['hrl', 'step-hrl']) {
      expect(data(agent).demonstrationIds).toEqual(data('vanilla-rl').demonstrationIds);
      expect(data(agent).validationIds).toEqual(data('vanilla-rl').validationIds);
      expect(rolloutIds(agent)).toEqual(rolloutIds('vanilla-rl'));
    }

    // Evaluation from the checkpoints, on the main thread this time: the same episodes, step for step.
    const second = join(dir, 'second');
    const reloaded = harness(['run', writeSuite(dir, suiteLines(`{ from: ${first} }`).join('\n'), 'again.yaml'), '--out', second, '--quiet', '--workers', '0']);
    expect(reloaded.code).toBe(0);
    expect(comparable(readEpisodes(second))).toEqual(comparable(records));
  }, 120_000);

  it('train to the same checkpoints and records on the main thread and on two workers (units then train side by side)', () => {
    const dir = tempDir();
    const file = writeSuite(dir, suiteLines(budget).join('\n'));
    const runs = [0, 2].map((workers) => {
      const out = join(dir, `w${workers}`);
      expect(harness(['run', file, '--out', out, '--quiet', '--workers', String(workers)]).code).toBe(0);
      const weights = ['vanilla-rl', 'hrl', 'step-hrl'].map((agent) => readFileSync(join(out, 'checkpoints', 'toy-house', agent, 'seed-3', 'policy.bin')));
      return { weights, records: comparable(readEpisodes(out)) };
    });
    runs[1].weights.forEach((bytes, i) => expect(bytes.equals(runs[0].weights[i])).toBe(true));
    expect(runs[1].records).toEqual(runs[0].records);
  }, 120_000);
});
