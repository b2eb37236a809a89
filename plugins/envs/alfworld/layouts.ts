/**
 * Room layouts: which receptacles a room has. A layout is a pure function of its scene number, numbered as
 * ALFRED numbers its floor plans (kitchens 1–30, living rooms 201–230, bedrooms 301–330, bathrooms 401–430).
 * As in ALFRED, floor plans 7–30 of each kind are training rooms and 1–6 are held out, so `unseen` episodes
 * happen in rooms no training episode uses.
 */
import { createRng, hashSeed, type Rng } from '../../../harness/api.ts';
import { listingKey, OPENABLE_CLASSES, SCENE_KINDS, type SceneKind } from './vocabulary.ts';

export interface ReceptacleSpec {
  cls: string;
  /** Instance number within the room (`cabinet 3` has num 3). */
  num: number;
  /** Printed name, e.g. `cabinet 3`. */
  name: string;
  /** Closed until opened, hiding its contents. Most cabinets and drawers are; a few are open shelving. */
  openable: boolean;
}

export interface Layout {
  scene: number;
  kind: SceneKind;
  /** In ALFWorld's listing order (see `listingKey`). */
  receptacles: readonly ReceptacleSpec[];
}

const KIND_BASE: Record<SceneKind, number> = { kitchen: 0, livingroom: 200, bedroom: 300, bathroom: 400 };

/** Held-out floor plans per kind (ALFRED keeps plans 1–6 of each kind out of training). */
const HELD_OUT = 6;
const PLANS_PER_KIND = 30;

export function sceneKind(scene: number): SceneKind | undefined {
  for (const kind of SCENE_KINDS) {
    const n = scene - KIND_BASE[kind];
    if (n >= 1 && n <= PLANS_PER_KIND) return kind;
  }
  return undefined;
}

export function trainScenes(kind: SceneKind): number[] {
  const base = KIND_BASE[kind];
  return Array.from({ length: PLANS_PER_KIND - HELD_OUT }, (_, i) => base + HELD_OUT + 1 + i);
}

export function unseenScenes(kind: SceneKind): number[] {
  const base = KIND_BASE[kind];
  return Array.from({ length: HELD_OUT }, (_, i) => base + 1 + i);
}

export function isUnseenScene(scene: number): boolean {
  const kind = sceneKind(scene);
  return kind !== undefined && scene - KIND_BASE[kind] <= HELD_OUT;
}

/** How many receptacles of each class a room of this kind has: [class, min, max] or a fixed list to pick from. */
type Count = [string, number, number] | [string, readonly number[]];

const ROOM_RECIPES: Record<SceneKind, readonly Count[]> = {
  kitchen: [
    ['Cabinet', 4, 18],
    ['CoffeeMachine', 1, 1],
    ['CounterTop', 1, 3],
    ['DiningTable', [0, 0, 1, 1, 1, 2]],
    ['Drawer', 1, 9],
    ['Fridge', 1, 1],
    ['GarbageCan', 1, 1],
    ['Microwave', 1, 1],
    ['Shelf', [0, 0, 0, 0, 1, 2, 3]],
    ['SideTable', [0, 0, 0, 0, 1]],
    ['SinkBasin', [1, 1, 1, 1, 2]],
    ['StoveBurner', [2, 4, 4, 4, 4, 6]],
    ['Toaster', 1, 1],
  ],
  livingroom: [
    ['ArmChair', 0, 2],
    ['Cabinet', [0, 0, 1, 2, 4]],
    ['CoffeeTable', [0, 1, 1, 1, 2]],
    ['DiningTable', [0, 0, 0, 1]],
    ['Drawer', [0, 0, 2, 3, 4, 6]],
    ['Dresser', [0, 0, 1]],
    ['GarbageCan', 1, 1],
    ['Ottoman', [0, 0, 0, 1]],
    ['Safe', [0, 0, 0, 1]],
    ['Shelf', [0, 0, 2, 4, 6, 8]],
    ['SideTable', 1, 3],
    ['Sofa', 1, 1],
    ['TVStand', [0, 1, 1]],
  ],
  bedroom: [
    ['ArmChair', [0, 0, 0, 1]],
    ['Bed', 1, 1],
    ['Desk', [0, 1, 1, 1, 2]],
    ['Drawer', 1, 10],
    ['Dresser', [0, 1, 1]],
    ['GarbageCan', 1, 1],
    ['LaundryHamper', [0, 0, 1]],
    ['Safe', [0, 0, 0, 1]],
    ['Shelf', [0, 0, 1, 2, 4, 6]],
    ['SideTable', [0, 1, 1, 2]],
  ],
  bathroom: [
    ['BathtubBasin', [0, 1, 1]],
    ['Cabinet', 1, 4],
    ['Cart', [0, 0, 1]],
    ['CounterTop', 1, 1],
    ['Drawer', [0, 0, 2, 4, 6]],
    ['GarbageCan', 1, 1],
    ['HandTowelHolder', [0, 1, 1, 2]],
    ['Shelf', [0, 0, 0, 1, 2, 3]],
    ['SinkBasin', [1, 1, 2]],
    ['Toilet', 1, 1],
    ['ToiletPaperHanger', 1, 1],
    ['TowelHolder', [0, 1, 1, 2]],
  ],
};

/** Every living room and bedroom can stand a lamp (look-at-in-light tasks happen there). */
const LAMP_STANDS: Partial<Record<SceneKind, readonly string[]>> = {
  livingroom: ['SideTable'],
  bedroom: ['Desk', 'SideTable', 'Dresser'],
};

function drawCount(count: Count, rng: Rng): number {
  if (count.length === 2) return rng.pick(count[1]);
  const [, min, max] = count;
  return min + rng.int(max - min + 1);
}

function buildLayout(scene: number): Layout {
  const kind = sceneKind(scene);
  if (!kind) throw new Error(`alfworld: scene ${scene} is not a floor plan (kitchens 1-30, living rooms 201-230, bedrooms 301-330, bathrooms 401-430)`);
  const rng = createRng(hashSeed('alfworld-layout', scene));
  const counts = new Map<string, number>();
  for (const count of ROOM_RECIPES[kind]) counts.set(count[0], drawCount(count, rng));
  const stands = LAMP_STANDS[kind];
  if (stands && !stands.some((cls) => (counts.get(cls) ?? 0) > 0)) counts.set(stands[0], 1);

  const receptacles: ReceptacleSpec[] = [];
  for (const [cls, n] of counts) {
    for (let num = 1; num <= n; num++) {
      // A tenth of cabinets and drawers are open shelving: ALFWorld prints "On the drawer 1, you see …" for them.
      const openable = OPENABLE_CLASSES.has(cls) && !((cls === 'Cabinet' || cls === 'Drawer') && rng.next() < 0.1);
      receptacles.push({ cls, num, name: `${cls.toLowerCase()} ${num}`, openable });
    }
  }
  receptacles.sort(byListingOrder);
  return { scene, kind, receptacles };
}

/** ALFWorld's listing order: by class id, then by descending number. */
export function byListingOrder(a: { cls: string; num: number }, b: { cls: string; num: number }): number {
  const ka = listingKey(a.cls),
    kb = listingKey(b.cls);
  if (ka !== kb) return ka < kb ? -1 : 1;
  return b.num - a.num;
}

const cache = new Map<number, Layout>();

export function layoutOf(scene: number): Layout {
  let layout = cache.get(scene);
  if (!layout) {
    layout = buildLayout(scene);
    cache.set(scene, layout);
  }
  return layout;
}

/** A layout's content, for checking that held-out rooms really differ from training rooms. */
export function layoutSignature(layout: Layout): string {
  return layout.receptacles.map((r) => `${r.name}${r.openable ? '' : '*'}`).join(',');
}
