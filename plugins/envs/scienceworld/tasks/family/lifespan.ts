/**
 * Tasks 7-1 … 7-3: among three young animals outside (one long-lived, one medium, one short-lived), focus on
 * the longest-lived, the shortest-lived, or the longest then the shortest. As in ScienceWorld, 125 variations:
 * every choice of one animal from each group of five, in ScienceWorld's shuffled order.
 */
import { GoalSequence } from '../../engine/scoring.ts';
import { called, type Expert, ExpertError } from '../../expert/expert.ts';
import { focusOn } from '../../expert/skills.ts';
import { JvmRandom } from '../../world/jvm-random.ts';
import * as k from '../../world/kinds.ts';
import type { World } from '../../world/world.ts';
import { find, moveToLocation, moveToNewLocation } from '../goals.ts';
import type { TaskType } from '../types.ts';

export type LifespanMode = 'longest' | 'shortest' | 'longest then shortest';

export interface LifespanParams {
  long: string;
  medium: string;
  short: string;
}

const LONG = ['giant tortoise', 'parrot', 'elephant', 'crocodile', 'brown bear'];
const MEDIUM = ['beaver', 'wolf', 'chipmunk', 'common toad', 'rabbit'];
const SHORT = ['hedgehog', 'mouse', 'chameleon', 'dragonfly', 'ant'];
const LOCATION = 'outside';

let cache: LifespanParams[] | undefined;

/** Every choice of one animal from each group, shuffled as ScienceWorld shuffles them (a generator seeded 0). */
function variations(): LifespanParams[] {
  cache ??= new JvmRandom(0).shuffle(LONG.flatMap((long) => MEDIUM.flatMap((medium) => SHORT.map((short) => ({ long, medium, short })))));
  return cache;
}

function place(w: World, p: LifespanParams): void {
  const outside = w.locationNamed(LOCATION)!.id;
  for (const species of [p.long, p.medium, p.short]) k.animal(w, species, outside);
}

function goals(mode: LifespanMode, p: LifespanParams): GoalSequence {
  const bonus = [
    moveToNewLocation('Move to a new location (unless starting in task location)', { unlessIn: LOCATION }),
    moveToLocation('Move to the location asked by the task', LOCATION),
  ];
  if (mode === 'longest') return new GoalSequence([find('focus on animal with longest life span', p.long)], bonus);
  if (mode === 'shortest') return new GoalSequence([find('focus on animal with shortest life span', p.short)], bonus);
  return new GoalSequence(
    [find('focus on animal with longest life span', p.long, true, { defocus: true }), find('focus on animal with shortest life span', p.short)],
    bonus,
  );
}

function describe(mode: LifespanMode): string {
  if (mode === 'longest') {
    return `Your task is to find the animal with the longest life span.  The animals are in the '${LOCATION}' location.  Focus on the animal with the longest life span.`;
  }
  if (mode === 'shortest') {
    return `Your task is to find the animal with the shortest life span.  The animals are in the '${LOCATION}' location.  Focus on the animal with the shortest life span.`;
  }
  return `Your task is to find the animal with the longest life span, then the shortest life span. First, focus on the animal with the longest life span.  Then, focus on the animal with the shortest life span. The animals are in the '${LOCATION}' location. `;
}

function focusOnAnimal(x: Expert, species: string, which: 'longest' | 'shortest'): void {
  const animal = x.visible((t) => t.kind === 'animal' && t.name === species)[0];
  if (!animal) throw new ExpertError(`no ${species} outside`);
  const others = x.visible((t) => t.kind === 'animal' && t.id !== animal.id).map((t) => `${called(x, t)} (${t.life!.lifespan} years)`);
  focusOn(
    x,
    animal.id,
    `Focused on the ${called(x, animal)}: at about ${animal.life!.lifespan} years it lives ${which === 'longest' ? 'longer' : 'shorter'} than the ${others.join(' and the ')}.`,
  );
}

function expert(x: Expert, mode: LifespanMode, p: LifespanParams): void {
  x.goTo(LOCATION);
  if (mode !== 'shortest') focusOnAnimal(x, p.long, 'longest');
  if (mode !== 'longest') focusOnAnimal(x, p.short, 'shortest');
}

export function lifespanTask(id: string, mode: LifespanMode): TaskType<LifespanParams> {
  return {
    id,
    name: `lifespan-${mode.replace('longest', 'longest-lived').replace('shortest', 'shortest-lived').replace(/ /g, '-')}`,
    topic: 'Biology',
    variations,
    setup: (w, p) => place(w, p),
    description: () => describe(mode),
    goals: (p) => goals(mode, p),
    expert: (x, p) => expert(x, mode, p),
    vocabulary: (p) => [p.long, p.medium, p.short],
  };
}
