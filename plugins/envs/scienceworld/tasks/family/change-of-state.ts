/**
 * Tasks 1-1 … 1-4 (boil, melt, freeze, change the state of matter of a substance). Thirty variations each,
 * as in ScienceWorld: fifteen substances (water, water with the kitchen sink broken, ice, orange juice,
 * apple juice, chocolate, marshmallow, ice cream, soap, rubber, lead, tin, mercury, gallium, caesium), each
 * with the kitchen stove working or broken. The order puts the metals last, so the test block uses
 * substances never seen in training.
 */

import { GoalSequence } from '../../engine/scoring.ts';
import { type Expert, ExpertError } from '../../expert/expert.ts';
import { ticksUntil } from '../../expert/lookahead.ts';
import { type Condition, focusOn, monitor, obtainInPot, reach, takeThermometer, treat } from '../../expert/skills.ts';
import type { JvmRandom } from '../../world/jvm-random.ts';
import * as k from '../../world/kinds.ts';
import type { Thing, World } from '../../world/world.ts';
import { changeStateOfMatter, find, isDifferentStateOfMatter, isStateOfMatter } from '../goals.ts';
import type { TaskType } from '../types.ts';
import { heatingBonusGoals } from './heating-goals.ts';

export type ChangeMode = 'boil' | 'melt' | 'freeze' | 'change the state of matter of';

export interface ChangeParams {
  substance: string;
  /** The kitchen sink is broken (water must come from elsewhere). */
  sinkBroken: boolean;
  /** The kitchen stove is broken. */
  stoveBroken: boolean;
}

const SUBSTANCES: { name: string; sinkBroken?: boolean }[] = [
  { name: 'water' },
  { name: 'water', sinkBroken: true },
  { name: 'ice' },
  { name: 'orange juice' },
  { name: 'apple juice' },
  { name: 'chocolate' },
  { name: 'marshmallow' },
  { name: 'ice cream' },
  { name: 'soap' },
  { name: 'rubber' },
  { name: 'lead' },
  { name: 'tin' },
  { name: 'mercury' },
  { name: 'gallium' },
  { name: 'caesium' },
];

const VARIATIONS: ChangeParams[] = SUBSTANCES.flatMap((s) => [
  { substance: s.name, sinkBroken: !!s.sinkBroken, stoveBroken: false },
  { substance: s.name, sinkBroken: !!s.sinkBroken, stoveBroken: true },
]);

function inKitchen(w: World, name: string): Thing {
  const kitchen = w.locationNamed('kitchen')!;
  return w.descendants(kitchen.id).find((t) => t.name === name)!;
}

/** A random cup (as ScienceWorld's `mkRandomLiquidCup`) holding `fill`, at the substance's temperature. */
function randomCup(w: World, r: JvmRandom, parent: number, fill: (cup: number) => Thing): Thing {
  const type = k.RANDOM_LIQUID_CUPS[r.nextInt(k.RANDOM_LIQUID_CUPS.length)];
  const cup = k.cup(w, type, parent);
  cup.container!.open = true;
  const inside = fill(cup.id);
  cup.material!.temperature = inside.material!.temperature;
  return cup;
}

/** Places the variation's substance where ScienceWorld puts it. */
export function placeSubstance(w: World, p: ChangeParams, r: JvmRandom): void {
  const workshopTable = w.descendants(w.locationNamed('workshop')!.id).find((t) => t.name === 'table')!;
  switch (p.substance) {
    case 'water':
      break;
    case 'ice':
      k.substanceThing(w, 'water', inKitchen(w, 'freezer').id, -10);
      break;
    case 'orange juice':
      break; // the fridge already holds a cup of orange juice
    case 'apple juice':
      randomCup(w, r, inKitchen(w, 'fridge').id, (c) => k.food(w, 'apple juice', c));
      break;
    case 'chocolate':
      k.food(w, 'chocolate', inKitchen(w, 'fridge').id);
      break;
    case 'marshmallow':
    case 'soap': {
      const where = inKitchen(w, r.nextInt(2) === 0 ? 'cupboard' : 'table');
      if (p.substance === 'soap') k.substanceThing(w, 'soap', where.id);
      else k.food(w, 'marshmallow', where.id);
      break;
    }
    case 'ice cream':
      randomCup(w, r, inKitchen(w, 'freezer').id, (c) => k.food(w, 'ice cream', c));
      break;
    case 'rubber':
      k.substanceThing(w, 'rubber', workshopTable.id);
      break;
    default:
      randomCup(w, r, workshopTable.id, (c) => k.substanceThing(w, p.substance, c));
  }
  if (p.sinkBroken) inKitchen(w, 'sink').device!.broken = true;
  if (p.stoveBroken) inKitchen(w, 'stove').device!.broken = true;
}

function describeTask(mode: ChangeMode, p: ChangeParams): string {
  let d = `Your task is to ${mode} ${p.substance}. `;
  if (mode === 'boil') d += 'For compounds without a boiling point, combusting the substance is also acceptable. ';
  d += 'First, focus on the substance. Then, take actions that will cause it to change its state of matter. ';
  return d;
}

function goalsFor(mode: ChangeMode, p: ChangeParams): GoalSequence {
  const focus = find('focus on substance', p.substance);
  switch (mode) {
    case 'boil':
      return new GoalSequence(
        [
          focus,
          changeStateOfMatter('substance is in a liquid state', 'liquid'),
          changeStateOfMatter('substance is in a gaseous state (or combusting)', 'gas', true),
        ],
        heatingBonusGoals(p.substance, 'heat', 20),
      );
    case 'melt':
      return new GoalSequence(
        [focus, changeStateOfMatter('substance is in a solid state', 'solid'), changeStateOfMatter('substance is in a liquid state', 'liquid')],
        heatingBonusGoals(p.substance, 'heat', 20),
      );
    case 'freeze':
      return new GoalSequence(
        [focus, changeStateOfMatter('substance is in a liquid state', 'liquid'), changeStateOfMatter('substance is in a solid state', 'solid')],
        heatingBonusGoals(p.substance, 'cool', 5),
      );
    default:
      return new GoalSequence(
        [focus, isStateOfMatter('substance is in any state'), isDifferentStateOfMatter('substance is in a different state')],
        heatingBonusGoals(p.substance, 'both', 10),
      );
  }
}

// ─────────────────────────────── expert ───────────────────────────────

interface Stage {
  how: 'heat' | 'cool';
  word: string;
  goal: Condition;
}

/** The changes to make, in order, given the mode and the substance's current state. */
function stagesFor(x: Expert, mode: ChangeMode, id: number, vessel: number): Stage[] {
  const state = x.w.get(id).material!.state;
  const heatTo = (s: 'liquid' | 'gas', word: string, combustion = false): Stage => ({ how: 'heat', word, goal: reach.state(id, s, combustion) });
  const coolTo = (s: 'solid' | 'liquid', word: string): Stage => ({ how: 'cool', word, goal: reach.state(id, s) });
  switch (mode) {
    case 'boil':
      return state === 'gas' ? [coolTo('liquid', 'condense'), heatTo('gas', 'boil', true)] : [heatTo('gas', 'boil', true)];
    case 'melt':
      return state === 'solid' ? [heatTo('liquid', 'melt')] : [coolTo('solid', 'freeze'), heatTo('liquid', 'melt')];
    case 'freeze':
      return state === 'solid' ? [heatTo('liquid', 'melt'), coolTo('solid', 'freeze')] : [coolTo('solid', 'freeze')];
    default: {
      if (state === 'solid') return [{ how: 'heat', word: 'melt', goal: reach.notState(id, 'solid') }];
      if (state === 'gas') return [{ how: 'cool', word: 'condense', goal: reach.notState(id, 'gas') }];
      // A liquid can freeze or boil: do whichever foresight says is quicker.
      const freeze = quickest(x, vessel, 'cool', reach.notState(id, 'liquid'));
      const boil = quickest(x, vessel, 'heat', reach.notState(id, 'liquid'));
      return [{ how: freeze <= boil ? 'cool' : 'heat', word: freeze <= boil ? 'freeze' : 'boil', goal: reach.notState(id, 'liquid') }];
    }
  }
}

function quickest(x: Expert, vessel: number, how: 'heat' | 'cool', goal: Condition): number {
  const names = how === 'heat' ? ['stove', 'oven', 'blast furnace'] : ['freezer', 'ultra low temperature freezer'];
  let best = Infinity;
  for (const a of x.all((t) => names.includes(t.name) && !t.device?.broken)) {
    const ticks = ticksUntil(
      x.w,
      goal,
      (copy) => {
        const c = copy.get(a.id);
        if (c.container) c.container.open = true;
        if (c.device?.activable) c.device.activated = true;
        copy.put(vessel, a.id);
      },
      100,
      a.id,
    );
    best = Math.min(best, ticks);
  }
  return best;
}

function solveChange(x: Expert, mode: ChangeMode, p: ChangeParams): void {
  const thermometer = takeThermometer(x);
  const { substance, vessel } = obtainInPot(x, p.substance, (id) => focusOn(x, id));
  for (const stage of stagesFor(x, mode, substance, vessel)) {
    if (x.done) return;
    treat(x, stage.how, substance, vessel, stage.goal);
    monitor(x, substance, vessel, stage.word, stage.goal, thermometer);
  }
  if (!x.done) throw new ExpertError(`the task is not done after the last stage (score ${x.s.score()})`);
}

export function changeOfStateTask(id: string, mode: ChangeMode): TaskType<ChangeParams> {
  return {
    id,
    name: mode === 'change the state of matter of' ? 'change-the-state-of-matter-of' : mode,
    topic: 'Matter',
    variations: () => VARIATIONS,
    setup: placeSubstance,
    description: (p) => describeTask(mode, p),
    goals: (p) => goalsFor(mode, p),
    expert: (x, p) => solveChange(x, mode, p),
    vocabulary: (p) => [
      p.substance,
      'metal pot',
      'thermometer',
      'stove',
      'oven',
      'blast furnace',
      'freezer',
      'fridge',
      'ultra low temperature freezer',
      'sink',
    ],
  };
}
