import { describe, expect, it } from 'vitest';
import type { Session } from '../../../plugins/envs/scienceworld/engine/session.ts';
import { NO_MATCH } from '../../../plugins/envs/scienceworld/engine/session.ts';
import { makeEnv, session, teleport } from './helpers.ts';

/** Every listed action must be understood as exactly one action, and not be refused there. */
function problemsWithValidActions(s: Session): string[] {
  const problems: string[] = [];
  const actions = s.validActions();
  if (new Set(actions).size !== actions.length) problems.push('duplicates in the list');
  for (const action of actions) {
    if (action === 'task') continue; // answered before parsing, as in ScienceWorld
    const matches = s.interpret(action);
    if (matches.length !== 1) {
      problems.push(`"${action}" matches ${matches.length} actions`);
      continue;
    }
    const m = matches[0];
    // Free actions (look, inventory) have no check worth running; everything else must not be refused.
    const refusal = m.def.check({ w: s.w, setFocus: () => {}, resetGoals: () => {} }, m.a, m.b);
    if (refusal !== null) problems.push(`"${action}" is refused: ${refusal}`);
  }
  return problems;
}

describe('validActions()', () => {
  it('lists ScienceWorld-style action–object combinations, each understood unambiguously and allowed', () => {
    const s = session('1-1', 0);
    for (const where of ['bathroom', 'kitchen', 'workshop', 'outside', 'greenhouse']) {
      teleport(s.w, where);
      const actions = s.validActions();
      expect(actions.length, where).toBeGreaterThan(20);
      expect(actions).toContain('look around');
      expect(actions).toContain('inventory');
      expect(actions).toContain('wait');
      expect(actions).toContain('wait1');
      expect(problemsWithValidActions(s), where).toEqual([]);
    }
  });

  it('names things by their shortest unique referent (a substance by its container)', () => {
    const s = session('1-1', 0);
    teleport(s.w, 'kitchen');
    s.step('open cupboard');
    const actions = s.validActions();
    expect(actions).toContain('pick up metal pot');
    expect(actions).toContain('open fridge');
    expect(actions).toContain('pick up thermometer');
    expect(actions.some((a) => a.startsWith('focus on ') && a.includes(' in '))).toBe(true);
  });

  it('follows the state of the world: a door once opened offers the way through', () => {
    const s = session('1-1', 0);
    teleport(s.w, 'kitchen');
    expect(s.validActions()).toContain('open door to hallway');
    expect(s.validActions()).not.toContain('go to hallway');
    s.step('open door to hallway');
    expect(s.validActions()).toContain('go to hallway');
    expect(s.validActions()).toContain('close door to hallway');
    expect(s.validActions()).not.toContain('open door to hallway');
  });

  it('offers wiring actions on terminals in the workshop', () => {
    const s = session('3-1', 0);
    teleport(s.w, 'workshop');
    const actions = s.validActions();
    expect(actions.some((a) => /^connect battery (anode|cathode) to .+ terminal [12]$/.test(a))).toBe(true);
    expect(problemsWithValidActions(s)).toEqual([]);
  });

  it('stays sorted, unique and valid along a random walk, and every listed action is understood when taken', async () => {
    for (const [task, variation] of [
      ['1-1', 3],
      ['3-3', 10],
      ['4-1', 40],
    ] as const) {
      const env = await makeEnv(task, variation, 7);
      await env.reset();
      let state = 12345;
      for (let i = 0; i < 60; i++) {
        const listed = await env.validActions!();
        expect(listed, `${task} step ${i}`).toEqual([...new Set(listed)].sort());
        const actions = listed.filter((a) => !a.startsWith('focus on'));
        state = (state * 1103515245 + 12345) % 2 ** 31;
        const action = actions[state % actions.length];
        const r = await env.step(action);
        expect(r.observation, `${task}: ${action}`).not.toBe(NO_MATCH);
        if (r.observation.startsWith('Ambiguous request')) {
          // Only things nothing tells apart (two empty wood cups) may share a name; any choice will do.
          const options = r.observation
            .split('\n')
            .slice(1, -1) // the prompt ends with a newline
            .map((line) => line.replace(/^\d+:\t/, ''));
          expect(new Set(options).size, `${task}: ${action}`).toBe(1);
          expect((await env.step('0')).invalid).toBe(false);
        }
        if (r.done) break;
      }
    }
  });
});

describe('determinism', () => {
  async function transcript(task: string, variation: number, seed: number): Promise<string[]> {
    const env = await makeEnv(task, variation, seed);
    const out = [(await env.reset()).observation];
    let state = 99;
    for (let i = 0; i < 80; i++) {
      // Without focusing, which would usually end the episode early.
      const actions = (await env.validActions!()).filter((a) => !a.startsWith('focus on'));
      // Favour waiting so that bees, plants and heat get time to act on their own.
      state = (state * 1103515245 + 12345) % 2 ** 31;
      const action = state % 3 === 0 ? 'wait' : actions[state % actions.length];
      const r = await env.step(action);
      out.push(`${action} => ${r.observation} [${r.score}${r.done ? ' done' : ''}]`, (await env.validActions!()).join('|'));
      if (r.done) break;
    }
    return out;
  }

  it('replays the same text for the same episode, seed and actions', async () => {
    for (const [task, variation] of [
      ['1-1', 0],
      ['4-3', 170],
    ] as const) {
      const first = await transcript(task, variation, 3);
      expect(first.length).toBeGreaterThan(100);
      expect(await transcript(task, variation, 3)).toEqual(first);
    }
  });

  it('builds the same world for a variation whatever the seed (the seed only drives the dynamics)', async () => {
    const a = await makeEnv('2-1', 300, 1);
    const b = await makeEnv('2-1', 300, 2);
    expect((await a.reset()).observation).toBe((await b.reset()).observation);
    expect((await a.reset()).task).toBe((await b.reset()).task);
  });
});

describe('candidateSubtasks()', () => {
  it('offers, sorted and without repeats, a way to every other location and the task-relevant subtasks', async () => {
    const env = await makeEnv('1-1', 0);
    const start = (await env.reset()).observation.match(/called the ([a-z ]+)\./)![1];
    const candidates = await env.candidateSubtasks!();
    expect(candidates).toEqual([...new Set(candidates)].sort());
    const rooms = ['kitchen', 'hallway', 'outside', 'workshop', 'greenhouse', 'foundry', 'bathroom', 'art studio', 'bedroom', 'living room'];
    for (const room of rooms.filter((r) => r !== start)) expect(candidates).toContain(`navigate to(${room})`);
    expect(candidates).not.toContain(`navigate to(${start})`); // where the agent stands
    for (const s of ['find(metal pot)', 'Fill(metal pot, water)', 'Monitor temperature(metal pot, boil)', 'pick up(thermometer)'])
      expect(candidates).toContain(s);
    const plan = await env.expert!();
    expect(candidates).toContain(plan.subtasks[0].subtask);
  });
});
