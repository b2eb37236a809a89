import { describe, expect, it } from 'vitest';
import { harness } from '../helpers.ts';

describe('the harness command', () => {
  it('exits 2 on a bad flag of any subcommand, and 0 for --help', () => {
    for (const args of [
      ['run', 'suites/quickstart.yaml', '--limit', 'abc'],
      ['check', 'alfworld', '--episodes', '0'],
      ['export', 'suites/quickstart.yaml', '--out', '/tmp/x', '--format', 'yaml'],
      ['run', '--no-such-flag'],
    ]) {
      const { code, stderr } = harness(args);
      expect(code, args.join(' ')).toBe(2);
      expect(stderr).not.toMatch(/\n\s+at /);
    }
    expect(harness(['run', '--help']).code).toBe(0);
    expect(harness(['--version']).code).toBe(0);
  });
});
