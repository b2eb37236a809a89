/**
 * Tasks 8-1 and 8-2: focus on the life stages of an organism, earliest first. In 8-1 a young animal lives
 * outside among five others and the player watches it grow (egg, hatchling, juvenile, adult; a caterpillar
 * and a pupa for butterflies and moths; a tadpole for frogs); 14 variations, one per animal. In 8-2 a fruit
 * tree stands outside at every stage at once (seed, seedling, adult, reproducing and dead, each in a
 * self-watering flower pot) beside the stages of one animal; 10 variations, one per tree. The stages keep
 * moving on (a seed sprouts after ten ticks, an adult reproduces after five), so focusing in order may take
 * waiting. Focusing on the wrong organism, or the right one at the wrong stage, fails the task.
 */
import { hashSeed } from '../../../../../harness/api.ts';
import { GoalSequence } from '../../engine/scoring.ts';
import { called, type Expert, ExpertError } from '../../expert/expert.ts';
import { focusOn } from '../../expert/skills.ts';
import { waitUntil } from '../../expert/waiting.ts';
import { JvmRandom } from '../../world/jvm-random.ts';
import * as k from '../../world/kinds.ts';
import { ANIMAL_CYCLES, currentStageName } from '../../world/life.ts';
import { seedRng, shuffled } from '../../world/rng.ts';
import { PLANT_STAGES } from '../../world/text.ts';
import type { Thing, World } from '../../world/world.ts';
import { focusOnLifeStage, moveToLocation, moveToNewLocation, stayInLocation } from '../goals.ts';
import type { TaskType } from '../types.ts';
import { ANIMAL_SPECIES } from './variations.ts';

export interface LifeStagesParams {
  /** The organism whose stages to focus on (`parrot`, or a tree's fruit: `apple`). */
  species: string;
  kind: 'animal' | 'plant';
  /** Its stages, earliest first (the last, death, is left out as ScienceWorld leaves it out). */
  stages: string[];
  /** Other animals outside: whole animals (8-1), or one kind at every stage (8-2). */
  distractors: string[];
  /** 8-2: numbers of the self-watering flower pots, one per stage. */
  pots?: number[];
}

const LOCATION = 'outside';

const TREES = ['apple', 'apricot', 'avocado', 'banana', 'cherry', 'grapefruit', 'lemon', 'orange', 'peach', 'pear'];

function animalStages(species: string): string[] {
  const cycle = ANIMAL_CYCLES[k.ANIMALS[species].cycle];
  return cycle.slice(0, -1).map((s) => s.name);
}

let animalCache: LifeStagesParams[] | undefined;
let plantCache: LifeStagesParams[] | undefined;

/**
 * 8-1: the fourteen animals, each with the first five of all fourteen shuffled by a generator seeded with the
 * animal's place in the list (it may meet its own kind), in the order a generator seeded 1 shuffles them.
 */
export function animalVariations(): LifeStagesParams[] {
  animalCache ??= new JvmRandom(1).shuffle(
    ANIMAL_SPECIES.map((species, i) => ({
      species,
      kind: 'animal' as const,
      stages: animalStages(species),
      distractors: new JvmRandom(i).shuffle(ANIMAL_SPECIES).slice(0, 5),
    })),
  );
  return animalCache;
}

/** The seed ScienceWorld gives each tree's distractor animal (the first of the fourteen, shuffled). */
const TREE_DISTRACTOR_SEEDS = [0, 6, 1, 2, 3, 6, 4, 5, 6, 6];

/** 8-2: the ten fruit trees in ScienceWorld's order, each with one kind of animal beside it. */
export function plantVariations(): LifeStagesParams[] {
  plantCache ??= TREES.map((species, i) => ({
    species,
    kind: 'plant' as const,
    stages: PLANT_STAGES.slice(0, -1),
    distractors: [new JvmRandom(TREE_DISTRACTOR_SEEDS[i]).shuffle(ANIMAL_SPECIES)[0]],
    pots: shuffled(seedRng(hashSeed('identify-life-stages-2-pots', i)), [1, 2, 3, 4, 5, 6, 7, 8, 9]).slice(0, PLANT_STAGES.length),
  }));
  return plantCache;
}

function place(w: World, p: LifeStagesParams): void {
  const outside = w.locationNamed(LOCATION)!.id;
  if (p.kind === 'animal') {
    k.animal(w, p.species, outside);
    for (const a of p.distractors) k.animal(w, a, outside);
    return;
  }
  PLANT_STAGES.forEach((stage, i) => {
    const pot = k.cup(w, 'self watering flower pot', outside, `self watering flower pot ${p.pots![i]}`);
    k.soil(w, pot.id);
    const plant = k.plant(w, p.species, pot.id, i);
    if (stage === 'dead') plant.life!.dead = true;
  });
  // The distractor animal, at each stage of its life.
  const species = p.distractors[0];
  ANIMAL_CYCLES[k.ANIMALS[species].cycle].forEach((stage, i) => {
    const a = k.animal(w, species, outside, i);
    if (stage.duration === 0 && (stage.name === 'dead' || stage.name === 'death')) a.life!.dead = true;
  });
}

function goals(p: LifeStagesParams): GoalSequence {
  const what = p.kind === 'animal' ? 'animal' : 'plant';
  return new GoalSequence(
    p.stages.map((stage, i) => focusOnLifeStage(`focus on ${what} in life stage ${i + 1}`, p.species, stage, { defocus: true })),
    [
      moveToNewLocation('Move to a new location (unless starting in task location)', p.kind === 'animal' ? { unlessIn: LOCATION } : {}),
      moveToLocation('Move to the location asked by the task', LOCATION),
      stayInLocation('Stay in goal location for 10 steps', LOCATION, 10),
      stayInLocation('Stay in goal location for 20 steps', LOCATION, 20),
      stayInLocation('Stay in goal location for 30 steps', LOCATION, 30),
    ],
  );
}

function describe(p: LifeStagesParams): string {
  if (p.kind === 'animal') return `Your task is to focus on the ${p.stages.length} life stages of the ${p.species}, starting from earliest to latest.`;
  return `Your task is to focus on the life stages of the ${p.species} plant, starting from earliest to latest. The plants are located ${LOCATION}.`;
}

// ─────────────────────────────── expert ───────────────────────────────

function inStage(w: World, p: LifeStagesParams, stage: string): Thing | undefined {
  const here = w.here().id;
  return w.things.find((t) => !t.deleted && t.life && t.life.species === p.species && currentStageName(t) === stage && w.locationOf(t.id)?.id === here);
}

function expert(x: Expert, p: LifeStagesParams): void {
  x.goTo(LOCATION);
  for (const stage of p.stages) {
    if (x.done) return;
    if (!inStage(x.w, p, stage)) {
      const watched = x.all((t) => !!t.life && t.life.species === p.species && !t.life.dead && x.w.locationOf(t.id)?.id === x.here().id);
      const subject = watched[watched.length - 1] ?? watched[0];
      if (!subject) throw new ExpertError(`no living ${p.species} to watch`);
      x.begin(`Monitor life stage(${p.species}, ${stage})`);
      // A glance passes one tick; it must name one thing (two animals of a kind may share a name).
      const glanceAt = [subject, ...x.visible(() => true)].find((t) => x.s.interpret(`look at ${x.ref(t.id)}`).length === 1);
      waitUntil(x, (w) => inStage(w, p, stage) !== undefined, `a ${p.species} in the ${stage} stage`, {
        local: true,
        limit: 100,
        glance: glanceAt && `look at ${x.ref(glanceAt.id)}`,
        label: (_, ticks) => {
          const now = inStage(x.w, p, stage);
          const waited = ticks === 11 ? 'Waited ten ticks' : ticks === 2 ? 'Waited a moment' : `Looked at the ${called(x, glanceAt ?? subject)}`;
          return now ? `${waited}; there is now a ${p.species} in the ${stage} stage.` : `${waited}; no ${p.species} is in the ${stage} stage yet.`;
        },
      });
    }
    const target = inStage(x.w, p, stage);
    if (!target) throw new ExpertError(`no ${p.species} in the ${stage} stage`);
    focusOn(x, target.id, `Focused on the ${called(x, target)}, the ${p.species} in the ${stage} stage.`);
  }
}

export function lifeStagesTask(id: string, name: string, variations: () => LifeStagesParams[]): TaskType<LifeStagesParams> {
  return {
    id,
    name,
    topic: 'Biology',
    variations,
    setup: (w, p) => place(w, p),
    description: describe,
    goals,
    expert,
    vocabulary: (p) => [p.species, ...p.stages, ...p.distractors],
  };
}
