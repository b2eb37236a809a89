/**
 * What devices and fixtures do each tick before physics runs: heaters and coolers act on their contents,
 * taps fill containers placed under them, the fountain refills, toilets flush, stopwatches count, self-
 * watering pots water themselves, and whatever is put on the ground drops to the location.
 */
import { substanceThing } from './kinds.ts';
import { coolContents, heatContents } from './thermal.ts';
import type { Thing, World } from './world.ts';

function hasWater(w: World, t: Thing): boolean {
  return t.contents.some((id) => w.get(id).material?.substance === 'water');
}

function addWater(w: World, into: number): void {
  substanceThing(w, 'water', into);
}

/** A running tap puts water into each open container it holds, and into its own basin. */
function runTap(w: World, t: Thing): void {
  for (const id of t.contents.slice()) {
    const c = w.get(id);
    if (c.container?.isContainer && c.container.open && !w.get(id).contents.some((x) => w.get(x).material?.substance === 'water')) addWater(w, id);
  }
  if (t.contents.some((x) => w.get(x).material?.substance === 'water')) return;
  // A sink's open drain takes the basin's water away at the end of this same tick (see `tickDrain`).
  if (t.kind === 'sink' && drainOpen(w, t)) w.createTransient(() => substanceThing(w, 'water', t.id));
  else addWater(w, t.id);
}

function drainOpen(w: World, t: Thing): boolean {
  return (t.portals ?? []).some((p) => w.get(p).kind === 'drain' && w.get(p).portal!.open);
}

function tickToilet(w: World, t: Thing): void {
  const drain = t.portals ? w.get(t.portals[0]) : undefined;
  let stage = Number(t.data.flushStage);
  if (t.device!.activated && stage === 0) {
    stage = 1;
    if (drain) {
      drain.portal!.open = true;
      w.portalChanged(drain);
    }
  }
  if (stage > 0) {
    runTap(w, t);
    stage++;
    if (stage > 5) {
      t.device!.activated = false;
      stage = 0;
    }
    w.changed(t.id);
  }
  t.data.flushStage = stage;
  if (stage === 0 && drain && drain.portal!.open) {
    drain.portal!.open = false;
    w.portalChanged(drain);
  }
}

/** Per-kind behaviour of one thing for this tick (before combustion, conduction and state changes). */
export function tickDevice(w: World, t: Thing): void {
  switch (t.kind) {
    case 'stove':
    case 'oven':
      if (t.device!.activated && !t.device!.broken) heatContents(w, t, t.heater!);
      break;
    case 'cooler':
      if (t.device!.activated) coolContents(w, t, t.cooler!);
      break;
    case 'sink':
      if (t.device!.activated) runTap(w, t);
      break;
    case 'toilet':
      tickToilet(w, t);
      break;
    case 'stopwatch':
      if (t.device!.activated) {
        t.data.ticks = Number(t.data.ticks) + 1;
        t.data.reading = t.data.ticks;
      } else t.data.ticks = 0;
      break;
    case 'ground':
      if (t.parent >= 0) for (const id of t.contents.slice()) w.put(id, t.parent);
      break;
    case 'container':
      // Only the fountain and flower pots do anything.
      if (t.name === 'fountain' && t.data.waterSource === 'fountain' && !hasWater(w, t)) addWater(w, t.id);
      else if (t.data.flowerPot && t.name.includes('flower pot') && (t.data.selfWatering || w.state.simplifications.selfWateringFlowerPots) && !hasWater(w, t))
        addWater(w, t.id);
      break;
  }
}

/**
 * A drain takes every liquid out of the basin it belongs to. What goes down the drain leaves the simulation:
 * kept in the (hidden) sewer, a running tap's water would pile up there without end, every tick costlier.
 */
export function tickDrain(w: World, d: Thing): void {
  if (!d.portal!.open) return;
  const from = w.get(d.portal!.from);
  for (const id of from.contents.slice()) {
    if (w.get(id).material?.state !== 'liquid') continue;
    if (w.isTransient(id)) w.destroyTransient(id);
    else w.destroy(id);
  }
}
