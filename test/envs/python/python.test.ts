import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { EpisodeSpec } from '../../../harness/api.ts';
import type { PythonEnv } from '../../../plugins/envs/python/env.ts';
import plugin from '../../../plugins/envs/python/index.ts';
import { stopIdle } from '../../../plugins/envs/python/pool.ts';
import { tempDir } from '../../helpers.ts';

const cellar = join(import.meta.dirname, 'fixtures/cellar_adapter.py');
const base = { adapter: cellar, callTimeoutMs: 5_000, startTimeoutMs: 10_000 };
afterAll(stopIdle);

const create = (episode: EpisodeSpec, options: Record<string, unknown> = base) => plugin.create(episode, { options, seed: 3 }) as Promise<PythonEnv>;
const escapeEpisode = (id = 'seen-0', variation = 10): EpisodeSpec => ({ id, task: 'escape', variation });

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** An executable Python script standing in for the interpreter (it ignores the bridge's arguments). */
function fakeInterpreter(lines: string[]): string {
  const file = join(tempDir(), 'python');
  writeFileSync(file, ['#!/usr/bin/env python3', ...lines].join('\n'));
  chmodSync(file, 0o755);
  return file;
}

async function pidOf(env: PythonEnv): Promise<number> {
  const start = await env.reset();
  return start.info!.pid as number;
}

describe('python: episodes through the stdio bridge', () => {
  it('lists the episodes of a split from the adapter, the same every time', async () => {
    const seen = await plugin.episodes('seen', base);
    expect(seen).toEqual([
      { id: 'seen-0', task: 'escape', variation: 10 },
      { id: 'seen-1', task: 'light', variation: 11 },
      { id: 'seen-2', task: 'escape', variation: 12 },
      { id: 'seen-3', task: 'light', variation: 13 },
    ]);
    expect(await plugin.episodes('seen', base)).toEqual(seen);
    await expect(plugin.episodes('valid', base)).rejects.toThrow("episodes failed in the Python adapter: ValueError: the cellar has no split 'valid'");
  });

  it('plays a whole episode: valid actions, invalid feedback, progress, success, and stray prints ignored', async () => {
    const env = await create(escapeEpisode());
    const start = await env.reset();
    expect(start).toMatchObject({ observation: 'You are in a dark cellar.', task: 'Your task is to open the door.' });
    expect(await env.validActions()).toEqual(['look', 'turn on lamp']);
    expect(await env.candidateSubtasks()).toEqual(['light the lamp', 'open the door']);
    expect(await env.step('open door')).toEqual({ observation: 'Nothing happens.', reward: 0, score: 0, done: false, success: false, invalid: true });
    const results = [];
    for (const action of ['turn on lamp', 'take iron key', 'unlock door with iron key', 'open door']) results.push(await env.step(action));
    expect(results.map((r) => [r.score, r.progress, r.done, r.success])).toEqual([
      [25, 0.25, false, false],
      [50, 0.5, false, false],
      [75, 0.75, false, false],
      [100, 1, true, true],
    ]);
    expect(results[0].observation).toBe('The lamp lights up the iron key and a locked door.');
    await env.close();
  });

  it("turns the adapter's gold sequence into one subtask with a progress label per step", async () => {
    const env = await create(escapeEpisode('seen-2', 12));
    await env.reset();
    expect(await env.expert()).toEqual({
      subtasks: [
        {
          subtask: 'open the door',
          steps: [
            { action: 'turn on lamp', progress: 'Step 1: turn on lamp done.' },
            { action: 'take brass key', progress: 'Step 2: take brass key done.' },
            { action: 'unlock door with brass key', progress: 'Step 3: unlock door with brass key done.' },
            { action: 'open door', progress: 'Step 4: open door done.' },
          ],
        },
      ],
    });
    await env.close();
  });

  it('reuses a process that ended its episode cleanly, and starts one per episode with reuseProcess off', async () => {
    const first = await create(escapeEpisode());
    const pid = await pidOf(first);
    await first.close();
    const second = await create(escapeEpisode('seen-2', 12));
    expect(await pidOf(second)).toBe(pid);
    await second.close();

    const options = { ...base, reuseProcess: false };
    const a = await create(escapeEpisode(), options);
    const aPid = await pidOf(a);
    await a.close();
    const b = await create(escapeEpisode(), options);
    expect(await pidOf(b)).not.toBe(aPid);
    await b.close();
  });
});

describe('python: a process that fails', () => {
  it('a crash mid-episode fails that episode with the exit and stderr, and the next episode gets a fresh process', async () => {
    const options = { ...base, adapterArgs: { crash: { episode: 'seen-0', afterSteps: 2 } } };
    const env = await create(escapeEpisode(), options);
    const pid = await pidOf(env);
    await env.step('turn on lamp');
    const error = await env.step('take iron key').catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/cellar_adapter\.py exited with code 3 during step/);
    expect((error as Error).message).toMatch(/the cellar collapsed/);
    await env.close();

    const next = await create(escapeEpisode('seen-2', 12), options);
    expect(await pidOf(next)).not.toBe(pid);
    expect(await next.step('turn on lamp')).toMatchObject({ score: 25 });
    await next.close();
  });

  it('a stalled call becomes an error within callTimeoutMs; the process is killed and replaced', async () => {
    const options = { ...base, callTimeoutMs: 400, adapterArgs: { stall: { episode: 'seen-0', afterSteps: 1 } } };
    const env = await create(escapeEpisode(), options);
    const pid = await pidOf(env);
    await expect(env.step('turn on lamp')).rejects.toThrow(/did not answer "step" within 400 ms, so it was stopped/);
    await env.close();
    await new Promise((r) => setTimeout(r, 100));
    expect(isRunning(pid)).toBe(false);

    const next = await create(escapeEpisode('seen-2', 12), options);
    expect(await pidOf(next)).not.toBe(pid);
    await next.close();
  });

  it('closing an episode while a call is still running (the runner gave up first) kills the process', async () => {
    const options = { ...base, callTimeoutMs: 20_000, adapterArgs: { stall: { episode: 'seen-0', afterSteps: 1 } } };
    const env = await create(escapeEpisode(), options);
    const pid = await pidOf(env);
    const step = env.step('turn on lamp').catch((e: Error) => e);
    await new Promise((r) => setTimeout(r, 100));
    await env.close();
    expect(String(await step)).toMatch(/its episode was closed while a call was still running$/);
    await new Promise((r) => setTimeout(r, 100));
    expect(isRunning(pid)).toBe(false);
  });

  it('a malformed step reply is an error that names the field', async () => {
    const env = await create(escapeEpisode(), { ...base, adapterArgs: { garble: { episode: 'seen-0', afterSteps: 1 } } });
    await env.reset();
    await expect(env.step('turn on lamp')).rejects.toThrow('step reply: "score" must be a number, got "high"');
    await env.close();
  });

  it('a line that is not a protocol message kills the process with a clear error', async () => {
    // A stand-in interpreter: says it is ready, then answers every request with noise.
    const fake = fakeInterpreter([
      'import sys',
      'print(\'{"ready": true, "protocol": 1, "adapter": "noisy"}\', flush=True)',
      'for line in sys.stdin:',
      '    print("Traceback (most recent call last): oops", flush=True)',
    ]);
    const env = await create(escapeEpisode(), { ...base, python: fake });
    await expect(env.reset()).rejects.toThrow('wrote a line that is not a protocol message: "Traceback (most recent call last): oops"');
    await env.close();
  });

  it('a process that never says it is ready is stopped after startTimeoutMs', async () => {
    const fake = fakeInterpreter(['import sys, time', 'sys.stderr.write("loading a very large model\\n")', 'time.sleep(60)']);
    // Long enough for a loaded machine to start Python and let it write its line, short enough for a test.
    await expect(create(escapeEpisode(), { ...base, python: fake, startTimeoutMs: 3000 })).rejects.toThrow(
      /did not start within 3000 ms\n--- last lines of its stderr ---\nloading a very large model/,
    );
  });

  it('says which interpreter could not be run', async () => {
    await expect(create(escapeEpisode(), { ...base, python: '/nonexistent/python3' })).rejects.toThrow(
      'cannot run the Python interpreter "/nonexistent/python3"',
    );
  });
});

describe('python: the shipped adapters without their packages', () => {
  // Neither package is installed on this machine: the adapters must say so, and how to install them.
  it('scienceworld: a clear error naming the package and the install command', async () => {
    await expect(create(escapeEpisode(), { ...base, adapter: 'scienceworld' })).rejects.toThrow(
      /cannot start: Python package 'scienceworld' is not installed for .*pip install scienceworld/,
    );
  });

  it('alfworld: a clear error naming the package and the install command', async () => {
    await expect(plugin.episodes('unseen', { ...base, adapter: 'alfworld' })).rejects.toThrow(
      /cannot start: Python package 'textworld' is not installed for .*pip install alfworld/,
    );
  });
});
