/**
 * ALFWorld's six task types: their names, goal phrasings, the rooms they happen in, the objects and
 * receptacles they are about, and how many episodes of each every split holds.
 */
import type { SceneKind } from './vocabulary.ts';

export type TaskType =
  | 'pick_and_place_simple'
  | 'look_at_obj_in_light'
  | 'pick_clean_then_place_in_recep'
  | 'pick_heat_then_place_in_recep'
  | 'pick_cool_then_place_in_recep'
  | 'pick_two_obj_and_place';

/** In ALFWorld's own order (its task-type ids 1–6). */
export const TASK_TYPES: readonly TaskType[] = [
  'pick_and_place_simple',
  'look_at_obj_in_light',
  'pick_clean_then_place_in_recep',
  'pick_heat_then_place_in_recep',
  'pick_cool_then_place_in_recep',
  'pick_two_obj_and_place',
];

export type Split = 'train' | 'seen' | 'unseen';
export const SPLITS: readonly Split[] = ['train', 'seen', 'unseen'];

/** Games per task type in ALFWorld's train (3,553), valid_seen (140) and valid_unseen (134) sets. */
export const SPLIT_COUNTS: Record<Split, Record<TaskType, number>> = {
  train: {
    pick_and_place_simple: 790,
    look_at_obj_in_light: 308,
    pick_clean_then_place_in_recep: 650,
    pick_heat_then_place_in_recep: 459,
    pick_cool_then_place_in_recep: 533,
    pick_two_obj_and_place: 813,
  },
  seen: {
    pick_and_place_simple: 35,
    look_at_obj_in_light: 13,
    pick_clean_then_place_in_recep: 27,
    pick_heat_then_place_in_recep: 16,
    pick_cool_then_place_in_recep: 25,
    pick_two_obj_and_place: 24,
  },
  unseen: {
    pick_and_place_simple: 24,
    look_at_obj_in_light: 18,
    pick_clean_then_place_in_recep: 31,
    pick_heat_then_place_in_recep: 23,
    pick_cool_then_place_in_recep: 21,
    pick_two_obj_and_place: 17,
  },
};

/** The state change a task asks for before placing, and the appliance class that makes it. */
export interface StateChange {
  verb: 'clean' | 'heat' | 'cool';
  appliance: 'SinkBasin' | 'Microwave' | 'Fridge';
}

export const STATE_CHANGE: Partial<Record<TaskType, StateChange>> = {
  pick_clean_then_place_in_recep: { verb: 'clean', appliance: 'SinkBasin' },
  pick_heat_then_place_in_recep: { verb: 'heat', appliance: 'Microwave' },
  pick_cool_then_place_in_recep: { verb: 'cool', appliance: 'Fridge' },
};

/** ALFWorld's goal templates: the first is the main phrasing, the second its alternate. */
export const GOAL_TEMPLATES: Record<TaskType, readonly [string, string]> = {
  pick_and_place_simple: ['put a {obj} in {recep}', 'put some {obj} on {recep}'],
  look_at_obj_in_light: ['look at {obj} under the {toggle}', 'examine the {obj} with the {toggle}'],
  pick_clean_then_place_in_recep: ['put a clean {obj} in {recep}', 'clean some {obj} and put it in {recep}'],
  pick_heat_then_place_in_recep: ['put a hot {obj} in {recep}', 'heat some {obj} and put it in {recep}'],
  pick_cool_then_place_in_recep: ['put a cool {obj} in {recep}', 'cool some {obj} and put it in {recep}'],
  pick_two_obj_and_place: ['put two {obj} in {recep}', 'find two {obj} and put them in {recep}'],
};

/** Room kinds each task type happens in, with how often (ALFRED's valid rooms per goal). */
export const TASK_ROOMS: Record<TaskType, readonly [SceneKind, number][]> = {
  pick_and_place_simple: [
    ['kitchen', 4],
    ['livingroom', 2],
    ['bedroom', 2],
    ['bathroom', 2],
  ],
  look_at_obj_in_light: [
    ['livingroom', 2],
    ['bedroom', 3],
  ],
  pick_clean_then_place_in_recep: [
    ['kitchen', 3],
    ['bathroom', 1],
  ],
  pick_heat_then_place_in_recep: [['kitchen', 1]],
  pick_cool_then_place_in_recep: [['kitchen', 1]],
  pick_two_obj_and_place: [
    ['kitchen', 3],
    ['livingroom', 2],
    ['bedroom', 2],
    ['bathroom', 2],
  ],
};

/** Objects that tasks are about, per room kind (state-change tasks further keep those the change applies to). */
export const TASK_OBJECTS: Record<SceneKind, readonly string[]> = {
  kitchen: [
    'Apple',
    'Bowl',
    'Bread',
    'ButterKnife',
    'Cup',
    'DishSponge',
    'Egg',
    'Fork',
    'Glassbottle',
    'Kettle',
    'Knife',
    'Ladle',
    'Lettuce',
    'Mug',
    'Pan',
    'PepperShaker',
    'Plate',
    'Pot',
    'Potato',
    'SaltShaker',
    'SoapBottle',
    'Spatula',
    'Spoon',
    'Tomato',
    'WineBottle',
  ],
  livingroom: [
    'Book',
    'Box',
    'CellPhone',
    'CreditCard',
    'KeyChain',
    'Laptop',
    'Newspaper',
    'Pillow',
    'RemoteControl',
    'Statue',
    'TissueBox',
    'Vase',
    'Watch',
    'WateringCan',
  ],
  bedroom: [
    'AlarmClock',
    'BaseballBat',
    'BasketBall',
    'Book',
    'Bowl',
    'CD',
    'CellPhone',
    'CreditCard',
    'KeyChain',
    'Laptop',
    'Mug',
    'Pen',
    'Pencil',
    'Pillow',
    'TennisRacket',
    'Watch',
  ],
  bathroom: ['Candle', 'Cloth', 'DishSponge', 'HandTowel', 'SoapBar', 'SoapBottle', 'SprayBottle', 'ToiletPaper'],
};

/** Objects that only fill rooms (never a task's target): towels hang on their holders, plungers stand by toilets. */
export const FILLER_OBJECTS: Record<SceneKind, readonly string[]> = {
  kitchen: ['PaperTowelRoll'],
  livingroom: ['Candle', 'Laptop'],
  bedroom: ['Cloth', 'Statue', 'Vase'],
  bathroom: ['Plunger', 'Towel', 'TissueBox'],
};

/** Receptacle classes a task may name as its destination, per room kind. */
export const TASK_RECEPTACLES: Record<SceneKind, readonly string[]> = {
  kitchen: [
    'Cabinet',
    'CoffeeMachine',
    'CounterTop',
    'DiningTable',
    'Drawer',
    'Fridge',
    'GarbageCan',
    'Microwave',
    'Shelf',
    'SideTable',
    'SinkBasin',
    'StoveBurner',
  ],
  livingroom: [
    'ArmChair',
    'Cabinet',
    'CoffeeTable',
    'DiningTable',
    'Drawer',
    'Dresser',
    'GarbageCan',
    'Ottoman',
    'Safe',
    'Shelf',
    'SideTable',
    'Sofa',
    'TVStand',
  ],
  bedroom: ['ArmChair', 'Bed', 'Desk', 'Drawer', 'Dresser', 'GarbageCan', 'LaundryHamper', 'Safe', 'Shelf', 'SideTable'],
  bathroom: ['BathtubBasin', 'Cabinet', 'Cart', 'CounterTop', 'Drawer', 'GarbageCan', 'HandTowelHolder', 'Shelf', 'SinkBasin', 'Toilet', 'ToiletPaperHanger'],
};

/** The lamp a look-at task names, by room kind (bedrooms have desk lamps; living rooms either kind). */
export const TASK_LAMPS: Record<SceneKind, readonly string[]> = {
  kitchen: [],
  livingroom: ['FloorLamp', 'DeskLamp'],
  bedroom: ['DeskLamp'],
  bathroom: [],
};

/** What one episode is about, as ALFWorld names its games: task-Object-None-Receptacle-scene. */
export interface TaskParams {
  type: TaskType;
  /** Target object class, e.g. `Potato`. */
  object: string;
  /** Destination receptacle class (`SinkBasin`), or the lamp class for look-at tasks (`DeskLamp`). */
  target: string;
  scene: number;
}

/** The goal text ("put a hot potato in sinkbasin"), in the main or the alternate phrasing. */
export function goalText(params: TaskParams, alternate: boolean): string {
  const template = GOAL_TEMPLATES[params.type][alternate ? 1 : 0];
  const obj = params.object.toLowerCase();
  const target = params.target.toLowerCase();
  return template.replace('{obj}', obj).replace('{recep}', target).replace('{toggle}', target);
}
