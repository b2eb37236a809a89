import { describe, expect, it } from 'vitest';
import type { Session } from '../../../plugins/envs/scienceworld/engine/session.ts';
import type { Thing } from '../../../plugins/envs/scienceworld/world/world.ts';
import { session, teleport } from './helpers.ts';

/**
 * The failure conditions of the task types: the move a careless player makes (focusing on the wrong thing,
 * powering a part from the wrong source, boxing a substance wrongly, skipping a life stage) scores −100 and
 * ends the episode, as in ScienceWorld.
 */

function params(s: Session): any {
  return s.task.variations()[s.variation];
}

function here(s: Session, name: string): Thing {
  const found = s.w.descendants(s.w.here().id).find((t) => t.name === name && !t.deleted);
  if (!found) throw new Error(`no ${name} here`);
  return found;
}

function expectFailure(s: Session, action: string): void {
  const r = s.step(action);
  expect(r.invalid, `${action}: ${r.observation}`).toBe(false);
  expect([r.score, r.done, r.success], action).toEqual([-100, true, false]);
  expect(r.reward).toBeLessThan(0);
}

function wire(s: Session, battery: string, part: string): void {
  const wires = s.w.descendants(s.w.here().id).filter((t) => t.electrical === 'wire');
  for (const a of [
    `connect ${battery} anode to ${wires[0].name} terminal 1`,
    `connect ${battery} cathode to ${wires[1].name} terminal 1`,
    `connect ${wires[0].name} terminal 2 to ${part} cathode`,
    `connect ${wires[1].name} terminal 2 to ${part} anode`,
  ]) {
    const r = s.step(a);
    if (r.done) return;
    expect(r.invalid, `${a}: ${r.observation}`).toBe(false);
  }
}

describe('task failures of the electricity tasks', () => {
  it('3-2: powering the part from the battery, not the source the task asks for, fails the task', () => {
    for (const variation of [0, 1]) {
      const s = session('3-2', variation);
      const p = params(s);
      teleport(s.w, 'workshop');
      expect(s.step(`focus on ${p.part}`).score).toBeGreaterThan(0);
      wire(s, 'battery', p.part);
      expect(here(s, p.part).powered).toBe(true);
      expect([s.score(), s.isDone()]).toEqual([-100, true]);
    }
  });

  it('3-2: a solar panel or wind generator makes no power indoors', () => {
    const s = session('3-2', 0);
    const p = params(s);
    expect(p.kind).toBe('renewable');
    teleport(s.w, 'workshop');
    s.step(`focus on ${p.part}`);
    wire(s, p.renewable, p.part);
    s.step('wait1');
    expect(here(s, p.part).powered).toBe(false);
    expect(s.isDone()).toBe(false);
  });

  it('3-4: putting the unknown substance in the wrong box fails the task', () => {
    for (const variation of [0, 300]) {
      const s = session('3-4', variation);
      const p = params(s);
      teleport(s.w, 'workshop');
      s.step(`focus on ${p.substance}`);
      expectFailure(s, `move ${p.substance} to ${p.conductive ? p.nonconductiveBox : p.conductiveBox}`);
    }
  });
});

describe('task failures of the biology tasks', () => {
  it('5-1: focusing on something other than a seed earns nothing but, as in ScienceWorld, is no failure', () => {
    const s = session('5-1', 0);
    teleport(s.w, params(s).seedLocation);
    const r = s.step('focus on seed jar');
    expect([r.done, r.score >= 0]).toEqual([false, true]);
    expect(s.goals.current).toBe(0);
  });

  it('5-2: focusing on a seed instead of a grown fruit fails the task', () => {
    const s = session('5-2', 0);
    const p = params(s);
    teleport(s.w, p.seedLocation);
    // Five seeds answer to that name: ScienceWorld asks which one, and focusing on any fails.
    expect(s.step(`focus on ${p.species} seed in seed jar`).observation).toMatch(/^Ambiguous request/);
    expectFailure(s, '0');
  });

  it('5-2: no fruit of the kind is left in the house to pass for a grown one', () => {
    const s = session('5-2', 95); // orange seeds: the kitchen's orange and the agent's are gone
    expect(params(s).species).toBe('orange');
    expect(s.w.things.filter((t) => !t.deleted && t.name === 'orange' && t.data.food)).toEqual([]);
  });

  it('7-1 … 7-3: focusing on an animal that does not have the longest (or shortest) life span fails the task', () => {
    for (const [id, wrong] of [
      ['7-1', 'short'],
      ['7-2', 'long'],
      ['7-3', 'short'],
    ] as const) {
      const s = session(id, 0);
      teleport(s.w, 'outside');
      const species: string = params(s)[wrong];
      const animal = here(s, species);
      expectFailure(s, `focus on ${s.currentScope().uniqueName(animal.id)}`);
    }
    // 7-3 in order: the longest-lived first (half the score), then anything but the shortest-lived fails.
    const s = session('7-3', 0);
    teleport(s.w, 'outside');
    const p = params(s);
    const first = s.step(`focus on ${s.currentScope().uniqueName(here(s, p.long).id)}`);
    expect([s.goals.current, first.done]).toEqual([1, false]);
    expect(first.score).toBeGreaterThanOrEqual(50);
    expectFailure(s, `focus on ${s.currentScope().uniqueName(here(s, p.medium).id)}`);
  });

  it('8-1: focusing on another animal, or on the right one at a later stage than the next, fails the task', () => {
    const s = session('8-1', 0);
    teleport(s.w, 'outside');
    const p = params(s);
    expectFailure(s, `focus on ${s.currentScope().uniqueName(here(s, p.distractors[0]).id)}`);

    const late = session('8-1', 0);
    teleport(late.w, 'outside');
    const animal = late.w.descendants(late.w.here().id).find((t) => t.life?.species === p.species)!;
    for (let i = 0; i < 3; i++) late.step('wait'); // 33 ticks: past its first stage
    expect(animal.life!.stage).toBeGreaterThan(0);
    expectFailure(late, `focus on ${late.currentScope().uniqueName(animal.id)}`);
  });

  it('8-2: focusing on the plant stages out of order fails the task', () => {
    const s = session('8-2', 0);
    teleport(s.w, 'outside');
    const seedling = s.w.descendants(s.w.here().id).find((t) => t.kind === 'plant' && t.life!.stage === 1)!;
    expectFailure(s, `focus on ${s.currentScope().uniqueName(seedling.id)}`);
  });
});

describe('task failures of the chemistry tasks', () => {
  it('6-1: focusing on an ingredient instead of the product fails the task', () => {
    const s = session('6-1', 0);
    const p = params(s);
    expect(p.result).toBe('salt water');
    teleport(s.w, p.location);
    const salt = s.w.descendants(s.w.here().id).find((t) => t.name === 'sodium chloride' && t.parent === s.w.here().id)!;
    expectFailure(s, `focus on ${s.currentScope().uniqueName(salt.id)}`);
  });

  it('6-2 and 6-3: focusing on a paint other than the one asked for (or asked for next) fails the task', () => {
    for (const id of ['6-2', '6-3']) {
      const s = session(id, 0);
      teleport(s.w, 'art studio');
      const blue = s.w.descendants(s.w.here().id).find((t) => t.name === 'blue paint')!;
      expectFailure(s, `focus on ${s.currentScope().uniqueName(blue.id)}`);
    }
  });
});
