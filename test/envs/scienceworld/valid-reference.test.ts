import { describe, expect, it } from 'vitest';
import { ACTIONS, type ActionContext, type ActionDef, terminalFor } from '../../../plugins/envs/scienceworld/engine/actions.ts';
import type { Session } from '../../../plugins/envs/scienceworld/engine/session.ts';
import { session } from './helpers.ts';

/**
 * `validActions()` keeps much of its work from step to step and skips things that plainly fail a template's
 * check; here it is compared, along random walks, with the plain definition of its rules: every template
 * over every thing (or pair) in scope, kept when the template's check accepts it, named by unique names.
 */

const def = (name: string): ActionDef => ACTIONS.find((a) => a.name === name)!;

/** One-object templates and the verb the list writes for each. */
const ONE_OBJECT: [verb: string, template: string][] = [
  ['activate', 'activate'],
  ['close', 'close door'],
  ['deactivate', 'deactivate'],
  ['eat', 'eat'],
  ['flush', 'flush'],
  ['go to', 'move through door'],
  ['look in', 'look in'],
  ['open', 'open door'],
  ['pick up', 'pick up'],
  ['read', 'read'],
  ['disconnect', 'disconnect electrically'],
];

function referenceValidActions(s: Session): string[] {
  const w = s.w;
  const scope = s.currentScope();
  const ctx: ActionContext = { w, setFocus: () => {}, resetGoals: () => {} };
  const things = scope.things.map((t) => t.id);
  const everything = [...things, ...scope.terminals];
  const name = (id: number) => scope.uniqueName(id);
  const ok = (template: string, a: number, b = 0) => def(template).check(ctx, a, b) === null;
  const out = new Set<string>(['inventory', 'look around', 'reset task', 'task', 'wait', 'wait1']);
  for (const [verb, template] of ONE_OBJECT) for (const id of things) if (ok(template, id)) out.add(`${verb} ${name(id)}`);
  for (const id of things) if (w.get(id).parent === w.inventory.id && ok('put down', id)) out.add(`put down ${name(id)}`);
  for (const id of everything) out.add(`focus on ${name(id)}`).add(`look at ${name(id)}`);
  for (const id of things) {
    const t = w.get(id);
    if (t.container && t.contents.filter((c) => !w.get(c).hidden).length >= 2) out.add(`mix ${name(id)}`);
  }
  // A liquid is listed for pouring only from a container that can be lifted; containers pour out their contents.
  const pourable = (id: number) => {
    const x = w.get(id);
    return x.container?.isContainer ? true : x.material?.state === 'liquid' && x.parent >= 0 && w.get(x.parent).movable;
  };
  for (const a of things) {
    for (const b of things) {
      if (a === b) continue;
      if (ok('move object', a, b)) out.add(`move ${name(a)} to ${name(b)}`);
      if (pourable(a) && ok('pour object', a, b)) out.add(`pour ${name(a)} into ${name(b)}`);
      if (ok('dunk object', a, b)) out.add(`dunk ${name(a)} into ${name(b)}`);
    }
    for (const b of everything) if (a !== b && ok('use object', a, b)) out.add(`use ${name(a)} on ${name(b)}`);
  }
  // Connections need a terminal on at least one side; an ordinary thing takes part only if it can be carried.
  const side = (id: number) => id < 0 || (!w.get(id).electrical && w.get(id).movable);
  for (const a of everything) {
    for (const b of everything) {
      if (a === b || (a >= 0 && b >= 0) || !side(a) || !side(b)) continue;
      if (ok('connect electrically', a, b) && 'tid' in terminalFor(w, a)) out.add(`connect ${name(a)} to ${name(b)}`);
    }
  }
  return [...out].sort();
}

describe('validActions() against the plain definition of its rules', () => {
  for (const [task, variation, seed] of [
    ['1-1', 3, 7],
    ['3-3', 10, 2],
    ['3-2', 1, 5],
    ['5-2', 4, 3],
    ['6-1', 2, 1],
    ['4-1', 40, 9],
  ] as const) {
    it(`${task} v${variation}: the same list at every step of a random walk`, () => {
      const s = session(task, variation, seed);
      let state = seed * 7919;
      for (let i = 0; i < 80 && !s.isDone(); i++) {
        const listed = s.validActions();
        if (!s.pendingChoices()) expect(listed, `${task} step ${i}`).toEqual(referenceValidActions(s));
        // Without focusing (which would usually end the episode), and favouring moves, pours and wiring.
        const choices = listed.filter((a) => !a.startsWith('focus on'));
        state = (state * 1103515245 + 12345) % 2 ** 31;
        const busy = choices.filter((a) => /^(move|pour|connect|pick up|open|go to|activate|dunk|put down)/.test(a));
        const pool = state % 4 !== 0 && busy.length ? busy : choices;
        s.step(pool[state % pool.length]);
      }
    });
  }
});
