/**
 * Candidate subtasks for a high-level policy: the expert's subtask grammar grounded over what is known at
 * this state — every location, the task's vocabulary, and the things in view — so the right next subtask is
 * among them together with plausible distractors. Sorted, so the order gives nothing away.
 */
import type { Session } from '../engine/session.ts';
import { ANIMALS, FRUIT_TREES } from '../world/kinds.ts';
import { ANIMAL_CYCLES } from '../world/life.ts';
import { feedbackName, PLANT_STAGES } from '../world/text.ts';
import type { Thing } from '../world/world.ts';

export const MONITOR_WORDS = ['boil', 'melt', 'freeze', 'condense', 'change'];
export const FIND_KINDS = ['living thing', 'non-living thing', 'plant', 'animal'];
/** What a pot of plants is watched for. */
export const GROWTH_WORDS = ['seedling', 'adult', 'reproducing', 'fruit'];

/** Kinds of things a player carries around (not furniture, rooms or fixtures). */
const PORTABLE = new Set([
  'article',
  'capitalised',
  'substance',
  'named',
  'container',
  'thermometer',
  'component',
  'wire',
  'generator',
  'animal',
  'bee',
  'plant',
  'book',
  'picture',
  'paper',
  'recipe',
  'stopwatch',
]);

/** The stages an organism of this kind can be watched for (its cycle without death). */
function stagesOf(species: string): readonly string[] {
  const animal = ANIMALS[species];
  return animal ? ANIMAL_CYCLES[animal.cycle].filter((s) => s.duration > 0 || s.name === 'adult').map((s) => s.name) : PLANT_STAGES.slice(0, -1);
}

export function candidateSubtasks(s: Session, vocabulary: readonly string[]): string[] {
  const w = s.w;
  const scope = s.currentScope();
  // Collected with repeats, then sorted and deduplicated once: cheaper than a set of fresh strings.
  const out: string[] = [];
  for (const l of w.locations()) if (l.id !== w.agent.parent) out.push(`navigate to(${l.name})`);

  const inView = scope.things.filter((t) => !w.isLocation(t) && !t.portal && t.kind !== 'agent' && t.kind !== 'inventory' && t.kind !== 'universe');
  const portable = inView.filter((t) => PORTABLE.has(t.kind) && t.movable && !t.data.answerBox);
  // What the vocabulary's names are, judged by the things that bear them anywhere in the world.
  const bearers = new Map<string, Thing[]>();
  for (const t of w.things) {
    if (t.deleted || !vocabulary.includes(t.name)) continue;
    const list = bearers.get(t.name);
    if (list) list.push(t);
    else bearers.set(t.name, [t]);
  }
  const isVessel = (t: Thing) => !!t.data.cup;
  const isLiquid = (t: Thing) => t.material?.state === 'liquid';
  const isSubstance = (t: Thing) => !!t.material && !isVessel(t) && PORTABLE.has(t.kind) && t.kind !== 'component' && t.kind !== 'wire';
  const isSolid = (t: Thing) => !isVessel(t) && !isLiquid(t) && t.material?.state !== 'gas' && PORTABLE.has(t.kind) && !t.electrical;
  const vocabularyWhere = (test: (t: Thing) => boolean) => vocabulary.filter((n) => bearers.get(n)?.some(test));
  const namesWhere = (test: (t: Thing) => boolean) => dedupe([...vocabularyWhere(test), ...portable.filter(test).map((t) => feedbackName(w, t))]);

  const nouns = dedupe([...vocabulary, ...portable.map((t) => feedbackName(w, t))]);
  for (const n of nouns) out.push(`find(${n})`, `pick up(${n})`, `focus on(${n})`, `put down(${n})`);
  for (const kind of FIND_KINDS) out.push(`find(${kind})`);
  for (const t of inView) out.push(`focus on(${scope.uniqueName(t.id)})`);
  for (const n of vocabulary) out.push(`measure temperature(${n})`);

  // Heating, cooling, filling and mixing in vessels.
  const vessels = dedupe([...vocabularyWhere(isVessel), ...portable.filter(isVessel).map((t) => t.name)]);
  const substances = namesWhere(isSubstance);
  const solids = namesWhere(isSolid);
  const liquids = namesWhere(isLiquid);
  for (const v of vessels) {
    out.push(`Fill(${v}, water)`, `mix(${v})`);
    for (const word of MONITOR_WORDS) out.push(`Monitor temperature(${v}, ${word})`);
    for (const other of vessels) if (other !== v) out.push(`pour(${other}, ${v})`);
    for (const sub of substances) out.push(`heat(${sub}, ${v})`, `cool(${sub}, ${v})`, `put(${sub}, ${v})`);
    for (const solid of solids) out.push(`put(${solid}, ${v})`);
    for (const liquid of liquids) out.push(`pour(${liquid}, ${v})`);
  }
  for (const t of inView) if (t.kind === 'book' || t.kind === 'paper' || t.kind === 'recipe') out.push(`read(${t.name})`);

  // Doors, cupboards and devices here: open, close, switch on and off.
  for (const t of inView) {
    if (t.container?.closable) out.push(`open(${t.name})`, `close(${t.name})`);
    if (t.device?.activable) out.push(`activate(${t.name})`, `deactivate(${t.name})`);
  }
  for (const p of w.here().portals ?? []) {
    const door = w.get(p);
    if (door.kind === 'door') out.push(`open(${scope.uniqueName(door.id)})`, `close(${scope.uniqueName(door.id)})`);
  }
  out.push('wait(1)');

  // Growing: soil and seeds into pots, water, and watching for growth.
  const pots = dedupe([...vocabulary.filter((n) => n.includes('flower pot')), ...inView.filter((t) => t.data.flowerPot).map((t) => t.name)]);
  const seeds = dedupe([
    ...vocabulary.filter((n) => n.endsWith(' seed')),
    ...inView.filter((t) => t.kind === 'plant' && t.life!.stage === 0).map((t) => feedbackName(w, t)),
  ]);
  for (const pot of pots) {
    out.push(`water(${pot})`);
    for (const seed of seeds) out.push(`plant(${seed}, ${pot})`);
    for (const word of GROWTH_WORDS) out.push(`Monitor growth(${pot}, ${word})`);
  }
  if (vocabulary.includes('shovel') || inView.some((t) => t.data.tool === 'shovel')) out.push('dig(soil)');

  // Life stages: organisms named by the task or in view, at each stage of their cycle.
  const species = dedupe([
    ...vocabulary.filter((n) => n in ANIMALS || (FRUIT_TREES as readonly string[]).includes(n)),
    ...inView.filter((t) => t.life && t.kind !== 'bee').map((t) => t.life!.species),
  ]);
  for (const sp of species) for (const stage of stagesOf(sp)) out.push(`Monitor life stage(${sp}, ${stage})`);

  const boxes = dedupe([...vocabulary.filter((n) => n.endsWith(' box')), ...inView.filter((t) => t.data.answerBox).map((t) => t.name)]);
  for (const box of boxes) for (const n of nouns) if (n !== box) out.push(`move(${n}, ${box})`);

  // Circuits: a part to power, a source, and optionally a material to test in series.
  const parts = dedupe([...vocabularyWhere((t) => t.electrical === 'user'), ...inView.filter((t) => t.electrical === 'user').map((t) => t.name)]);
  const sources = dedupe([...vocabularyWhere((t) => t.electrical === 'source'), ...inView.filter((t) => t.electrical === 'source').map((t) => t.name)]);
  const materials = vocabulary.filter((n) => !parts.includes(n) && !sources.includes(n) && !n.endsWith(' box') && n !== 'wire');
  for (const part of parts) {
    for (const source of sources) {
      out.push(`build circuit(${part}, ${source})`);
      for (const m of materials) out.push(`build circuit(${part}, ${source}, ${m})`);
    }
  }
  return sortedUnique(out);
}

function dedupe(items: string[]): string[] {
  return [...new Set(items.filter((s) => s.length > 0))];
}

function sortedUnique(items: string[]): string[] {
  items.sort();
  let n = 0;
  for (let i = 0; i < items.length; i++) if (i === 0 || items[i] !== items[i - 1]) items[n++] = items[i];
  items.length = n;
  return items;
}
