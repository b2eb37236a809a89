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
import { ACTIONS, type ActionContext, type ActionDef, terminalFor } from './actions.ts';
import type { Scope } from './scope.ts';

const byName = new Map(ACTIONS.map((a) => [a.name, a]));
const def = (name: string): ActionDef => byName.get(name)!;

interface Named {
  id: number;
  name: string;
}

/** A block of actions with the facts it was computed from (its signature). */
interface KeptBlock {
  signature: (string | number)[];
  lines: string[];
}

export interface ValidActionOptions {
  electrical: boolean;
  teleport: boolean;
}

/**
 * The valid actions of one episode's world. It keeps the two-object blocks it last listed, each with its
 * signature (the things on each side, their names, what holds what): most actions leave those as they were,
 * and then the block (hundreds of strings in a furnished room) is the same.
 */
export class ValidActionLister {
  private readonly kept = new Map<string, KeptBlock>();
  /** Where a block's signature is put together before it is compared with the kept one. */
  private readonly scratch: (string | number)[] = [];

  list(ctx: ActionContext, scope: Scope, options: ValidActionOptions): string[] {
    const w = ctx.w;
    const { things, terminals, everything, focus, lookAt } = namedLists(scope);
    const blocks = new Map<string, string[]>();
    oneObjectBlocks(ctx, things, options.electrical ? ONE_OBJECT_WIRED : ONE_OBJECT, blocks);
    // `focus on` and `look at` accept anything in scope.
    blocks.set('focus on', focus);
    blocks.set('look at', lookAt);
    blocks.set('mix', mixBlock(w, things));
    for (const verb of BARE_VERBS) blocks.set(verb, [verb]);
    if (options.teleport) blocks.set('teleport to', teleportBlock(w));

    const sides = twoObjectSides(w, things);
    const { chains, notInside } = containment(w, sides.openContainers);
    blocks.set('move', this.keptPairs(scope, 'move', 'to', notInside, sides.movers, sides.openContainers, chains));
    blocks.set('pour', this.keptPairs(scope, 'pour', 'into', notInside, sides.pourable, sides.openContainers, chains));
    const dunk = def('dunk object');
    blocks.set(
      'dunk',
      pairs('dunk', 'into', (a, b) => dunk.check(ctx, a.id, b.id) === null, sides.dunkers, sides.wet),
    );
    // `use`'s check asks only that the first thing be usable.
    blocks.set(
      'use',
      this.keptPairs(scope, 'use', 'on', () => true, sides.tools, everything),
    );
    if (options.electrical) {
      const connect = this.connectBlock(w, scope, terminals, sides.plain);
      if (connect) blocks.set('connect', connect);
    }
    return inVerbOrder(blocks);
  }

  /** `pairs`, unless the block's signature (both sides' ids and names, plus what `facts` adds) is unchanged. */
  private keptPairs(
    scope: Scope,
    verb: string,
    joiner: string,
    accept: (a: Named, b: Named) => boolean,
    as: Named[],
    bs: Named[],
    facts: (string | number)[] = [],
  ): string[] {
    // Built in a scratch list, and kept (copied) only when it differs from the last one.
    const signature = this.scratch;
    signature.length = 0;
    signature.push(scope.location, as.length);
    for (const a of as) signature.push(a.id, a.name);
    signature.push(bs.length);
    for (const b of bs) signature.push(b.id, b.name);
    for (const f of facts) signature.push(f);
    const last = this.kept.get(verb);
    if (last && sameSignature(last.signature, signature)) return last.lines;
    const lines = pairs(verb, joiner, accept, as, bs);
    this.kept.set(verb, { signature: signature.slice(), lines });
    return lines;
  }

  /**
   * `connect` pairs: a terminal on at least one side (terminal–terminal, terminal–thing, thing–terminal).
   * A pair is valid exactly when `connect`'s check would pass: both sides have a terminal to use, two
   * different ones, and neither is taken (each side's terminal is found once, not once per pair).
   */
  private connectBlock(w: World, scope: Scope, terminals: Named[], plain: Named[]): string[] | null {
    const free = terminals.filter((t) => !w.linkOf(t.id));
    if (!free.length) return null;
    const sides = merge(free, plain);
    // The terminal each side would use (0: none), by thing id and by terminal (`-id`).
    const ofThing: number[] = new Array(w.things.length);
    const ofTerminal: number[] = new Array(2 * w.things.length + 2);
    const usable: number[] = [];
    for (const side of sides) {
      const found = terminalFor(w, side.id);
      const tid = 'tid' in found && !w.linkOf(found.tid) ? found.tid : 0;
      if (side.id >= 0) ofThing[side.id] = tid;
      else ofTerminal[-side.id] = tid;
      usable.push(tid);
    }
    const terminalOf = (n: Named) => (n.id >= 0 ? ofThing[n.id] : ofTerminal[-n.id]);
    const accept = (a: Named, b: Named) => {
      if (a.id >= 0 && b.id >= 0) return false;
      const ta = terminalOf(a);
      const tb = terminalOf(b);
      return ta !== 0 && tb !== 0 && ta !== tb;
    };
    return this.keptPairs(scope, 'connect', 'to', accept, sides, sides, usable);
  }
}

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
    const things = sortedByName(
      scope,
      scope.things.map((t) => t.id),
    );
    const terminals = sortedByName(scope, scope.terminals);
    const everything = merge(things, terminals);
    return { things, terminals, everything, focus: eachName('focus on', everything), lookAt: eachName('look at', everything) };
  });
}

function sortedByName(scope: Scope, ids: number[]): Named[] {
  return ids.map((id) => ({ id, name: scope.uniqueName(id) })).sort(compareNamed);
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

/** The actions that take no object. */
const BARE_VERBS = ['inventory', 'look around', 'reset task', 'task', 'wait', 'wait1'];

/**
 * The one-object blocks, in one pass over the things (sorted by name). Two things that share a name give
 * the same action, so a name already listed for a verb is skipped.
 */
function oneObjectBlocks(ctx: ActionContext, things: Named[], templates: readonly OneObject[], blocks: Map<string, string[]>): void {
  const w = ctx.w;
  const outs: string[][] = templates.map(() => []);
  const lasts: (string | null)[] = templates.map(() => null);
  for (const c of things) {
    const t = w.get(c.id);
    for (let v = 0; v < templates.length; v++) {
      const template = templates[v];
      if (c.name === lasts[v] || (template.may && !template.may(t, w)) || template.def.check(ctx, c.id, 0) !== null) continue;
      outs[v].push(`${template.verb} ${c.name}`);
      lasts[v] = c.name;
    }
  }
  for (let v = 0; v < templates.length; v++) blocks.set(templates[v].verb, outs[v]);
}

/** `mix` for each container that shows two things or more. */
function mixBlock(w: World, things: Named[]): string[] {
  const out: string[] = [];
  for (const t of things) if (w.get(t.id).container && visibleCount(w, w.get(t.id)) >= 2) out.push(`mix ${t.name}`);
  return out;
}

/** `teleport to` each location, the current one too (ScienceWorld lists it). */
function teleportBlock(w: World): string[] {
  return w
    .locations()
    .map((l) => l.name)
    .sort()
    .map((name) => `teleport to ${name}`);
}

/** Each side of each two-object template, in one pass over the things (in name order, as the blocks are). */
interface TwoObjectSides {
  openContainers: Named[];
  movers: Named[];
  pourable: Named[];
  dunkers: Named[];
  wet: Named[];
  tools: Named[];
  /** Ordinary things that may be wired in (by their own name, taking a free terminal). */
  plain: Named[];
}

/**
 * Each side is filtered first by what the template's check asks of it alone; what is left of `move` and
 * `pour`'s checks is that nothing goes into itself or into what it holds (see `containment`).
 */
function twoObjectSides(w: World, things: Named[]): TwoObjectSides {
  const sides: TwoObjectSides = { openContainers: [], movers: [], pourable: [], dunkers: [], wet: [], tools: [], plain: [] };
  for (const t of things) {
    const x = w.get(t.id);
    const state = x.material?.state;
    const openContainer = !!x.container?.isContainer && x.container.open;
    if (x.container?.open) sides.openContainers.push(t);
    if (x.movable && state !== 'liquid' && state !== 'gas') sides.movers.push(t);
    // A container pours out its contents; a liquid is poured from its container, which must be one that can be lifted.
    if (x.movable && (x.container?.isContainer ? x.container.open : state === 'liquid' && x.parent >= 0 && w.get(x.parent).movable)) sides.pourable.push(t);
    if (x.movable && openContainer) sides.dunkers.push(t);
    if (holdsLiquid(w, x)) sides.wet.push(t);
    if (x.device?.usable) sides.tools.push(t);
    if (!x.electrical && x.movable && w.hasTerminals(x)) sides.plain.push(t);
  }
  return sides;
}

/**
 * What holds what decides `move` and `pour` (and is part of their blocks' signatures): each open
 * container's holders, innermost first, ending with −1, in one flat list (`start` says where each
 * container's begin), and the test that a thing is not among a container's holders.
 */
function containment(w: World, openContainers: Named[]): { chains: number[]; notInside: (a: Named, b: Named) => boolean } {
  const chains: number[] = [];
  const start: number[] = new Array(w.things.length);
  for (const c of openContainers) {
    start[c.id] = chains.length;
    for (let cur = w.get(c.id).parent, guard = 0; cur >= 0 && guard < 64; cur = w.get(cur).parent, guard++) chains.push(cur);
    chains.push(-1);
  }
  const notInside = (a: Named, b: Named) => {
    for (let i = start[b.id]; chains[i] !== -1; i++) if (chains[i] === a.id) return false;
    return true;
  };
  return { chains, notInside };
}

/** `<verb> <a> <joiner> <b>` for each pair `accept` takes, in sorted order. */
function pairs(verb: string, joiner: string, accept: (a: Named, b: Named) => boolean, as: Named[], bs: Named[]): string[] {
  const out: string[] = [];
  // Sorted by `<name> <joiner>` (not by name alone: a name that is a prefix of another sorts differently).
  const firsts = inJoinedOrder(as, ' ' + joiner);
  for (let i = 0; i < firsts.length; ) {
    const a = firsts[i];
    // Indistinguishable things (two empty wood cups) share one name, and so one set of actions: the second
    // objects any of them accepts. `bs` is sorted by name, and so are the actions that share this head.
    let end = i + 1;
    while (end < firsts.length && firsts[end].name === a.name) end++;
    const head = `${verb} ${a.name} ${joiner} `;
    let last: string | null = null;
    for (const b of bs) {
      if (b.name === last) continue;
      let accepted = false;
      for (let g = i; g < end && !accepted; g++) accepted = firsts[g].id !== b.id && accept(firsts[g], b);
      if (!accepted) continue;
      out.push(head + b.name);
      last = b.name;
    }
    i = end;
  }
  return out;
}

/** The blocks concatenated in the order of their verbs: each block is in order, so the whole list is sorted. */
function inVerbOrder(blocks: Map<string, string[]>): string[] {
  let total = 0;
  for (const verb of VERB_ORDER) total += blocks.get(verb)?.length ?? 0;
  const out = new Array<string>(total);
  let at = 0;
  for (const verb of VERB_ORDER) {
    const block = blocks.get(verb);
    if (block) for (let i = 0; i < block.length; i++) out[at++] = block[i];
  }
  return out;
}

interface OneObject {
  verb: string;
  def: ActionDef;
  /**
   * What a thing must at least be for the template's check to pass (the check still decides). Most things
   * in a room fail most templates, and a check says why by building a message: this test spares that.
   */
  may?: (t: Thing, w: World) => boolean;
}

const openOrClose = (t: Thing) => !!(t.portal || t.container);
const switchable = (t: Thing) => !!t.device?.activable;

/** The one-object templates (besides `focus on`, `look at` and `mix`), with the verb each is listed with. */
const ONE_OBJECT: readonly OneObject[] = [
  { verb: 'activate', def: def('activate'), may: switchable },
  { verb: 'close', def: def('close door'), may: openOrClose },
  { verb: 'deactivate', def: def('deactivate'), may: switchable },
  { verb: 'eat', def: def('eat'), may: (t) => !!t.edible },
  { verb: 'flush', def: def('flush'), may: (t) => t.kind === 'toilet' },
  { verb: 'go to', def: def('move through door'), may: (t, w) => t.kind === 'door' || w.isLocation(t) },
  { verb: 'look in', def: def('look in'), may: (t) => !!t.container },
  { verb: 'open', def: def('open door'), may: openOrClose },
  { verb: 'pick up', def: def('pick up'), may: (t) => t.movable },
  { verb: 'put down', def: def('put down'), may: (t, w) => t.parent === w.inventory.id },
  { verb: 'read', def: def('read'), may: (t) => t.kind === 'book' || t.kind === 'paper' || t.kind === 'recipe' },
];

/** With electrical actions: `disconnect` too (its check is cheap, and passes for almost anything). */
const ONE_OBJECT_WIRED: readonly OneObject[] = [...ONE_OBJECT, { verb: 'disconnect', def: def('disconnect electrically') }];

/** Whether a thing holds a liquid (something may be dunked into it). */
function holdsLiquid(w: World, t: Thing): boolean {
  for (const c of t.contents) if (w.get(c).material?.state === 'liquid') return true;
  return false;
}

/** How many things a container shows (hidden ones, such as a sink's drain water, do not count). */
function visibleCount(w: World, t: Thing): number {
  let n = 0;
  for (const c of t.contents) if (!w.get(c).hidden) n++;
  return n;
}

/** Every verb a block can have, sorted (the order the blocks are listed in). */
const VERB_ORDER = [
  'activate',
  'close',
  'connect',
  'deactivate',
  'disconnect',
  'dunk',
  'eat',
  'flush',
  'focus on',
  'go to',
  'inventory',
  'look around',
  'look at',
  'look in',
  'mix',
  'move',
  'open',
  'pick up',
  'pour',
  'put down',
  'read',
  'reset task',
  'task',
  'teleport to',
  'use',
  'wait',
  'wait1',
].sort();

/**
 * Things (sorted by name) in the order of `<name><suffix>`, as a stable sort by those strings would give,
 * without building them: the orders differ only where one name is a prefix of another (`wood` and `wood cup`
 * against `wood to` and `wood cup to`), so a list that is already in order, as most are, comes back as is.
 */
function inJoinedOrder(items: Named[], suffix: string): Named[] {
  let sorted = true;
  for (let i = 1; i < items.length && sorted; i++) if (compareJoined(items[i - 1].name, items[i].name, suffix) > 0) sorted = false;
  return sorted ? items : items.slice().sort((x, y) => compareJoined(x.name, y.name, suffix));
}

/** Compares `a + suffix` with `b + suffix` (by UTF-16 code units, as `<` does). */
function compareJoined(a: string, b: string, suffix: string): number {
  const la = a.length + suffix.length;
  const lb = b.length + suffix.length;
  const n = Math.min(la, lb);
  for (let i = 0; i < n; i++) {
    const ca = i < a.length ? a.charCodeAt(i) : suffix.charCodeAt(i - a.length);
    const cb = i < b.length ? b.charCodeAt(i) : suffix.charCodeAt(i - b.length);
    if (ca !== cb) return ca - cb;
  }
  return la - lb;
}

function compareNamed(x: Named, y: Named): number {
  return x.name < y.name ? -1 : x.name > y.name ? 1 : x.id - y.id;
}

function merge(a: Named[], b: Named[]): Named[] {
  return [...a, ...b].sort(compareNamed);
}
