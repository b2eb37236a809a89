/**
 * The action templates, as ScienceWorld defines them: the words that trigger each (`pick up`, `get`, `take`),
 * the checks that refuse an action (with ScienceWorld's messages), and what running it does. A refused
 * action still takes a tick, as in ScienceWorld; the environment flags it as invalid.
 */
import { mix } from '../world/chemistry.ts';
import { hole, soil, substanceThing } from '../world/kinds.ts';
import { describe, feedbackName, formatTemperature, inventoryText, listed, listText, roomText, terminalLabel, terminalText } from '../world/text.ts';
import { ignite } from '../world/thermal.ts';
import type { Thing, World } from '../world/world.ts';

export interface ActionContext {
  w: World;
  /** The thing the agent last focused on. */
  setFocus(id: number): void;
  resetGoals(): void;
}

export interface ActionDef {
  /** ScienceWorld's action name; ambiguity lists are ordered by it. */
  name: string;
  /** Trigger words; the first is the one valid-action strings use. */
  verbs: string[];
  /** Words between two objects; the first is the one valid-action strings use. */
  joiners?: string[];
  arity: 0 | 1 | 2;
  /** Look, inventory and task are free; everything else advances the world one tick. */
  takesTime: boolean;
  /** Why the action cannot be done here (ScienceWorld's message), or null. */
  check(ctx: ActionContext, a: number, b: number): string | null;
  /** Does it; returns the feedback and, for `wait`, how many extra ticks to wait. */
  run(ctx: ActionContext, a: number, b: number): { text: string; wait?: number };
}

const ok = () => null;

function nameOf(w: World, id: number): string {
  return id < 0 ? terminalLabel(w, id) : w.get(id).name;
}

function thing(w: World, id: number): Thing | undefined {
  return id >= 0 ? w.get(id) : undefined;
}

// ─────────────────────────────── moving things ───────────────────────────────

function checkMove(w: World, obj: number, to: number): string | null {
  const o = thing(w, obj);
  if (!o?.movable) return `The ${nameOf(w, obj)} is not moveable.`;
  if (obj === to) return "You can't move something into itself.";
  if (o.material?.state === 'liquid')
    return "You can't pick up a liquid directly.  Try pouring it from one container to another, or dunking empty containers into containers filled with the liquid.";
  if (o.material?.state === 'gas') return "You can't pick up a gas directly.";
  const c = thing(w, to);
  if (!c?.container) return "That can't be moved there.";
  if (!c.container.open) return `That can't be moved there, because the ${c.name} isn't open.`;
  // Unlike ScienceWorld, refuse to put a thing inside something it holds (which would detach both).
  if (w.isInside(to, obj)) return "You can't move something into itself.";
  return null;
}

function doMove(w: World, obj: number, to: number): string {
  const o = w.get(obj);
  let prefix = '';
  if (w.isElectricallyConnected(obj)) {
    prefix = `(disconnecting ${o.name})`;
    w.disconnect(obj);
  }
  w.put(obj, to);
  return `${prefix}You move the ${o.name} to the ${w.get(to).name}.`;
}

function isContainerThing(t: Thing | undefined): boolean {
  return !!t?.container?.isContainer;
}

function checkPour(w: World, obj: number, to: number): string | null {
  const o = thing(w, obj);
  if (!o?.movable) return `The ${nameOf(w, obj)} is not moveable.`;
  const pouringOut = isContainerThing(o);
  if (!pouringOut) {
    const holder = o.parent >= 0 ? w.get(o.parent) : undefined;
    if (!holder) return `The ${o.name} can't be poured out because it doesn't appear to be in a container.`;
    if (!holder.movable) return `The ${holder.name} the ${o.name} is in is not movable.`;
  }
  if (pouringOut) {
    if (!o.container!.open) return `The ${o.name} can't be poured out, because it's not open.`;
  } else if (o.material?.state === 'solid') return "I'm not sure how to pour a solid. ";
  else if (o.material?.state === 'gas') return "You can't pour a gas directly. ";
  const c = thing(w, to);
  if (!c?.container) return "That can't be moved there, because it's not a container.";
  if (!c.container.open) return `That can't be moved there, because the ${c.name} isn't open.`;
  if (obj === to) return "You can't move something into itself.";
  if (w.isInside(to, obj)) return "You can't move something into itself.";
  return null;
}

function doPour(w: World, obj: number, to: number): string {
  const o = w.get(obj);
  const lines: string[] = [];
  const target = w.get(to).name;
  if (isContainerThing(o)) {
    for (const id of o.contents.slice()) {
      const c = w.get(id);
      if (!c.movable) continue;
      w.put(id, to);
      if (w.disconnect(id)) lines.push(`(disconnecting ${c.name})`);
    }
    lines.push(`You pour the contents of the ${o.name} into the ${target}.`);
  } else {
    w.put(obj, to);
    if (w.disconnect(obj)) lines.push(`(disconnecting ${o.name})`);
    lines.push(`You pour the ${o.name} into the ${target}.`);
  }
  return lines.join('\n');
}

function liquidsIn(w: World, container: Thing): Thing[] {
  return container.contents.map((id) => w.get(id)).filter((t) => !t.hidden && t.material?.state === 'liquid');
}

// ─────────────────────────────── electrical ───────────────────────────────

/** The terminal a connection uses: a named terminal, or the first free one of an ordinary thing. */
export function terminalFor(w: World, id: number): { tid: number } | { error: string } {
  if (id < 0) return { tid: id };
  const t = w.get(id);
  if (t.electrical === 'user' || t.electrical === 'source' || t.electrical === 'switch')
    return { error: 'Connections must specify specific points of contact on polarized electrical components (e.g. anode, cathode)' };
  if (t.electrical === 'wire')
    return { error: 'Connections must specify specific points of contact on unpolarized electrical components (e.g. terminal 1, terminal 2)' };
  if (!w.hasTerminals(t)) return { error: `It's not clear how to connect something to ${t.name}` };
  for (const slot of [0, 1] as const) {
    const tid = w.terminalId(id, slot);
    if (!w.linkOf(tid)) return { tid };
  }
  return { error: `${t.name} is already connected, and must be disconnected before it can be connected to something else` };
}

function terminalOn(w: World, tid: number): string {
  return `${terminalLabel(w, tid)} on ${w.get(w.terminalOwner(tid)).name}`;
}

// ─────────────────────────────── using devices ───────────────────────────────

function useWith(ctx: ActionContext, device: Thing, patient: number): { ok: boolean; text: string } {
  const w = ctx.w;
  const p = thing(w, patient);
  if (device.kind === 'thermometer') {
    if (!p?.material) return { ok: true, text: "That thing doesn't appear to have a temperature that the thermometer can read. " };
    return { ok: true, text: `the thermometer measures a temperature of ${formatTemperature(p.material.temperature)} degrees celsius` };
  }
  switch (device.data.tool) {
    case 'lighter': {
      if (!p?.material) return { ok: true, text: "It's not clear how to use those items together." };
      const max = device.heater ?? 2200;
      if (w.combustionPoint(p.material) <= max) return { ok: true, text: ignite(w, p) };
      const delta = Math.max(0, Math.min(10, max - p.material.temperature));
      p.material.temperature += delta;
      return { ok: true, text: `The lighter heats up the ${p.name} a small amount.` };
    }
    case 'shovel':
      if (p?.kind === 'ground' && p.parent >= 0) {
        hole(w, p.parent);
        soil(w, p.parent);
        return { ok: true, text: 'You dig a hole in the ground, and place the soil nearby.' };
      }
      return { ok: false, text: "It's not clear how to shovel that." };
    case 'axe':
      if (p?.kind === 'plant' && p.data.tree && p.parent >= 0) {
        if (p.life!.stage === 0) return { ok: true, text: "You can't chop a seed." };
        substanceThing(w, 'wood', p.parent);
        const shown = feedbackName(w, p);
        w.destroy(p.id, true);
        return { ok: true, text: `You chop down the ${shown}, creating wood.` };
      }
      if (p?.device) {
        p.device.broken = true;
        w.changed(p.id);
        return { ok: true, text: `You hit the ${p.name} with the axe, causing it to break.` };
      }
      return { ok: false, text: "It's not clear how to use an axe with that." };
    default:
      return { ok: false, text: '' };
  }
}

function readText(t: Thing): string | null {
  switch (t.kind) {
    case 'book':
      return `The book reads:\n${t.data.title} by ${t.data.author}\n${t.data.text}`;
    case 'paper':
      if (t.data.colored || !t.data.text) return 'The paper does not have any text on it.';
      return `The paper reads:\n${t.data.title}\n${t.data.text}`;
    case 'recipe':
      return `The recipe reads:\n${t.data.text}`;
    default:
      return null;
  }
}

// ─────────────────────────────── the templates ───────────────────────────────

export const ACTIONS: ActionDef[] = [
  {
    name: 'open door',
    verbs: ['open'],
    arity: 1,
    takesTime: true,
    check: ({ w }, a) => {
      const t = thing(w, a);
      if (t?.portal) return t.portal.open ? `The ${t.name} is already open.` : null;
      if (t?.container) {
        if (!t.container.closable) return `The ${t.name} is not openable.`;
        if (t.container.open) return `The ${t.name} is already open.`;
        return null;
      }
      return `The ${nameOf(w, a)} is not openable.`;
    },
    run: ({ w }, a) => {
      const t = w.get(a);
      if (t.portal) {
        t.portal.open = true;
        w.portalChanged(t);
      } else {
        t.container!.open = true;
        w.changed(a);
      }
      return { text: `The ${t.name} is now open.` };
    },
  },
  {
    name: 'close door',
    verbs: ['close'],
    arity: 1,
    takesTime: true,
    check: ({ w }, a) => {
      const t = thing(w, a);
      if (t?.portal) return t.portal.open ? null : `The ${t.name} is already closed.`;
      if (t?.container) {
        if (!t.container.closable) return `The ${t.name} is not closeable.`;
        if (!t.container.open) return `The ${t.name} is already closed.`;
        return null;
      }
      return `The ${nameOf(w, a)} is not closeable.`;
    },
    run: ({ w }, a) => {
      const t = w.get(a);
      if (t.portal) {
        t.portal.open = false;
        w.portalChanged(t);
      } else {
        t.container!.open = false;
        w.changed(a);
      }
      return { text: `The ${t.name} is now closed.` };
    },
  },
  {
    name: 'move through door',
    verbs: ['go', 'go through', 'walk through', 'move through', 'go to', 'walk to', 'move to', 'go into', 'move into'],
    arity: 1,
    takesTime: true,
    check: ({ w }, a) => {
      const t = thing(w, a);
      const here = w.here();
      if (t?.kind === 'door') {
        if (!t.portal!.open) return `The ${t.name} is not open.`;
        if (t.portal!.from !== here.id && t.portal!.to !== here.id) return "The door doesn't appear to go anywhere.";
        return null;
      }
      if (t && w.isLocation(t)) {
        for (const p of here.portals ?? []) {
          const door = w.get(p);
          if (door.kind !== 'door' || w.across(door, here.id) !== t.id) continue;
          return door.portal!.open ? null : `The ${door.name} is not open.`;
        }
        return "It's not clear how to get there from here.";
      }
      return `Its not clear how to go to/through a ${nameOf(w, a)}.`;
    },
    run: ({ w }, a) => {
      const t = w.get(a);
      if (t.kind === 'door') {
        const to = w.across(t, w.here().id);
        w.put(w.agent.id, to);
        return { text: `You move through the ${t.name} to the ${w.get(to).name}.` };
      }
      w.put(w.agent.id, t.id);
      return { text: `You move to the ${t.name}.` };
    },
  },
  {
    name: 'look around',
    verbs: ['look around', 'look'],
    arity: 0,
    takesTime: false,
    check: ok,
    run: ({ w }) => ({ text: roomText(w, w.here()) }),
  },
  {
    name: 'look at',
    verbs: ['look at', 'look on', 'examine'],
    arity: 1,
    takesTime: true,
    check: ok,
    run: ({ w }, a) => ({ text: a < 0 ? terminalText(w, a, 'detailed') : describe(w, w.get(a), 'detailed', w.here()) }),
  },
  {
    name: 'look in',
    verbs: ['look in'],
    arity: 1,
    takesTime: true,
    check: ({ w }, a) => {
      const t = thing(w, a);
      if (!t?.container) return "It's not clear how to look inside of that.";
      if (!t.container.open) return `The ${t.name} isn't open, so you can't see inside.`;
      return null;
    },
    run: ({ w }, a) => {
      const t = w.get(a);
      const items = listed(w, t);
      let text =
        items.length === 0 && !w.hasTerminals(t) ? `There is nothing in the ${t.name}.` : `Inside the ${t.name} is: \n${listText(w, items, w.agent, true)}`;
      text += '\n';
      if (t.portals?.length) text += ` You also see: ${t.portals.map((p) => describe(w, w.get(p), 'cursory', t)).join(', ')}.`;
      return { text };
    },
  },
  {
    name: 'activate',
    verbs: ['activate', 'turn on'],
    arity: 1,
    takesTime: true,
    check: ({ w }, a) => {
      const t = thing(w, a);
      if (!t?.device?.activable) return `The ${nameOf(w, a)} is not something that can be activated.`;
      if (t.device.activated) return `The ${t.name} is already activated.`;
      return null;
    },
    run: ({ w }, a) => {
      const t = w.get(a);
      if (t.device!.broken) return { text: `The ${t.name} appears broken, and can't be activated or deactivated.` };
      t.device!.activated = true;
      w.changed(t.id);
      return { text: `The ${t.name} is now activated.` };
    },
  },
  {
    name: 'deactivate',
    verbs: ['deactivate', 'turn off'],
    arity: 1,
    takesTime: true,
    check: ({ w }, a) => {
      const t = thing(w, a);
      if (!t?.device?.activable) return `The ${nameOf(w, a)} is not something that can be activated.`;
      if (!t.device.activated) return `The ${t.name} is already deactivated.`;
      return null;
    },
    run: ({ w }, a) => {
      const t = w.get(a);
      if (t.device!.broken) return { text: `The ${t.name} appears broken, and can't be activated or deactivated.` };
      t.device!.activated = false;
      w.changed(t.id);
      return { text: `The ${t.name} is now deactivated.` };
    },
  },
  {
    name: 'eat',
    verbs: ['eat', 'consume'],
    arity: 1,
    takesTime: true,
    check: ({ w }, a) => (thing(w, a)?.edible ? null : `The ${nameOf(w, a)} is not edible.`),
    run: ({ w }, a) => {
      const t = w.get(a);
      w.destroy(a);
      return { text: `The ${t.name} was delicious.` };
    },
  },
  {
    name: 'move object',
    verbs: ['move', 'put'],
    joiners: ['to', 'in', 'into', 'on'],
    arity: 2,
    takesTime: true,
    check: ({ w }, a, b) => checkMove(w, a, b),
    run: ({ w }, a, b) => ({ text: doMove(w, a, b) }),
  },
  {
    name: 'pour object',
    verbs: ['pour'],
    joiners: ['into', 'in', 'on', 'to'],
    arity: 2,
    takesTime: true,
    check: ({ w }, a, b) => checkPour(w, a, b),
    run: ({ w }, a, b) => ({ text: doPour(w, a, b) }),
  },
  {
    name: 'dunk object',
    verbs: ['dunk'],
    joiners: ['into', 'in'],
    arity: 2,
    takesTime: true,
    check: ({ w }, a, b) => {
      const into = thing(w, a);
      const from = thing(w, b);
      if (a === b) return "You can't dunk something into itself.";
      if (!into?.movable) return `The ${nameOf(w, a)} is not moveable.`;
      if (into.container && !into.container.open) return `The ${into.name} is not open.`;
      if (!into.container?.isContainer) return `The ${into.name} is not a container.`;
      const liquids = from ? liquidsIn(w, from) : [];
      if (liquids.length === 0) return `The ${nameOf(w, b)} does not contain any liquids to dunk into.`;
      if (!liquids.some((l) => l.movable)) return `The liquids in ${from!.name} aren't able to move.`;
      return null;
    },
    run: ({ w }, a, b) => {
      const moved = liquidsIn(w, w.get(b)).filter((l) => l.movable);
      let prefix = '';
      for (const l of moved) {
        w.put(l.id, a);
        if (w.disconnect(l.id)) prefix += `(disconnecting ${l.name})`;
      }
      return {
        text: `${prefix}You dunk the ${w.get(a).name} in the ${w.get(b).name}, moving the liquids (${moved.map((l) => l.name).join(', ')}) to the ${w.get(a).name}.`,
      };
    },
  },
  {
    name: 'focus on',
    verbs: ['focus on', 'focus'],
    arity: 1,
    takesTime: true,
    check: ok,
    run: (ctx, a) => {
      ctx.setFocus(a);
      return { text: `You focus on the ${a < 0 ? terminalLabel(ctx.w, a) : feedbackName(ctx.w, ctx.w.get(a))}.` };
    },
  },
  {
    name: 'reset task',
    verbs: ['reset task'],
    arity: 0,
    takesTime: true,
    check: ok,
    run: (ctx) => {
      ctx.resetGoals();
      return { text: 'You reset the goal progress and focus.' };
    },
  },
  {
    name: 'use object',
    verbs: ['use'],
    joiners: ['on', 'with'],
    arity: 2,
    takesTime: true,
    check: ({ w }, a) => (thing(w, a)?.device?.usable ? null : `I'm not sure how to use the ${nameOf(w, a)}. `),
    run: (ctx, a, b) => {
      const result = useWith(ctx, ctx.w.get(a), b);
      return { text: result.ok ? result.text : "I'm not sure how to use those two things together." };
    },
  },
  {
    name: 'read',
    verbs: ['read'],
    arity: 1,
    takesTime: true,
    check: ({ w }, a) => {
      const t = thing(w, a);
      return t && readText(t) !== null ? null : "It's not clear how to read that.";
    },
    run: ({ w }, a) => ({ text: readText(w.get(a))! }),
  },
  {
    name: 'flush',
    verbs: ['flush'],
    arity: 1,
    takesTime: true,
    check: ({ w }, a) => {
      const t = thing(w, a);
      if (t?.kind !== 'toilet') return "It's not clear how to flush that.";
      return t.device!.activated ? 'That is already flushing.' : null;
    },
    run: ({ w }, a) => {
      const t = w.get(a);
      t.device!.activated = true;
      w.changed(t.id);
      return { text: `The ${t.name} is now flushing.` };
    },
  },
  {
    name: 'connect electrically',
    verbs: ['connect'],
    joiners: ['to', 'in', 'into'],
    arity: 2,
    takesTime: true,
    check: ({ w }, a, b) => {
      const ta = terminalFor(w, a);
      if ('error' in ta) return ta.error;
      const tb = terminalFor(w, b);
      if ('error' in tb) return tb.error;
      if (ta.tid === tb.tid) return "Something can't be connected to itself.";
      if (w.linkOf(ta.tid)) return `${terminalOn(w, ta.tid)} is already connected, and must be disconnected before it can be connected to something else`;
      if (w.linkOf(tb.tid)) return `${terminalOn(w, tb.tid)} is already connected, and must be disconnected before it can be connected to something else`;
      return null;
    },
    run: ({ w }, a, b) => {
      const ta = (terminalFor(w, a) as { tid: number }).tid;
      const tb = (terminalFor(w, b) as { tid: number }).tid;
      w.connect(ta, tb);
      return { text: `${terminalOn(w, ta)} is now connected to ${terminalOn(w, tb)}` };
    },
  },
  {
    name: 'disconnect electrically',
    verbs: ['disconnect'],
    arity: 1,
    takesTime: true,
    check: ({ w }, a) => {
      if (a < 0) return `You must disconnect entire objects (such as ${w.get(w.terminalOwner(a)).name}) instead of just single terminals`;
      return w.hasTerminals(w.get(a)) ? null : "It's not clear how to disconnect that";
    },
    run: ({ w }, a) => {
      w.disconnect(a);
      return { text: `${w.get(a).name} has been disconnected` };
    },
  },
  {
    name: 'wait1',
    verbs: ['wait1'],
    arity: 0,
    takesTime: true,
    check: ok,
    run: () => ({ text: 'You decide to wait for 1 iterations.', wait: 1 }),
  },
  {
    name: 'wait10',
    verbs: ['wait'],
    arity: 0,
    takesTime: true,
    check: ok,
    run: () => ({ text: 'You decide to wait for 10 iterations.', wait: 10 }),
  },
  {
    name: 'view inventory',
    verbs: ['inventory'],
    arity: 0,
    takesTime: false,
    check: ok,
    run: ({ w }) => ({ text: inventoryText(w) }),
  },
  {
    name: 'pick up',
    verbs: ['pick up', 'get', 'take'],
    arity: 1,
    takesTime: true,
    check: ({ w }, a) => checkMove(w, a, w.inventory.id) ?? (w.get(a).parent === w.inventory.id ? 'That object already appears to be in the inventory.' : null),
    run: ({ w }, a) => ({ text: doMove(w, a, w.inventory.id) }),
  },
  {
    name: 'put down',
    verbs: ['put down', 'drop'],
    arity: 1,
    takesTime: true,
    check: ({ w }, a) => checkMove(w, a, w.here().id) ?? (w.get(a).parent === w.inventory.id ? null : 'That object does not appear to be in the inventory.'),
    run: ({ w }, a) => ({ text: doMove(w, a, w.here().id) }),
  },
  {
    name: 'mix',
    verbs: ['mix', 'stir'],
    arity: 1,
    takesTime: true,
    check: ({ w }, a) => (a >= 0 && !w.get(a).portal ? null : "It's not clear how to mix that."),
    run: ({ w }, a) => ({ text: mix(w, w.get(a)) }),
  },
];

/** Only with the teleport simplification. */
export const TELEPORT: ActionDef = {
  name: 'teleport',
  verbs: ['teleport to', 'teleport into', 'teleport'],
  arity: 1,
  takesTime: true,
  check: ({ w }, a) => (thing(w, a) && w.isLocation(w.get(a)) ? null : `Its not clear how to teleport to a ${nameOf(w, a)}.`),
  run: ({ w }, a) => {
    w.put(w.agent.id, a);
    return { text: `You teleport to the ${w.get(a).name}.` };
  },
};
