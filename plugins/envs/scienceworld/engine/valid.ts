/**
 * The valid action–object combinations at the current state (ScienceWorld's
 * `get_valid_action_object_combinations`): every template grounded over the things in scope, kept when the
 * template's own checks accept it, written with each thing's unique referent, sorted.
 *
 * Differences from ScienceWorld, chosen so that every listed action parses and does something: things
 * inside closed containers are not listed (ScienceWorld lists them but cannot parse them); `connect` pairs
 * need a wire or component terminal on at least one side (ScienceWorld lists every pair of things); `mix`
 * needs a container with two or more things in it.
 *
 * This runs before most steps, so it avoids a final sort: each template's block is generated in order
 * (things sorted by name), and the blocks are concatenated in the order of their verbs.
 */
import type { Thing } from '../world/world.ts';
import { ACTIONS, type ActionContext, type ActionDef } from './actions.ts';
import type { Scope } from './scope.ts';

const byName = new Map(ACTIONS.map((a) => [a.name, a]));
const def = (name: string): ActionDef => byName.get(name)!;

interface Named {
  id: number;
  name: string;
}

export function listValidActions(ctx: ActionContext, scope: Scope, options: { electrical: boolean; teleport: boolean }): string[] {
  const w = ctx.w;
  const byName = (ids: number[]): Named[] => ids.map((id) => ({ id, name: scope.uniqueName(id) })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id - b.id));
  const things = byName(scope.things.map((t) => t.id));
  const terminals = byName(scope.terminals);
  const everything = merge(things, terminals);
  const get = (id: number): Thing => w.get(id);
  const blocks = new Map<string, string[]>();
  const one = (verb: string, d: ActionDef, candidates: Named[]) => {
    const out: string[] = [];
    for (const c of candidates) if (d.check(ctx, c.id, 0) === null) push(out, `${verb} ${c.name}`);
    blocks.set(verb, out);
  };
  const pairs = (verb: string, joiner: string, d: ActionDef, as: Named[], bs: Named[], allowed?: (a: number, b: number) => boolean) => {
    const out: string[] = [];
    const firsts = as.slice().sort((x, y) => cmp(`${x.name} ${joiner}`, `${y.name} ${joiner}`));
    const accept = (a: Named, b: Named) => a.id !== b.id && (!allowed || allowed(a.id, b.id)) && d.check(ctx, a.id, b.id) === null;
    for (let i = 0; i < firsts.length; i++) {
      const a = firsts[i];
      const head = `${verb} ${a.name} ${joiner} `;
      if (i + 1 < firsts.length && firsts[i + 1].name === a.name) {
        // Indistinguishable things (two empty wood cups) share one set of actions, merged and re-sorted.
        const merged = new Set<string>();
        for (; i < firsts.length && firsts[i].name === a.name; i++) for (const b of bs) if (accept(firsts[i], b)) merged.add(head + b.name);
        i--;
        for (const s of [...merged].sort()) out.push(s);
        continue;
      }
      for (const b of bs) if (accept(a, b)) push(out, head + b.name);
    }
    blocks.set(verb, out);
  };

  one('activate', def('activate'), things);
  one('close', def('close door'), things);
  one('deactivate', def('deactivate'), things);
  one('eat', def('eat'), things);
  one('flush', def('flush'), things);
  one('focus on', def('focus on'), everything);
  one('go to', def('move through door'), things);
  blocks.set('inventory', ['inventory']);
  blocks.set('look around', ['look around']);
  one('look at', def('look at'), everything);
  one('look in', def('look in'), things);
  blocks.set(
    'mix',
    things.filter((t) => get(t.id).container && get(t.id).contents.filter((c) => !get(c).hidden).length >= 2).map((t) => `mix ${t.name}`),
  );
  one('open', def('open door'), things);
  one('pick up', def('pick up'), things);
  one('put down', def('put down'), things.filter((t) => get(t.id).parent === w.inventory.id));
  one('read', def('read'), things);
  blocks.set('reset task', ['reset task']);
  blocks.set('task', ['task']);
  if (options.teleport) {
    const here = w.agent.parent;
    blocks.set('teleport to', byName(w.locations().filter((l) => l.id !== here).map((l) => l.id)).map((l) => `teleport to ${w.get(l.id).name}`));
  }
  blocks.set('wait', ['wait']);
  blocks.set('wait1', ['wait1']);

  // Two-object templates, with cheap filters on each side before the full check.
  const openContainers = things.filter((t) => get(t.id).container?.open);
  const movers = things.filter((t) => {
    const x = get(t.id);
    return x.movable && x.material?.state !== 'liquid' && x.material?.state !== 'gas';
  });
  pairs('move', 'to', def('move object'), movers, openContainers);
  const pourable = things.filter((t) => {
    const x = get(t.id);
    return x.movable && (x.container?.isContainer ? x.container.open : x.material?.state === 'liquid');
  });
  pairs('pour', 'into', def('pour object'), pourable, openContainers);
  const dunkers = things.filter((t) => get(t.id).movable && get(t.id).container?.isContainer && get(t.id).container!.open);
  const wet = things.filter((t) => get(t.id).contents.some((c) => get(c).material?.state === 'liquid'));
  pairs('dunk', 'into', def('dunk object'), dunkers, wet);
  const tools = things.filter((t) => get(t.id).device?.usable);
  pairs('use', 'on', def('use object'), tools, everything);
  if (options.electrical) {
    one('disconnect', def('disconnect electrically'), things);
    const free = terminals.filter((t) => !w.linkOf(t.id));
    const plain = things.filter((t) => {
      const x = get(t.id);
      return !x.electrical && w.hasTerminals(x) && x.movable;
    });
    if (free.length) {
      // A terminal on at least one side: terminal–terminal, terminal–thing and thing–terminal.
      const terminalIds = new Set(free.map((t) => t.id));
      const sides = merge(free, plain);
      pairs('connect', 'to', def('connect electrically'), sides, sides, (a, b) => terminalIds.has(a) || terminalIds.has(b));
    }
  }

  // Each block is in order and the verbs sort the blocks, so the whole list comes out sorted.
  const out: string[] = [];
  for (const verb of [...blocks.keys()].sort()) for (const s of blocks.get(verb)!) out.push(s);
  return out;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Appends unless it repeats the last entry (two things that share a name give the same action). */
function push(out: string[], s: string): void {
  if (out.length === 0 || out[out.length - 1] !== s) out.push(s);
}

function merge(a: Named[], b: Named[]): Named[] {
  return [...a, ...b].sort((x, y) => cmp(x.name, y.name) || x.id - y.id);
}


