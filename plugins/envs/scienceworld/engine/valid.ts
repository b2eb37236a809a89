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
 * (things sorted by name), and the blocks are concatenated in the order of their verbs. What depends only
 * on the things in scope and their names is kept with the scope's unique names, and the large two-object
 * blocks are kept while their signatures (the things on each side, their names, what holds what) hold.
 */
import type { Thing, World } from '../world/world.ts';
import { ACTIONS, terminalFor, type ActionContext, type ActionDef } from './actions.ts';
import type { Scope } from './scope.ts';

const byName = new Map(ACTIONS.map((a) => [a.name, a]));
const def = (name: string): ActionDef => byName.get(name)!;

interface Named {
  id: number;
  name: string;
}

/**
 * The two-object blocks last listed in a world, each with the facts it was computed from (its signature):
 * most actions leave the things on both sides, their names and what holds them as they were, and then the
 * block (hundreds of strings in a furnished room) is the same.
 */
const blocksByWorld = new WeakMap<World, Map<string, { signature: (string | number)[]; lines: string[] }>>();

/** Where a block's signature is put together before it is compared with the last one. */
const scratch: (string | number)[] = [];

/**
 * What depends on the listed things and their names alone — sorted by name, and the `focus on` and
 * `look at` blocks, whose checks always pass — kept for as long as the scope's unique names are the same map.
 */
interface NamedLists {
  things: Named[];
  terminals: Named[];
  everything: Named[];
  focus: string[];
  lookAt: string[];
}

function namedLists(scope: Scope): NamedLists {
  return scope.keep('valid-action lists', () => {
    const byName = (ids: number[]): Named[] => ids.map((id) => ({ id, name: scope.uniqueName(id) })).sort(compareNamed);
    const things = byName(scope.things.map((t) => t.id));
    const terminals = byName(scope.terminals);
    const everything = merge(things, terminals);
    return { things, terminals, everything, focus: eachName('focus on', everything), lookAt: eachName('look at', everything) };
  });
}

/** `<verb> <name>` for each name (once per name: things that share one give the same action). */
function eachName(verb: string, items: Named[]): string[] {
  const out: string[] = [];
  let last: string | null = null;
  for (const item of items) {
    if (item.name === last) continue;
    out.push(`${verb} ${item.name}`);
    last = item.name;
  }
  return out;
}

function sameSignature(a: readonly (string | number)[], b: readonly (string | number)[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function listValidActions(ctx: ActionContext, scope: Scope, options: { electrical: boolean; teleport: boolean }): string[] {
  const w = ctx.w;
  const byName = (ids: number[]): Named[] => ids.map((id) => ({ id, name: scope.uniqueName(id) })).sort(compareNamed);
  const { things, terminals, everything, focus, lookAt } = namedLists(scope);
  const get = (id: number): Thing => w.get(id);
  const blocks = new Map<string, string[]>();
  const one = (verb: string, d: ActionDef, candidates: Named[]) => {
    const out: string[] = [];
    // Two things that share a name give the same action: candidates come sorted by name, so compare names.
    let last: string | null = null;
    for (const c of candidates) {
      if (c.name === last || d.check(ctx, c.id, 0) !== null) continue;
      out.push(`${verb} ${c.name}`);
      last = c.name;
    }
    blocks.set(verb, out);
  };
  let reused = blocksByWorld.get(w);
  if (!reused) blocksByWorld.set(w, (reused = new Map()));
  const memo = reused;
  /** `pairs`, unless the block's signature (both sides' ids and names, plus what `facts` adds) is unchanged. */
  const cachedPairs = (verb: string, joiner: string, accept: (a: Named, b: Named) => boolean, as: Named[], bs: Named[], facts: (string | number)[] = []) => {
    // Built in a scratch list, and kept (copied) only when it differs from the last one.
    const signature = scratch;
    signature.length = 0;
    signature.push(scope.location, as.length);
    for (const a of as) signature.push(a.id, a.name);
    signature.push(bs.length);
    for (const b of bs) signature.push(b.id, b.name);
    for (const f of facts) signature.push(f);
    const last = memo.get(verb);
    if (last && sameSignature(last.signature, signature)) {
      blocks.set(verb, last.lines);
      return;
    }
    pairs(verb, joiner, accept, as, bs);
    memo.set(verb, { signature: signature.slice(), lines: blocks.get(verb)! });
  };
  const pairs = (verb: string, joiner: string, accept: (a: Named, b: Named) => boolean, as: Named[], bs: Named[]) => {
    const out: string[] = [];
    // Sorted by `<name> <joiner>` (not by name alone: a name that is a prefix of another sorts differently).
    const firsts = as.map((a) => ({ a, key: `${a.name} ${joiner}` })).sort((x, y) => cmp(x.key, y.key));
    for (let i = 0; i < firsts.length; i++) {
      const a = firsts[i].a;
      const head = `${verb} ${a.name} ${joiner} `;
      if (i + 1 < firsts.length && firsts[i + 1].a.name === a.name) {
        // Indistinguishable things (two empty wood cups) share one set of actions, merged and re-sorted.
        const merged = new Set<string>();
        for (; i < firsts.length && firsts[i].a.name === a.name; i++) for (const b of bs) if (firsts[i].a.id !== b.id && accept(firsts[i].a, b)) merged.add(head + b.name);
        i--;
        for (const s of [...merged].sort()) out.push(s);
        continue;
      }
      let last: string | null = null;
      for (const b of bs) {
        if (a.id === b.id || b.name === last || !accept(a, b)) continue;
        out.push(head + b.name);
        last = b.name;
      }
    }
    blocks.set(verb, out);
  };
  const checked = (d: ActionDef) => (a: Named, b: Named) => d.check(ctx, a.id, b.id) === null;

  one('activate', def('activate'), things);
  one('close', def('close door'), things);
  one('deactivate', def('deactivate'), things);
  one('eat', def('eat'), things);
  one('flush', def('flush'), things);
  // `focus on` and `look at` accept anything in scope.
  blocks.set('focus on', focus);
  one('go to', def('move through door'), things);
  blocks.set('inventory', ['inventory']);
  blocks.set('look around', ['look around']);
  blocks.set('look at', lookAt);
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

  // Two-object templates. Each side is filtered first by what the template's check asks of it alone; what
  // is left of `move` and `pour`'s checks is that nothing goes into itself or into what it holds, tested
  // here against each container's chain of holders, found once (these blocks are most of the list).
  const openContainers = things.filter((t) => get(t.id).container?.open);
  // What holds what decides `move` and `pour`: part of their blocks' signatures. Each open container's
  // holders, innermost first, end with −1 in one flat list (`start` says where each container's begin).
  const chains: number[] = [];
  const start = new Map<number, number>();
  for (const c of openContainers) {
    start.set(c.id, chains.length);
    for (let cur = get(c.id).parent, guard = 0; cur >= 0 && guard < 64; cur = get(cur).parent, guard++) chains.push(cur);
    chains.push(-1);
  }
  const notInside = (a: Named, b: Named) => {
    for (let i = start.get(b.id)!; chains[i] !== -1; i++) if (chains[i] === a.id) return false;
    return true;
  };
  const movers = things.filter((t) => {
    const x = get(t.id);
    return x.movable && x.material?.state !== 'liquid' && x.material?.state !== 'gas';
  });
  cachedPairs('move', 'to', notInside, movers, openContainers, chains);
  const pourable = things.filter((t) => {
    const x = get(t.id);
    if (!x.movable) return false;
    if (x.container?.isContainer) return x.container.open;
    // A liquid is poured from its container, which must be one that can be lifted.
    return x.material?.state === 'liquid' && x.parent >= 0 && get(x.parent).movable;
  });
  cachedPairs('pour', 'into', notInside, pourable, openContainers, chains);
  const dunkers = things.filter((t) => get(t.id).movable && get(t.id).container?.isContainer && get(t.id).container!.open);
  const wet = things.filter((t) => get(t.id).contents.some((c) => get(c).material?.state === 'liquid'));
  pairs('dunk', 'into', checked(def('dunk object')), dunkers, wet);
  // `use`'s check asks only that the first thing be usable.
  const tools = things.filter((t) => get(t.id).device?.usable);
  cachedPairs('use', 'on', () => true, tools, everything);
  if (options.electrical) {
    one('disconnect', def('disconnect electrically'), things);
    const free = terminals.filter((t) => !w.linkOf(t.id));
    const plain = things.filter((t) => {
      const x = get(t.id);
      return !x.electrical && w.hasTerminals(x) && x.movable;
    });
    if (free.length) {
      // A terminal on at least one side: terminal–terminal, terminal–thing and thing–terminal. The pair is
      // valid exactly when `connect`'s check would pass: both sides have a terminal to use, two different
      // ones, and neither is taken (each side's terminal is found once, not once per pair).
      const sides = merge(free, plain);
      const terminal = new Map<number, number>();
      for (const side of sides) {
        const found = terminalFor(w, side.id);
        terminal.set(side.id, 'tid' in found && !w.linkOf(found.tid) ? found.tid : 0);
      }
      const isTerminal = (n: Named) => n.id < 0;
      const usable = sides.map((side) => terminal.get(side.id)!);
      cachedPairs('connect', 'to', (a, b) => (isTerminal(a) || isTerminal(b)) && terminal.get(a.id)! !== 0 && terminal.get(b.id)! !== 0 && terminal.get(a.id) !== terminal.get(b.id), sides, sides, usable);
    }
  }

  // Each block is in order and the verbs sort the blocks, so the whole list comes out sorted.
  const inOrder: string[][] = [];
  for (const verb of VERB_ORDER) {
    const block = blocks.get(verb);
    if (block) inOrder.push(block);
  }
  return ([] as string[]).concat(...inOrder);
}

/** Every verb a block can have, sorted (the order the blocks are listed in). */
const VERB_ORDER = [
  'activate', 'close', 'connect', 'deactivate', 'disconnect', 'dunk', 'eat', 'flush', 'focus on', 'go to', 'inventory', 'look around', 'look at', 'look in',
  'mix', 'move', 'open', 'pick up', 'pour', 'put down', 'read', 'reset task', 'task', 'teleport to', 'use', 'wait', 'wait1',
].sort();

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareNamed(x: Named, y: Named): number {
  return x.name < y.name ? -1 : x.name > y.name ? 1 : x.id - y.id;
}

function merge(a: Named[], b: Named[]): Named[] {
  return [...a, ...b].sort(compareNamed);
}
