/**
 * How things read, as ScienceWorld prints them: a cursory line in room listings (`a stove, which is turned
 * off. On the stove is: nothing.`) and a detailed one for `look at`. Lists are sorted by (name, id).
 */

import { plantName } from './kinds.ts';
import { animalStageName } from './life.ts';
import type { Thing, World } from './world.ts';

export type Mode = 'cursory' | 'detailed';

/** A name with its fire state: `burned wood`, `wood (on fire)`. */
export function descriptName(t: Thing, base: string = t.name): string {
  const m = t.material;
  if (m?.combusting) return `${base} (on fire)`;
  if (m?.combusted) return `burned ${base}`;
  return base;
}

/** The name a thing is shown with (before fire state): animals by life stage, apples by colour, … */
export function shownName(_w: World, t: Thing): string {
  switch (t.kind) {
    case 'plant':
      return plantName(t);
    case 'animal':
    case 'bee':
      return animalStageName(t);
    case 'article':
      return t.data.color ? `${t.data.color} ${t.name}` : t.name;
    default:
      return t.name;
  }
}

export function displayName(w: World, t: Thing): string {
  return descriptName(t, shownName(w, t));
}

/**
 * The name feedback uses (`You focus on the water.`): the thing's name with its fire state; animals go by
 * their life stage (`baby wolf`) and plants by their growth (`apple seed`), but an apple is just `apple`.
 */
export function feedbackName(w: World, t: Thing): string {
  if (t.kind === 'animal' || t.kind === 'bee' || t.kind === 'plant') return descriptName(t, shownName(w, t));
  return descriptName(t);
}

function onOff(t: Thing): string {
  return t.device?.activated ? 'on' : 'off';
}

/** Things listed inside `t`, in print order, including its portals when `withPortals`. */
export function listed(w: World, t: Thing, withPortals = false): Thing[] {
  const items: Thing[] = [];
  for (const id of t.contents) {
    const c = w.get(id);
    if (!c.hidden) items.push(c);
  }
  if (withPortals && t.portals) for (const p of t.portals) items.push(w.get(p));
  return items.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id - b.id));
}

/** `a, b, c` on one line, or `\ta\n\tb\n` on several; `nothing` when empty. */
export function listText(w: World, items: Thing[], perspective: Thing, multiline: boolean, mode: Mode = 'cursory'): string {
  if (items.length === 0) return multiline ? '\tnothing' : 'nothing';
  const parts = items.map((c) => describe(w, c, mode, perspective));
  return multiline ? parts.map((p) => `\t${p}\n`).join('') : parts.join(', ');
}

export function connectionText(w: World, tid: number): string {
  const other = w.linkOf(tid);
  return other ? terminalText(w, other, 'cursory') : 'nothing';
}

export function terminalLabel(w: World, tid: number): string {
  const owner = w.get(w.terminalOwner(tid));
  const slot = w.terminalSlot(tid);
  if (owner.electrical === 'source' || owner.electrical === 'user' || owner.electrical === 'switch') return slot === 0 ? 'anode' : 'cathode';
  return slot === 0 ? 'terminal 1' : 'terminal 2';
}

export function terminalText(w: World, tid: number, mode: Mode): string {
  const label = terminalLabel(w, tid);
  if (mode === 'detailed') return `a ${label}.  it is connected to: ${connectionText(w, tid)}. `;
  return `a ${label} on ${w.get(w.terminalOwner(tid)).name}`;
}

function portalText(w: World, p: Thing, perspective: Thing): string {
  const state = p.portal!.open ? 'open' : 'closed';
  if (p.kind === 'drain') return `A drain, which is ${state}`;
  const side = perspective.id === p.portal!.from || perspective.id === p.portal!.to ? perspective.id : (w.locationOf(perspective.id)?.id ?? -1);
  if (side === p.portal!.from || side === p.portal!.to) return `A ${p.name} to the ${w.get(w.across(p, side)).name} (that is ${state})`;
  return `A ${p.name} that connects the ${w.get(p.portal!.from).name} to the ${w.get(p.portal!.to).name} (that is ${state})`;
}

function polarized(w: World, t: Thing): string {
  return `its anode is connected to: ${connectionText(w, w.terminalId(t.id, 0))}. its cathode is connected to: ${connectionText(w, w.terminalId(t.id, 1))}. `;
}

/** Describes a thing from `perspective` (the agent's location, for doors). */
export function describe(w: World, t: Thing, mode: Mode, perspective: Thing): string {
  const dn = displayName(w, t);
  switch (t.kind) {
    case 'room':
      return roomText(w, t);
    case 'outside':
      return roomText(w, t);
    case 'universe':
      return `A ${dn}. In this Universe, you see: ${listText(w, listed(w, t, true), t, true)}.`;
    case 'agent':
      return 'the agent';
    case 'substance':
      return `a substance called ${dn}`;
    case 'named':
      return dn;
    case 'article':
      return t.data.article ? `${t.data.article} ${dn}` : dn;
    case 'capitalised':
      return `A ${dn}`;
    case 'inventory':
    case 'container':
      return `a ${dn} (containing ${listText(w, listed(w, t, true), t, false)})`;
    case 'surface':
      return mode === 'cursory'
        ? `a ${dn}. On the ${dn} is: ${listText(w, listed(w, t), t, false)}.`
        : `a ${dn}. On the ${dn} is: \n${listText(w, listed(w, t), t, true)}`;
    case 'sittable':
      return `a ${dn}. On the ${dn} is: ${listText(w, listed(w, t, true), t, false)}.`;
    case 'cabinet': {
      const open = t.container!.open;
      let s = `a ${dn}. The ${dn} door is ${open ? 'open' : 'closed'}. `;
      if (open)
        s += mode === 'cursory' ? `In the ${dn} is: ${listText(w, listed(w, t), t, false)}.` : `In the ${dn} is: \n${listText(w, listed(w, t), t, true)}`;
      return s;
    }
    case 'drawer':
      if (mode === 'cursory') return `a ${dn}`;
      return t.container!.open ? `a ${dn}. In the ${dn} is: \n${listText(w, listed(w, t), t, true)}` : `a ${dn}.  The drawer is closed.`;
    case 'pillow':
      return `a white ${dn}`;
    case 'stove':
      return `a ${t.name}, which is turned ${onOff(t)}. On the ${t.name} is: ${listText(w, listed(w, t, true), t, false)}.`;
    case 'oven': {
      const open = t.container!.open;
      let s = `a ${dn}, which is turned ${onOff(t)}. The ${dn} door is ${open ? 'open' : 'closed'}. `;
      if (open)
        s +=
          mode === 'cursory'
            ? `In the ${dn} is: ${listText(w, listed(w, t, true), t, false)}.`
            : `In the ${dn} is: \n${listText(w, listed(w, t, true), t, true)}`;
      return s;
    }
    case 'cooler': {
      const open = t.container!.open;
      let s = `a ${dn}${t.device!.activated ? '' : ', which is turned off'}. The ${dn} door is ${open ? 'open' : 'closed'}. `;
      if (open) s += `In the ${dn} is: ${listText(w, listed(w, t, true), t, false)}.`;
      return s;
    }
    case 'sink': {
      let s = `a ${dn}, which is turned ${onOff(t)}. In the ${dn} is: ${listText(w, listed(w, t), t, false)}.`;
      if (mode === 'detailed') for (const p of t.portals ?? []) s += ` The ${w.get(p).name} is ${w.get(p).portal!.open ? 'open' : 'closed'}.`;
      return s;
    }
    case 'toilet':
      return `a ${dn}${Number(t.data.flushStage) > 0 ? ', which is flushing' : ''}. In the ${dn} is: ${listText(w, listed(w, t, true), t, false)}.`;
    case 'thermometer':
      return `a ${dn}, currently reading a temperature of ${formatTemperature(t.material!.temperature)} degrees celsius`;
    case 'stopwatch':
      return `a ${dn}, which is ${t.device!.activated ? 'activated' : 'deactivated'}. ${mode === 'detailed' ? `The time reads ${t.data.reading} ticks.` : ''}`;
    case 'picture':
      return mode === 'cursory' ? `a ${dn}` : `a ${dn} of ${t.data.subject}.  The artist is listed as ${t.data.artist}. `;
    case 'book':
      return `A ${dn} titled ${t.data.title} by ${t.data.author}`;
    case 'paper':
      if (t.data.colored) return `A ${dn}`;
      return t.data.title ? `A ${dn} titled ${t.data.title}` : `A blank ${dn}`;
    case 'recipe':
      return `A ${dn} titled ${t.data.title}`;
    case 'ground':
      return `the ${dn}`;
    case 'component':
      return `a ${dn}, which is ${t.powered || (t.electrical === 'switch' && t.device!.activated) ? 'on' : 'off'}${mode === 'detailed' ? `. ${polarized(w, t)}` : ''}`;
    case 'generator':
      return `a ${dn}${t.data.showOnOff ? `, which is ${t.device!.activated ? 'on' : 'off'}` : ''}${mode === 'detailed' ? `. ${polarized(w, t)}` : ''}`;
    case 'wire':
      return `a ${dn}${
        mode === 'detailed'
          ? `its terminal 1 is connected to: ${connectionText(w, w.terminalId(t.id, 0))}. its terminal 2 is connected to: ${connectionText(w, w.terminalId(t.id, 1))}. `
          : ''
      }`;
    case 'plant':
      return plantText(w, t, dn, mode);
    case 'flower': {
      let s = `a ${Number(t.data.pollinated) > 0 ? 'wilting ' : ''}${dn}`;
      if (mode === 'detailed') s += `. Inside the flower is: ${listText(w, listed(w, t), t, false)}`;
      return s;
    }
    case 'pollen':
      return mode === 'cursory' ? dn : `${w.get(Number(t.data.plant)).life?.species ?? ''}${dn}`;
    case 'animal':
      return `a ${dn}${!t.life!.dead && t.life!.sickly ? ' (that looks unwell)' : ''}`;
    case 'bee': {
      if (t.life!.dead) return `a dead ${dn}`;
      let s = `a ${dn}`;
      if (t.life!.sickly) s += ' (that looks unwell)';
      if (mode === 'detailed' && t.contents.some((c) => w.get(c).kind === 'pollen')) s += ', that is covered in pollen';
      return s;
    }
    case 'door':
    case 'drain':
      return portalText(w, t, perspective);
    default:
      return `An object, called ${dn}, of type ${t.kind}`;
  }
}

function plantText(w: World, t: Thing, dn: string, mode: Mode): string {
  const life = t.life!;
  if (life.dead) return `a dead ${dn}`;
  if (life.stage === 0) return `a ${dn}`;
  let s = `a ${dn} in the ${plantStageLabel(t)} stage`;
  if (life.sickly) s += ' (that looks unwell)';
  const items = listed(w, t);
  if (items.length > 0) s += `. On the ${dn} you see: ${listText(w, items, t, false, mode === 'detailed' ? 'cursory' : 'cursory')}. `;
  return s;
}

export const PLANT_STAGES = ['seed', 'seedling', 'adult', 'reproducing', 'dead'] as const;

export function plantStageLabel(t: Thing): string {
  return PLANT_STAGES[t.life!.stage];
}

/** Java's `%.0f`: half away from zero, and `-0` for small negatives. */
export function formatTemperature(c: number): string {
  const r = Math.sign(c) * Math.round(Math.abs(c));
  if (r === 0 && c < 0) return '-0';
  return String(r === 0 ? 0 : r);
}

/** `This room is called the kitchen. In it, you see: \n\t…You also see:\n\tA door to …` */
export function roomText(w: World, loc: Thing): string {
  const head =
    loc.kind === 'outside'
      ? `This outside location is called the ${displayName(w, loc)}. Here you see: \n`
      : `This room is called the ${displayName(w, loc)}. In it, you see: \n`;
  const doors = (loc.portals ?? [])
    .map((p) => w.get(p))
    .filter((p) => !p.hidden)
    .map((p) => portalText(w, p, loc))
    .sort();
  const doorText = doors.length === 0 ? '\tnothing' : doors.map((d) => `\t${d}\n`).join('');
  return `${head}${listText(w, listed(w, loc), loc, true)}You also see:\n${doorText}`;
}

export function inventoryText(w: World): string {
  return `In your inventory, you see:\n${listText(w, listed(w, w.inventory), w.inventory, true, 'detailed')}`;
}
