/**
 * The training guide's steps that can run without a GPU run as written: its suite validates and dry-runs, its
 * export command exports, and its standard-library preparation script turns the export into as many
 * prompt–completion examples as the guide says.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { harness, repoRoot, tempDir } from '../helpers.ts';

const doc = readFileSync(join(repoRoot, 'docs/training-llms.md'), 'utf8');

/** The fenced block after a marker comment in the guide. */
function block(marker: string): string {
  const match = new RegExp(`<!-- ${marker} -->\\n\`\`\`\\w*\\n([\\s\\S]*?)\\n\`\`\``).exec(doc);
  if (!match) throw new Error(`no block after <!-- ${marker} --> in docs/training-llms.md`);
  return match[1] + '\n';
}

describe('the training guide', () => {
  it('exports and prepares the data as written, with the number of examples it states', () => {
    const dir = tempDir('training-docs-');
    writeFileSync(join(dir, 'training-llms.yaml'), block('example: training-llms.yaml'));
    writeFileSync(join(dir, 'prepare.py'), block('example: prepare.py'));
    expect(harness(['validate', 'training-llms.yaml'], dir).code).toBe(0);
    expect(harness(['run', 'training-llms.yaml', '--dry-run'], dir).code).toBe(0);

    const command = block('example: export command').trim().split(/\s+/);
    expect(command.slice(0, 3)).toEqual(['npx', 'harness', 'export']);
    const exported = harness([...command.slice(2), '--quiet'], dir);
    expect(exported.stderr).not.toMatch(/harness:/);
    expect(exported.code).toBe(0);

    const prepared = spawnSync('python3', ['prepare.py'], { cwd: dir, encoding: 'utf8' });
    expect(prepared.stderr).toBe('');
    expect(prepared.status).toBe(0);
    const examples = readFileSync(join(dir, 'data', 'train.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean);
    const manifest = JSON.parse(readFileSync(join(dir, 'data', 'manifest.json'), 'utf8'));
    const chatLines = Object.values<{ lines: number }>(manifest.files).reduce((n, f) => n + f.lines, 0);
    expect(examples.length).toBe(chatLines);
    expect(doc).toContain(`# ${examples.length.toLocaleString('en-US')} examples`);
    const first = JSON.parse(examples[0]);
    expect(Object.keys(first)).toEqual(['prompt', 'completion']);
    expect(first.prompt.map((m: { role: string }) => m.role)).toEqual(['system', 'user']);
    expect(first.completion.map((m: { role: string }) => m.role)).toEqual(['assistant']);
  }, 240_000);
});
