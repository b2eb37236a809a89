/**
 * Task 2-2: measure the melting point of a known substance (water, orange juice, chocolate, mercury,
 * gallium, tin, lead) and focus on the box for "above" or "below" a threshold. As in ScienceWorld: 35
 * objects (seven substances, five copies each) × five thresholds × five box pairs in the kitchen, sorted by
 * substance and subsampled to half within each block: 436 variations. Tin and water fall in the test block
 * only.
 */

import { GoalSequence } from '../engine/scoring.ts';
import { type Expert, ExpertError } from '../expert/expert.ts';
import { focusOn, monitor, obtainInPot, reach, takeThermometer, treat } from '../expert/skills.ts';
import type { JvmRandom } from '../world/jvm-random.ts';
import * as k from '../world/kinds.ts';
import { substance as substanceInfo } from '../world/materials.ts';
import type { Thing, World } from '../world/world.ts';
import { asDouble, BOX_PAIRS, subsampleWithinBlocks } from './family/variations.ts';
import {
  activateDeviceWithName,
  find,
  findAnswerBox,
  inRoomWithObject,
  moveToLocation,
  moveToNewLocation,
  objectInContainer,
  objectInDirectContainer,
  objectsInSingleContainer,
  onFire,
  temperatureIncrease,
  usedOn,
} from './goals.ts';
import type { TaskType } from './types.ts';

export interface MeltingPointParams {
  substance: string;
  meltingPoint: number;
  threshold: number;
  above: string;
  below: string;
}

const SUBSTANCES = ['water', 'orange juice', 'chocolate', 'mercury', 'gallium', 'tin', 'lead'];
const PRESETS = [-10, 10, 50, 150, 200];

let cache: MeltingPointParams[] | undefined;

function variations(): MeltingPointParams[] {
  if (cache) return cache;
  const objects = PRESETS.flatMap(() => SUBSTANCES).sort();
  const all: MeltingPointParams[] = [];
  for (const substance of objects) {
    for (const threshold of PRESETS) {
      for (const [above, below] of BOX_PAIRS) all.push({ substance, meltingPoint: substanceInfo(substance).meltingPoint, threshold, above, below });
    }
  }
  cache = subsampleWithinBlocks(all, 0.5);
  return cache;
}

function kitchenThing(w: World, name: string): Thing {
  return w.descendants(w.locationNamed('kitchen')!.id).find((t) => t.name === name)!;
}

function place(w: World, p: MeltingPointParams, r: JvmRandom): void {
  const kitchen = w.locationNamed('kitchen')!.id;
  if (p.substance === 'chocolate') k.food(w, 'chocolate', kitchenThing(w, 'fridge').id);
  else if (['mercury', 'gallium', 'tin', 'lead'].includes(p.substance)) {
    const cup = k.cup(w, k.RANDOM_LIQUID_CUPS[r.nextInt(k.RANDOM_LIQUID_CUPS.length)], kitchen);
    cup.container!.open = true;
    k.substanceThing(w, p.substance, cup.id);
  }
  k.answerBox(w, p.above.replace(' box', ''), kitchen);
  k.answerBox(w, p.below.replace(' box', ''), kitchen);
}

function describe(p: MeltingPointParams): string {
  const t = asDouble(p.threshold);
  return (
    `Your task is to measure the melting point of ${p.substance}, which is located around the kitchen. ` +
    `First, focus on the thermometer. Next, focus on the ${p.substance}. ` +
    `If the melting point of ${p.substance} is above ${t} degrees celsius, focus on the ${p.above}. ` +
    `If the melting point of ${p.substance} is below ${t} degrees celsius, focus on the ${p.below}. ` +
    `The boxes are located around the kitchen. `
  );
}

const HEATERS = ['stove', 'blast furnace', 'oven', 'hot plate'];

function goals(p: MeltingPointParams): GoalSequence {
  const correct = p.meltingPoint >= p.threshold ? p.above : p.below;
  const afterFocus = { requires: ['focusObject'] };
  return new GoalSequence(
    [
      find('focus on thermometer', 'thermometer', true, { defocus: true }),
      find('focus on substance', p.substance, true, { key: 'focusObject' }),
      findAnswerBox('focus on correct answer box', correct),
    ],
    [
      inRoomWithObject('be in same location as thermometer', 'thermometer'),
      objectInDirectContainer('have thermometer in inventory', 'inventory', ['thermometer']),
      moveToNewLocation('move to a new location'),
      moveToLocation('move to the location asked by the task (substance location)', 'kitchen', { key: 'move1' }),
      moveToLocation('move to the location asked by the task (answer box location)', 'kitchen', { key: 'move1' }),
      moveToLocation('move to a location with a heating device (kitchen)', 'kitchen', { key: 'move2a', requires: ['move1'] }),
      moveToLocation('move to a location with a heating device (outside)', 'outside', { key: 'move2b', requires: ['move1'] }),
      moveToLocation('move to a location with a heating device (foundry)', 'foundry', { key: 'move2c', requires: ['move1'] }),
      objectInDirectContainer('have task object in inventory', 'inventory', [p.substance]),
      usedOn('use thermometer on substance', 'thermometer', p.substance),
      usedOn('use thermometer on substance (after it has been heated)', 'thermometer', p.substance, { requires: ['heatObject'] }),
      objectsInSingleContainer('have substance alone in a single container', [p.substance]),
      ...HEATERS.map((h) => activateDeviceWithName(`activate heater (${h})`, h)),
      objectInDirectContainer('have lighter in inventory', 'inventory', ['lighter']),
      objectInDirectContainer('move wood into fire pit', 'fire pit', ['wood'], { key: 'wood1' }),
      onFire('ignite wood', 'wood', { key: 'ignite', requires: ['wood1'] }),
      ...[...HEATERS, 'fire pit'].map((h) => objectInContainer(`have substance on heater (${h})`, h, [], afterFocus)),
      temperatureIncrease('heat substance by at least 20C', 20, { key: 'heatObject', requires: ['focusObject'] }),
    ],
  );
}

function expert(x: Expert, p: MeltingPointParams): void {
  const thermometer = takeThermometer(x);
  if (thermometer === null) throw new ExpertError('no thermometer');
  focusOn(x, thermometer, 'Focused on the thermometer, the instrument for the task.');
  const { substance, vessel } = obtainInPot(x, p.substance, (id) => focusOn(x, id));
  // Watch the substance change state: melt a solid, freeze a liquid; either way the melting point shows.
  const solid = x.w.get(substance).material!.state === 'solid';
  const goal = solid ? reach.state(substance, 'liquid') : reach.state(substance, 'solid');
  treat(x, solid ? 'heat' : 'cool', substance, vessel, goal);
  monitor(x, substance, vessel, solid ? 'melt' : 'freeze', goal, thermometer);
  const answer = p.meltingPoint >= p.threshold ? p.above : p.below;
  x.goTo('kitchen');
  const box = x.all((t) => t.name === answer && !!t.data.answerBox)[0];
  x.begin(`focus on(${answer})`);
  const side = answer === p.above ? 'above' : 'below';
  x.act(
    `focus on ${x.ref(box.id)}`,
    `The ${p.substance} changed state near ${p.meltingPoint} degrees celsius, ${side} ${asDouble(p.threshold)}; chose the ${answer}.`,
  );
}

const task: TaskType<MeltingPointParams> = {
  id: '2-2',
  name: 'measure-melting-point-known-substance',
  topic: 'Measurement',
  variations,
  setup: place,
  description: describe,
  goals,
  expert,
  vocabulary: (p) => [p.substance, 'thermometer', 'metal pot', p.above, p.below, 'stove', 'freezer'],
};

export default task;
