/**
 * Thermodynamics, per tick: heat sources and cooling sources pull the temperature of what they hold toward
 * their setting; touching things (a container and its contents, things side by side) exchange heat at the
 * smaller of their conductivities; a thing at its combustion point catches fire, burns for a while (liquid
 * water beside it puts the fire out) and turns to ash; and a thing's state of matter (and with it its name:
 * water, ice, steam) follows its temperature.
 */
import { material, nameInState } from './kinds.ts';
import type { MaterialState, StateOfMatter, Thing, World } from './world.ts';

const TRANSFER = 0.1;
const MAX_STEP = 1000;
/** A burning thing stays at least this far above its combustion point. */
const BURN_DELTA = 200;

function clip(x: number): number {
  return x > MAX_STEP ? MAX_STEP : Math.max(x, -MAX_STEP);
}

/** A heat source at `setting` warms each thing it holds by 10 % of the difference per tick. */
export function heatContents(w: World, source: Thing, setting: number): void {
  for (const id of source.contents) {
    const m = w.get(id).material;
    if (m && m.temperature < setting) m.temperature = approach(m.temperature, setting);
  }
}

/** One tick of a thing's temperature moving toward a source's setting (snapping once within 1e-9°). */
function approach(t: number, setting: number): number {
  const gap = setting - t;
  return gap < 1e-9 && gap > -1e-9 ? setting : t + clip(gap * TRANSFER);
}

export function coolContents(w: World, source: Thing, setting: number): void {
  for (const id of source.contents) {
    const m = w.get(id).material;
    if (m && m.temperature > setting) m.temperature = approach(m.temperature, setting);
  }
}

/** Conduction between two touching things (the first is updated before the second's change is computed). */
export function conduct(_w: World, a: Thing, b: Thing): void {
  const ma = a.material;
  const mb = b.material;
  if (!ma || !mb) return;
  // Temperatures that agree to a billionth of a degree are equal: without this, differences decay into
  // subnormal floating-point numbers over long episodes, and arithmetic on those is very slow.
  const gap = mb.temperature - ma.temperature;
  if (gap < 1e-9 && gap > -1e-9) return;
  const k = Math.min(ma.k, mb.k);
  ma.temperature += clip((mb.temperature - ma.temperature) * k * TRANSFER);
  mb.temperature += clip((ma.temperature - mb.temperature) * k * TRANSFER);
}

// Scratch space for `conductAmong`, grown as needed (a tick visits containers one at a time).
let temps = new Float64Array(64);
let ks = new Float64Array(64);

/**
 * One tick of conduction in a container: the holder with each thing it holds, then every pair of held
 * things, in the order `conduct` would take them (so the arithmetic, and every reading, is the same) — but
 * on plain arrays of numbers, which is several times faster than going through the objects.
 */
export function conductAmong(holder: MaterialState | undefined, mats: readonly MaterialState[], n: number): void {
  if (n > temps.length) {
    temps = new Float64Array(2 * n);
    ks = new Float64Array(2 * n);
  }
  for (let i = 0; i < n; i++) {
    temps[i] = mats[i].temperature;
    ks[i] = mats[i].k;
  }
  if (holder) {
    let th = holder.temperature;
    const kh = holder.k;
    for (let i = 0; i < n; i++) {
      const gap = temps[i] - th;
      if (gap < 1e-9 && gap > -1e-9) continue;
      const k = Math.min(kh, ks[i]);
      th += clip(gap * k * TRANSFER);
      temps[i] += clip((th - temps[i]) * k * TRANSFER);
    }
    holder.temperature = th;
  }
  for (let i = 1; i < n; i++) {
    let ta = temps[i];
    const ka = ks[i];
    for (let j = 0; j < i; j++) {
      const gap = temps[j] - ta;
      if (gap < 1e-9 && gap > -1e-9) continue;
      const k = Math.min(ka, ks[j]);
      ta += clip(gap * k * TRANSFER);
      temps[j] += clip((ta - temps[j]) * k * TRANSFER);
    }
    temps[i] = ta;
  }
  // Write back only what changed (storing a number into an object can allocate; most stay the same).
  for (let i = 0; i < n; i++) if (!Object.is(mats[i].temperature, temps[i])) mats[i].temperature = temps[i];
}

export function inferredState(w: World, t: Thing): StateOfMatter {
  const m = t.material!;
  if (m.temperature < w.meltingPoint(m)) return 'solid';
  if (m.temperature > w.boilingPoint(m)) return 'gas';
  return 'liquid';
}

/** Updates state of matter and, where the substance names its states, the thing's name. */
export function updateState(w: World, t: Thing): void {
  const m = t.material;
  if (!m) return;
  const state = inferredState(w, t);
  if (state === m.state) return;
  m.state = state;
  const names = w.stateNames(m);
  if (names) w.rename(t.id, t.kind === 'named' && t.data.baseName && !m.overrides?.names ? String(t.data.baseName) : names[state]);
  w.changed(t.id);
}

/** Sets a thing alight; the message is what a lighter reports. */
export function ignite(w: World, t: Thing): string {
  const m = t.material;
  if (!m) return 'That is not flammable.';
  if (m.combusting) return `The ${t.name} is already on fire.`;
  if (m.combustionTicks > 0) {
    m.combusting = true;
    m.combusted = true;
    w.changed(t.id);
    return `The ${t.name} catches fire.`;
  }
  return `The ${t.name} is not flammable.`;
}

function isLiquidWater(t: Thing): boolean {
  return t.material?.substance === 'water' && t.material.state === 'liquid';
}

export function combustionTick(w: World, t: Thing): void {
  const m = t.material;
  if (!m || (!m.combusting && m.temperature < m.combustionPoint)) return;
  const point = w.combustionPoint(m);
  if (m.temperature >= point && !m.combusting) ignite(w, t);
  if (!m.combusting || m.combustionTicks <= 0) return;
  m.combustionTicks--;
  if (m.temperature < point + BURN_DELTA) m.temperature = point + BURN_DELTA;
  if (m.combustionTicks === 0) {
    m.combusting = false;
    w.changed(t.id);
    if (t.parent >= 0) {
      const ashMaterial = material('ash', m.temperature);
      w.create({ kind: 'substance', name: nameInState('ash', ashMaterial.state, 'ash'), material: ashMaterial }, t.parent);
    }
    w.destroy(t.id, true);
    return;
  }
  // Liquid water touching a burning thing puts the fire out (and turns to steam).
  const around = t.parent >= 0 ? t.contents.concat(w.get(t.parent).contents) : t.contents;
  for (const id of around) {
    const other = w.get(id);
    if (other !== t && isLiquidWater(other)) {
      other.material!.temperature = m.temperature;
      m.combusting = false;
      m.temperature = point - 10;
      w.changed(t.id);
      return;
    }
  }
}
