/**
 * One tick of simulated time. The tree is walked depth first from the universe, as ScienceWorld does: each
 * thing runs its device and life behaviour, burns, exchanges heat with what it holds and what lies beside
 * it, updates its state of matter, then its contents and portals tick. Circuits are solved at the end.
 */
import { tickDevice, tickDrain } from './devices.ts';
import { solveCircuits } from './electrical.ts';
import { tickLife } from './life.ts';
import { combustionTick, conductAmong, updateState } from './thermal.ts';
import type { MaterialState, Thing, World } from './world.ts';

interface TickRun {
  w: World;
  /** Things with ids from here on were created during this tick: they wait for the next one. */
  limit: number;
  /** `marks[id] === round`: the thing was ticked this round. */
  marks: Uint32Array;
  round: number;
  electrical: Thing[];
  /** Scratch list of the materials held by the container being visited. */
  mats: MaterialState[];
}

/** Per world, the marks of things ticked, reused from tick to tick (a fresh array per tick is costly). */
const marksByWorld = new WeakMap<World, { marks: Uint32Array; round: number }>();

function startRun(w: World): TickRun {
  const limit = w.things.length;
  let m = marksByWorld.get(w);
  if (!m || m.marks.length < limit || m.round >= 0xfffffffe) {
    m = { marks: new Uint32Array(Math.max(256, 2 * limit)), round: 0 };
    marksByWorld.set(w, m);
  }
  m.round++;
  return { w, limit, marks: m.marks, round: m.round, electrical: [], mats: [] };
}

export function tickWorld(w: World): void {
  w.state.time++;
  const run = startRun(w);
  visit(run, w.get(w.state.root));
  solveCircuits(w, run.electrical);
}

/**
 * Ticks one part of the world only (an appliance and what it holds): exact for that part when nothing
 * outside exchanges heat with it, as for things inside a stove, oven or freezer. For the expert's foresight.
 */
export function tickPart(w: World, root: number): void {
  w.state.time++;
  visit(startRun(w), w.get(root));
}

/**
 * Whether a container and everything in it are already at one temperature (to within the billionth of a
 * degree `conduct` ignores), so that no pair among them can exchange heat. Most rooms are, most ticks: this
 * linear test spares the quadratic walk over pairs.
 */
function atOneTemperature(w: World, t: Thing, contents: readonly number[]): boolean {
  let lo = Infinity;
  let hi = -Infinity;
  if (t.material) lo = hi = t.material.temperature;
  const things = w.things;
  for (let i = 0; i < contents.length; i++) {
    const m = things[contents[i]].material;
    if (!m) continue;
    const x = m.temperature;
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  return hi - lo < 1e-9;
}

function visit(run: TickRun, t: Thing): void {
  const w = run.w;
  if (t.deleted || t.id >= run.limit || run.marks[t.id] === run.round) return;
  run.marks[t.id] = run.round;
  if (t.electrical) run.electrical.push(t);
  const kind = t.kind;
  if (kind !== 'agent' && kind !== 'inventory' && kind !== 'universe') {
    tickDevice(w, t);
    if (kind === 'plant' || kind === 'animal' || kind === 'bee' || kind === 'flower') tickLife(w, t);
    if (t.deleted) return;
    const m = t.material;
    // Most things are neither burning nor hot enough to: skip the call (the cheap test is combustionTick's own).
    if (m && (m.combusting || m.temperature >= m.combustionPoint)) {
      combustionTick(w, t);
      if (t.deleted) return;
    }
  }
  // A snapshot for free: ticking the contents may move things in or out, but that gives the container a new
  // list rather than changing this one (see `Thing.contents`).
  const contents = t.contents;
  const n = contents.length;
  if (n && !atOneTemperature(w, t, contents)) {
    const things = w.things;
    const mats = run.mats;
    let m = 0;
    for (let i = 0; i < n; i++) {
      const mat = things[contents[i]].material;
      if (mat) mats[m++] = mat;
    }
    conductAmong(t.material, mats, m);
  }
  const m = t.material;
  // Only a change of state needs `updateState` (the same test as its own, inline).
  if (m && m.state !== (m.temperature < m.meltingPoint ? 'solid' : m.temperature > m.boilingPoint ? 'gas' : 'liquid')) updateState(w, t);
  for (let i = 0; i < n; i++) visit(run, w.things[contents[i]]);
  if (t.portals) {
    for (const p of t.portals) {
      const portal = w.things[p];
      if (portal.id < run.limit && run.marks[portal.id] !== run.round) {
        run.marks[portal.id] = run.round;
        if (portal.kind === 'drain') tickDrain(w, portal);
      }
    }
  }
}
