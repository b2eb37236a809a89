/**
 * A world's static description: its room, its objects and where they start, and its task. Plain data,
 * generated deterministically from the episode id; the simulator (`sim.ts`) keeps the changing state.
 */
import { createRng, hashSeed, type Rng } from '../../../harness/api.ts';
import type { EpisodeKey } from './episodes.ts';
import { byListingOrder, type Layout, layoutOf, type ReceptacleSpec } from './layouts.ts';
import { FILLER_OBJECTS, TASK_OBJECTS, type TaskParams } from './tasks.ts';
import { canContain, LAMP_CLASSES, LAMP_HOSTS } from './vocabulary.ts';

export interface ItemSpec {
  cls: string;
  num: number;
  /** Printed name, e.g. `apple 2`. */
  name: string;
}

export interface WorldSpec {
  id: string;
  params: TaskParams;
  /** Whether this game words its goal in ALFWorld's alternate phrasing ("heat some egg and put it in …"). */
  alternatePhrasing: boolean;
  layout: Layout;
  /** `layout.receptacles`, in ALFWorld's listing order; indices are receptacle ids. */
  receptacles: readonly ReceptacleSpec[];
  /** Every object, in ALFWorld's listing order; indices are item ids. */
  items: readonly ItemSpec[];
  /** The receptacle each item starts in. */
  start: Int16Array;
  /** The item ids of the lamp a look-at task names (switchable); ALFWorld makes no other lamp switchable. */
  toggleable: Uint8Array;
  /** The `loc N` number of each receptacle's location, printed on arrival by the legacy grammar. */
  locs: Int16Array;
}

/**
 * How likely each receptacle class is to hold loose objects. Surfaces hold most things; closed storage and
 * bins hold a few. The same ranking orders the expert's search, as a person checks likely places first.
 */
export const PLACEMENT_WEIGHT: Record<string, number> = {
  CounterTop: 6,
  DiningTable: 5,
  Desk: 5,
  CoffeeTable: 5,
  TowelHolder: 5,
  HandTowelHolder: 5,
  SideTable: 4,
  Dresser: 4,
  Bed: 4,
  Fridge: 4,
  ToiletPaperHanger: 4,
  Sofa: 3,
  StoveBurner: 3,
  Toilet: 3,
  LaundryHamper: 3,
  CoffeeMachine: 3,
  ArmChair: 2,
  SinkBasin: 2,
  Shelf: 2,
  Cart: 2,
  TVStand: 2,
  Ottoman: 2,
  Cabinet: 1,
  Drawer: 1,
  GarbageCan: 1,
  Microwave: 1,
  Safe: 1,
  BathtubBasin: 1,
  Toaster: 0,
};

/**
 * Per-receptacle chance of holding a loose object. ALFRED scatters objects over all valid receptacles, so the
 * class preference is softened, and a class's share grows slowly with its instances (twelve drawers hold more
 * than one, but do not swallow the room).
 */
export function placementWeights(layout: Layout): Float64Array {
  const counts = new Map<string, number>();
  for (const r of layout.receptacles) counts.set(r.cls, (counts.get(r.cls) ?? 0) + 1);
  return Float64Array.from(layout.receptacles, (r) => Math.sqrt(PLACEMENT_WEIGHT[r.cls] ?? 1) / counts.get(r.cls)! ** 0.4);
}

function pickHost(hosts: readonly number[], weights: Float64Array, rng: Rng): number {
  let total = 0;
  for (const h of hosts) total += weights[h];
  let r = rng.next() * total;
  for (const h of hosts) {
    r -= weights[h];
    if (r < 0) return h;
  }
  return hosts[hosts.length - 1];
}

interface Placed {
  cls: string;
  host: number;
}

/**
 * Places the objects of one attempt. `forcedHost` (used only after many rejected attempts) puts every target
 * object in one given receptacle, which always yields a short solution.
 */
export function placeObjects(id: string, key: EpisodeKey, attempt: number, forcedHost?: number): WorldSpec {
  const { params } = key;
  const layout = layoutOf(params.scene);
  const recs = layout.receptacles;
  const rng = createRng(hashSeed(id, 'placement', attempt));
  const weights = placementWeights(layout);
  const isLook = params.type === 'look_at_obj_in_light';
  const hostsFor = (cls: string, exclude?: string) => {
    const hosts: number[] = [];
    for (let i = 0; i < recs.length; i++) {
      if (recs[i].cls !== exclude && canContain(recs[i].cls, cls) && weights[i] > 0) hosts.push(i);
    }
    return hosts;
  };

  const placed: Placed[] = [];
  const targetCount = params.type === 'pick_two_obj_and_place' ? 2 + rng.int(3) : 1 + weightedInt([5, 3, 2], rng);
  // No target object starts in a destination-class receptacle, so no goal holds before the agent acts.
  const targetHosts = hostsFor(params.object, isLook ? undefined : params.target);
  for (let i = 0; i < targetCount; i++) {
    placed.push({ cls: params.object, host: forcedHost ?? pickHost(targetHosts, weights, rng) });
  }

  const lampClass = isLook ? params.target : layout.kind === 'bedroom' || layout.kind === 'livingroom' ? 'DeskLamp' : '';
  if (lampClass && (isLook || rng.next() < 0.6)) {
    const hosts = recs.map((_, i) => i).filter((i) => LAMP_HOSTS[lampClass].includes(recs[i].cls));
    if (hosts.length > 0) placed.push({ cls: lampClass, host: rng.pick(hosts) });
  }

  const fillerClasses = [...new Set([...TASK_OBJECTS[layout.kind], ...FILLER_OBJECTS[layout.kind]])].filter(
    (cls) => cls !== params.object && !LAMP_CLASSES.has(cls),
  );
  rng.shuffle(fillerClasses);
  const fillerKinds = Math.min(fillerClasses.length, 5 + rng.int(7));
  for (const cls of fillerClasses.slice(0, fillerKinds)) {
    const hosts = hostsFor(cls);
    if (hosts.length === 0) continue;
    const copies = 1 + weightedInt([6, 3, 1], rng);
    for (let c = 0; c < copies; c++) placed.push({ cls, host: pickHost(hosts, weights, rng) });
  }

  return assemble(id, key, layout, placed, rng);
}

function weightedInt(weights: readonly number[], rng: Rng): number {
  let total = 0;
  for (const w of weights) total += w;
  let r = rng.next() * total;
  for (let i = 0; i < weights.length; i++) {
    r -= weights[i];
    if (r < 0) return i;
  }
  return weights.length - 1;
}

/** Numbers objects per class (in an arbitrary order, as ALFWorld does), sorts them for listing, and packs the spec. */
function assemble(id: string, key: EpisodeKey, layout: Layout, placed: Placed[], rng: Rng): WorldSpec {
  const byClass = new Map<string, Placed[]>();
  for (const p of placed) {
    const list = byClass.get(p.cls) ?? [];
    list.push(p);
    byClass.set(p.cls, list);
  }
  const numbered: (ItemSpec & { host: number })[] = [];
  for (const [cls, list] of byClass) {
    const nums = rng.shuffle(list.map((_, i) => i + 1));
    list.forEach((p, i) => numbered.push({ cls, num: nums[i], name: `${cls.toLowerCase()} ${nums[i]}`, host: p.host }));
  }
  numbered.sort(byListingOrder);

  const { params } = key;
  const toggleable = new Uint8Array(numbered.length);
  if (params.type === 'look_at_obj_in_light') {
    numbered.forEach((item, i) => {
      if (item.cls === params.target) toggleable[i] = 1;
    });
  }
  // Location numbers are arbitrary labels in ALFWorld; one extra number is the agent's starting spot.
  const locNumbers = rng.shuffle(Array.from({ length: layout.receptacles.length + 1 }, (_, i) => i + 1));
  return {
    id,
    params,
    alternatePhrasing: (hashSeed(id, 'phrasing') & 1) === 1,
    layout,
    receptacles: layout.receptacles,
    items: numbered.map(({ cls, num, name }) => ({ cls, num, name })),
    start: Int16Array.from(numbered, (item) => item.host),
    toggleable,
    locs: Int16Array.from(layout.receptacles, (_, i) => locNumbers[i]),
  };
}
