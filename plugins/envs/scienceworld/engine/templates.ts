/**
 * ScienceWorld's action templates as its `help` and `get_possible_actions()` print them: each action's first
 * wording, objects written `OBJ`, sorted. Electrical actions go with `noElectricalAction`; `teleport` comes
 * with `teleportAction`.
 */
import type { Simplifications } from '../world/world.ts';

const ALWAYS = [
  'activate OBJ',
  'close OBJ',
  'deactivate OBJ',
  'dunk OBJ in OBJ',
  'eat OBJ',
  'flush OBJ',
  'focus on OBJ',
  'go OBJ',
  'inventory',
  'look around',
  'look at OBJ',
  'look in OBJ',
  'mix OBJ',
  'move OBJ to OBJ',
  'open OBJ',
  'pick up OBJ',
  'pour OBJ in OBJ',
  'put down OBJ',
  'read OBJ',
  'reset task',
  'task',
  'use OBJ on OBJ',
  'wait',
  'wait1',
];
const ELECTRICAL = ['connect OBJ to OBJ', 'disconnect OBJ'];
const TELEPORT = ['teleport OBJ'];

export function possibleActions(s: Simplifications): string[] {
  return [...ALWAYS, ...(s.noElectricalAction ? [] : ELECTRICAL), ...(s.teleportAction ? TELEPORT : [])].sort();
}
