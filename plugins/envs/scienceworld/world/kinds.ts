/**
 * Makers for every kind of thing in the world. A kind decides a thing's description (`text.ts`), its
 * referents (`referents.ts`) and its per-tick behaviour (`devices.ts`, `life.ts`, …). The catalog follows
 * ScienceWorld's objects, names and materials.
 */
import { substance } from './materials.ts';
import type { ContainerProps, DeviceProps, MaterialState, StateOfMatter, Thing, World } from './world.ts';

// ─────────────────────────────── property helpers ───────────────────────────────

export const openContainer = (): ContainerProps => ({ isContainer: true, open: true, closable: false });
export const closedContainer = (): ContainerProps => ({ isContainer: true, open: false, closable: true });
export const notContainer = (): ContainerProps => ({ isContainer: false, open: false, closable: false });

export const switchable = (on = false): DeviceProps => ({ activable: true, activated: on, usable: false, broken: false });
export const usable = (): DeviceProps => ({ activable: false, activated: false, usable: true, broken: false });
export const fixedDevice = (on = false): DeviceProps => ({ activable: false, activated: on, usable: false, broken: false });

export function stateAt(substanceName: string, temperature: number, overrides?: MaterialState['overrides']): StateOfMatter {
  const s = substance(substanceName);
  const melt = overrides?.meltingPoint ?? s.meltingPoint;
  const boil = overrides?.boilingPoint ?? s.boilingPoint;
  return temperature < melt ? 'solid' : temperature > boil ? 'gas' : 'liquid';
}

export function material(substanceName: string, temperature?: number, overrides?: MaterialState['overrides']): MaterialState {
  const s = substance(substanceName);
  const t = temperature ?? s.temperature;
  return {
    substance: substanceName,
    temperature: t,
    state: stateAt(substanceName, t, overrides),
    combusting: false,
    combusted: false,
    combustionTicks: 100,
    k: s.k,
    meltingPoint: overrides?.meltingPoint ?? s.meltingPoint,
    boilingPoint: overrides?.boilingPoint ?? s.boilingPoint,
    combustionPoint: overrides?.combustionPoint ?? s.combustionPoint,
    conductive: overrides?.electricallyConductive ?? s.electricallyConductive,
    overrides: overrides && Object.keys(overrides).length ? overrides : undefined,
  };
}

/** The name a substance thing has in its current state (`water` → `ice` when frozen). */
export function nameInState(substanceName: string, state: StateOfMatter, fallback: string, overrides?: MaterialState['overrides']): string {
  const names = overrides?.names ?? substance(substanceName).names;
  return names ? names[state] : fallback;
}

/**
 * The name a new thing starts with: its plain name (`mercury`, `chocolate`), unless it starts in another
 * state than its substance has at its usual temperature (water made at −10 °C starts as `ice`). As in
 * ScienceWorld, names change only when the state of matter changes.
 */
export function initialName(baseName: string, m: MaterialState): string {
  const s = substance(m.substance);
  if (!s.names || m.overrides?.names) return m.overrides?.names ? m.overrides.names[m.state] : baseName;
  return stateAt(m.substance, s.temperature) === m.state ? baseName : s.names[m.state];
}

// ─────────────────────────────── locations ───────────────────────────────

export function universe(w: World): Thing {
  return w.create({ kind: 'universe', name: 'universe', movable: false, container: openContainer() });
}

export function room(w: World, name: string, parent: number): Thing {
  const r = w.create({ kind: 'room', name, movable: false, container: openContainer() }, parent);
  substanceThing(w, 'air', r.id, 25);
  return r;
}

export function outside(w: World, parent: number): Thing {
  const o = w.create({ kind: 'outside', name: 'outside', movable: false, container: openContainer() }, parent);
  substanceThing(w, 'air', o.id, 25);
  w.create({ kind: 'ground', name: 'ground', movable: true, container: openContainer(), material: material('soil') }, o.id);
  return o;
}

export function door(w: World, a: number, b: number, open = false): Thing {
  const d = w.create({ kind: 'door', name: 'door', movable: false, portal: { open, from: a, to: b } });
  w.addPortal(a, d.id);
  w.addPortal(b, d.id);
  return d;
}

function drain(w: World, on: number, to: number, open = true): Thing {
  const d = w.create({ kind: 'drain', name: 'drain', movable: false, portal: { open, from: on, to } });
  w.addPortal(on, d.id);
  return d;
}

// ─────────────────────────────── agent ───────────────────────────────

export function agent(w: World): Thing {
  const a = w.create({ kind: 'agent', name: 'agent', movable: false });
  const inv = w.create({ kind: 'inventory', name: 'inventory', movable: false, container: openContainer() }, a.id);
  w.state.agent = a.id;
  w.state.inventory = inv.id;
  // ScienceWorld's agent starts every episode carrying an orange.
  food(w, 'orange', inv.id);
  return a;
}

// ─────────────────────────────── substances ───────────────────────────────

/** A free-standing substance (`a substance called water`). */
export function substanceThing(w: World, name: string, parent: number, temperature?: number): Thing {
  const m = material(name, temperature);
  return w.create({ kind: 'substance', name: initialName(name, m), material: m }, parent);
}

/** A substance described by its bare name (paints, juices, chocolate, soil, …). */
export function namedSubstance(w: World, name: string, parent: number, extra: Partial<Thing> = {}): Thing {
  const m = material(name);
  return w.create({ kind: 'named', name: initialName(name, m), material: m, ...extra }, parent);
}

export function paint(w: World, color: string, parent: number): Thing {
  return namedSubstance(w, `${color} paint`, parent, { data: { color } });
}

export function soil(w: World, parent: number): Thing {
  return w.create({ kind: 'named', name: 'soil', material: material('soil') }, parent);
}

// ─────────────────────────────── containers ───────────────────────────────

const CUPS: Record<string, { substance: string; refs: string[] }> = {
  'metal pot': { substance: 'steel', refs: ['pot', 'metal pot'] },
  'glass cup': { substance: 'glass', refs: ['cup', 'glass cup'] },
  'plastic cup': { substance: 'plastic', refs: ['cup', 'plastic cup'] },
  'wood cup': { substance: 'wood', refs: ['cup', 'wood cup'] },
  'tin cup': { substance: 'tin', refs: ['cup', 'tin cup'] },
  'paper cup': { substance: 'paper', refs: ['cup', 'paper cup'] },
  'ceramic cup': { substance: 'ceramic', refs: ['cup', 'ceramic cup'] },
  bowl: { substance: 'wood', refs: ['bowl', 'wood bowl'] },
  jug: { substance: 'plastic', refs: ['jug'] },
  'glass jar': { substance: 'glass', refs: ['jar', 'glass jar'] },
  'flower pot': { substance: 'ceramic', refs: ['pot', 'flower pot'] },
  'self watering flower pot': { substance: 'ceramic', refs: ['pot', 'flower pot'] },
  'book shelf': { substance: 'wood', refs: ['shelf', 'book shelf'] },
};

/** A cup-like container (`a metal pot (containing nothing)`). */
export function cup(w: World, type: keyof typeof CUPS & string, parent: number, name = type): Thing {
  const spec = CUPS[type];
  const closable = type === 'glass jar';
  return w.create(
    {
      kind: 'container',
      name,
      container: closable ? closedContainer() : openContainer(),
      material: material(spec.substance),
      data: { refs: spec.refs.join('|'), cup: true, flowerPot: type.includes('flower pot'), selfWatering: type === 'self watering flower pot' },
    },
    parent,
  );
}

export const RANDOM_LIQUID_CUPS = ['metal pot', 'glass cup', 'plastic cup', 'tin cup', 'paper cup', 'ceramic cup', 'jug'] as const;

export function firePit(w: World, parent: number): Thing {
  return w.create(
    { kind: 'container', name: 'fire pit', movable: true, container: openContainer(), material: material('ceramic'), data: { refs: 'fire pit' } },
    parent,
  );
}

export function fountain(w: World, parent: number): Thing {
  return w.create(
    { kind: 'container', name: 'fountain', container: openContainer(), material: material('ceramic'), data: { refs: 'fountain', waterSource: 'fountain' } },
    parent,
  );
}

export function answerBox(w: World, color: string, parent: number): Thing {
  return w.create(
    { kind: 'container', name: `${color} box`, container: openContainer(), material: material('ceramic'), data: { refs: '', answerBox: true } },
    parent,
  );
}

export function hole(w: World, parent: number): Thing {
  return w.create({ kind: 'container', name: 'hole', container: openContainer(), data: { refs: 'hole' } }, parent);
}

// ─────────────────────────────── furniture ───────────────────────────────

export function table(w: World, parent: number, made: 'wood' | 'steel' = 'wood'): Thing {
  return w.create(
    { kind: 'surface', name: 'table', movable: true, container: openContainer(), material: material(made), data: { refs: `table|${made} table` } },
    parent,
  );
}

export function desk(w: World, parent: number): Thing {
  const d = w.create({ kind: 'surface', name: 'desk', container: openContainer(), material: material('wood'), data: { refs: 'desk|wood desk' } }, parent);
  drawer(w, d.id);
  return d;
}

export function counter(w: World, parent: number): Thing {
  const c = w.create(
    { kind: 'surface', name: 'counter', container: openContainer(), material: material('wood'), data: { refs: 'counter|wood counter' } },
    parent,
  );
  drawer(w, c.id);
  return c;
}

export function drawer(w: World, parent: number): Thing {
  return w.create({ kind: 'drawer', name: 'drawer', container: closedContainer(), material: material('wood'), data: { refs: 'drawer|wood table' } }, parent);
}

export function cupboard(w: World, parent: number, name = 'cupboard'): Thing {
  const c = w.create({ kind: 'cabinet', name, container: closedContainer(), material: material('wood'), data: { refs: 'cupboard|wood cupboard' } }, parent);
  drawer(w, c.id);
  return c;
}

export function closet(w: World, parent: number): Thing {
  return w.create({ kind: 'cabinet', name: 'closet', container: closedContainer(), material: material('wood'), data: { refs: 'closet|wood closet' } }, parent);
}

export function beeHive(w: World, parent: number): Thing {
  return w.create(
    { kind: 'cabinet', name: 'bee hive', container: closedContainer(), material: material('wood'), data: { refs: 'bee hive|hive|beehive' } },
    parent,
  );
}

function sittable(w: World, name: string, made: string, parent: number): Thing {
  return w.create({ kind: 'sittable', name, container: openContainer(), material: material(made), data: { refs: `sittable|${made} sittable` } }, parent);
}

export function chair(w: World, parent: number): Thing {
  return sittable(w, 'chair', 'wood', parent);
}

export function couch(w: World, parent: number): Thing {
  const c = sittable(w, 'couch', 'cloth', parent);
  pillow(w, c.id);
  return c;
}

export function bed(w: World, parent: number): Thing {
  const b = sittable(w, 'bed', 'wood', parent);
  const m = sittable(w, 'mattress', 'cloth', b.id);
  pillow(w, m.id);
  return b;
}

function pillow(w: World, parent: number): Thing {
  return w.create({ kind: 'pillow', name: 'pillow', material: material('cloth') }, parent);
}

// ─────────────────────────────── devices ───────────────────────────────

export function stove(w: World, parent: number, name = 'stove'): Thing {
  return w.create({ kind: 'stove', name, movable: false, container: openContainer(), device: switchable(), heater: 260 }, parent);
}

export function oven(w: World, parent: number): Thing {
  return w.create(
    { kind: 'oven', name: 'oven', movable: false, container: closedContainer(), device: switchable(), heater: 540, data: { refs: 'oven' } },
    parent,
  );
}

export function blastFurnace(w: World, parent: number): Thing {
  return w.create(
    { kind: 'oven', name: 'blast furnace', movable: false, container: closedContainer(), device: switchable(), heater: 3000, data: { refs: 'furnace' } },
    parent,
  );
}

export function cooler(w: World, name: 'fridge' | 'freezer' | 'ultra low temperature freezer', parent: number): Thing {
  const min = name === 'fridge' ? 2 : name === 'freezer' ? -18 : -86;
  return w.create(
    {
      kind: 'cooler',
      name,
      movable: false,
      container: closedContainer(),
      device: switchable(true),
      cooler: min,
      data: { refs: name === 'fridge' ? 'fridge' : 'freezer' },
    },
    parent,
  );
}

export function sink(w: World, parent: number, sewer: number, name: 'sink' | 'bathtub' = 'sink'): Thing {
  const s = w.create(
    {
      kind: 'sink',
      name,
      movable: false,
      container: openContainer(),
      device: switchable(),
      material: material(name === 'sink' ? 'steel' : 'ceramic'),
      data: { waterSource: 'tap' },
    },
    parent,
  );
  drain(w, s.id, sewer);
  return s;
}

export function toilet(w: World, parent: number, sewer: number): Thing {
  const t = w.create(
    { kind: 'toilet', name: 'toilet', movable: false, container: openContainer(), device: switchable(), material: material('steel'), data: { flushStage: 0 } },
    parent,
  );
  drain(w, t.id, sewer);
  substanceThing(w, 'water', t.id);
  return t;
}

export function thermometer(w: World, parent: number): Thing {
  return w.create({ kind: 'thermometer', name: 'thermometer', container: notContainer(), device: usable(), material: material('glass') }, parent);
}

export function lighter(w: World, parent: number): Thing {
  return w.create(
    {
      kind: 'article',
      name: 'lighter',
      container: notContainer(),
      device: usable(),
      material: material('metal'),
      heater: 2200,
      data: { article: 'a', tool: 'lighter' },
    },
    parent,
  );
}

export function stopwatch(w: World, parent: number): Thing {
  return w.create(
    { kind: 'stopwatch', name: 'stopwatch', container: notContainer(), device: switchable(), data: { refs: 'stopwatch|watch|timer', ticks: 0, reading: 0 } },
    parent,
  );
}

export function shovel(w: World, parent: number): Thing {
  return w.create(
    { kind: 'article', name: 'shovel', container: notContainer(), device: usable(), material: material('steel'), data: { article: 'a', tool: 'shovel' } },
    parent,
  );
}

export function axe(w: World, parent: number): Thing {
  return w.create(
    { kind: 'article', name: 'axe', container: notContainer(), device: usable(), material: material('steel'), data: { article: 'an', tool: 'axe' } },
    parent,
  );
}

// ─────────────────────────────── documents and decoration ───────────────────────────────

export function picture(w: World, parent: number, type: string, subject: string, artist: string): Thing {
  return w.create({ kind: 'picture', name: type, container: notContainer(), material: material('paper'), data: { subject, artist } }, parent);
}

export function book(w: World, parent: number, title: string, author: string, text: string): Thing {
  return w.create({ kind: 'book', name: `book (${title})`, container: notContainer(), material: material('paper'), data: { title, author, text } }, parent);
}

export function paper(w: World, parent: number, name = 'paper', title = '', text = ''): Thing {
  return w.create({ kind: 'paper', name, container: notContainer(), material: material('paper'), data: { title, text } }, parent);
}

export function recipe(w: World, parent: number, product: string, ingredients: string[]): Thing {
  return w.create(
    {
      kind: 'recipe',
      name: 'recipe',
      container: notContainer(),
      material: material('paper'),
      data: { title: `instructions to make ${product}`, text: `To make ${product}, you need to mix ${ingredients.join(', ')}.` },
    },
    parent,
  );
}

// ─────────────────────────────── food ───────────────────────────────

const FOODS: Record<string, { article: string; color?: string; substance?: string; bare?: boolean }> = {
  apple: { article: 'a', color: 'red' },
  apricot: { article: 'a', color: 'orange', substance: 'plant matter' },
  avocado: { article: 'an' },
  banana: { article: 'a' },
  cherry: { article: 'a' },
  lemon: { article: 'a' },
  orange: { article: 'an' },
  grapefruit: { article: 'an' },
  peach: { article: 'a' },
  pear: { article: 'a' },
  potato: { article: 'a' },
  onion: { article: 'a', color: 'red' },
  garlic: { article: '', bare: true },
  // Nuts are listed bare, as ScienceWorld lists them (`a banana, bread, peanut`).
  peanut: { article: '', bare: true },
  cashew: { article: '', bare: true },
  almond: { article: '', bare: true },
  bread: { article: '', bare: true },
  'orange juice': { article: '', bare: true, substance: 'orange juice' },
  'apple juice': { article: '', bare: true, substance: 'apple juice' },
  chocolate: { article: '', bare: true, substance: 'chocolate' },
  marshmallow: { article: '', bare: true, substance: 'marshmallow' },
  'ice cream': { article: '', bare: true, substance: 'ice cream' },
  flour: { article: '', bare: true, substance: 'flour' },
  jam: { article: '', bare: true, substance: 'jam' },
  dough: { article: '', bare: true, substance: 'dough' },
  smores: { article: '', bare: true, substance: 'marshmallow' },
  'mixed nuts': { article: '', bare: true, substance: 'nut' },
  'fruit salad': { article: '', bare: true },
  sugar: { article: '', bare: true, substance: 'sugar' },
};

export const FOOD_NAMES = Object.keys(FOODS);

export function food(w: World, name: string, parent: number): Thing {
  const spec = FOODS[name] ?? { article: 'a' };
  const m = spec.substance ? material(spec.substance) : undefined;
  const shown = m ? initialName(name, m) : name;
  const kind = spec.bare ? 'named' : 'article';
  return w.create(
    { kind, name: shown, edible: true, material: m, data: { article: spec.article, ...(spec.color ? { color: spec.color } : {}), food: true } },
    parent,
  );
}

// ─────────────────────────────── small solids ───────────────────────────────

/** Things printed as `A metal fork` (ScienceWorld capitalises these). */
export function item(w: World, name: string, made: string, parent: number, refs: string[] = []): Thing {
  return w.create({ kind: 'capitalised', name, material: material(made), data: { refs: refs.join('|') } }, parent);
}

export const metalFork = (w: World, parent: number) => item(w, 'metal fork', 'steel', parent, ['steel fork']);
export const plasticFork = (w: World, parent: number) => item(w, 'plastic fork', 'plastic', parent, ['plastic fork']);
export const paperClip = (w: World, parent: number) => item(w, 'paper clip', 'steel', parent, ['steel paper clip']);
export const aluminumFoil = (w: World, parent: number) => item(w, 'aluminum foil', 'aluminum', parent);

export function block(w: World, name: string, made: string, parent: number): Thing {
  return w.create({ kind: 'article', name, material: material(made), data: { article: 'a', refs: name === 'brick' ? '' : 'block' } }, parent);
}

/** An unknown substance with a letter name, optionally with its own melting point or conductivity. */
export function unknownSubstance(w: World, letter: string, parent: number, overrides: MaterialState['overrides'] = {}, temperature?: number): Thing {
  const name = `unknown substance ${letter}`;
  const m = material('metal', temperature, overrides);
  return w.create({ kind: 'named', name: initialName(name, m), material: m, data: { refs: 'unknown substance', baseName: name } }, parent);
}

// ─────────────────────────────── electrical ───────────────────────────────

function component(w: World, kind: string, name: string, electrical: 'source' | 'user' | 'switch', parent: number, extra: Partial<Thing> = {}): Thing {
  return w.create({ kind, name, electrical, device: fixedDevice(), links: [0, 0], ...extra }, parent);
}

export function battery(w: World, parent: number): Thing {
  return component(w, 'generator', 'battery', 'source', parent, { device: fixedDevice(true), data: { showOnOff: false, power: 'always' } });
}

export function generator(w: World, name: 'gas generator' | 'nuclear generator' | 'solar panel' | 'wind generator', parent: number): Thing {
  const renewable = name === 'solar panel' || name === 'wind generator';
  return component(w, 'generator', name, 'source', parent, {
    device: renewable ? fixedDevice() : switchable(),
    data: { showOnOff: true, power: renewable ? 'outdoors' : 'switch' },
  });
}

export function lightBulb(w: World, color: string, parent: number): Thing {
  return component(w, 'component', `${color} light bulb`.trim(), 'user', parent, { data: { refs: 'light|light bulb' } });
}

export function electricMotor(w: World, parent: number): Thing {
  return component(w, 'component', 'electric motor', 'user', parent, { data: { refs: 'motor|electric motor' } });
}

export function electricBuzzer(w: World, parent: number): Thing {
  return component(w, 'component', 'electric buzzer', 'user', parent, { data: { refs: 'buzzer|electric buzzer' } });
}

export function electricSwitch(w: World, parent: number): Thing {
  return component(w, 'component', 'switch', 'switch', parent, { device: switchable(), data: { refs: 'component' } });
}

export function wire(w: World, color: string, parent: number): Thing {
  return w.create(
    { kind: 'wire', name: `${color} wire`.trim(), electrical: 'wire', device: fixedDevice(), links: [0, 0], material: material('metal') },
    parent,
  );
}

// ─────────────────────────────── living things ───────────────────────────────

export const FRUIT_TREES = ['apple', 'apricot', 'avocado', 'banana', 'cherry', 'grapefruit', 'lemon', 'orange', 'peach', 'pear'] as const;

/** A plant of `species` at life stage `stage` (see `life.ts` for the stage names). */
export function plant(w: World, species: string, parent: number, stage = 0): Thing {
  const tree = (FRUIT_TREES as readonly string[]).includes(species);
  const p = w.create(
    {
      kind: 'plant',
      name: '',
      container: openContainer(),
      material: material('plant matter'),
      edible: stage === 0,
      life: { cycle: 'plant', species, stage, progress: 0, withoutWater: 0, withoutSoil: 0, outOfTemperature: 0, sickly: false, dead: false, lifespan: 0 },
      data: { tree },
    },
    parent,
  );
  p.name = plantName(p);
  return p;
}

/** `apple seed`, `apple tree`, `pea plant`, … */
export function plantName(p: Thing): string {
  const species = p.life!.species;
  if (p.life!.stage === 0 && !p.life!.dead) return `${species} seed`;
  return `${species} ${p.data.tree ? 'tree' : 'plant'}`;
}

/** ScienceWorld's seed jar: a ceramic cup, renamed, holding `count` seeds of one plant. */
export function seedJar(w: World, species: string, parent: number, count = 5): Thing {
  const jar = cup(w, 'ceramic cup', parent, 'seed jar');
  jar.data.refs = 'seed jar';
  for (let i = 0; i < count; i++) plant(w, species, jar.id, 0);
  return jar;
}

export function flower(w: World, parentPlant: number): Thing {
  return w.create(
    { kind: 'flower', name: 'flower', container: openContainer(), material: material('flower matter'), data: { plant: parentPlant, pollinated: 0 } },
    parentPlant,
  );
}

export function pollen(w: World, fromPlant: number, parent: number): Thing {
  return w.create({ kind: 'pollen', name: 'pollen', container: notContainer(), material: material('pollen matter'), data: { plant: fromPlant } }, parent);
}

export interface AnimalSpec {
  cycle: 'mammal' | 'bird' | 'butterfly' | 'frog' | 'reptile' | 'insect';
  lifespan: number;
}

/** ScienceWorld's animals, their life cycles and typical lifespans (years). */
export const ANIMALS: Record<string, AnimalSpec> = {
  'giant tortoise': { cycle: 'reptile', lifespan: 150 },
  parrot: { cycle: 'bird', lifespan: 80 },
  elephant: { cycle: 'mammal', lifespan: 70 },
  crocodile: { cycle: 'reptile', lifespan: 45 },
  'brown bear': { cycle: 'mammal', lifespan: 30 },
  turtle: { cycle: 'reptile', lifespan: 30 },
  beaver: { cycle: 'mammal', lifespan: 16 },
  wolf: { cycle: 'mammal', lifespan: 14 },
  chipmunk: { cycle: 'mammal', lifespan: 12 },
  'common toad': { cycle: 'frog', lifespan: 10 },
  rabbit: { cycle: 'mammal', lifespan: 9 },
  'blue jay': { cycle: 'bird', lifespan: 7 },
  frog: { cycle: 'frog', lifespan: 6 },
  hedgehog: { cycle: 'mammal', lifespan: 5 },
  mouse: { cycle: 'mammal', lifespan: 4 },
  chameleon: { cycle: 'reptile', lifespan: 3 },
  dove: { cycle: 'bird', lifespan: 2 },
  dragonfly: { cycle: 'mammal', lifespan: 0.4 },
  moth: { cycle: 'butterfly', lifespan: 0.2 },
  butterfly: { cycle: 'butterfly', lifespan: 0.1 },
  ant: { cycle: 'mammal', lifespan: 0.1 },
  bee: { cycle: 'insect', lifespan: 0.1 },
};

export function animal(w: World, species: string, parent: number, stage = 0): Thing {
  const spec = ANIMALS[species];
  if (!spec) throw new Error(`unknown animal "${species}"`);
  return w.create(
    {
      kind: species === 'bee' ? 'bee' : 'animal',
      name: species,
      life: {
        cycle: spec.cycle,
        species,
        stage,
        progress: 0,
        withoutWater: 0,
        withoutSoil: 0,
        outOfTemperature: 0,
        sickly: false,
        dead: false,
        lifespan: spec.lifespan,
      },
    },
    parent,
  );
}
