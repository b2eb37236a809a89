/**
 * ALFWorld's vocabulary: receptacle and object classes, what each can hold, and which objects can be heated,
 * cooled, cleaned, sliced or switched on. Facts follow ALFRED/ALFWorld's class tables; the names are the
 * CamelCase class names ALFWorld uses in game files (`SinkBasin`), and the lowercase names it prints
 * (`sinkbasin 1`).
 */

/** The four ALFRED scene kinds, with ALFWorld's floor-plan numbering (kitchens 1–30, living rooms 201–230, …). */
export type SceneKind = 'kitchen' | 'livingroom' | 'bedroom' | 'bathroom';

export const SCENE_KINDS: readonly SceneKind[] = ['kitchen', 'livingroom', 'bedroom', 'bathroom'];

/** Receptacles that start closed and hide their contents until opened. */
export const OPENABLE_CLASSES: ReadonlySet<string> = new Set(['Cabinet', 'Drawer', 'Fridge', 'Microwave', 'Safe']);

/** Which object classes each static receptacle class may hold (ALFRED's valid receptacle–object pairs). */
const TABLE_OBJECTS = [
  'AlarmClock',
  'Apple',
  'BaseballBat',
  'BasketBall',
  'Book',
  'Bowl',
  'Box',
  'Bread',
  'ButterKnife',
  'CD',
  'Candle',
  'CellPhone',
  'Cloth',
  'CreditCard',
  'Cup',
  'DishSponge',
  'Egg',
  'Fork',
  'Glassbottle',
  'HandTowel',
  'Kettle',
  'KeyChain',
  'Knife',
  'Ladle',
  'Laptop',
  'Lettuce',
  'Mug',
  'Newspaper',
  'Pan',
  'PaperTowelRoll',
  'Pen',
  'Pencil',
  'PepperShaker',
  'Plate',
  'Pot',
  'Potato',
  'RemoteControl',
  'SaltShaker',
  'SoapBar',
  'SoapBottle',
  'Spatula',
  'Spoon',
  'SprayBottle',
  'Statue',
  'TennisRacket',
  'TissueBox',
  'ToiletPaper',
  'Tomato',
  'Vase',
  'Watch',
  'WateringCan',
  'WineBottle',
];

const SEAT_OBJECTS = ['BasketBall', 'Book', 'Box', 'CellPhone', 'Cloth', 'CreditCard', 'KeyChain', 'Laptop', 'Newspaper', 'Pillow', 'RemoteControl'];

const CAN_CONTAIN: Record<string, readonly string[]> = {
  ArmChair: SEAT_OBJECTS,
  BathtubBasin: ['Cloth', 'DishSponge', 'HandTowel', 'SoapBar'],
  Bed: ['BaseballBat', 'BasketBall', 'Book', 'CellPhone', 'Laptop', 'Newspaper', 'Pillow', 'TennisRacket'],
  Cabinet: [
    'Book',
    'Bowl',
    'Box',
    'CD',
    'Candle',
    'Cloth',
    'Cup',
    'DishSponge',
    'Glassbottle',
    'HandTowel',
    'Kettle',
    'Ladle',
    'Mug',
    'Newspaper',
    'Pan',
    'PepperShaker',
    'Plate',
    'Plunger',
    'Pot',
    'SaltShaker',
    'SoapBar',
    'SoapBottle',
    'SprayBottle',
    'TissueBox',
    'ToiletPaper',
    'Vase',
    'WateringCan',
    'WineBottle',
  ],
  Cart: ['Candle', 'Cloth', 'DishSponge', 'HandTowel', 'Mug', 'Plunger', 'SoapBar', 'SoapBottle', 'SprayBottle', 'Statue', 'TissueBox', 'ToiletPaper', 'Vase'],
  CoffeeMachine: ['Mug'],
  CoffeeTable: TABLE_OBJECTS,
  CounterTop: TABLE_OBJECTS,
  DiningTable: TABLE_OBJECTS,
  SideTable: TABLE_OBJECTS,
  Desk: [
    'AlarmClock',
    'BasketBall',
    'Book',
    'Bowl',
    'Box',
    'CD',
    'Candle',
    'CellPhone',
    'Cloth',
    'CreditCard',
    'Cup',
    'Glassbottle',
    'KeyChain',
    'Laptop',
    'Mug',
    'Newspaper',
    'Pen',
    'Pencil',
    'Plate',
    'RemoteControl',
    'SoapBottle',
    'SprayBottle',
    'Statue',
    'TennisRacket',
    'TissueBox',
    'ToiletPaper',
    'Vase',
    'Watch',
    'WateringCan',
    'WineBottle',
  ],
  Drawer: [
    'Book',
    'ButterKnife',
    'CD',
    'Candle',
    'CellPhone',
    'Cloth',
    'CreditCard',
    'DishSponge',
    'Fork',
    'HandTowel',
    'KeyChain',
    'Knife',
    'Ladle',
    'Newspaper',
    'Pen',
    'Pencil',
    'PepperShaker',
    'RemoteControl',
    'SaltShaker',
    'SoapBar',
    'SoapBottle',
    'Spatula',
    'Spoon',
    'SprayBottle',
    'TissueBox',
    'ToiletPaper',
    'Watch',
    'WateringCan',
  ],
  Dresser: [
    'AlarmClock',
    'BasketBall',
    'Book',
    'Bowl',
    'Box',
    'CD',
    'Candle',
    'CellPhone',
    'Cloth',
    'CreditCard',
    'Cup',
    'Glassbottle',
    'KeyChain',
    'Laptop',
    'Mug',
    'Newspaper',
    'Pen',
    'Pencil',
    'Plate',
    'RemoteControl',
    'SprayBottle',
    'Statue',
    'TennisRacket',
    'TissueBox',
    'ToiletPaper',
    'Vase',
    'Watch',
    'WateringCan',
    'WineBottle',
  ],
  Fridge: ['Apple', 'Bowl', 'Bread', 'Cup', 'Egg', 'Glassbottle', 'Lettuce', 'Mug', 'Pan', 'Plate', 'Pot', 'Potato', 'Tomato', 'WineBottle'],
  GarbageCan: [
    'Apple',
    'Bread',
    'CD',
    'Cloth',
    'DishSponge',
    'Egg',
    'HandTowel',
    'Lettuce',
    'Newspaper',
    'Pen',
    'Pencil',
    'Potato',
    'SoapBar',
    'SoapBottle',
    'SprayBottle',
    'TissueBox',
    'ToiletPaper',
    'Tomato',
    'WineBottle',
  ],
  HandTowelHolder: ['HandTowel'],
  LaundryHamper: ['Cloth'],
  Microwave: ['Apple', 'Bowl', 'Bread', 'Cup', 'Egg', 'Glassbottle', 'Mug', 'Plate', 'Potato', 'Tomato'],
  Ottoman: SEAT_OBJECTS,
  Safe: ['CD', 'CellPhone', 'CreditCard', 'KeyChain', 'Statue', 'Vase', 'Watch'],
  Shelf: [
    'AlarmClock',
    'Book',
    'Bowl',
    'Box',
    'CD',
    'Candle',
    'CellPhone',
    'Cloth',
    'CreditCard',
    'Cup',
    'DishSponge',
    'Glassbottle',
    'HandTowel',
    'Kettle',
    'KeyChain',
    'Mug',
    'Newspaper',
    'Pen',
    'Pencil',
    'PepperShaker',
    'Plate',
    'Pot',
    'RemoteControl',
    'SaltShaker',
    'SoapBar',
    'SoapBottle',
    'SprayBottle',
    'Statue',
    'TissueBox',
    'ToiletPaper',
    'Vase',
    'Watch',
    'WateringCan',
    'WineBottle',
  ],
  SinkBasin: [
    'Apple',
    'Bowl',
    'ButterKnife',
    'Cloth',
    'Cup',
    'DishSponge',
    'Egg',
    'Fork',
    'Glassbottle',
    'HandTowel',
    'Kettle',
    'Knife',
    'Ladle',
    'Lettuce',
    'Mug',
    'Pan',
    'Plate',
    'Pot',
    'Potato',
    'SoapBar',
    'Spatula',
    'Spoon',
    'Tomato',
  ],
  Sofa: SEAT_OBJECTS,
  StoveBurner: ['Kettle', 'Pan', 'Pot'],
  TVStand: ['TissueBox'],
  Toaster: [],
  Toilet: ['Candle', 'Cloth', 'DishSponge', 'HandTowel', 'Newspaper', 'SoapBar', 'SoapBottle', 'SprayBottle', 'TissueBox', 'ToiletPaper'],
  ToiletPaperHanger: ['ToiletPaper'],
  TowelHolder: ['Towel'],
};

/** Where lamps stand. Lamps are never picked up; ALFWorld lists them among a receptacle's contents. */
export const LAMP_HOSTS: Record<string, readonly string[]> = {
  DeskLamp: ['Desk', 'SideTable', 'Dresser'],
  FloorLamp: ['SideTable', 'Dresser', 'CoffeeTable'],
};

export const LAMP_CLASSES: ReadonlySet<string> = new Set(['DeskLamp', 'FloorLamp']);

const CONTAINS: Map<string, ReadonlySet<string>> = new Map(Object.entries(CAN_CONTAIN).map(([recep, objects]) => [recep, new Set(objects)]));
for (const [lamp, hosts] of Object.entries(LAMP_HOSTS)) {
  for (const host of hosts) (CONTAINS.get(host) as Set<string>).add(lamp);
}

/** True when ALFWorld lets an object of class `object` be in (or be moved to) a receptacle of class `recep`. */
export function canContain(recep: string, object: string): boolean {
  return CONTAINS.get(recep)?.has(object) ?? false;
}

export const RECEPTACLE_CLASSES: readonly string[] = Object.keys(CAN_CONTAIN);

export const HEATABLE: ReadonlySet<string> = new Set(['Apple', 'Bread', 'Cup', 'Egg', 'Mug', 'Plate', 'Potato', 'Tomato']);
export const COOLABLE: ReadonlySet<string> = new Set([
  'Apple',
  'Bowl',
  'Bread',
  'Cup',
  'Egg',
  'Lettuce',
  'Mug',
  'Pan',
  'Plate',
  'Pot',
  'Potato',
  'Tomato',
  'WineBottle',
]);
export const CLEANABLE: ReadonlySet<string> = new Set([
  'Apple',
  'Bowl',
  'ButterKnife',
  'Cloth',
  'Cup',
  'DishSponge',
  'Egg',
  'Fork',
  'Kettle',
  'Knife',
  'Ladle',
  'Lettuce',
  'Mug',
  'Pan',
  'Plate',
  'Pot',
  'Potato',
  'SoapBar',
  'Spatula',
  'Spoon',
  'Tomato',
]);
export const SLICEABLE: ReadonlySet<string> = new Set(['Apple', 'Bread', 'Egg', 'Lettuce', 'Potato', 'Tomato']);
export const SLICERS: ReadonlySet<string> = new Set(['Knife', 'ButterKnife']);
/** Objects ALFWorld treats as receptacle objects: `examine` describes them as "a normal …" with their contents. */
export const RECEPTACLE_OBJECTS: ReadonlySet<string> = new Set(['Bowl', 'Cup', 'Mug', 'Pan', 'Plate', 'Pot']);

/** The lowercase word ALFWorld prints for a class (`SinkBasin` → `sinkbasin`). */
export function displayName(cls: string): string {
  return cls.toLowerCase();
}

const CLASS_BY_DISPLAY: Map<string, string> = new Map();
for (const cls of [...RECEPTACLE_CLASSES, ...TABLE_OBJECTS, ...SEAT_OBJECTS, 'DeskLamp', 'FloorLamp', 'Plunger', 'Towel']) {
  CLASS_BY_DISPLAY.set(displayName(cls), cls);
}

/** The CamelCase class for a printed word, or undefined for words outside the vocabulary. */
export function classOf(word: string): string | undefined {
  return CLASS_BY_DISPLAY.get(word);
}

/**
 * The key ALFWorld's listings are ordered by. ALFWorld numbers entities after sorting their game-file ids
 * (`SinkBasin` entities have ids starting `Sink_…`, `CounterTop` ids `CounterTop_…`), hands the highest number
 * to the first id, and lists entities in id order. So lists run by this key, then by descending number
 * (`a cabinet 3, a cabinet 2, a cabinet 1, a coffeemachine 1`). Ids are compared as raw strings with `_` after
 * the class name, so capitals sort first (`cd` before `candle`) and `toiletpaper` comes before `toilet`.
 */
export function listingKey(cls: string): string {
  if (cls === 'SinkBasin') return 'Sink_';
  if (cls === 'BathtubBasin') return 'Bathtub_';
  return cls + '_';
}
