import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { harness, repoRoot, tempDir, writeSuite } from '../../helpers.ts';

const doc = readFileSync(join(repoRoot, 'docs/llm-agents.md'), 'utf8');

/** The fenced block after a marker comment in the guide. */
function block(marker: string): string {
  const match = new RegExp(`<!-- ${marker} -->\\n\`\`\`\\w*\\n([\\s\\S]*?)\\n\`\`\``).exec(doc);
  if (!match) throw new Error(`no block after <!-- ${marker} --> in docs/llm-agents.md`);
  return match[1] + '\n';
}

describe('the LLM agents guide', () => {
  it('shows suites that validate as written', () => {
    const dir = tempDir('llm-docs-');
    const files = ['llm-vllm.yaml', 'llm-ollama.yaml'].map((name) => writeSuite(dir, block(`example: ${name}`), name));
    const { code, stderr } = harness(['validate', ...files]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('prints the prompts it shows: the vLLM suite under --dry-run gives the excerpt', () => {
    const dir = tempDir('llm-docs-');
    const file = writeSuite(dir, block('example: llm-vllm.yaml'), 'llm-vllm.yaml');
    const { code, stdout } = harness(['run', file, '--dry-run', '--only', 'agent=llm-step-hrl'], dir);
    expect(code).toBe(0);
    // The excerpt elides part of a list with "…": every piece between elisions appears, in order.
    let from = 0;
    for (const piece of block('dry-run excerpt').split('…\n')) {
      const at = stdout.indexOf(piece, from);
      expect(at, piece).toBeGreaterThanOrEqual(0);
      from = at + piece.length;
    }
  });
});
