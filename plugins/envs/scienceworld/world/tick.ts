/**
 * One tick of simulated time. The tree is walked depth first from the universe, as ScienceWorld does: each
 * thing runs its device and life behaviour, burns, exchanges heat with what it holds and what lies beside
 * it, updates its state of matter, then its contents and portals tick. Circuits are solved at the end.
 */
import { tickDevice, tickDrain } from './devices.ts';
import { solveCircuits } from './electrical.ts';
import { tickLife } from './life.ts';
import { combustionTick, conduct, updateState } from './thermal.ts';
import type { Thing, World } from './world.ts';

interface TickRun {
  w: World;
  /** Things already ticked this round (things created during the tick wait for the next one). */
  visited: Uint8Array;
  electrical: Thing[];
}

export function tickWorld(w: World): void {
  w.state.time++;
  const run: TickRun = { w, visited: new Uint8Array(w.things.length), electrical: [] };
  visit(run, w.get(w.state.root));
  solveCircuits(w, run.electrical);
}

/**
 * Ticks one part of the world only (an appliance and what it holds): exact for that part when nothing
 * outside exchanges heat with it, as for things inside a stove, oven or freezer. For the expert's foresight.
 */
export function tickPart(w: World, root: number): void {
  w.state.time++;
  visit({ w, visited: new Uint8Array(w.things.length), electrical: [] }, w.get(root));
}

/**
 * Whether a container and everything in it are already at one temperature (to within the billionth of a
 * degree `conduct` ignores), so that no pair among them can exchange heat. Most rooms are, most ticks: this
 * linear test spares the quadratic walk over pairs.
 */
function atOneTemperature(w: World, t: Thing, contents: number[]): boolean {
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
  if (t.deleted || t.id >= run.visited.length || run.visited[t.id]) return;
  run.visited[t.id] = 1;
  if (t.electrical) run.electrical.push(t);
  const kind = t.kind;
  if (kind !== 'agent' && kind !== 'inventory' && kind !== 'universe') {
    tickDevice(w, t);
    if (kind === 'plant' || kind === 'animal' || kind === 'bee' || kind === 'flower') tickLife(w, t);
    if (t.deleted) return;
    if (t.material) {
      combustionTick(w, t);
      if (t.deleted) return;
    }
  }
  const contents = t.contents.length ? t.contents.slice() : t.contents;
  const n = contents.length;
  if (n && !atOneTemperature(w, t, contents)) {
    const things = w.things;
    if (t.material) for (let i = 0; i < n; i++) conduct(w, t, things[contents[i]]);
    for (let i = 1; i < n; i++) {
      const a = things[contents[i]];
      if (!a.material) continue;
      for (let j = 0; j < i; j++) {
        const b = things[contents[j]];
        if (b.material) conduct(w, a, b);
      }
    }
  }
  if (t.material) updateState(w, t);
  for (let i = 0; i < n; i++) visit(run, w.things[contents[i]]);
  if (t.portals) {
    for (const p of t.portals) {
      const portal = w.things[p];
      if (portal.id < run.visited.length && !run.visited[portal.id]) {
        run.visited[portal.id] = 1;
        if (portal.kind === 'drain') tickDrain(w, portal);
      }
    }
  }
}
