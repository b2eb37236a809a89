import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, harness, tempDir, writeSuite } from '../helpers.ts';

describe('caveats of an agent', () => {
  it("say, in the manifest, the console and every report, that an agent chose among the env's candidate subtasks", () => {
    const dir = tempDir();
    const file = writeSuite(
      dir,
      [
        'name: caveats',
        'tokenizer: whitespace',
        'envs:',
        `  - use: ${fixture('corridor-env.ts')}`,
        '    options: { episodes: 2 }',
        '    splits: { train: {}, seen: {} }',
        'agents:',
        '  - { use: step-hrl, id: env-lists, options: { hidden: 8, stateDim: 64, candidateDim: 16, subtaskProposals: env }, train: false }',
        '  - { use: step-hrl, id: own, options: { hidden: 8, stateDim: 64, candidateDim: 16 }, train: false }',
        'reports: [markdown, html]',
      ].join('\n'),
    );
    const out = join(dir, 'run');
    const { code, stdout } = harness(['run', file, '--out', out, '--quiet', '--workers', '0']);
    expect(code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(Object.keys(manifest.caveats)).toEqual(['env-lists']);
    expect(manifest.caveats['env-lists'][0]).toMatch(/env's candidate subtasks \(subtaskProposals: env\)/);
    expect(stdout).toMatch(/Note on env-lists: .*subtaskProposals: env/);
    expect(stdout).not.toMatch(/Note on own:/);
    for (const report of ['report.md', 'report.html']) expect(readFileSync(join(out, report), 'utf8')).toMatch(/Note on env-lists: .*subtaskProposals: env/);
  });
});
