/**
 * The simulator: the changing state of one world (where things are, what is open, hot, clean…), the
 * commands admissible in it, and the text each command prints. Only admissible commands act, exactly as
 * in ALFWorld; anything else prints "Nothing happens.".
 *
 * Built for speed: names are resolved through maps built once per world, state lives in typed arrays, and
 * the admissible list is rebuilt only when the state changes.
 */

import type { Grammar } from './text.ts';
import * as T from './text.ts';
import { CLEANABLE, COOLABLE, canContain, HEATABLE, LAMP_CLASSES, RECEPTACLE_OBJECTS, SLICEABLE, SLICERS } from './vocabulary.ts';
import type { WorldSpec } from './world.ts';

export enum Act {
  Look,
  Inventory,
  Help,
  GoTo,
  Open,
  Close,
  Take,
  Put,
  Heat,
  Cool,
  Clean,
  Slice,
  Use,
  ExamineReceptacle,
  ExamineItem,
}

/** Item capability bits. */
const PICKUP = 1,
  HEAT = 2,
  COOL = 4,
  CLEAN = 8,
  SLICE = 16,
  SLICER = 32,
  RECEPTACLE_OBJECT = 64,
  SWITCH = 128;
/** Item state bits. */
const HOT = 1,
  COLD = 2,
  CLEANED = 4,
  SLICED = 8,
  ON = 16;
/** Receptacle appliance kinds. */
const SINK = 1,
  MICROWAVE = 2,
  FRIDGE = 3;

export interface StepOutcome {
  text: string;
  /** The command was admissible and acted. */
  ok: boolean;
  act?: Act;
}

/** Static lookups derived once per world spec and shared by every simulator of that world. */
class WorldIndex {
  readonly recByName = new Map<string, number>();
  readonly itemByName = new Map<string, number>();
  /** `go to X` for every receptacle, sorted as the admissible list is, with the receptacle each names. */
  readonly gotoCommands: string[];
  readonly gotoTarget: Int16Array;
  readonly itemEntry: string[];
  readonly caps: Uint8Array;
  readonly appliance: Uint8Array;
  /** contain[r * nItems + i] = receptacle r can hold item i. */
  readonly contain: Uint8Array;
  readonly overview: string;

  constructor(spec: WorldSpec) {
    const recs = spec.receptacles,
      items = spec.items;
    recs.forEach((r, i) => this.recByName.set(r.name, i));
    items.forEach((it, i) => this.itemByName.set(it.name, i));
    const gotos = recs.map((r, i) => ({ text: `go to ${r.name}`, rec: i })).sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
    this.gotoCommands = gotos.map((g) => g.text);
    this.gotoTarget = Int16Array.from(gotos, (g) => g.rec);
    this.itemEntry = items.map((it) => `a ${it.name}`);
    this.caps = Uint8Array.from(
      items,
      (it, i) =>
        (LAMP_CLASSES.has(it.cls) ? 0 : PICKUP) |
        (HEATABLE.has(it.cls) ? HEAT : 0) |
        (COOLABLE.has(it.cls) ? COOL : 0) |
        (CLEANABLE.has(it.cls) ? CLEAN : 0) |
        (SLICEABLE.has(it.cls) ? SLICE : 0) |
        (SLICERS.has(it.cls) ? SLICER : 0) |
        (RECEPTACLE_OBJECTS.has(it.cls) ? RECEPTACLE_OBJECT : 0) |
        (spec.toggleable[i] ? SWITCH : 0),
    );
    this.appliance = Uint8Array.from(recs, (r) => (r.cls === 'SinkBasin' ? SINK : r.cls === 'Microwave' ? MICROWAVE : r.cls === 'Fridge' ? FRIDGE : 0));
    this.contain = new Uint8Array(recs.length * items.length);
    recs.forEach((r, ri) =>
      items.forEach((it, ii) => {
        this.contain[ri * items.length + ii] = canContain(r.cls, it.cls) ? 1 : 0;
      }),
    );
    this.overview = T.roomOverview(recs.map((r) => `a ${r.name}`));
  }
}

const indexCache = new WeakMap<WorldSpec, WorldIndex>();
function indexOf(spec: WorldSpec): WorldIndex {
  let index = indexCache.get(spec);
  if (!index) {
    index = new WorldIndex(spec);
    indexCache.set(spec, index);
  }
  return index;
}

export class WorldState {
  readonly spec: WorldSpec;
  readonly grammar: Grammar;
  private readonly ix: WorldIndex;
  /** Where each item is: a receptacle id, or -1 while held. */
  readonly itemAt: Int16Array;
  readonly opened: Uint8Array;
  readonly itemState: Uint8Array;
  /** Items the agent has seen (in an observation or in hand). */
  readonly seen: Uint8Array;
  /** The receptacle the agent stands at, or -1 in the middle of the room. */
  agentAt = -1;
  holding = -1;
  private cache: string[] | null = null;

  constructor(spec: WorldSpec, grammar: Grammar) {
    this.spec = spec;
    this.grammar = grammar;
    this.ix = indexOf(spec);
    this.itemAt = Int16Array.from(spec.start);
    this.opened = new Uint8Array(spec.receptacles.length);
    this.itemState = new Uint8Array(spec.items.length);
    this.seen = new Uint8Array(spec.items.length);
  }

  get overview(): string {
    return this.ix.overview;
  }

  receptacleId(name: string): number {
    return this.ix.recByName.get(name) ?? -1;
  }

  itemId(name: string): number {
    return this.ix.itemByName.get(name) ?? -1;
  }

  isVisible(rec: number): boolean {
    return !this.spec.receptacles[rec].openable || this.opened[rec] === 1;
  }

  isHot(item: number): boolean {
    return (this.itemState[item] & HOT) !== 0;
  }
  isCool(item: number): boolean {
    return (this.itemState[item] & COLD) !== 0;
  }
  isClean(item: number): boolean {
    return (this.itemState[item] & CLEANED) !== 0;
  }
  isOn(item: number): boolean {
    return (this.itemState[item] & ON) !== 0;
  }

  /** Names of the items in a receptacle, with articles, in listing order. */
  contents(rec: number): string {
    const entries: string[] = [];
    const at = this.itemAt;
    for (let i = 0; i < at.length; i++) if (at[i] === rec) entries.push(this.ix.itemEntry[i]);
    return T.joinList(entries);
  }

  private view(rec: number): string {
    const r = this.spec.receptacles[rec];
    const visible = this.isVisible(rec);
    if (visible) this.markSeen(rec);
    return T.receptacleView(r.name, r.openable, this.opened[rec] === 1, visible ? this.contents(rec) : '');
  }

  private markSeen(rec: number): void {
    const at = this.itemAt;
    for (let i = 0; i < at.length; i++) if (at[i] === rec) this.seen[i] = 1;
  }

  look(): string {
    return this.agentAt < 0 ? this.ix.overview : T.facing(this.spec.receptacles[this.agentAt].name);
  }

  /** Parses a command into (act, a, b); returns false when it is not a command of this grammar. */
  private parse(cmd: string, out: Int32Array): boolean {
    const sp = cmd.indexOf(' ');
    const verb = sp < 0 ? cmd : cmd.slice(0, sp);
    const rest = sp < 0 ? '' : cmd.slice(sp + 1);
    const ix = this.ix;
    const rec = (name: string) => ix.recByName.get(name) ?? -1;
    const item = (name: string) => ix.itemByName.get(name) ?? -1;
    const two = (sep: string): [string, string] | null => {
      const k = rest.indexOf(sep);
      return k < 0 ? null : [rest.slice(0, k), rest.slice(k + sep.length)];
    };
    let pair: [string, string] | null;
    switch (verb) {
      case 'look':
        out[0] = Act.Look;
        return rest === '';
      case 'inventory':
        out[0] = Act.Inventory;
        return rest === '';
      case 'help':
        out[0] = Act.Help;
        return rest === '' && this.grammar === 'current';
      case 'go':
        if (!rest.startsWith('to ')) return false;
        out[0] = Act.GoTo;
        out[1] = rec(rest.slice(3));
        return out[1] >= 0;
      case 'open':
        out[0] = Act.Open;
        out[1] = rec(rest);
        return out[1] >= 0;
      case 'close':
        out[0] = Act.Close;
        out[1] = rec(rest);
        return out[1] >= 0;
      case 'take':
        pair = two(' from ');
        if (!pair) return false;
        out[0] = Act.Take;
        out[1] = item(pair[0]);
        out[2] = rec(pair[1]);
        return out[1] >= 0 && out[2] >= 0;
      case 'move':
        if (this.grammar !== 'current' || !(pair = two(' to '))) return false;
        out[0] = Act.Put;
        out[1] = item(pair[0]);
        out[2] = rec(pair[1]);
        return out[1] >= 0 && out[2] >= 0;
      case 'put':
        if (this.grammar !== 'legacy' || !(pair = two(' in/on '))) return false;
        out[0] = Act.Put;
        out[1] = item(pair[0]);
        out[2] = rec(pair[1]);
        return out[1] >= 0 && out[2] >= 0;
      case 'heat':
      case 'cool':
      case 'clean':
        if (!(pair = two(' with '))) return false;
        out[0] = verb === 'heat' ? Act.Heat : verb === 'cool' ? Act.Cool : Act.Clean;
        out[1] = item(pair[0]);
        out[2] = rec(pair[1]);
        return out[1] >= 0 && out[2] >= 0;
      case 'slice':
        if (!(pair = two(' with '))) return false;
        out[0] = Act.Slice;
        out[1] = item(pair[0]);
        out[2] = item(pair[1]);
        return out[1] >= 0 && out[2] >= 0;
      case 'use':
        out[0] = Act.Use;
        out[1] = item(rest);
        return out[1] >= 0;
      case 'examine':
        out[1] = rec(rest);
        if (out[1] >= 0) {
          out[0] = Act.ExamineReceptacle;
          return true;
        }
        out[0] = Act.ExamineItem;
        out[1] = item(rest);
        return out[1] >= 0;
      default:
        return false;
    }
  }

  /** The preconditions of each act: the single source of truth for both `step` and `admissible`. */
  private allowed(act: Act, a: number, b: number): boolean {
    const here = this.agentAt;
    const caps = this.ix.caps;
    switch (act) {
      case Act.Look:
      case Act.Inventory:
      case Act.Help:
        return true;
      case Act.GoTo:
        return a !== here;
      case Act.Open:
        return a === here && this.spec.receptacles[a].openable && this.opened[a] === 0;
      case Act.Close:
        return a === here && this.spec.receptacles[a].openable && this.opened[a] === 1;
      case Act.Take:
        return b === here && this.itemAt[a] === b && this.holding < 0 && (caps[a] & PICKUP) !== 0 && this.isVisible(b);
      case Act.Put:
        return this.holding === a && b === here && this.isVisible(b) && this.ix.contain[b * caps.length + a] === 1;
      case Act.Heat:
        return this.holding === a && b === here && this.ix.appliance[b] === MICROWAVE && (caps[a] & HEAT) !== 0;
      case Act.Cool:
        return this.holding === a && b === here && this.ix.appliance[b] === FRIDGE && (caps[a] & COOL) !== 0;
      case Act.Clean:
        return this.holding === a && b === here && this.ix.appliance[b] === SINK && (caps[a] & CLEAN) !== 0;
      case Act.Slice:
        return this.holding === b && (caps[b] & SLICER) !== 0 && (caps[a] & SLICE) !== 0 && here >= 0 && this.itemAt[a] === here && this.isVisible(here);
      case Act.Use:
        return here >= 0 && this.itemAt[a] === here && (caps[a] & SWITCH) !== 0;
      case Act.ExamineReceptacle:
        return a === here;
      case Act.ExamineItem:
        return this.holding === a;
    }
  }

  private readonly parsed = new Int32Array(3);

  /** Applies a command, already stripped of surrounding whitespace and otherwise taken verbatim. */
  step(cmd: string): StepOutcome {
    const p = this.parsed;
    p[1] = -1;
    p[2] = -1;
    if (!this.parse(cmd, p) || !this.allowed(p[0] as Act, p[1], p[2])) return { text: T.NOTHING_HAPPENS, ok: false };
    const act = p[0] as Act,
      a = p[1],
      b = p[2];
    const recs = this.spec.receptacles,
      items = this.spec.items;
    let text: string;
    switch (act) {
      case Act.Look:
        text = this.look();
        break;
      case Act.Inventory:
        text = T.inventory(this.holding < 0 ? undefined : this.ix.itemEntry[this.holding]);
        break;
      case Act.Help:
        text = T.HELP;
        break;
      case Act.GoTo:
        this.agentAt = a;
        text = T.arrival(this.grammar, recs[a].name, this.spec.locs[a], this.view(a));
        break;
      case Act.Open:
        this.opened[a] = 1;
        text = `You open the ${recs[a].name}. ${this.view(a)}`;
        break;
      case Act.Close:
        this.opened[a] = 0;
        text = `You close the ${recs[a].name}.`;
        break;
      case Act.Take:
        this.itemAt[a] = -1;
        this.holding = a;
        this.seen[a] = 1;
        text = `You pick up the ${items[a].name} from the ${recs[b].name}.`;
        break;
      case Act.Put:
        this.itemAt[a] = b;
        this.holding = -1;
        text = T.placed(this.grammar, items[a].name, recs[b].name);
        break;
      case Act.Heat:
        this.itemState[a] = (this.itemState[a] | HOT) & ~COLD;
        text = `You heat the ${items[a].name} using the ${recs[b].name}.`;
        break;
      case Act.Cool:
        this.itemState[a] = (this.itemState[a] | COLD) & ~HOT;
        text = `You cool the ${items[a].name} using the ${recs[b].name}.`;
        break;
      case Act.Clean:
        this.itemState[a] |= CLEANED;
        text = `You clean the ${items[a].name} using the ${recs[b].name}.`;
        break;
      case Act.Slice:
        this.itemState[a] |= SLICED;
        text = `You sliced the ${items[a].name} with the ${items[b].name}.`;
        break;
      case Act.Use:
        // ALFWorld's toggle marks the lamp as switched and always reports turning it on.
        this.itemState[a] |= ON;
        text = `You turn on the ${items[a].name}.`;
        break;
      case Act.ExamineReceptacle:
        text = this.view(a);
        break;
      case Act.ExamineItem:
        text = this.describeItem(a);
        break;
    }
    if (act !== Act.Look && act !== Act.Inventory && act !== Act.Help && act !== Act.ExamineItem && act !== Act.ExamineReceptacle) {
      this.cache = null;
    }
    return { text, ok: true, act };
  }

  private describeItem(i: number): string {
    const s = this.itemState[i];
    const caps = this.ix.caps[i];
    return T.objectView(this.spec.items[i].name, {
      hot: (s & HOT) !== 0,
      cool: (s & COLD) !== 0,
      clean: (s & CLEANED) !== 0,
      sliced: (s & SLICED) !== 0,
      on: caps & SWITCH ? (s & ON) !== 0 : undefined,
      contents: caps & RECEPTACLE_OBJECT ? 'nothing' : undefined,
    });
  }

  /** The admissible commands, sorted as ALFWorld sorts them. The array is shared: callers must not mutate it. */
  admissible(): string[] {
    if (this.cache) return this.cache;
    const here = this.agentAt,
      held = this.holding;
    const recs = this.spec.receptacles,
      items = this.spec.items;
    const extra: string[] = ['inventory', 'look'];
    if (this.grammar === 'current') extra.push('help');
    if (here >= 0) {
      const r = recs[here].name;
      extra.push(`examine ${r}`);
      if (this.allowed(Act.Open, here, -1)) extra.push(`open ${r}`);
      if (this.allowed(Act.Close, here, -1)) extra.push(`close ${r}`);
      const at = this.itemAt;
      for (let i = 0; i < at.length; i++) {
        if (at[i] !== here) continue;
        if (this.allowed(Act.Take, i, here)) extra.push(`take ${items[i].name} from ${r}`);
        if (held >= 0 && this.allowed(Act.Slice, i, held)) extra.push(`slice ${items[i].name} with ${items[held].name}`);
        if (this.allowed(Act.Use, i, -1)) extra.push(`use ${items[i].name}`);
      }
      if (held >= 0) {
        const h = items[held].name;
        if (this.allowed(Act.Put, held, here)) extra.push(this.grammar === 'legacy' ? `put ${h} in/on ${r}` : `move ${h} to ${r}`);
        if (this.allowed(Act.Heat, held, here)) extra.push(`heat ${h} with ${r}`);
        if (this.allowed(Act.Cool, held, here)) extra.push(`cool ${h} with ${r}`);
        if (this.allowed(Act.Clean, held, here)) extra.push(`clean ${h} with ${r}`);
      }
    }
    if (held >= 0) extra.push(`examine ${items[held].name}`);
    extra.sort();
    // Merge the few state-dependent commands into the presorted `go to` list.
    const gotos = this.ix.gotoCommands,
      targets = this.ix.gotoTarget;
    const out: string[] = [];
    let e = 0;
    for (let g = 0; g < gotos.length; g++) {
      if (targets[g] === here) continue;
      while (e < extra.length && extra[e] < gotos[g]) out.push(extra[e++]);
      out.push(gotos[g]);
    }
    while (e < extra.length) out.push(extra[e++]);
    this.cache = out;
    return out;
  }
}
