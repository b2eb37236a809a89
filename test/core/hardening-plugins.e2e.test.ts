import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { harness, tempDir, writeSuite } from '../helpers.ts';

/** A folder with one plugin file (as given) and a suite that uses it as its env. */
function suiteWithEnv(name: string, code: string) {
  const dir = tempDir();
  writeFileSync(join(dir, name), code);
  const suite = writeSuite(dir, ['name: s', 'envs:', `  - use: ./${name}`, '    splits: { train: {}, seen: {} }', 'agents: [random]'].join('\n'));
  return { dir, suite };
}

// Short enough to keep the tests quick; the timer, not the plugin, decides when the verdict comes.
const quick = { env: { HARNESS_IMPORT_TIMEOUT_MS: '1500' }, timeoutMs: 30_000 };

describe('plugin imports', () => {
  it('that never settle, with nothing else pending, fail with a message naming the plugin (not exit 13 in silence)', () => {
    const { suite } = suiteWithEnv('stuck.mjs', 'await new Promise(() => {});\nexport default {};\n');
    const { code, stderr } = harness(['validate', suite], undefined, quick);
    expect(code).toBe(2);
    expect(stderr).toMatch(/suite\.yaml:3:10: env plugin "\.\/stuck\.mjs" did not finish importing within 1500 ms \(.*stuck\.mjs\)/);
  });

  it('that never settle while a timer keeps the process alive fail validate and run, and run writes nothing', () => {
    const { dir, suite } = suiteWithEnv('ticking.mjs', 'setInterval(() => {}, 1000);\nawait new Promise(() => {});\nexport default {};\n');
    const validated = harness(['validate', suite], undefined, quick);
    expect(validated.code).toBe(2);
    expect(validated.stderr).toMatch(/env plugin "\.\/ticking\.mjs" did not finish importing within 1500 ms/);
    const out = join(dir, 'run');
    const ran = harness(['run', suite, '--out', out, '--quiet'], undefined, quick);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(/env plugin "\.\/ticking\.mjs" did not finish importing/);
    expect(existsSync(out)).toBe(false);
  });

  it('that never settle fail `harness check` too', () => {
    const { dir } = suiteWithEnv('stuck.mjs', 'await new Promise(() => {});\nexport default {};\n');
    const { code, stderr } = harness(['check', './stuck.mjs'], dir, quick);
    expect(code).toBe(2);
    expect(stderr).toMatch(/cannot import \.\/stuck\.mjs: did not finish importing within 1500 ms/);
  });
});

describe('plugin load errors', () => {
  it("keep the compiler's place and message for a TypeScript syntax error", () => {
    const { suite } = suiteWithEnv('typo.ts', ['export default {', "  kind: 'env',", "  name: 'typo'", "  version: '1.0.0',", '};', ''].join('\n'));
    const { code, stderr } = harness(['validate', suite]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/suite\.yaml:3:10: env plugin "\.\/typo\.ts" failed to load: .*typo\.ts:4:2: Expected "}" but found "version"/);
  });

  it("give the file, line and column of a JavaScript module's syntax error", () => {
    const { suite } = suiteWithEnv('typo.mjs', ['export default {', "  kind: 'env',", "  name: 'typo'", "  version: '1.0.0',", '};', ''].join('\n'));
    const { code, stderr } = harness(['validate', suite]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/env plugin "\.\/typo\.mjs" failed to load: .*typo\.mjs:4:3: SyntaxError: Unexpected identifier 'version'/);
  });

  it('give the place in the plugin where an error was thrown while it loaded', () => {
    const { suite } = suiteWithEnv('throws.mjs', ['const table = {};', "table.rows.push('x');", 'export default {};', ''].join('\n'));
    const { code, stderr } = harness(['validate', suite]);
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /env plugin "\.\/throws\.mjs" failed to load: .*throws\.mjs:2:12: TypeError: Cannot read properties of undefined \(reading 'push'\)/,
    );
  });
});
