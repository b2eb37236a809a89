/**
 * `harness export` end to end through the CLI: every format read back by a Python standard-library script (as a
 * user's trainer would), byte-identical on a second run, the llm agent's exported prompts exactly what it sends
 * a server when evaluated, a run folder's episodes as transitions, and bad input or an interruption leaving
 * nothing behind.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChatServer, startChatServer } from '../agents/llm/chat-server.ts';
import { runHarness } from '../agents/llm/drive.ts';
import { harness, harnessProcess, readEpisodes, repoRoot, tempDir, writeSuite } from '../helpers.ts';

const reader = join(repoRoot, 'test/export/read_export.py');
const EPISODES = 6;

/** Both envs' first training episodes (spread over task types), every kind of agent. */
function suiteText(llmOptions: string): string {
  return `
name: export-e2e
seed: 2
envs:
  - use: alfworld
    splits: { train: { limit: ${EPISODES} }, expert: { split: train, limit: ${EPISODES} } }
  - use: scienceworld
    options: { tasks: paper, evalVariationsPerTask: 1 }
    splits: { train: { limit: ${EPISODES} }, expert: { split: train, limit: ${EPISODES} } }
agents:
  - random
  - vanilla-rl
  - hrl
  - step-hrl
  - { use: step-hrl, id: step-flat, options: { hierarchy: false } }
  - { use: llm, id: llm-vanilla, options: { strategy: vanilla, model: tuned, ${llmOptions} } }
  - { use: llm, id: llm-hrl, options: { strategy: hrl, model: tuned, listCandidateSubtasks: true, ${llmOptions} } }
  - { use: llm, id: llm-step-hrl, options: { strategy: step-hrl, model: tuned, systemMessage: false, ${llmOptions} } }
`;
}

function readPython(dir: string): { code: number | null; summary: any; stderr: string } {
  const result = spawnSync('python3', [reader, dir], { encoding: 'utf8' });
  return { code: result.status, summary: result.status === 0 ? JSON.parse(result.stdout) : null, stderr: result.stderr };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? filesUnder(path).map((p) => join(name, p)) : [name];
    })
    .sort();
}

const readLines = (path: string) =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));

let server: ChatServer;
let work = '';
let suite = '';
let out = '';
let first: ReturnType<typeof harness>;

beforeAll(async () => {
  server = await startChatServer(() => ({ content: 'unused' }));
  work = tempDir('harness-export-');
  suite = writeSuite(work, suiteText(`baseURL: "${server.baseURL}"`));
  out = join(work, 'out');
  first = harness(['export', suite, '--out', out]);
}, 180_000);
afterAll(() => server?.close());

describe('harness export from a suite', () => {
  it('writes the reference, chat and rl formats, which a standard-library Python reader reads back with every check passing', () => {
    expect(first.stderr).not.toMatch(/Error|harness:/);
    expect(first.code).toBe(0);
    const { code, summary, stderr } = readPython(out);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    for (const env of ['alfworld', 'scienceworld']) {
      const { episodes, steps, agents } = summary[env];
      expect(episodes).toBe(EPISODES);
      // random cannot imitate; every other agent has both formats, one call per step of its acting policy.
      expect(Object.keys(agents).sort()).toEqual(['hrl', 'llm-hrl', 'llm-step-hrl', 'llm-vanilla', 'step-flat', 'step-hrl', 'vanilla-rl']);
      expect(agents['vanilla-rl'].chat).toEqual({ policy: steps });
      expect(agents['step-flat'].chat).toEqual({ policy: steps, progress: steps - episodes });
      expect(agents['step-hrl'].chat.low).toBe(steps);
      expect(agents['step-hrl'].chat.progress).toBe(steps - episodes);
      expect(agents['llm-step-hrl'].chat).toEqual(agents['step-hrl'].chat);
      expect(agents['llm-hrl'].chat).toEqual(agents.hrl.chat);
      for (const agent of Object.values<any>(agents)) expect(agent.rl).toEqual(agent.chat);
    }
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.envs.map((e: any) => e.agentsThatCannotImitate)).toEqual([['random'], ['random']]);
    expect(manifest.failures).toEqual([]);
    expect(first.stdout).toMatch(/alfworld\/reference\.jsonl\s+6 lines/);
  });

  it('writes the same bytes when run again', () => {
    const again = join(work, 'again');
    expect(harness(['export', suite, '--out', again, '--quiet']).code).toBe(0);
    const files = filesUnder(out);
    expect(filesUnder(again)).toEqual(files);
    expect(files).toContain(join('scienceworld', 'llm-step-hrl', 'chat.jsonl'));
    for (const file of files) expect(readFileSync(join(again, file)).equals(readFileSync(join(out, file))), file).toBe(true);
  });

  it("gives the llm agent's exact prompts: a server answering from the export drives the evaluated agent along the expert's path", async () => {
    // Every exported call, by the messages the agent will send for it.
    const answers = new Map<string, string>();
    for (const env of ['alfworld', 'scienceworld']) {
      for (const agent of ['llm-vanilla', 'llm-hrl', 'llm-step-hrl']) {
        for (const line of readLines(join(out, env, agent, 'chat.jsonl'))) {
          const prompt = line.messages.slice(0, -1);
          answers.set(JSON.stringify(prompt), line.messages.at(-1).content);
        }
      }
    }
    const unmatched: string[] = [];
    server.script = (request) => {
      const answer = answers.get(JSON.stringify(request.body.messages));
      if (answer === undefined) unmatched.push(request.text.slice(0, 300));
      return { content: answer ?? 'None; False' };
    };
    server.requests.length = 0;
    const run = join(work, 'evaluated');
    const result = await runHarness([
      'run',
      suite,
      '--out',
      run,
      '--quiet',
      '--workers',
      '0',
      '--only',
      'agent=llm-vanilla,agent=llm-hrl,agent=llm-step-hrl,split=expert',
    ]);
    expect(result.code).toBe(0);
    expect(unmatched).toEqual([]);
    const records = readEpisodes(run);
    expect(records).toHaveLength(2 * 3 * EPISODES);
    expect(records.every((r) => r.success)).toBe(true);
    // One request per exported llm call: the evaluated episodes are the exported ones, call for call.
    const exported = ['alfworld', 'scienceworld'].flatMap((env) =>
      ['llm-vanilla', 'llm-hrl', 'llm-step-hrl'].flatMap((agent) => readLines(join(out, env, agent, 'chat.jsonl'))),
    );
    expect(server.requests).toHaveLength(exported.length);
  }, 180_000);
});

describe('harness export from a run folder', () => {
  it("writes the rl transitions of a split's logged episodes, and says how to log episodes of the training split", () => {
    const dir = tempDir('harness-export-run-');
    const file = writeSuite(
      dir,
      `
name: rollouts
envs:
  - use: alfworld
    splits: { train: { limit: 2 }, rollouts: { split: train, limit: 3 } }
agents:
  - oracle
  - { use: step-hrl, train: false }
  - { use: vanilla-rl, train: false }
`,
    );
    const run = join(dir, 'run');
    expect(harness(['run', file, '--out', run, '--quiet', '--workers', '0']).code).toBe(0);
    const exported = harness(['export', run, '--out', join(dir, 'rl'), '--split', 'rollouts', '--quiet']);
    expect(exported.code).toBe(0);
    const { code, summary, stderr } = readPython(join(dir, 'rl'));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    // Untrained policies run to the step limit: a cut episode's last transition of each level has no successor and is left out.
    expect(summary['alfworld/vanilla-rl/rl.jsonl']).toEqual({ policy: 3 * 49 });
    expect(summary['alfworld/step-hrl/rl.jsonl'].low).toBe(3 * 49);
    const manifest = JSON.parse(readFileSync(join(dir, 'rl', 'manifest.json'), 'utf8'));
    expect(manifest.episodes).toMatchObject({ read: 9, exported: 6, skipped: { 'the agent made no policy calls': 3 } });

    const training = harness(['export', run, '--out', join(dir, 'train')]);
    expect(training.code).toBe(2);
    expect(training.stderr).toMatch(/training episodes are not logged.*rollouts: \{ split: train \}/);
    const chat = harness(['export', run, '--out', join(dir, 'chat'), '--split', 'rollouts', '--format', 'chat']);
    expect(chat.code).toBe(2);
    expect(chat.stderr).toMatch(/a run folder gives only --format rl/);
    // A damaged log is bad input, reported at its line.
    const log = join(run, 'episodes.jsonl');
    const lines = readFileSync(log, 'utf8').split('\n');
    lines[1] = `{${lines[1].slice(5)}`;
    writeFileSync(log, lines.join('\n'));
    const damaged = harness(['export', run, '--out', join(dir, 'damaged'), '--split', 'rollouts', '--quiet']);
    expect(damaged.code).toBe(2);
    expect(damaged.stderr).toMatch(/episodes\.jsonl:2: not valid JSON/);
    expect(readdirSync(dir).sort()).toEqual(['rl', 'run', 'suite.yaml']);
  }, 120_000);
});

describe('harness export on bad input', () => {
  it('says what and where, exits 2, and writes nothing', () => {
    const dir = tempDir('harness-export-bad-');
    const file = writeSuite(dir, 'name: x\nenvs:\n  - use: alfworld\n    splits: { train: { limit: 2 }, seen: { limit: 1 } }\nagents: [random, oracle]\n');
    const cases: [string[], RegExp][] = [
      [['--split', 'unseen'], /suite\.yaml: env "alfworld" has no split "unseen" \(its splits: train, seen\)/],
      [['--format', 'chat'], /no agent of .*suite\.yaml can imitate a demonstration \(random, oracle\)/],
      [['--format', 'chat,yaml'], /unknown format yaml: choose from reference, chat, rl/],
    ];
    for (const [flags, message] of cases) {
      const result = harness(['export', file, '--out', join(dir, 'out'), ...flags]);
      expect(result.stderr, flags.join(' ')).toMatch(message);
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(result.code).toBe(2);
    }
    const typo = writeSuite(dir, 'name: x\nenvs:\n  - use: alfwrld\n    splits: { train: {}, seen: {} }\nagents: [random]\n', 'typo.yaml');
    const bad = harness(['export', typo, '--out', join(dir, 'out')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/typo\.yaml:3:\d+: .*alfwrld.*did you mean "alfworld"/);
    // An --out that holds anything is never written into.
    mkdirSync(join(dir, 'taken'));
    writeFileSync(join(dir, 'taken', 'notes.txt'), 'mine');
    const taken = harness(['export', file, '--out', join(dir, 'taken'), '--format', 'reference']);
    expect(taken.code).toBe(2);
    expect(taken.stderr).toMatch(/--out .*taken is not empty/);
    expect(readdirSync(join(dir, 'taken'))).toEqual(['notes.txt']);
    expect(readdirSync(dir).sort()).toEqual(['suite.yaml', 'taken', 'typo.yaml']);
  });

  it('needs no model server or key: an llm agent whose key variable is unset still exports', () => {
    const dir = tempDir('harness-export-key-');
    const file = writeSuite(
      dir,
      'name: x\nenvs:\n  - use: alfworld\n    splits: { train: { limit: 2 }, seen: { limit: 1 } }\nagents:\n  - { use: llm, options: { model: m, apiKeyEnv: HARNESS_EXPORT_UNSET_KEY } }\n',
    );
    const result = harness(['export', file, '--out', join(dir, 'out'), '--format', 'chat', '--quiet']);
    expect(result.code).toBe(0);
    expect(readLines(join(dir, 'out', 'alfworld', 'llm', 'chat.jsonl')).length).toBeGreaterThan(0);
  });

  it('keeps nothing when interrupted: Ctrl-C stops it, exit 130, no folder at --out and no staging folder', async () => {
    const dir = tempDir('harness-export-stop-');
    const file = writeSuite(
      dir,
      'name: x\nenvs:\n  - use: scienceworld\n    options: { tasks: paper }\n    splits: { train: {}, seen: { limit: 1 } }\nagents: [step-hrl]\n',
    );
    const child = harnessProcess(['export', file, '--out', join(dir, 'out')]);
    let stderr = '';
    const started = new Promise<void>((resolve) => {
      child.stderr.on('data', (chunk) => {
        stderr += chunk;
        if (stderr.includes('▶ scienceworld train')) resolve();
      });
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    await started;
    await new Promise((r) => setTimeout(r, 1500));
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toMatch(/Interrupted: nothing was written/);
    expect(readdirSync(dir)).toEqual(['suite.yaml']);
  }, 60_000);
});
