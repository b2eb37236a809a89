/**
 * The task types this plugin implements, in ScienceWorld's id order. One line per task type: a new type is
 * a module in this folder plus a line here.
 */

import boil from './boil.ts';
import changeState from './change-state.ts';
import chemistryMix from './chemistry-mix.ts';
import chemistryMixPaintSecondary from './chemistry-mix-paint-secondary-color.ts';
import chemistryMixPaintTertiary from './chemistry-mix-paint-tertiary-color.ts';
import findAnimal from './find-animal.ts';
import findLivingThing from './find-living-thing.ts';
import findNonLivingThing from './find-non-living-thing.ts';
import findPlant from './find-plant.ts';
import freeze from './freeze.ts';
import growFruit from './grow-fruit.ts';
import growPlant from './grow-plant.ts';
import identifyLifeStages1 from './identify-life-stages-1.ts';
import identifyLifeStages2 from './identify-life-stages-2.ts';
import lifespanLongest from './lifespan-longest-lived.ts';
import lifespanLongestThenShortest from './lifespan-longest-lived-then-shortest-lived.ts';
import lifespanShortest from './lifespan-shortest-lived.ts';
import measureMeltingPoint from './measure-melting-point.ts';
import melt from './melt.ts';
import powerComponent from './power-component.ts';
import powerComponentRenewable from './power-component-renewable-vs-nonrenewable-energy.ts';
import testConductivity from './test-conductivity.ts';
import testConductivityUnknown from './test-conductivity-of-unknown-substances.ts';
import type { TaskType } from './types.ts';
import useThermometer from './use-thermometer.ts';

export const TASKS: readonly TaskType[] = [
  boil,
  melt,
  freeze,
  changeState,
  useThermometer,
  measureMeltingPoint,
  powerComponent,
  powerComponentRenewable,
  testConductivity,
  testConductivityUnknown,
  findLivingThing,
  findNonLivingThing,
  findPlant,
  findAnimal,
  growPlant,
  growFruit,
  chemistryMix,
  chemistryMixPaintSecondary,
  chemistryMixPaintTertiary,
  lifespanLongest,
  lifespanShortest,
  lifespanLongestThenShortest,
  identifyLifeStages1,
  identifyLifeStages2,
];

/** The 24 task types of the STEP-HRL protocol (all but 2-3, 9-* and 10-*). */
export const PAPER_TASK_IDS = [
  '1-1',
  '1-2',
  '1-3',
  '1-4',
  '2-1',
  '2-2',
  '3-1',
  '3-2',
  '3-3',
  '3-4',
  '4-1',
  '4-2',
  '4-3',
  '4-4',
  '5-1',
  '5-2',
  '6-1',
  '6-2',
  '6-3',
  '7-1',
  '7-2',
  '7-3',
  '8-1',
  '8-2',
] as const;

/** Finds a task type by id (`1-1`), name (`boil`) or label (`1-1 boil`). */
export function findTask(key: string): TaskType | undefined {
  const k = key.trim().toLowerCase();
  return TASKS.find((t) => t.id === k || t.name === k || `${t.id} ${t.name}` === k);
}
