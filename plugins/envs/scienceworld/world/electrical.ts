/**
 * Electricity. Every thing has two terminals (anode/cathode on polarized parts, terminal 1/2 elsewhere) and
 * each terminal takes one connection, so connections form chains. A light bulb, motor or buzzer is on when
 * its cathode chains to a working power source's anode and its anode to that source's cathode. Current
 * passes through wires, closed switches, other powered parts (series circuits) and things made of an
 * electrically conductive material; it does not pass through another power source.
 */
import type { Thing, World } from './world.ts';

/** Does current pass from one terminal of `t` to the other? */
export function conductsThrough(w: World, t: Thing): boolean {
  switch (t.electrical) {
    case 'wire':
    case 'user':
      return true;
    case 'switch':
      return !!t.device?.activated;
    case 'source':
      return false;
    default:
      return w.isConductive(t);
  }
}

/** Is a power source producing now? Batteries always; generators when switched on; solar and wind outdoors. */
export function isProducing(w: World, t: Thing): boolean {
  if (t.electrical !== 'source') return false;
  switch (t.data.power) {
    case 'always':
      return true;
    case 'switch':
      return !!t.device?.activated;
    case 'outdoors':
      return isOutdoors(w, t);
    default:
      return false;
  }
}

/** In the outside location, possibly inside open containers (not in someone's inventory). */
export function isOutdoors(w: World, t: Thing): boolean {
  let cur = t.parent;
  for (let guard = 0; cur >= 0 && guard < 10; guard++) {
    const c = w.get(cur);
    if (c.kind === 'outside') return true;
    if (!c.container?.open || c.kind === 'inventory') return false;
    cur = c.parent;
  }
  return false;
}

/** Follows the chain from terminal `tid` outward; returns the source terminal it ends at, or 0. */
export function chainEnd(w: World, tid: number, skipOwner: number): number {
  let at = tid;
  for (let guard = 0; guard < 256; guard++) {
    const next = w.linkOf(at);
    if (!next) return 0;
    const owner = w.get(w.terminalOwner(next));
    if (owner.electrical === 'source') return isProducing(w, owner) ? next : 0;
    if (owner.id === skipOwner || owner.deleted || !conductsThrough(w, owner)) return 0;
    at = w.terminalId(owner.id, w.terminalSlot(next) === 0 ? 1 : 0);
  }
  return 0;
}

/** Whether a polarized user part is powered by one source across its two terminals. */
export function isPowered(w: World, t: Thing): boolean {
  const plus = chainEnd(w, w.terminalId(t.id, 1), t.id);
  if (!plus || w.terminalSlot(plus) !== 0) return false;
  const minus = chainEnd(w, w.terminalId(t.id, 0), t.id);
  return !!minus && w.terminalSlot(minus) === 1 && w.terminalOwner(minus) === w.terminalOwner(plus);
}

/** Recomputes which parts are on; called once per tick. */
export function solveCircuits(w: World, electricalThings: readonly Thing[]): void {
  for (const t of electricalThings) {
    if (t.deleted) continue;
    if (t.electrical === 'source' && t.data.power === 'outdoors') {
      const on = isOutdoors(w, t);
      if (t.device!.activated !== on) {
        t.device!.activated = on;
        w.changed(t.id);
      }
    }
  }
  for (const t of electricalThings) {
    if (t.deleted || t.electrical !== 'user') continue;
    const on = isPowered(w, t);
    if (!!t.powered !== on) {
      t.powered = on;
      t.device!.activated = on;
      w.changed(t.id);
    }
  }
}

/** Are two things joined by a chain of connections (for goals such as "wire connects part and battery")? */
export function areJoined(w: World, a: Thing, bName: string): boolean {
  for (const slot of [0, 1] as const) {
    let at = w.terminalId(a.id, slot);
    for (let guard = 0; guard < 256; guard++) {
      const next = w.linkOf(at);
      if (!next) break;
      const owner = w.get(w.terminalOwner(next));
      if (owner.name === bName) return true;
      if (owner.id === a.id) break;
      at = w.terminalId(owner.id, w.terminalSlot(next) === 0 ? 1 : 0);
    }
  }
  return false;
}
