/**
 * Task 2-1: measure a thing's temperature with the thermometer and put it in the box for "above" or
 * "below" a threshold. As in ScienceWorld: 360 objects (sodium chloride, a metal fork, wood, a wire and
 * twenty unknown substances, at temperatures drawn around five presets, in three rooms) × five thresholds
 * × fifteen box pairs, sorted by object name and subsampled to 2 % within each block: 540 variations. The
 * test block holds the wire and the wood, which training never shows.
 */
import { hashSeed } from '../../../../harness/api.ts';
import { GoalSequence } from '../engine/scoring.ts';
import { type Expert, ExpertError } from '../expert/expert.ts';
import { focusOn, takeThermometer } from '../expert/skills.ts';
import * as k from '../world/kinds.ts';
import { nextInt, seedRng } from '../world/rng.ts';
import type { Thing, World } from '../world/world.ts';
import { asDouble, BOX_PAIRS, subsampleWithinBlocks } from './family/variations.ts';
import { containerByTemperature, find, inRoomWithObject, moveToLocation, moveToNewLocation, objectInDirectContainer, usedOn } from './goals.ts';
import type { TaskType } from './types.ts';

export interface ThermometerParams {
  object: 'sodium chloride' | 'metal fork' | 'wood' | 'wire' | 'unknown substance B';
  objectTemperature: number;
  location: string;
  threshold: number;
  above: string;
  below: string;
  boxLocation: string;
}

const LOCATIONS = ['living room', 'bedroom', 'bathroom'];
const PRESETS = [-50, 0, 50, 100, 200];

/** A temperature 50–149 °C above or below a preset, as ScienceWorld draws it. */
function drawTemperature(preset: number, seed: string): number {
  const r = seedRng(hashSeed(seed));
  const delta = nextInt(r, 100) + 50;
  return Math.floor(preset + (nextInt(r, 2) === 0 ? delta : -delta));
}

let cache: ThermometerParams[] | undefined;

function variations(): ThermometerParams[] {
  if (cache) return cache;
  const objects: Pick<ThermometerParams, 'object' | 'objectTemperature' | 'location'>[] = [];
  for (const location of LOCATIONS) {
    for (const preset of PRESETS) {
      const names: ThermometerParams['object'][] = [
        'sodium chloride',
        'metal fork',
        'wood',
        'wire',
        ...Array<'unknown substance B'>(20).fill('unknown substance B'),
      ];
      names.forEach((object, i) =>
        objects.push({ object, location, objectTemperature: drawTemperature(preset, `use-thermometer/${location}/${preset}/${i}`) }),
      );
    }
  }
  objects.sort((a, b) => (a.object < b.object ? -1 : a.object > b.object ? 1 : 0));
  const boxes = LOCATIONS.flatMap((boxLocation) => BOX_PAIRS.map(([above, below]) => ({ above, below, boxLocation })));
  const all: ThermometerParams[] = [];
  for (const o of objects) for (const threshold of PRESETS) for (const b of boxes) all.push({ ...o, threshold, ...b });
  cache = subsampleWithinBlocks(all, 0.02);
  return cache;
}

function place(w: World, p: ThermometerParams): void {
  const room = w.locationNamed(p.location)!.id;
  let thing: Thing;
  if (p.object === 'sodium chloride' || p.object === 'wood') thing = k.substanceThing(w, p.object, room, p.objectTemperature);
  else if (p.object === 'metal fork') thing = k.metalFork(w, room);
  else if (p.object === 'wire') thing = k.wire(w, '', room);
  else thing = k.unknownSubstance(w, 'B', room, {}, p.objectTemperature);
  thing.material!.temperature = p.objectTemperature;
  const boxRoom = w.locationNamed(p.boxLocation)!.id;
  k.answerBox(w, p.above.replace(' box', ''), boxRoom);
  k.answerBox(w, p.below.replace(' box', ''), boxRoom);
}

function describe(p: ThermometerParams): string {
  const t = asDouble(p.threshold);
  return (
    `Your task is to measure the temperature of ${p.object}, which is located around the ${p.location}. ` +
    `First, focus on the thermometer. Next, focus on the ${p.object}. ` +
    `If the ${p.object} temperature is above ${t} degrees celsius, place it in the ${p.above}. ` +
    `If the ${p.object} temperature is below ${t} degrees celsius, place it in the ${p.below}. ` +
    `The boxes are located around the ${p.boxLocation}. `
  );
}

function goals(p: ThermometerParams): GoalSequence {
  return new GoalSequence(
    [
      find('focus on instrument', 'thermometer', true, { defocus: true }),
      find('focus on object', p.object),
      containerByTemperature('move object to correct answer box', p.threshold, p.above, p.below),
    ],
    [
      inRoomWithObject('be in same location as thermometer', 'thermometer'),
      objectInDirectContainer('have thermometer in inventory', 'inventory', ['thermometer']),
      moveToNewLocation('move to a new location'),
      moveToLocation('move to the location asked by the task (object location)', p.location, { key: 'move1' }),
      moveToLocation('move to the location asked by the task (answer box location)', p.boxLocation, { key: 'move2', requires: ['move1'] }),
      objectInDirectContainer('have task object in inventory', 'inventory', [p.object]),
      usedOn('use instrument on object', 'thermometer', p.object),
      usedOn('use instrument on object (in answer box location)', 'thermometer', p.object, { requires: ['move2'] }),
    ],
  );
}

/** Which box the object belongs in: the goal checks the temperature as soon as it lands in a box. */
function rightBox(w: World, object: number, p: ThermometerParams): string {
  return w.get(object).material!.temperature >= p.threshold ? p.above : p.below;
}

function expert(x: Expert, p: ThermometerParams): void {
  const thermometer = takeThermometer(x);
  if (thermometer === null) throw new ExpertError('no thermometer');
  focusOn(x, thermometer, 'Focused on the thermometer, the instrument for the task.');
  const object = x.all((t) => t.name === p.object && x.w.locationOf(t.id)?.name === p.location)[0];
  x.goTo(p.location);
  x.begin(`find(${p.object})`, 'search');
  x.act('look around', `The ${p.object} is here in the ${p.location}, so the search is over.`);
  x.act(`pick up ${x.ref(object.id)}`, `Took the ${p.object}; the search is complete.`);
  focusOn(x, object.id);
  x.goTo(p.boxLocation);
  x.begin(`measure temperature(${p.object})`);
  x.act(`use ${x.ref(thermometer)} on ${x.ref(object.id)}`, (o) => `${o.observation.replace('the thermometer measures', 'The thermometer measures')}.`);
  const box = rightBox(x.w, object.id, p);
  const boxThing = x.all((t) => t.name === box)[0];
  x.begin(`move(${p.object}, ${box})`);
  x.act(`move ${x.ref(object.id)} to ${x.ref(boxThing.id)}`, `The ${p.object} is in the ${box}, which matches its temperature.`);
}

const task: TaskType<ThermometerParams> = {
  id: '2-1',
  name: 'use-thermometer',
  topic: 'Measurement',
  variations,
  setup: (w, p) => place(w, p),
  description: describe,
  goals,
  expert,
  vocabulary: (p) => [p.object, 'thermometer', p.above, p.below],
};

export default task;
