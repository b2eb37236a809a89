import { describe, expect, it } from 'vitest';
import { createRng, hashSeed, type Rng, type StepResult } from '../../../harness/api.ts';
import { buildWorld } from '../../../plugins/envs/alfworld/build.ts';
import { WorldState } from '../../../plugins/envs/alfworld/sim.ts';
import { episodes, namesIn, open } from './helpers.ts';

/** Random commands from the whole grammar over the names an observation mentions (most are not admissible). */
function probes(names: string[], grammar: 'current' | 'legacy', rng: Rng, count: number): string[] {
  const one = ['go to', 'open', 'close', 'use', 'examine'];
  const two: [string, string][] = [
    ['take', 'from'],
    ['heat', 'with'],
    ['cool', 'with'],
    ['clean', 'with'],
    ['slice', 'with'],
    grammar === 'legacy' ? ['put', 'in/on'] : ['move', 'to'],
  ];
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const x = rng.pick(names),
      y = rng.pick(names);
    if (rng.next() < 0.3) out.push(`${rng.pick(one)} ${x}`);
    else {
      const [verb, prep] = rng.pick(two);
      out.push(`${verb} ${x} ${prep} ${y}`);
    }
  }
  return out;
}

describe('alfworld dynamics', () => {
  it('acts on exactly the admissible commands: each acts, everything else says "Nothing happens." and changes nothing', () => {
    for (const grammar of ['current', 'legacy'] as const) {
      for (const episode of episodes('unseen').filter((_, i) => i % 9 === 0)) {
        const env = open(episode, { grammar });
        const rng = createRng(hashSeed(episode.id, grammar));
        let text = env.reset().observation;
        for (let t = 0; t < 30; t++) {
          const valid = env.validActions();
          expect(new Set(valid).size).toBe(valid.length);
          expect([...valid].sort()).toEqual(valid);
          const names = [...new Set(namesIn(text))];
          const admissible = new Set(valid);
          for (const probe of probes(names, grammar, rng, 40).filter((c) => !admissible.has(c))) {
            expect(env.step(probe), probe).toMatchObject({ observation: 'Nothing happens.', invalid: true });
          }
          expect(env.validActions()).toEqual(valid);
          const action = rng.pick(valid);
          const result = env.step(action);
          expect(result.invalid, `${episode.id}: "${action}"`).toBe(false);
          expect(result.observation).not.toBe('Nothing happens.');
          text += '\n' + result.observation;
          if (result.done) break;
        }
      }
    }
  });

  it('hides what is inside a closed receptacle until it is opened', () => {
    let checked = 0;
    for (const episode of episodes('unseen')) {
      const spec = buildWorld(episode.id);
      const closedWithItems = spec.receptacles.findIndex((r, i) => r.openable && spec.start.some((at) => at === i));
      if (closedWithItems < 0) continue;
      const name = spec.receptacles[closedWithItems].name;
      const inside = spec.items.filter((_, i) => spec.start[i] === closedWithItems).map((it) => it.name);
      const sim = new WorldState(spec, 'current');
      const arrival = sim.step(`go to ${name}`).text;
      expect(arrival).toBe(`You arrive at ${name}. The ${name} is closed.`);
      for (const item of inside) {
        expect(sim.admissible()).not.toContain(`take ${item} from ${name}`);
        expect(sim.step(`take ${item} from ${name}`).ok).toBe(false);
      }
      const opened = sim.step(`open ${name}`).text;
      expect(opened.startsWith(`You open the ${name}. The ${name} is open. In it, you see `)).toBe(true);
      for (const item of inside) expect(opened).toContain(`a ${item}`);
      expect(sim.admissible()).toContain(`take ${inside[0]} from ${name}`);
      expect(sim.step(`close ${name}`).text).toBe(`You close the ${name}.`);
      expect(sim.admissible()).not.toContain(`take ${inside[0]} from ${name}`);
      if (++checked >= 10) break;
    }
    expect(checked).toBe(10);
  });

  it('lets the agent carry one object at a time, and examine an object only while holding it', () => {
    // The real examineObject also names objects seen in an open receptacle, but a typo in its PDDL
    // ("?l - location, ?r - …" types ?l as "location,") means that branch never grounds: only held objects.
    for (const grammar of ['current', 'legacy'] as const) {
      const env = open(episodes('seen')[0], { grammar });
      env.reset();
      const steps = env.expert().subtasks[0].steps;
      for (const step of steps.slice(0, -1)) env.step(step.action);
      const take = steps.at(-1)!.action;
      const item = /^take (.+) from /.exec(take)![1];
      expect(env.validActions()).toContain(take);
      expect(env.validActions()).not.toContain(`examine ${item}`);
      expect(env.step(`examine ${item}`)).toMatchObject({ observation: 'Nothing happens.', invalid: true });
      env.step(take);
      expect(env.step('inventory').observation).toBe(`You are carrying: a ${item}.`);
      expect(env.validActions().some((a) => a.startsWith('take '))).toBe(false);
      expect(env.validActions()).toContain(`examine ${item}`);
      expect(env.step(`examine ${item}`).invalid).toBe(false);
    }
  });

  it('says "Nothing happens." to going where the agent already is, and never lists it', () => {
    // TextWorld's planner drops every grounded action whose effects change nothing, and moving from a
    // place to itself is one (ALFWorld's PDDL itself has no start ≠ end condition).
    for (const grammar of ['current', 'legacy'] as const) {
      for (const episode of episodes('unseen').filter((_, i) => i % 17 === 0)) {
        const env = open(episode, { grammar });
        env.reset();
        const rooms = env.validActions().filter((a) => a.startsWith('go to '));
        for (const go of rooms.slice(0, 4)) {
          expect(env.step(go).invalid).toBe(false);
          const valid = env.validActions();
          expect(valid).not.toContain(go);
          expect(valid.filter((a) => a.startsWith('go to '))).toEqual(rooms.filter((a) => a !== go));
          expect(env.step(go)).toMatchObject({ observation: 'Nothing happens.', invalid: true });
          expect(env.validActions()).toEqual(valid);
        }
      }
    }
  });

  it('changes state only with the right appliance and the right kind of object', () => {
    const heats = episodes('unseen').filter((e) => e.task === 'pick_heat_then_place_in_recep');
    let checked = 0;
    for (const episode of heats) {
      const env = open(episode);
      env.reset();
      const demo = env.expert();
      for (const step of demo.subtasks[0].steps) env.step(step.action);
      const heat = demo.subtasks[1].steps.at(-1)!.action;
      const [, item, microwave] = /^heat (.+) with (.+)$/.exec(heat)!;
      const atMicrowave = demo.subtasks[1].steps.length === 1; // found it in the microwave
      if (!atMicrowave) expect(env.step(heat).observation).toBe('Nothing happens.');
      expect(env.step(`cool ${item} with ${microwave}`).observation).toBe('Nothing happens.');
      for (const step of demo.subtasks[1].steps) env.step(step.action);
      // ALFWorld describes receptacle objects (mug, plate, …) as "normal" whatever their temperature.
      const vessel = /^(mug|cup|plate|bowl|pan|pot) /.test(item);
      expect(env.step(`examine ${item}`).observation).toBe(vessel ? `This is a normal ${item}. In it, you see nothing.` : `This is a hot ${item}.`);
      checked++;
    }
    expect(checked).toBe(heats.length);
  });

  it('rewards 1 on the winning step only, scores 100 × won, and succeeds only when won', () => {
    for (const episode of episodes('unseen').filter((_, i) => i % 5 === 0)) {
      const env = open(episode);
      env.reset();
      const results: StepResult[] = [];
      for (const subtask of env.expert().subtasks) for (const s of subtask.steps) results.push(env.step(s.action));
      const last = results.at(-1)!;
      expect(last).toMatchObject({ reward: 1, score: 100, done: true, success: true, progress: 1 });
      for (const r of results.slice(0, -1)) expect(r).toMatchObject({ reward: 0, score: 0, done: false, success: false });
      // ALFWorld prints no victory text: the winning step's feedback is its ordinary one.
      expect(last.observation).toMatch(/^You (move|turn on|put) the /);
    }
  });

  it("reports progress that never falls, stays below 1 until won, and rises along the expert's plan", () => {
    for (const episode of episodes('unseen')) {
      const env = open(episode);
      env.reset();
      let previous = 0;
      const seen: number[] = [];
      for (const subtask of env.expert().subtasks) {
        for (const s of subtask.steps) {
          const r = env.step(s.action);
          expect(r.progress!).toBeGreaterThanOrEqual(previous);
          if (!r.success) expect(r.progress!).toBeLessThan(1);
          previous = r.progress!;
          seen.push(r.progress!);
        }
      }
      expect(previous).toBe(1);
      expect(new Set(seen).size).toBeGreaterThanOrEqual(3);
    }
  });

  it('gives identical text to two fresh envs of one episode for the same actions, whatever the seed', () => {
    for (const episode of episodes('unseen').filter((_, i) => i % 13 === 0)) {
      const a = open(episode, {}, 1),
        b = open(episode, {}, 1),
        c = open(episode, {}, 99);
      expect(b.reset()).toEqual(a.reset());
      expect(c.reset()).toEqual(a.reset());
      const rng = createRng(episode.id);
      for (let t = 0; t < 50; t++) {
        const valid = a.validActions();
        expect(b.validActions()).toEqual(valid);
        const action = rng.pick(valid);
        const ra = a.step(action);
        expect(b.step(action)).toEqual(ra);
        expect(c.step(action)).toEqual(ra);
        if (ra.done) break;
      }
    }
  });

  it('starts over on reset', () => {
    const episode = episodes('seen')[7];
    const env = open(episode);
    const first = env.reset();
    const actions = env.expert().subtasks.flatMap((s) => s.steps.map((x) => x.action));
    const once = actions.map((a) => env.step(a));
    expect(env.reset()).toEqual(first);
    expect(actions.map((a) => env.step(a))).toEqual(once);
  });
});
