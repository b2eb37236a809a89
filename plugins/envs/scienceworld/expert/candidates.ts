/**
 * Candidate subtasks for a high-level policy: the expert's subtask grammar grounded over what is known at
 * this state — every location, the task's vocabulary, and the things in view — so the right next subtask is
 * among them together with plausible distractors. Sorted, so the order gives nothing away.
 */
import type { Session } from '../engine/session.ts';
import { feedbackName } from '../world/text.ts';
import type { Thing } from '../world/world.ts';

export const MONITOR_WORDS = ['boil', 'melt', 'freeze', 'condense', 'change'];
export const FIND_KINDS = ['living thing', 'non-living thing', 'plant', 'animal'];

/** Kinds of things a player carries around (not furniture, rooms or fixtures). */
const PORTABLE = new Set(['article', 'capitalised', 'substance', 'named', 'container', 'thermometer', 'component', 'wire', 'generator', 'animal', 'bee', 'plant', 'book', 'picture', 'paper', 'recipe', 'stopwatch']);

export function candidateSubtasks(s: Session, vocabulary: readonly string[]): string[] {
  const w = s.w;
  const scope = s.currentScope();
  const out = new Set<string>();
  for (const l of w.locations()) if (l.id !== w.agent.parent) out.add(`navigate to(${l.name})`);

  const inView = scope.things.filter((t) => !w.isLocation(t) && !t.portal && t.kind !== 'agent' && t.kind !== 'inventory' && t.kind !== 'universe');
  const portable = inView.filter((t) => PORTABLE.has(t.kind) && t.movable && !t.data.answerBox);
  // What the vocabulary's names are, judged by the things that bear them anywhere in the world.
  const bearers = new Map<string, Thing[]>();
  for (const t of w.things) if (!t.deleted && vocabulary.includes(t.name)) bearers.set(t.name, [...(bearers.get(t.name) ?? []), t]);
  const isVessel = (t: Thing) => !!t.data.cup;
  const isSubstance = (t: Thing) => !!t.material && !isVessel(t) && PORTABLE.has(t.kind) && t.kind !== 'component' && t.kind !== 'wire';
  const vocabularyWhere = (test: (t: Thing) => boolean) => vocabulary.filter((n) => (bearers.get(n) ?? []).some(test));

  const nouns = dedupe([...vocabulary, ...portable.map((t) => feedbackName(w, t))]);
  for (const n of nouns) {
    out.add(`find(${n})`);
    out.add(`pick up(${n})`);
    out.add(`focus on(${n})`);
    out.add(`put down(${n})`);
  }
  for (const kind of FIND_KINDS) out.add(`find(${kind})`);
  for (const t of inView) out.add(`focus on(${scope.uniqueName(t.id)})`);
  for (const n of vocabulary) out.add(`measure temperature(${n})`);

  const vessels = dedupe([...vocabularyWhere(isVessel), ...portable.filter(isVessel).map((t) => t.name)]);
  const substances = dedupe([...vocabularyWhere(isSubstance), ...portable.filter(isSubstance).map((t) => feedbackName(w, t))]);
  for (const v of vessels) {
    out.add(`Fill(${v}, water)`);
    for (const word of MONITOR_WORDS) out.add(`Monitor temperature(${v}, ${word})`);
    for (const other of vessels) if (other !== v) out.add(`pour(${other}, ${v})`);
    for (const sub of substances) {
      out.add(`heat(${sub}, ${v})`);
      out.add(`cool(${sub}, ${v})`);
      out.add(`put(${sub}, ${v})`);
    }
  }

  const boxes = dedupe([...vocabulary.filter((n) => n.endsWith(' box')), ...inView.filter((t) => t.data.answerBox).map((t) => t.name)]);
  for (const box of boxes) for (const n of nouns) if (n !== box) out.add(`move(${n}, ${box})`);

  // Circuits: a part to power, a source, and optionally a material to test in series.
  const parts = dedupe([...vocabularyWhere((t) => t.electrical === 'user'), ...inView.filter((t) => t.electrical === 'user').map((t) => t.name)]);
  const sources = dedupe([...vocabularyWhere((t) => t.electrical === 'source'), ...inView.filter((t) => t.electrical === 'source').map((t) => t.name)]);
  const materials = vocabulary.filter((n) => !parts.includes(n) && !sources.includes(n) && !n.endsWith(' box') && n !== 'wire');
  for (const part of parts) {
    for (const source of sources) {
      out.add(`build circuit(${part}, ${source})`);
      for (const m of materials) out.add(`build circuit(${part}, ${source}, ${m})`);
    }
  }
  return [...out].sort();
}

function dedupe(items: string[]): string[] {
  return [...new Set(items.filter((s) => s.length > 0))];
}
