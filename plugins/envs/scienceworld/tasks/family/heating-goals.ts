/**
 * The optional subgoals ScienceWorld gives the heating and cooling tasks a little credit for: being with the
 * substance, having it alone in a container, turning on a heater (or lighting a fire), putting it on a
 * heater or in a cooler, and changing its temperature.
 */

import type { Goal } from '../../engine/scoring.ts';
import {
  activateDeviceWithName,
  inRoomWithObject,
  objectInContainer,
  objectInDirectContainer,
  objectsInSingleContainer,
  onFire,
  temperatureDecrease,
  temperatureIncrease,
} from '../goals.ts';

const HEATERS = ['stove', 'blast furnace', 'oven', 'hot plate'];

function heatingGoals(): Goal[] {
  return [
    ...HEATERS.map((h) => activateDeviceWithName(`activate heater (${h})`, h)),
    objectInDirectContainer('have lighter in inventory', 'inventory', ['lighter']),
    objectInDirectContainer('move wood into fire pit', 'fire pit', ['wood'], { key: 'wood1' }),
    onFire('ignite wood', 'wood', { key: 'ignite', requires: ['wood1'] }),
    ...[...HEATERS, 'fire pit'].map((h) => objectInContainer(`have object on heater (${h})`, h)),
  ];
}

function coolingGoals(): Goal[] {
  return ['fridge', 'freezer'].map((c) => objectInContainer(`have object in cooler (${c})`, c));
}

export function heatingBonusGoals(substance: string, mode: 'heat' | 'cool' | 'both', delta: number): Goal[] {
  const common = [
    inRoomWithObject(`be in same location as ${substance}`, substance),
    objectsInSingleContainer('have substance alone in a single container', [substance]),
  ];
  if (mode === 'heat') return [...common, ...heatingGoals(), temperatureIncrease(`heat object by at least ${delta}C`, delta)];
  if (mode === 'cool') return [...common, ...coolingGoals(), temperatureDecrease(`cool object by at least ${delta}C`, delta)];
  return [
    ...common,
    ...heatingGoals(),
    ...coolingGoals(),
    temperatureIncrease(`heat object by at least ${delta}C`, delta),
    temperatureDecrease(`cool object by at least ${delta}C`, delta),
  ];
}
