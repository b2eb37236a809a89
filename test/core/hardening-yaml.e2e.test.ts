import { describe, expect, it } from 'vitest';
import { harness, tempDir, writeSuite } from '../helpers.ts';

/** `harness validate` on a suite text: exit code and stderr lines, with the file's folder cut off. */
function validate(text: string) {
  const file = writeSuite(tempDir(), text);
  const { code, stderr } = harness(['validate', file]);
  return {
    code,
    lines: stderr
      .trim()
      .split('\n')
      .map((line) => line.replace(/^.*suite\.yaml:/, '')),
  };
}

/** Nine levels of nine aliases: a few hundred bytes that expand to 9^9 values. */
function aliasBomb(): string {
  const lines = ['name: bomb', 'a: &a [x, x, x, x, x, x, x, x, x]'];
  const levels = 'abcdefghi';
  for (let i = 1; i < levels.length; i++) {
    const aliases = Array(9).fill(`*${levels[i - 1]}`);
    lines.push(`${levels[i]}: &${levels[i]} [${aliases.join(', ')}]`);
  }
  lines.push('envs: *i');
  return lines.join('\n');
}

describe('YAML errors', () => {
  it('are located at their own line and column: a syntax error', () => {
    const { code, lines } = validate(['name: s', 'envs:', '  - use: alfworld', '    splits: { train: {}, seen: {}', 'agents: [random]'].join('\n'));
    expect(code).toBe(2);
    expect(lines[0]).toMatch(/^5:\d+: YAML: /);
    expect(lines.some((l) => l.startsWith('1:1:'))).toBe(false);
  });

  it('are located at their own line and column: a tab used as indentation', () => {
    const { code, lines } = validate(['name: s', 'envs:', '\t- use: alfworld', 'agents: [random]'].join('\n'));
    expect(code).toBe(2);
    expect(lines).toEqual(['3:1: YAML: Tabs are not allowed as indentation']);
  });

  it('are located at their own line and column: a duplicate key', () => {
    const { code, lines } = validate(
      ['name: s', 'envs:', '  - use: alfworld', '    splits: { train: {}, seen: {} }', 'agents: [random]', 'agents: [oracle]'].join('\n'),
    );
    expect(code).toBe(2);
    expect(lines[0]).toBe('6:1: YAML: Map keys must be unique');
  });

  it('turn an alias bomb into a located error, not a stack trace', () => {
    const { code, lines } = validate(aliasBomb());
    expect(code).toBe(2);
    expect(lines[0]).toMatch(/^11:7: YAML: the alias \*i expands to 435848050 values; .*resource limit/);
    expect(lines.join('\n')).not.toMatch(/\n\s+at /);
  });

  it('locate an alias used before its anchor', () => {
    const { code, lines } = validate(['name: s', 'envs: *later', 'agents: &later [random]'].join('\n'));
    expect(code).toBe(2);
    expect(lines[0]).toBe('2:7: YAML: the alias *later comes before its anchor &later (or there is no such anchor)');
  });

  it('locate an alias inside the value it names', () => {
    const { code, lines } = validate(['name: s', 'envs: &loop [1, *loop]', 'agents: [random]'].join('\n'));
    expect(code).toBe(2);
    expect(lines[0]).toBe('2:17: YAML: the alias *loop is inside the value it names, which would never end');
  });

  it('report nesting too deep to parse once, where it is', () => {
    const { code, lines } = validate(`name: s\nenvs: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`);
    expect(code).toBe(2);
    expect(lines[0]).toMatch(/^2:\d+: YAML: .*(nested too deeply|call stack)/);
    expect(lines).toHaveLength(1);
  });
});
