import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EpisodeRecord } from '../../../harness/api.ts';
import { comparable, fixture, readEpisodes, tempDir, writeSuite } from '../../helpers.ts';
import { type ChatServer, corridorExpert, type Received, type Reply, startChatServer, TEMPLATE_OVERHEAD, taskOf } from './chat-server.ts';
import { runHarness } from './drive.ts';

const corridor = fixture('corridor-env.ts');
const KEY = `sk-llm-test-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
const keyEnv = { LLM_TEST_KEY: KEY };

let server: ChatServer;
beforeAll(async () => {
  server = await startChatServer(corridorExpert);
});
afterAll(() => server.close());

function suiteFile(name: string, agents: string[], episodes = 2): { dir: string; file: string } {
  const dir = tempDir('llm-agent-');
  const file = writeSuite(
    dir,
    [
      `name: ${name}`,
      'tokenizer: whitespace',
      'envs:',
      `  - use: ${corridor}`,
      `    options: { episodes: ${episodes} }`,
      '    splits: { train: {}, seen: {} }',
      'agents:',
      ...agents.map((a) => `  - ${a}`),
    ].join('\n'),
  );
  return { dir, file };
}

const llm = (id: string, options: string) => `{ use: llm, id: ${id}, options: { baseURL: "${server.baseURL}", apiKeyEnv: LLM_TEST_KEY, ${options} } }`;

/** Every file under a folder, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

const callsOf = (r: EpisodeRecord) => Object.values(r.tokens.byRole).reduce((n, role) => n + role.calls, 0);

describe('llm agents run end to end through the CLI against a chat-completions server', () => {
  it('runs a full episode per strategy, logging the server usage of every step beside the harness count, the same in worker threads', async () => {
    const { dir, file } = suiteFile('strategies', [
      llm('vanilla', 'strategy: vanilla, model: expert'),
      llm('hrl', 'strategy: hrl, model: expert'),
      llm('step-hrl', 'strategy: step-hrl, model: expert'),
    ]);
    server.script = corridorExpert;
    const local = await runHarness(['run', file, '--out', join(dir, 'local'), '--quiet', '--workers', '0'], keyEnv);
    expect(local.stderr).toBe('');
    expect(local.code).toBe(0);
    const records = readEpisodes(join(dir, 'local'));
    expect(records).toHaveLength(6);

    const roles = { vanilla: ['policy'], hrl: ['high', 'low'], 'step-hrl': ['high', 'low', 'progress'] };
    for (const r of records) {
      expect(r).toMatchObject({ success: true, error: null, end: 'done' });
      expect(Object.keys(r.tokens.byRole).sort()).toEqual(roles[r.agent as keyof typeof roles]);
      for (const step of r.trajectory) {
        // The scripted server counts words, as the whitespace tokenizer does, plus a chat template's overhead
        // per request: its usage is the harness's count plus that overhead, call by call.
        const byRole = Object.values(step.tokens.byRole);
        const harnessPrompt = byRole.reduce((n, c) => n + c.prompt, 0);
        const harnessCompletion = byRole.reduce((n, c) => n + c.completion, 0);
        expect(step.usage).toEqual({ prompt: harnessPrompt + TEMPLATE_OVERHEAD * byRole.length, completion: harnessCompletion });
      }
      expect(r.usage).toEqual({ prompt: r.tokens.prompt + TEMPLATE_OVERHEAD * callsOf(r), completion: r.tokens.completion });
    }
    const stepHrl = records.find((r) => r.agent === 'step-hrl' && r.episode === 'seen-1')!;
    expect(stepHrl.trajectory.map((s) => s.note?.progress)).toEqual(['None', 'Walked east to room 1 of 4.', 'Walked east to room 2 of 4.']);

    const pooled = await runHarness(['run', file, '--out', join(dir, 'pooled'), '--quiet', '--workers', '2'], keyEnv);
    expect(pooled.code).toBe(0);
    expect(comparable(readEpisodes(join(dir, 'pooled')))).toEqual(comparable(records));
  });

  it('survives rate limits, timeouts and malformed replies, fails only the affected episodes, and never writes the key', async () => {
    const lowCalls = new Map<string, number>();
    const rateLimited = new Set<string>();
    server.requests.length = 0;
    server.script = (r: Received): Reply => {
      if (r.headers.authorization !== `Bearer ${KEY}`) return { status: 401, json: { error: { message: 'no key' } } };
      switch (r.body.model) {
        case 'rate-limited':
          // The first request of each episode is turned away once.
          if (rateLimited.has(taskOf(r))) return corridorExpert(r);
          rateLimited.add(taskOf(r));
          return { status: 429, json: { error: { message: 'rate limited' } }, headers: { 'retry-after': '0' } };
        case 'hanging':
          return taskOf(r) === 'Your task is to reach room 2.' ? { hang: true } : corridorExpert(r);
        case 'garbled': {
          if (r.role !== 'low') return corridorExpert(r);
          const n = lowCalls.get('garbled') ?? 0;
          lowCalls.set('garbled', n + 1);
          if (n === 0) return { status: 200, json: { id: 'x', object: 'chat.completion', choices: [], usage: { prompt_tokens: 1, completion_tokens: 0 } } };
          if (n === 1) return { status: 200, text: '<html><body>502 Bad Gateway</body></html>' };
          if (n === 3) return { content: 'I think the best move is to go east' };
          return corridorExpert(r);
        }
        case 'echo':
          return { status: 401, json: { error: { message: `invalid credentials: ${r.headers.authorization}` } } };
        default:
          return corridorExpert(r);
      }
    };
    const { dir, file } = suiteFile('faults', [
      llm('rate-limited', 'strategy: vanilla, model: rate-limited'),
      llm('slow', 'strategy: vanilla, model: hanging, timeoutMs: 300, retries: 1'),
      llm('garbled', 'strategy: hrl, model: garbled'),
      llm('echo', 'strategy: vanilla, model: echo'),
    ]);
    const out = join(dir, 'run');
    const { code, stdout, stderr } = await runHarness(['run', file, '--out', out, '--quiet', '--workers', '0'], keyEnv);
    expect(code).toBe(1);
    const records = readEpisodes(out);
    expect(records).toHaveLength(8);
    const record = (agent: string, episode: string) => records.find((r) => r.agent === agent && r.episode === episode)!;

    // 429 then success: the same request again, and the episode runs normally.
    const limited = server.requests.filter((r) => r.body.model === 'rate-limited');
    expect(limited[0].text).toBe(limited[1].text);
    expect(record('rate-limited', 'seen-0')).toMatchObject({ success: true, error: null });
    expect(record('rate-limited', 'seen-1')).toMatchObject({ success: true, error: null });

    // A server that does not answer fails its episode; the run goes on with the next one.
    expect(record('slow', 'seen-0').error).toMatch(
      /^agent\.act: policy \(step 0\) call to http:\/\/127\.0\.0\.1:\d+\/v1 failed after 2 attempts: no reply within 300 ms$/,
    );
    expect(record('slow', 'seen-1')).toMatchObject({ success: true, error: null });

    // Empty choices and an unparseable answer are invalid actions; a body that is not JSON is retried.
    const garbled = record('garbled', 'seen-0');
    expect(garbled).toMatchObject({ success: true, error: null });
    expect(garbled.trajectory.map((s) => [s.action, s.invalid ?? false])).toEqual([
      ['None', true],
      ['go east', false],
      ['None', true],
      ['go east', false],
    ]);
    expect(garbled.trajectory[0].note).toMatchObject({ lowReply: 'the reply has no choices', unparsed: true });
    expect(garbled.trajectory[2].note).toMatchObject({ unparsed: true });
    expect(record('garbled', 'seen-1')).toMatchObject({ success: true, error: null });

    // A server that echoes the key in its error: the error is kept, the key is not.
    expect(record('echo', 'seen-0').error).toMatch(/failed after 1 attempt: HTTP 401 invalid credentials: Bearer \[redacted\]$/);

    // Every request carried the key, and no file of the run (nor the console) holds it.
    expect(server.requests.every((r) => r.headers.authorization === `Bearer ${KEY}`)).toBe(true);
    const files = filesUnder(out);
    expect(files.map((f) => f.slice(out.length + 1))).toEqual(expect.arrayContaining(['manifest.json', 'episodes.jsonl', 'summary.json']));
    for (const f of files) expect(readFileSync(f, 'utf8').includes(KEY), f).toBe(false);
    expect(stdout + stderr).not.toContain(KEY);
    expect(readFileSync(join(out, 'manifest.json'), 'utf8')).toContain('LLM_TEST_KEY');
  });

  it('--dry-run prints every prompt of one episode without contacting the server or needing the key', async () => {
    server.requests.length = 0;
    const { dir, file } = suiteFile('dry', [llm('step-hrl', 'strategy: step-hrl, model: expert')]);
    const { code, stdout } = await runHarness(['run', file, '--dry-run'], {});
    expect(code).toBe(0);
    expect(server.requests).toHaveLength(0);
    expect(stdout).toContain('═══ step-hrl on corridor-env · seen · seen-0 (untrained, dry run) ═══');
    expect(stdout).toMatch(/── step 0 · high · \d+ \+ \d+ tokens\nYou are a high-level planner\./);
    // The model writes its subtask freely: no env candidates are listed unless the suite asks.
    expect(stdout).not.toContain('Candidate subtasks:');
    expect(stdout).toContain('Valid actions:\n- go east\n- wait\n\n→ go east; False');
    expect(stdout).toMatch(/── step 1 · progress · /);
    expect(readdirSync(dir)).toEqual(['suite.yaml']);
  });
});
