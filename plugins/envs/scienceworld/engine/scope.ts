/**
 * What the agent can act on: its location, the doors there and the locations behind them, and everything
 * reachable without opening anything (through open containers, including its own inventory). Terminals of
 * wires and components are listed too; every thing's terminals can be named (`metal fork terminal 1`).
 *
 * A scope is rebuilt only when the world's version or the agent's location changes, and lazily computes the
 * lookup tables the parser and the valid-action lister need.
 */
import { baseReferents, doorReferent, terminalReferents, tokenKey } from '../world/referents.ts';
import type { Thing, World } from '../world/world.ts';

const TERMINAL_WORDS = new Set(['terminal', 'anode', 'cathode']);

/** A thing's names, as derived at one revision of it (see `Thing.rev`). */
interface Names {
  rev: number;
  name: string;
  refs: string[];
  sorted?: string[];
  /** Each referent as the parser compares it (see `tokenKey`). */
  tokens?: string[];
  keys?: Set<string>;
  /** The referents as a set (for `… in <container>` counts). */
  set?: Set<string>;
}

/**
 * Names of things per world, kept across scopes: a new scope is built after most actions, but most things
 * in it have not changed, and deriving their names is much of what building a scope costs. A door is kept
 * once per side (what it is called depends on the side one stands on).
 */
const namesByWorld = new WeakMap<World, Map<number, Names>>();

/** Cache key of a door seen from one side (doors are named after the room across). */
function doorKey(id: number, location: number): number {
  return 1e9 + id * 4096 + location;
}

function namesCache(w: World): Map<number, Names> {
  let cache = namesByWorld.get(w);
  if (!cache) namesByWorld.set(w, (cache = new Map()));
  return cache;
}

function namesOf(w: World, cache: Map<number, Names>, id: number, location: number): Names {
  // A terminal is named after its owner, so it keeps its names while the owner does.
  const owner = id < 0 ? w.get(w.terminalOwner(id)) : w.get(id);
  const key = id >= 0 && owner.kind === 'door' ? doorKey(id, location) : id;
  const hit = cache.get(key);
  if (hit && hit.rev === owner.rev && hit.name === owner.name) return hit;
  const refs = id < 0 ? terminalReferents(w, id) : baseReferents(w, owner, location);
  if (hit && sameStrings(hit.refs, refs)) {
    // A change that left the names as they were (a stove switched on): keep the entry, and what hangs on it.
    hit.rev = owner.rev;
    hit.name = owner.name;
    return hit;
  }
  const entry: Names = { rev: owner.rev, name: owner.name, refs };
  cache.set(key, entry);
  return entry;
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The unique names last chosen in a world, with what they were chosen from: the things listed, their names
 * and the names of what holds each. A new scope with all of these the same gets the same names (and when
 * none of those things has even changed since, that is seen from their revisions alone).
 */
interface UniqueNames {
  location: number;
  ids: number[];
  names: Names[];
  holders: (Names | null)[];
  /** Revisions of the listed things and their holders when last found unchanged (see `sameRevisions`). */
  revisions: number[];
  result: Map<number, string>;
  /** What else is derived from the same things and names, kept with them (see `Scope.keep`). */
  kept: Map<string, unknown>;
}

const uniqueByWorld = new WeakMap<World, UniqueNames>();

export class Scope {
  /** The location's cache key (see `World.placeKey`) this scope was built at. */
  readonly key: string;
  readonly location: number;
  /** Visible things in scope (listed in valid actions), in discovery order. */
  readonly things: Thing[] = [];
  /** Terminals of wires and components in scope (listed in valid actions). */
  readonly terminals: number[] = [];
  /** Things (not terminals) that can be named: the visible things and the drains of sinks. */
  private readonly nameable = new Set<number>();
  /** Locations out of view, nameable only with the teleport simplification. */
  private readonly teleportOnly = new Set<number>();
  /** Names looked up in this scope, by thing id and by terminal (`-id`): arrays, as lookups here are many. */
  private readonly thingNames: (Names | undefined)[];
  private readonly terminalNames: (Names | undefined)[];
  private namesCache?: Map<number, Names>;
  private index?: Map<string, number[]>;
  private unique?: Map<number, string>;
  private uniqueRecord?: UniqueNames;

  constructor(
    private readonly w: World,
    teleport = false,
  ) {
    this.thingNames = new Array(w.things.length);
    this.terminalNames = new Array(2 * w.things.length + 2);
    const here = w.here();
    this.location = here.id;
    this.key = w.placeKey(here.id);
    const add = (t: Thing) => {
      if (this.nameable.has(t.id)) return;
      this.nameable.add(t.id);
      this.things.push(t);
    };
    add(here);
    for (const p of here.portals ?? []) {
      const door = w.get(p);
      if (door.hidden) continue;
      add(door);
      add(w.get(w.across(door, here.id)));
    }
    const walk = (container: Thing) => {
      for (const id of container.contents) {
        const t = w.get(id);
        if (t.hidden) continue;
        add(t);
        if (t.electrical) this.terminals.push(w.terminalId(t.id, 0), w.terminalId(t.id, 1));
        if (t.portals) for (const p of t.portals) this.nameable.add(p);
        // The agent's own inventory is always at hand.
        if (t.container?.open || t.kind === 'agent') walk(t);
      }
    };
    walk(here);
    if (teleport) {
      for (const l of w.locations()) {
        if (this.nameable.has(l.id)) continue;
        this.nameable.add(l.id);
        this.teleportOnly.add(l.id);
      }
    }
  }

  /** Whether a location can be named here only as a place to teleport to (it is not in view). */
  onlyForTeleport(id: number): boolean {
    return this.teleportOnly.has(id);
  }

  static current(w: World, previous: Scope | undefined, teleport = false): Scope {
    if (previous && previous.location === w.agent.parent && previous.key === w.placeKey(previous.location)) return previous;
    return new Scope(w, teleport);
  }

  /** Whether an id (a thing, or a terminal of a thing in scope) can be named here. */
  has(id: number): boolean {
    if (id >= 0) return this.nameable.has(id);
    const owner = this.w.terminalOwner(id);
    return this.nameable.has(owner) && this.w.hasTerminals(this.w.get(owner));
  }

  /** The names this thing (or terminal) answers to here. */
  referents(id: number): string[] {
    return this.names(id).refs;
  }

  private names(id: number): Names {
    const table = id >= 0 ? this.thingNames : this.terminalNames;
    const at = id >= 0 ? id : -id;
    let names = table[at];
    if (!names) {
      names = namesOf(this.w, (this.namesCache ??= namesCache(this.w)), id, this.location);
      table[at] = names;
    }
    return names;
  }

  /** The referents in sorted order (shared; do not change). */
  private sortedReferents(id: number): string[] {
    const names = this.names(id);
    return (names.sorted ??= names.refs.slice().sort());
  }

  /** The container whose names extend a thing's referents (`water in metal pot`); terminals belong to their owner. */
  containerOf(id: number): number {
    if (id < 0) return this.w.terminalOwner(id);
    const t = this.w.get(id);
    return t.portal ? -1 : t.parent;
  }

  /** Token keys of a container's names (for `… in <container>`). */
  private keysOfContainer(id: number): Set<string> {
    const names = this.names(id);
    return (names.keys ??= new Set(this.tokenKeys(names)));
  }

  private tokenKeys(names: Names): string[] {
    return (names.tokens ??= names.refs.map(tokenKey));
  }

  /**
   * The parser's lookup from names to things. Like the unique names, it stays the same while the things in
   * scope and their names do (their unique-name map is then the same object), so it is kept with that map.
   */
  private lookup(): Map<string, number[]> {
    return this.uniqueRecord ? this.keep('parser index', () => this.buildIndex()) : this.buildIndex();
  }

  /**
   * Something derived from the things in scope and their names alone, made once and kept for as long as
   * they stay the same (across scopes, with the unique names).
   */
  keep<T>(key: string, make: () => T): T {
    this.uniqueNames();
    const kept = this.uniqueRecord!.kept;
    if (!kept.has(key)) kept.set(key, make());
    return kept.get(key) as T;
  }

  private buildIndex(): Map<string, number[]> {
    const index = new Map<string, number[]>();
    for (const id of this.nameable) {
      for (const key of this.tokenKeys(this.names(id))) {
        const list = index.get(key);
        if (!list) index.set(key, [id]);
        else if (list[list.length - 1] !== id) list.push(id);
      }
    }
    return index;
  }

  /** Things (not terminals) named by these tokens: `water`, `water in metal pot`. */
  private resolveThings(tokens: string[]): number[] {
    this.index ??= this.lookup();
    const out: number[] = [];
    const direct = this.index.get(tokens.join(' '));
    if (direct) for (const id of direct) out.push(id);
    for (let i = 1; i < tokens.length - 1; i++) {
      if (tokens[i] !== 'in' && tokens[i] !== 'on') continue;
      const left = this.index.get(tokens.slice(0, i).join(' '));
      if (!left) continue;
      const right = tokens.slice(i + 1).join(' ');
      for (const id of left) {
        const container = this.containerOf(id);
        if (container >= 0 && !out.includes(id) && this.keysOfContainer(container).has(right)) out.push(id);
      }
    }
    return out;
  }

  /** Terminals named by these tokens: `red wire terminal 1`, `anode on battery`, `cathode`. */
  private resolveTerminals(tokens: string[]): number[] {
    const w = this.w;
    const out: number[] = [];
    const add = (owners: Iterable<number>, slot: 0 | 1, polar: boolean) => {
      for (const o of owners) {
        const t = w.get(o);
        if (!w.hasTerminals(t)) continue;
        const isPolar = t.electrical === 'user' || t.electrical === 'source' || t.electrical === 'switch';
        if (isPolar === polar) out.push(w.terminalId(o, slot));
      }
    };
    // What a label alone or `<label> on/in <owner>` / `<owner> <label>` names.
    const label = (at: number): { slot: 0 | 1 | 2; polar: boolean; length: number } | null => {
      const word = tokens[at];
      if (word === 'anode' || word === 'cathode') return { slot: word === 'anode' ? 0 : 1, polar: true, length: 1 };
      if (word === 'terminal') {
        const n = tokens[at + 1];
        if (n === '1' || n === '2') return { slot: n === '1' ? 0 : 1, polar: false, length: 2 };
        return { slot: 2, polar: false, length: 1 };
      }
      return null;
    };
    const slots = (l: { slot: 0 | 1 | 2 }): (0 | 1)[] => (l.slot === 2 ? [0, 1] : [l.slot]);
    const head = label(0);
    if (head) {
      if (head.length === tokens.length) {
        for (const s of slots(head)) {
          add(this.nameable, s, head.polar);
          if (head.slot === 2) add(this.nameable, s, true);
        }
      } else if (tokens[head.length] === 'on' || tokens[head.length] === 'in') {
        const owners = this.resolveThings(tokens.slice(head.length + 1));
        for (const s of slots(head)) add(owners, s, head.polar);
      }
    }
    for (const back of [1, 2]) {
      if (tokens.length <= back) continue;
      const tail = label(tokens.length - back);
      if (!tail || tail.length !== back) continue;
      const owners = this.resolveThings(tokens.slice(0, tokens.length - back));
      for (const s of slots(tail)) add(owners, s, tail.polar);
    }
    return out;
  }

  /** Ids in scope that a (tokenized) referent names. */
  resolve(tokens: string[]): number[] {
    const things = this.resolveThings(tokens);
    if (!tokens.some((t) => TERMINAL_WORDS.has(t))) return things.sort((a, b) => a - b);
    const terminals = this.resolveTerminals(tokens).filter((id, i, all) => all.indexOf(id) === i);
    return [...things.sort((a, b) => a - b), ...terminals.sort((a, b) => b - a)];
  }

  /**
   * The name each listed thing gets in valid actions: its alphabetically first referent (including the
   * `in <container>` forms) that no other listed thing shares, as ScienceWorld chooses them; doors are named
   * `door to <location>`.
   */
  /**
   * The unique names of everything listed (see `uniqueName`). The same map object comes back for a later
   * scope whose things and names are all as they were, so what is derived from it can be kept by identity.
   */
  uniqueNames(): ReadonlyMap<number, string> {
    if (!this.unique) {
      this.uniqueRecord = this.chooseUniqueNames();
      this.unique = this.uniqueRecord.result;
    }
    return this.unique;
  }

  uniqueName(id: number): string {
    const name = this.uniqueNames().get(id);
    if (name !== undefined) return name;
    return id < 0 ? this.referents(id)[0] : this.w.get(id).name;
  }

  private chooseUniqueNames(): UniqueNames {
    const ids = [...this.things.map((t) => t.id), ...this.terminals];
    const last = uniqueByWorld.get(this.w);
    const same = last !== undefined && last.location === this.location && sameList(last.ids, ids);
    // Quickest: nothing listed, nor what holds it, has changed since (their revisions say so).
    if (same && this.sameRevisions(last, ids)) return last;
    const names = same ? this.namesSince(last, ids) : ids.map((id) => this.names(id));
    const holders = ids.map((id) => {
      const c = this.containerOf(id);
      return c >= 0 ? this.names(c) : null;
    });
    if (same && sameList(last.names, names) && sameList(last.holders, holders)) {
      // Changed, but not in name: note the revisions, for the quick test next time.
      last.revisions = this.revisions(ids);
      return last;
    }
    const record: UniqueNames = {
      location: this.location,
      ids,
      names,
      holders,
      revisions: this.revisions(ids),
      result: this.computeUniqueNames(ids),
      kept: new Map(),
    };
    uniqueByWorld.set(this.w, record);
    return record;
  }

  /**
   * The names of the things last listed (the same ids): a thing whose revision is the one last noted has the
   * names it had (the entry `namesOf` would give again), and only the others are looked up. Either way this
   * scope's table holds them afterwards.
   */
  private namesSince(last: UniqueNames, ids: number[]): Names[] {
    const things = this.w.things;
    const r = last.revisions;
    const out: Names[] = new Array(ids.length);
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      const owner = things[id < 0 ? this.w.terminalOwner(id) : id];
      const before = last.names[i];
      if (owner.rev === r[3 * i] && before.rev === owner.rev && before.name === owner.name) {
        if (id >= 0) this.thingNames[id] ??= before;
        else this.terminalNames[-id] ??= before;
        out[i] = id >= 0 ? this.thingNames[id]! : this.terminalNames[-id]!;
      } else out[i] = this.names(id);
    }
    return out;
  }

  /** For each listed id: its owner's revision, what holds it, and that holder's revision. */
  private revisions(ids: number[]): number[] {
    const out: number[] = [];
    const things = this.w.things;
    for (const id of ids) {
      const c = this.containerOf(id);
      out.push(things[id < 0 ? this.w.terminalOwner(id) : id].rev, c, c >= 0 ? things[c].rev : -1);
    }
    return out;
  }

  private sameRevisions(last: UniqueNames, ids: number[]): boolean {
    const r = last.revisions;
    const things = this.w.things;
    for (let i = 0, j = 0; i < ids.length; i++, j += 3) {
      const id = ids[i];
      if (things[id < 0 ? this.w.terminalOwner(id) : id].rev !== r[j]) return false;
      const c = this.containerOf(id);
      if (c !== r[j + 1] || (c >= 0 && things[c].rev !== r[j + 2])) return false;
    }
    return true;
  }

  private computeUniqueNames(ids: number[]): Map<number, string> {
    // Which listed things answer to each name: one id, or a list when several do (most names have one).
    const holders: Holders = new Map();
    for (const id of ids) {
      for (const r of this.referents(id)) {
        const held = holders.get(r);
        if (held === undefined) holders.set(r, id);
        else if (typeof held === 'number') {
          if (held !== id) holders.set(r, [held, id]);
        } else if (held[held.length - 1] !== id) held.push(id);
      }
    }
    const containerRefs = (id: number): string[] => {
      const c = this.containerOf(id);
      return c >= 0 ? this.sortedReferents(c) : [];
    };
    const noNames = new Set<string>();
    const containerSet = (id: number): Set<string> => {
      const c = this.containerOf(id);
      if (c < 0) return noNames;
      const names = this.names(c);
      return (names.set ??= new Set(names.refs));
    };
    /** How many listed things are called `base in container` (equally, `base on container`). */
    const pairCount = (base: string, container: string) => {
      const held = holders.get(base);
      if (held === undefined) return 0;
      if (typeof held === 'number') return containerSet(held).has(container) ? 1 : 0;
      let n = 0;
      for (const o of held) if (containerSet(o).has(container)) n++;
      return n;
    };
    const out = new Map<number, string>();
    for (const id of ids) {
      if (id >= 0 && this.w.get(id).kind === 'door') {
        out.set(id, doorReferent(this.w, this.w.get(id), this.location));
        continue;
      }
      const own = this.sortedReferents(id);
      const cRefs = containerRefs(id);
      let best: string | undefined;
      for (const base of own) {
        if (best !== undefined && base >= best) break;
        if (typeof holders.get(base) === 'number') {
          best = base;
          break;
        }
        // `base in <c>` sorts right after `base` (and before `base on <c>`): the first unique one wins.
        for (const c of cRefs) {
          if (pairCount(base, c) === 1) {
            const candidate = `${base} in ${c}`;
            if (best === undefined || candidate < best) best = candidate;
            break;
          }
        }
      }
      out.set(id, best ?? this.leastShared(id, own, cRefs, holders, pairCount));
    }
    return out;
  }

  /** For indistinguishable things: the least shared referent (the parser will ask which one is meant). */
  private leastShared(_id: number, own: string[], cRefs: string[], holders: Holders, pairCount: (b: string, c: string) => number): string {
    let best = own[0] ?? '';
    let bestCount = Infinity;
    const consider = (r: string, n: number) => {
      if (n < bestCount || (n === bestCount && r < best)) {
        best = r;
        bestCount = n;
      }
    };
    for (const base of own) {
      const held = holders.get(base)!;
      consider(base, typeof held === 'number' ? 1 : held.length);
      for (const c of cRefs) consider(`${base} in ${c}`, pairCount(base, c));
    }
    return best;
  }
}

/** Which listed things answer to each name: the one id, or the ids when several do. */
type Holders = Map<string, number | number[]>;

function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
