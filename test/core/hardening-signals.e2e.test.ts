import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, harness, harnessProcess, readEpisodes, tempDir, writeSuite } from '../helpers.ts';

const corridor = fixture('corridor-env.ts');
const faulty = fixture('faulty-agent.ts');

/** A started harness process, with what it has written to stderr so far and a promise of its end. */
function started(args: string[], cwd?: string) {
  const child = harnessProcess(args, cwd);
  const seen = { stderr: '', stdout: '' };
  child.stderr.on('data', (chunk) => {
    seen.stderr += chunk;
  });
  child.stdout.on('data', (chunk) => {
    seen.stdout += chunk;
  });
  const exit = new Promise<{ code: number | null; at: number }>((resolve) => child.on('exit', (code) => resolve({ code, at: Date.now() })));
  return { child, seen, exit };
}

async function until(condition: () => boolean, what: string, limitMs = 30_000): Promise<void> {
  for (const start = Date.now(); !condition(); await new Promise((r) => setTimeout(r, 20))) {
    if (Date.now() - start > limitMs) throw new Error(`timed out waiting for ${what}`);
  }
}

const lineCount = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).length : 0);

/** An agent whose training takes 30 s of small awaited steps, reporting progress at each (as the built-in trainers do). */
const slowTrainer = `export default {
  kind: 'agent',
  name: 'slow-trainer',
  version: '1.0.0',
  description: 'Trains for 30 s.',
  create: () => ({
    async train(source) {
      source.log({ phase: 'started' });
      for (let step = 0; step < 600; step++) {
        source.progress('slow', step, 600);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    reset() {},
    act: () => ({ action: 'go east', calls: [] }),
  }),
};
`;

describe('with --workers 0', () => {
  it('the run says that plugins are not isolated', () => {
    const dir = tempDir();
    const suite = writeSuite(dir, ['name: s', 'envs:', `  - use: ${corridor}`, '    splits: { train: {}, seen: { limit: 1 } }', 'agents: [random]'].join('\n'));
    const { code, stderr } = harness(['run', suite, '--out', join(dir, 'run'), '--workers', '0']);
    expect(code).toBe(0);
    expect(stderr).toMatch(/--workers 0 runs plugins on the main thread, where they are not isolated/);
  });

  it('a plugin that blocks the main thread is said to, with how to stop the run, and finished episodes are kept', { timeout: 90_000 }, async () => {
    const dir = tempDir();
    const suite = writeSuite(
      dir,
      [
        'name: spin',
        'stepTimeoutMs: 500',
        'envs:',
        `  - use: ${corridor}`,
        '    options: { episodes: 3 }',
        '    splits: { train: {}, seen: {} }',
        `agents: [{ use: ${faulty}, id: spinner, options: { mode: spin, on: [seen-2] } }]`,
      ].join('\n'),
    );
    const out = join(dir, 'run');
    const run = started(['run', suite, '--out', out, '--quiet', '--workers', '0']);
    try {
      await until(() => /has been blocked/.test(run.seen.stderr), 'the watchdog to speak', 60_000);
      expect(run.seen.stderr).toMatch(
        new RegExp(
          'the main thread has been blocked for \\d+ s, longer than a plugin call may take \\(10 s here\\)\\. .*' +
            `Ctrl-C and SIGTERM take effect only when it returns\\. To end the run now: kill -9 ${run.child.pid}`,
        ),
      );
      expect(readEpisodes(out).map((r) => r.episode)).toEqual(['seen-0', 'seen-1']);
    } finally {
      run.child.kill('SIGKILL');
    }
  });

  it("a plugin's process.exit fails its episode and the run goes on to its summary", () => {
    const dir = tempDir();
    const suite = writeSuite(
      dir,
      [
        'name: quitter',
        'envs:',
        `  - use: ${corridor}`,
        '    options: { episodes: 3 }',
        '    splits: { train: {}, seen: {} }',
        `agents: [{ use: ${faulty}, id: quitter, options: { mode: exit, on: [seen-1] } }]`,
      ].join('\n'),
    );
    const out = join(dir, 'run');
    const { code, stdout } = harness(['run', suite, '--out', out, '--quiet', '--workers', '0']);
    expect(code).toBe(1);
    expect(stdout).toMatch(/1 episode\(s\) ended in an error/);
    const records = readEpisodes(out);
    expect(records.map((r) => [r.episode, r.error])).toEqual([
      ['seen-0', null],
      ['seen-1', 'agent.act: process.exit(3) was called by a plugin; on the main thread it would end the whole run'],
      ['seen-2', null],
    ]);
    expect(existsSync(join(out, 'summary.json'))).toBe(true);
  });
});

describe('SIGTERM and SIGINT', () => {
  it('stop a run in the middle of training at once, write the summary and exit 130', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'slow-trainer.mjs'), slowTrainer);
    const suite = writeSuite(
      dir,
      ['name: slow', 'envs:', `  - use: ${corridor}`, '    splits: { train: {}, seen: {} }', 'agents: [random, ./slow-trainer.mjs]'].join('\n'),
    );
    const out = join(dir, 'run');
    const run = started(['run', suite, '--out', out, '--quiet', '--workers', '0']);
    await until(() => lineCount(join(out, 'training.jsonl')) > 0, 'training to start');
    const signalled = Date.now();
    run.child.kill('SIGTERM');
    const { code, at } = await run.exit;
    expect(code).toBe(130);
    expect(at - signalled).toBeLessThan(10_000);
    expect(run.seen.stdout).toMatch(/Interrupted\. Continue with: harness run --resume/);
    expect(existsSync(join(out, 'summary.json'))).toBe(true);
    // The random agent's episodes ran before; the trainer's episodes are not failed, they are still owed.
    expect(readEpisodes(out).every((r) => r.agent === 'random' && r.error === null)).toBe(true);
    const training = readFileSync(join(out, 'training.jsonl'), 'utf8');
    expect(training).not.toMatch(/agent setup/);
  });

  it('stop episodes running on worker threads at once, instead of waiting for them', async () => {
    const dir = tempDir();
    const suite = writeSuite(
      dir,
      [
        'name: hanging',
        'envs:',
        `  - use: ${corridor}`,
        '    options: { episodes: 4, hangOn: [seen-1, seen-2, seen-3] }',
        '    splits: { train: {}, seen: {} }',
        'agents: [oracle]',
      ].join('\n'),
    );
    const out = join(dir, 'run');
    const run = started(['run', suite, '--out', out, '--quiet', '--workers', '2']);
    await until(() => lineCount(join(out, 'episodes.jsonl')) > 0, 'the first episode');
    await new Promise((r) => setTimeout(r, 300));
    const signalled = Date.now();
    run.child.kill('SIGTERM');
    const { code, at } = await run.exit;
    expect(code).toBe(130);
    // The hanging episodes would take the suite's stepTimeoutMs (60 s) to fail.
    expect(at - signalled).toBeLessThan(15_000);
    expect(readEpisodes(out).map((r) => r.episode)).toEqual(['seen-0']);
    expect(existsSync(join(out, 'summary.json'))).toBe(true);
  });

  it('end a run that has not started at once, saying nothing was written', async () => {
    const dir = tempDir();
    // An env whose import never ends, and says when it has begun: the run is then loading its suite.
    const stuck = "import { writeFileSync } from 'node:fs';\nwriteFileSync(new URL('./importing', import.meta.url), '');\nawait new Promise(() => {});\n";
    writeFileSync(join(dir, 'stuck.mjs'), stuck);
    const suite = writeSuite(dir, ['name: s', 'envs:', '  - use: ./stuck.mjs', '    splits: { train: {}, seen: {} }', 'agents: [random]'].join('\n'));
    const run = started(['run', suite, '--out', join(dir, 'run'), '--quiet']);
    await until(() => existsSync(join(dir, 'importing')), 'the suite to load');
    run.child.kill('SIGINT');
    const { code } = await run.exit;
    expect(code).toBe(130);
    expect(run.seen.stderr).toMatch(/Interrupted before the run started; nothing was written\./);
    expect(existsSync(join(dir, 'run'))).toBe(false);
  });
});

describe('worker threads', () => {
  it('have a heap limit by default, so that running out of memory is reported as such', () => {
    const dir = tempDir();
    const suite = writeSuite(
      dir,
      [
        'name: hoard',
        // Filling a 3 GiB heap takes about 13 s here alone, longer beside other tests: the step's time limit
        // must not fire first.
        'stepTimeoutMs: 40000',
        'envs:',
        `  - use: ${corridor}`,
        '    options: { episodes: 1 }',
        '    splits: { train: {}, seen: {} }',
        `agents: [{ use: ${faulty}, id: hoarder, options: { mode: oom, on: [seen-0] } }]`,
      ].join('\n'),
    );
    const out = join(dir, 'run');
    expect(harness(['run', suite, '--out', out, '--quiet', '--workers', '1']).code).toBe(1);
    expect(readEpisodes(out)[0].error).toMatch(/^agent\.act: the worker died: .*memory/i);
  });
});
