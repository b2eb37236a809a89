/**
 * Tasks 6-2 (mix a secondary colour of paint) and 6-3 (mix a secondary colour, then a tertiary one from it).
 * As in ScienceWorld, 36 variations each: six colour pairs (green then green-blue or yellow-green, orange then
 * red-orange or yellow-orange, violet then violet-red or blue-violet) × six places for three extra cups of
 * red, blue and yellow paint (a paint cupboard, a paint closet or a desk, in the art studio or the
 * workshop; in the workshop with a glass cup, bowl or jug to mix in). In ScienceWorld's order, the test block
 * holds the violet pairs, which training never shows.
 */

import { type Goal, GoalSequence } from '../../engine/scoring.ts';
import { called, type Expert, ExpertError } from '../../expert/expert.ts';
import { mixContents, pourInto } from '../../expert/mixing.ts';
import { closedAround, focusOn, inInventory } from '../../expert/skills.ts';
import * as k from '../../world/kinds.ts';
import type { Thing, World } from '../../world/world.ts';
import { find, inRoomWithObject, moveToLocation, moveToNewLocation, objectsInSingleContainer } from '../goals.ts';
import type { TaskType } from '../types.ts';

export type PaintMode = 'secondary' | 'tertiary';

export interface PaintParams {
  secondary: string;
  secondaryInputs: [string, string];
  tertiary: string;
  tertiaryInputs: [string, string];
  /** Where the three extra cups of paint are. */
  furniture: 'paint cupboard' | 'paint closet' | 'desk';
  location: 'art studio' | 'workshop';
  /** The container the task adds to the workshop to mix in (none in the art studio, which has one). */
  mixer?: 'glass cup' | 'bowl' | 'jug';
}

const PAIRS: Pick<PaintParams, 'secondary' | 'secondaryInputs' | 'tertiary' | 'tertiaryInputs'>[] = [
  { secondary: 'green paint', secondaryInputs: ['blue paint', 'yellow paint'], tertiary: 'green-blue paint', tertiaryInputs: ['green paint', 'blue paint'] },
  {
    secondary: 'green paint',
    secondaryInputs: ['blue paint', 'yellow paint'],
    tertiary: 'yellow-green paint',
    tertiaryInputs: ['green paint', 'yellow paint'],
  },
  { secondary: 'orange paint', secondaryInputs: ['red paint', 'yellow paint'], tertiary: 'red-orange paint', tertiaryInputs: ['orange paint', 'red paint'] },
  {
    secondary: 'orange paint',
    secondaryInputs: ['red paint', 'yellow paint'],
    tertiary: 'yellow-orange paint',
    tertiaryInputs: ['orange paint', 'yellow paint'],
  },
  { secondary: 'violet paint', secondaryInputs: ['red paint', 'blue paint'], tertiary: 'violet-red paint', tertiaryInputs: ['violet paint', 'red paint'] },
  { secondary: 'violet paint', secondaryInputs: ['red paint', 'blue paint'], tertiary: 'blue-violet paint', tertiaryInputs: ['violet paint', 'blue paint'] },
];

/** ScienceWorld shuffles the workshop's three mixing containers once; here they are in a fixed order. */
const WORKSHOP_MIXERS = ['jug', 'glass cup', 'bowl'] as const;
const FURNITURE = ['paint cupboard', 'paint closet', 'desk'] as const;

const PLACES: Pick<PaintParams, 'furniture' | 'location' | 'mixer'>[] = (['art studio', 'workshop'] as const).flatMap((location) =>
  FURNITURE.map((furniture, i) => ({ furniture, location, ...(location === 'workshop' ? { mixer: WORKSHOP_MIXERS[i] } : {}) })),
);

const VARIATIONS: PaintParams[] = PAIRS.flatMap((pair) => PLACES.map((place) => ({ ...pair, ...place })));

const PRIMARIES = ['red', 'blue', 'yellow'];

function place(w: World, p: PaintParams): void {
  const room = w.locationNamed(p.location)!.id;
  let holder: Thing;
  if (p.furniture === 'paint cupboard') holder = k.cupboard(w, room, 'paint cupboard');
  else if (p.furniture === 'paint closet') {
    holder = k.closet(w, room);
    holder.name = 'paint closet';
    holder.data.refs = 'closet|paint closet';
  } else holder = k.desk(w, room);
  const cupType = p.furniture === 'paint cupboard' ? 'wood cup' : p.furniture === 'paint closet' ? 'glass cup' : 'tin cup';
  for (const color of PRIMARIES) k.paint(w, color, k.cup(w, cupType, holder.id).id);
  if (p.mixer) k.cup(w, p.mixer, room);
}

function goals(mode: PaintMode, p: PaintParams): GoalSequence {
  const near = (inputs: readonly string[], prefix = '') => inputs.map((i) => inRoomWithObject(`be in same location as ${prefix}${i}`, i));
  if (mode === 'secondary') {
    return new GoalSequence(
      [find(`focus on the mixing result (${p.secondary})`, p.secondary)],
      [
        moveToNewLocation('move to a new location'),
        ...near(p.secondaryInputs),
        objectsInSingleContainer('have all ingredients alone in a single container', p.secondaryInputs),
        inRoomWithObject(`be in same location as ${p.secondary}`, p.secondary),
      ],
    );
  }
  const tertiaryNear: Goal[] = p.tertiaryInputs.map((i) =>
    inRoomWithObject(`be in same location as (tertiary) ${i}`, i, { key: `tertiary_${i}`, requires: ['secondary'] }),
  );
  return new GoalSequence(
    [
      find(`focus on the intermediate mixing result (${p.secondary})`, p.secondary, true, { defocus: true }),
      find(`focus on the final mixing result (${p.tertiary})`, p.tertiary),
    ],
    [
      moveToNewLocation('move to a new location (unless starting in task location)', { unlessIn: p.location }),
      moveToLocation('move to the location of the paint', p.location),
      ...near(p.secondaryInputs),
      objectsInSingleContainer('have all ingredients (secondary) alone in a single container', p.secondaryInputs),
      inRoomWithObject(`be in same location as (secondary) ${p.secondary}`, p.secondary, { key: 'secondary' }),
      ...tertiaryNear,
      objectsInSingleContainer('have all ingredients (tertiary) alone in a single container', p.tertiaryInputs),
      inRoomWithObject(`be in same location as ${p.tertiary}`, p.tertiary),
    ],
  );
}

function describe(mode: PaintMode, p: PaintParams): string {
  if (mode === 'secondary') return `Your task is to use chemistry to create ${p.secondary}. When you are done, focus on the ${p.secondary}.`;
  // ScienceWorld's wording, including its slip: the last sentence names the secondary colour.
  return `Your task is to use chemistry to create ${p.tertiary}. When you are part-way done, focus on the intermediate (secondary color) paint you created.  When you are completely done, focus on the ${p.secondary}.`;
}

// ─────────────────────────────── expert ───────────────────────────────

/** A cup of this paint (alone in it) here, preferring one in reach; opens what hides it. */
function cupOf(x: Expert, paint: string, exclude: Set<number>): Thing | undefined {
  const here = x.here().id;
  const cups = x
    .all((t) => !!t.data.cup && !exclude.has(t.id) && x.w.locationOf(t.id)?.id === here && t.contents.length === 1 && x.w.get(t.contents[0]).name === paint)
    .sort((a, b) => closedAround(x.w, a.id).length - closedAround(x.w, b.id).length || a.id - b.id);
  const cup = cups[0];
  if (!cup) return undefined;
  for (const c of closedAround(x.w, cup.id)) {
    x.begin(`open(${c.name})`);
    x.act(`open ${x.ref(c.id)}`, `Opened the ${c.name}: cups of paint are inside.`);
  }
  return cup;
}

/** Pours one cup of each input into the mixer, mixes, and focuses on the result. */
function mixPaints(x: Expert, mixer: Thing, inputs: readonly string[], result: string, used: Set<number>, label: string): void {
  for (const paint of inputs) {
    if (mixer.contents.some((id) => x.w.get(id).name === paint)) continue;
    const cup = cupOf(x, paint, used);
    if (!cup) throw new ExpertError(`no cup of ${paint} here`);
    used.add(cup.id);
    pourInto(x, cup, mixer);
  }
  const made = mixContents(x, mixer).find((t) => t.name === result);
  if (!made) throw new ExpertError(`mixing did not make ${result}`);
  focusOn(x, made.id, `Focused on the ${called(x, made)}, ${label}.`);
}

function solvePaint(x: Expert, mode: PaintMode, p: PaintParams): void {
  x.goTo(p.location);
  const mixer = x.visible((t) => !!t.data.cup && ['glass cup', 'bowl', 'jug'].includes(t.name) && t.movable && t.contents.length === 0)[0];
  if (!mixer) throw new ExpertError('nothing to mix paint in');
  const used = new Set<number>();
  mixPaints(x, mixer, p.secondaryInputs, p.secondary, used, mode === 'secondary' ? 'the colour the task asked for' : 'the intermediate colour');
  if (mode === 'secondary') return;
  const extra = p.tertiaryInputs.find((i) => i !== p.secondary)!;
  if (
    !x.all((t) => !!t.data.cup && !used.has(t.id) && x.w.locationOf(t.id)?.id === x.here().id && t.contents.some((id) => x.w.get(id).name === extra)).length
  ) {
    // The workshop has one cup of each colour: take the mixture to the art studio for more.
    x.begin(`pick up(${mixer.name})`);
    if (!inInventory(x, mixer.id)) x.act(`pick up ${x.ref(mixer.id)}`, `The ${mixer.name} with the ${p.secondary} is in the inventory.`);
    x.goTo('art studio');
  }
  mixPaints(x, mixer, p.tertiaryInputs, p.tertiary, used, 'the final colour');
}

export function paintTask(id: string, mode: PaintMode): TaskType<PaintParams> {
  return {
    id,
    name: `chemistry-mix-paint-${mode}-color`,
    topic: 'Chemistry',
    variations: () => VARIATIONS,
    setup: (w, p) => place(w, p),
    description: (p) => describe(mode, p),
    goals: (p) => goals(mode, p),
    expert: (x, p) => solvePaint(x, mode, p),
    vocabulary: (p) => [
      ...p.secondaryInputs,
      p.secondary,
      ...(mode === 'tertiary' ? [...p.tertiaryInputs, p.tertiary] : []),
      p.furniture,
      'wood cup',
      'glass cup',
      'tin cup',
      'bowl',
      'jug',
    ],
  };
}
