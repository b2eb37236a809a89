/**
 * Physical constants of the substances things are made of, in ScienceWorld's units (°C). The values are
 * ScienceWorld's (including its simplifications, e.g. plastic boiling at 300 °C); the behaviour built on them
 * lives in `thermal.ts` and `electrical.ts`.
 */
export interface Substance {
  /** Substance name (what a thing made of it is called in goals and chemistry). */
  name: string;
  /** Names a thing takes in each state; absent when the name never changes with state. */
  names?: { solid: string; liquid: string; gas: string };
  color: string;
  /** Thermal conductivity factor in [0, 1]; heat flows at the smaller factor of two touching things. */
  k: number;
  meltingPoint: number;
  boilingPoint: number;
  combustionPoint: number;
  electricallyConductive: boolean;
  /** Starting temperature of a fresh thing made of this substance. */
  temperature: number;
}

const NEVER = 100000;

function sub(
  name: string,
  k: number,
  meltingPoint: number,
  boilingPoint: number,
  combustionPoint: number,
  options: { names?: [string, string, string] | 'standard'; color?: string; conductive?: boolean; temperature?: number } = {},
): Substance {
  const names =
    options.names === 'standard'
      ? { solid: name, liquid: `liquid ${name}`, gas: `gaseous ${name}` }
      : options.names
        ? { solid: options.names[0], liquid: options.names[1], gas: options.names[2] }
        : undefined;
  return {
    name,
    names,
    color: options.color ?? 'clear',
    k,
    meltingPoint,
    boilingPoint,
    combustionPoint,
    electricallyConductive: options.conductive ?? false,
    temperature: options.temperature ?? 10,
  };
}

const metal = (name: string, mp: number, bp: number, color = 'grey', names: 'standard' | [string, string, string] = 'standard') =>
  sub(name, 1, mp, bp, NEVER, { names, color, conductive: true });

const list: Substance[] = [
  sub('air', 0.01, -215, -194, NEVER, { names: ['solid air', 'liquid air', 'air'] }),
  sub('water', 0.5, 0, 100, NEVER, { names: ['ice', 'water', 'steam'] }),
  sub('orange juice', 0.5, 0, 100, NEVER, { names: ['solid orange juice', 'orange juice', 'gaseous orange juice'], color: 'orange' }),
  sub('apple juice', 0.5, -2, 160, NEVER, { names: ['solid apple juice', 'apple juice', 'gaseous apple juice'], color: 'yellow' }),
  sub('sodium', 0.2, 98, 881, NEVER, { names: ['sodium', 'liquid sodium', 'gaseous sodium'], color: 'grey', conductive: true }),
  metal('metal', 1000, 2000),
  metal('aluminum', 660, 2470),
  metal('brass', 900, 1100, 'brown'),
  metal('bronze', 910, 2300, 'brown'),
  metal('caesium', 29, 671, 'gold', ['solid caesium', 'liquid caesium', 'gaseous caesium']),
  metal('copper', 1083, 2500, 'brown'),
  metal('gallium', 30, 2400, 'silver'),
  metal('gold', 1063, 2700, 'brown'),
  metal('iron', 1538, 2862),
  metal('lead', 327, 1740),
  metal('mercury', -39, 357, 'silver', ['solid mercury', 'liquid mercury', 'gaseous mercury']),
  metal('platinum', 1770, 4400),
  metal('silicon', 1420, 2600),
  metal('steel', 1400, 2900),
  metal('tin', 232, 2602),
  metal('titanium', 1670, 3200),
  metal('zinc', 419, 906, 'brown'),
  sub('rust', 0.9, NEVER, NEVER + 1, NEVER, { color: 'red' }),
  sub('glass', 1, 1400, 2200, NEVER, { names: 'standard' }),
  sub('plastic', 1, 200, 300, NEVER, { names: 'standard', color: 'white' }),
  sub('ceramic', 0.02, 2000, 10001, 10000, { names: 'standard', color: 'white' }),
  sub('wood', 0.5, 10000, 10001, 350, { color: 'brown' }),
  sub('paper', 0.5, 10000, 10001, 210, { color: 'white' }),
  sub('cloth', 0.1, 10000, 10001, 300, { color: 'white' }),
  sub('rubber', 0.5, 180, 10001, 260, { names: 'standard', color: 'black' }),
  sub('soil', 0.5, 10000, 10001, 10000, { color: 'brown' }),
  sub('plant matter', 0.5, 10000, 10001, 200, { color: 'green' }),
  sub('flower matter', 0.5, 10000, 10001, 200, { color: 'purple' }),
  sub('pollen matter', 0.5, 10000, 10001, 200, { color: 'yellow' }),
  sub('chocolate', 0.5, 30, NEVER, 95, { names: ['solid chocolate', 'liquid chocolate', 'gaseous chocolate'], color: 'brown' }),
  sub('sugar', 0.5, 186, NEVER, 350, { color: 'white' }),
  sub('marshmallow', 0.5, 36, NEVER, 350, { names: 'standard', color: 'white' }),
  sub('soap', 0.5, 140, NEVER, 537, { names: 'standard', color: 'white' }),
  sub('ice cream', 0.5, -10, 101, NEVER, { names: 'standard', color: 'white', temperature: -15 }),
  sub('flour', 0.5, 10000, 10001, 380, { color: 'white' }),
  sub('jam', 0.5, 10000, 10001, 400, { color: 'red' }),
  sub('dough', 0.5, 10000, 10001, 380, { color: 'white' }),
  sub('nut', 0.5, 10000, 10001, 400, { color: 'brown' }),
  sub('ash', 0.5, 10000, 10001, 10002, { color: 'grey' }),
  sub('sodium chloride', 0.2, 801, 1465, NEVER, { names: 'standard', color: 'white' }),
  sub('acetic acid', 0.2, 17, 119, NEVER, { names: ['solid acetic acid', 'acetic acid', 'gaseous acetic acid'] }),
  sub('sodium bicarbonate', 0.2, 10000, 10001, 100, { color: 'white' }),
  sub('sodium acetate', 0.5, 324, 881, NEVER, { names: 'standard' }),
  sub('salt water', 0.2, -2, 110, NEVER, { names: ['solid salt water', 'salt water', 'gaseous salt water'], color: 'white', conductive: true }),
  sub('soapy water', 0.2, -1, 105, NEVER, { names: ['solid soapy water', 'soapy water', 'gaseous soapy water'], color: 'white' }),
  sub('sugar water', 0.2, -3, 112, NEVER, { names: ['solid sugar water', 'sugar water', 'gaseous sugar water'], color: 'white' }),
  sub('brick', 0.1, 1500, NEVER + 1, NEVER, { color: 'red' }),
  sub('unknown material', 0.1, NEVER + 1, NEVER + 2, NEVER, { color: 'grey' }),
];

/** Paints: liquids at room temperature that burn at 293 °C. */
export const PAINT_COLORS = [
  'white',
  'black',
  'red',
  'blue',
  'yellow',
  'violet',
  'green',
  'orange',
  'brown',
  'yellow-orange',
  'red-orange',
  'violet-red',
  'blue-violet',
  'green-blue',
  'yellow-green',
] as const;
for (const color of PAINT_COLORS) {
  const name = `${color} paint`;
  list.push(sub(name, 0.2, 0, 10000, 293, { names: [`solid ${name}`, name, `gaseous ${name}`], color }));
}

export const SUBSTANCES: ReadonlyMap<string, Substance> = new Map(list.map((s) => [s.name, s]));

export function substance(name: string): Substance {
  const found = SUBSTANCES.get(name);
  if (!found) throw new Error(`unknown substance "${name}"`);
  return found;
}
