import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EpisodeSpec } from '../../../harness/api.ts';
import { expandTemplates } from '../../../plugins/envs/agentgym/dialects.ts';
import type { AgentGymEnv } from '../../../plugins/envs/agentgym/env.ts';
import plugin from '../../../plugins/envs/agentgym/index.ts';
import { parseIndices } from '../../../plugins/envs/agentgym/indices.ts';
import { type FixtureServer, startServer } from './server.ts';

const servers: FixtureServer[] = [];
async function server(...args: string[]) {
  const s = await startServer(args);
  servers.push(s);
  return s;
}
afterAll(() => servers.forEach((s) => s.stop()));

const episode = (server: string, index: number, task = server): EpisodeSpec => ({ id: `${server}-${index}`, task, variation: index });
const create = (ep: EpisodeSpec, options: Record<string, unknown>) => plugin.create(ep, { options, seed: 1 }) as Promise<AgentGymEnv>;

describe('agentgym: splits from data indices', () => {
  it('reads ranges and lists in the order written, and rejects repeats and junk', () => {
    expect(parseIndices('0-2, 7, 4-5', 'x')).toEqual([0, 1, 2, 7, 4, 5]);
    expect(parseIndices([3, '10-11'], 'x')).toEqual([3, 10, 11]);
    expect(() => parseIndices('0-3, 2', 'splits.test')).toThrow('splits.test: data index 2 is listed twice');
    expect(() => parseIndices('0-x', 'splits.test')).toThrow('"0-x" is not a data index');
  });

  it('labels ScienceWorld episodes with their task and variation, and says which split lacks indices', () => {
    const options = { baseURL: 'http://127.0.0.1:1', server: 'sciworld' as const, splits: { train: '28-31', test: [150] } };
    expect(plugin.episodes('train', options)).toEqual([
      { id: 'sciworld-28', task: '1-1 boil', variation: 28 },
      { id: 'sciworld-29', task: '1-1 boil', variation: 29 },
      { id: 'sciworld-30', task: '1-2 melt', variation: 0 },
      { id: 'sciworld-31', task: '1-2 melt', variation: 1 },
    ]);
    // 4 × 30 matter tasks, then 2-1 use-thermometer.
    expect(plugin.episodes('test', options)).toEqual([{ id: 'sciworld-150', task: '2-1 use-thermometer', variation: 30 }]);
    expect(() => plugin.episodes('unseen', options)).toThrow('split "unseen" has no data indices; set options.splits.unseen');
    expect(plugin.episodes('test', { ...options, taskLabels: 'none' as const })).toEqual([{ id: 'sciworld-150', task: 'sciworld', variation: 150 }]);
  });

  it('fills ScienceWorld action templates with the objects in view, up to a cap', () => {
    const templates = ['look around', 'open OBJ', 'use OBJ on OBJ'];
    expect(expandTemplates(templates, ['door', 'key'], 100)).toEqual(['look around', 'open door', 'open key', 'use door on key', 'use key on door']);
    expect(expandTemplates(templates, ['door', 'key'], 2)).toEqual(['look around', 'open door']);
  });
});

describe('agentgym: the sciworld server', () => {
  let sci: FixtureServer;
  let options: Record<string, unknown>;
  beforeAll(async () => {
    sci = await server('--dialect', 'sciworld', '--stall', '2', '--garble', '3', '--refuse', '9');
    options = { baseURL: sci.url, server: 'sciworld', requestTimeoutMs: 400, retryBackoffMs: 10 };
  });

  it('plays a whole episode: task, expanded actions, invalid feedback, score and success, then closes', async () => {
    const env = await create(episode('sciworld', 0, '1-1 boil'), options);
    const start = await env.reset();
    expect(start.task).toBe('Your task is to open the door. First, activate the lamp.');
    expect(start.observation).toMatch(/^This room is called the cellar/);
    const actions = await env.validActions();
    expect(actions).toEqual(expect.arrayContaining(['look around', 'activate lamp', 'use key on door']));
    expect(await env.step('dance')).toMatchObject({ observation: 'No known action matches that input.', invalid: true, score: 0, success: false, done: false });
    const results = [];
    for (const action of ['activate lamp', 'pick up key', 'use key on door', 'open door']) results.push(await env.step(action));
    expect(results.map((r) => [r.reward, r.score, r.progress])).toEqual([
      [30, 30, 0.3],
      [30, 60, 0.6],
      [20, 80, 0.8],
      [20, 100, 1],
    ]);
    expect(results.at(-1)).toMatchObject({ done: true, success: true });
    expect(results.slice(0, -1).every((r) => !r.success && !r.done)).toBe(true);
    await env.close();
    expect((await sci.stats()).open).toEqual([]);
  });

  it('maps a failed task to score −100, done, and no success', async () => {
    const env = await create(episode('sciworld', 1), options);
    await env.reset();
    expect(await env.step('eat key')).toMatchObject({ score: -100, done: true, success: false });
    await env.close();
  });

  it('turns a stalled step into an error within its own timeout, and still closes the instance', async () => {
    const env = await create(episode('sciworld', 2), options);
    await env.reset();
    await expect(env.step('activate lamp')).rejects.toThrow(`POST /step got no reply from ${sci.url} within 400 ms`);
    await env.close();
    expect((await sci.stats()).open).toEqual([]);
  });

  it('closing an episode while a step is in flight cancels the step and closes the instance', async () => {
    const env = await create(episode('sciworld', 2), { ...options, requestTimeoutMs: 20_000 });
    await env.reset();
    const step = env.step('activate lamp').catch((e: Error) => e);
    await new Promise((r) => setTimeout(r, 100));
    await env.close();
    expect(await step).toEqual(new Error('POST /step was cancelled: the episode was closed'));
    expect((await sci.stats()).open).toEqual([]);
  });

  it('reports a reply that is not JSON, and a server-side error, with what was asked', async () => {
    const garbled = await create(episode('sciworld', 3), options);
    await garbled.reset();
    await expect(garbled.step('activate lamp')).rejects.toThrow('POST /step sent a reply that is not JSON: "<html>Internal error</html>"');
    await garbled.close();
    const refused = await create(episode('sciworld', 9), options);
    await expect(refused.reset()).rejects.toThrow('POST /reset: the server says: cannot load game 9');
    await refused.close();
    expect((await sci.stats()).open).toEqual([]);
  });

  it('refuses to mislabel an episode when the server numbers its games differently', async () => {
    const other = await server('--dialect', 'sciworld', '--mislabel');
    const env = await create(episode('sciworld', 31, '1-2 melt'), { ...options, baseURL: other.url });
    await expect(env.reset()).rejects.toThrow('data index 31 is melt variation 2 on this server, but the plugin labels it 1-2 melt variation 1');
    await env.close();
  });
});

describe('agentgym: the alfworld server', () => {
  it('plays a whole episode with the actions sent in each reply; a missing /close is not an error', async () => {
    const alf = await server('--dialect', 'alfworld');
    const env = await create(episode('alfworld', 5), { baseURL: alf.url, server: 'alfworld' });
    const start = await env.reset();
    expect(start.task).toBe('Your task is to: examine the key with the lamp.');
    expect(await env.validActions()).toContain('go to drawer 1');
    expect(await env.step('take key 1 from drawer 1')).toMatchObject({ observation: 'Nothing happens.', invalid: true, score: 0 });
    const plan = ['go to drawer 1', 'open drawer 1', 'take key 1 from drawer 1', 'go to lamp 1'];
    for (const action of plan) {
      expect(await env.validActions()).toContain(action);
      expect(await env.step(action)).toMatchObject({ reward: 0, score: 0, done: false, success: false });
    }
    expect(await env.step('use lamp 1')).toMatchObject({ observation: 'You turn on the lamp 1.', reward: 1, score: 100, done: true, success: true });
    await expect(env.close()).resolves.toBeUndefined();
  });
});

describe('agentgym: a generic server', () => {
  it('reads the first observation from GET /observation and counts a reward of 1 as success', async () => {
    const plain = await server('--dialect', 'generic');
    const env = await create(episode('generic', 4), { baseURL: plain.url, server: 'generic' });
    expect(await env.reset()).toEqual({ observation: 'You are in the cellar.', task: 'Open the door.' });
    expect(await env.validActions()).toEqual([]);
    const results = [];
    for (const action of ['activate lamp', 'pick up key', 'use key on door', 'open door']) results.push(await env.step(action));
    expect(results.map((r) => [r.score, r.success, r.done])).toEqual([
      [30, false, false],
      [60, false, false],
      [80, false, false],
      [100, true, true],
    ]);
    await env.close();
    expect((await plain.stats()).open).toEqual([]);
  });
});

describe('agentgym: connection trouble', () => {
  it('retries a busy /create with backoff, and gives up after its retries', async () => {
    const flaky = await server('--dialect', 'sciworld', '--flaky-create', '2');
    const env = await create(episode('sciworld', 0), { baseURL: flaky.url, server: 'sciworld', retries: 0, retryBackoffMs: 1 }).catch((e) => e);
    expect(env).toBeInstanceOf(Error);
    expect((env as Error).message).toBe('POST /create answered HTTP 503: "{\\"detail\\": \\"busy\\"}"');
    // The second request is refused too; the third (the second retry) gets an instance.
    const ok = await create(episode('sciworld', 0), { baseURL: flaky.url, server: 'sciworld', retries: 2, retryBackoffMs: 1 }).catch((e) => e);
    expect(ok).not.toBeInstanceOf(Error);
    await ok.close();
    expect(await flaky.stats()).toMatchObject({ created: 1, closed: 1 });
  });

  it('says where it could not connect', async () => {
    const gone = await server('--dialect', 'sciworld');
    gone.stop();
    await new Promise((r) => setTimeout(r, 100));
    await expect(create(episode('sciworld', 0), { baseURL: gone.url, server: 'sciworld', retries: 1, retryBackoffMs: 1 })).rejects.toThrow(
      `POST /create to ${gone.url} failed: ECONNREFUSED`,
    );
  });
});
