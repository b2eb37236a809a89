import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JsonSchema } from '../../harness/api.ts';
import stepHrl from '../../plugins/agents/step-hrl/index.ts';
import { harness, tempDir } from '../helpers.ts';

const literally = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Every leaf setting of a schema as `key` (dotted for nested objects) with its default. */
function leafSettings(schema: JsonSchema, prefix = ''): { key: string; fallback: unknown }[] {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema & { default?: unknown }>;
  return Object.entries(properties).flatMap(([name, property]) =>
    property.properties ? leafSettings(property, `${prefix}${name}.`) : [{ key: `${prefix}${name}`, fallback: property.default }],
  );
}

describe('harness list', () => {
  it('suggests the closest name for an unknown one', () => {
    const { code, stdout, stderr } = harness(['list', 'alfwrld']);
    expect(stderr.trim()).toBe('harness: no built-in plugin or installed package "alfwrld" (did you mean "alfworld"?)');
    expect(stdout).toBe('');
    expect(code).toBe(2);
    expect(harness(['list', 'agnet']).stderr).toMatch(/did you mean "agent"\?/);
  });

  it('shows a plugin given by its path: description, options, splits and its describe()', () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'key-door.ts'),
      `export default {
  kind: 'env', name: 'key-door', version: '0.2.0', description: 'Open the door with the key.',
  splits: ['train', 'test'],
  optionsSchema: { type: 'object', properties: { rooms: { type: 'integer', default: 3, description: 'Rooms in the house.' } } },
  episodes: () => [],
  create: () => { throw new Error('not needed'); },
  describe: (options: { rooms: number }) => \`\${options.rooms} rooms; 12 train and 4 test episodes\`,
};
`,
    );
    const { code, stdout } = harness(['list', './key-door.ts'], dir);
    expect(stdout.trim().split('\n')).toEqual([
      'key-door 0.2.0 (env)',
      'Open the door with the key.',
      '',
      'options:',
      '  rooms: integer (default 3) — Rooms in the house.',
      '',
      'splits: train, test',
      '',
      '3 rooms; 12 train and 4 test episodes',
    ]);
    expect(code).toBe(0);
  });

  it("shows an agent's training settings, each with its default, as its trainSchema gives them, and its needs", () => {
    const { code, stdout } = harness(['list', 'step-hrl']);
    const settings = leafSettings(stepHrl.trainSchema as JsonSchema);
    expect(settings.map((s) => s.key)).toEqual(expect.arrayContaining(['demonstrations', 'bc.epochs', 'rollouts.episodes', 'rl.epochs']));
    for (const { key, fallback } of settings) {
      // A setting without a default of its own takes it from the train block's profile, and says so.
      const line =
        fallback === undefined
          ? `^ {2}${literally(key)}: .* — .*by profile`
          : `^ {2}${literally(key)}: .* \\(default ${literally(JSON.stringify(fallback))}\\) — \\S`;
      expect(stdout).toMatch(new RegExp(line, 'm'));
    }
    expect(stdout).toMatch(
      /^needs of an env:\n {2}an expert plan \(expert\(\)\) to train\n {2}subtask segmentation .* to train\n {2}progress labels .* to train$/m,
    );
    expect(code).toBe(0);
  });
});
