/**
 * Candidate subtasks for a high-level policy: the expert's subtask grammar grounded over what the agent knows
 * at this state, plus distractors. Grounding uses only public facts: the receptacles (listed when the episode
 * begins), the task text, the object held, and objects the agent has seen. Distractor object types come from
 * the room kind's vocabulary, chosen by the episode id alone, so they say nothing about where anything is.
 */
import { createRng, hashSeed } from '../../../harness/api.ts';
import type { WorldState } from './sim.ts';
import { TASK_OBJECTS } from './tasks.ts';
import { LAMP_CLASSES } from './vocabulary.ts';
import type { WorldSpec } from './world.ts';

const APPLIANCE_VERBS: Record<string, string> = { SinkBasin: 'clean', Microwave: 'heat', Fridge: 'cool' };
const DISTRACTOR_TYPES = 3;
const DISTRACTOR_RECEPTACLE_CLASSES = 2;
const MAX_GROUNDED_OBJECTS = 3;

interface Distractors {
  types: string[];
  receptacles: number[];
}

const distractorCache = new WeakMap<WorldSpec, Distractors>();

function distractorsOf(spec: WorldSpec): Distractors {
  let d = distractorCache.get(spec);
  if (d) return d;
  const rng = createRng(hashSeed(spec.id, 'subtask-distractors'));
  const { object, target } = spec.params;
  const types = rng.shuffle(TASK_OBJECTS[spec.layout.kind].filter((c) => c !== object)).slice(0, DISTRACTOR_TYPES);
  const classes = rng
    .shuffle([...new Set(spec.receptacles.map((r) => r.cls))].filter((c) => c !== target && !APPLIANCE_VERBS[c]))
    .slice(0, DISTRACTOR_RECEPTACLE_CLASSES);
  // The lowest-numbered receptacle of each distractor class.
  const receptacles = classes.map((cls) => {
    let best = -1;
    spec.receptacles.forEach((r, i) => {
      if (r.cls === cls && (best < 0 || r.num < spec.receptacles[best].num)) best = i;
    });
    return best;
  });
  d = { types, receptacles };
  distractorCache.set(spec, d);
  return d;
}

export function candidateSubtasks(s: WorldState): string[] {
  const spec = s.spec;
  const { object, target } = spec.params;
  const items = spec.items,
    recs = spec.receptacles;
  const distractors = distractorsOf(spec);
  const out = new Set<string>();

  const types = new Set<string>([object, ...distractors.types]);
  for (let i = 0; i < items.length; i++) if (s.seen[i] && !LAMP_CLASSES.has(items[i].cls)) types.add(items[i].cls);
  for (const cls of types) out.add(`locate and pick up ${cls.toLowerCase()}`);
  for (const lamp of LAMP_CLASSES) out.add(`locate and use ${lamp.toLowerCase()}`);

  // Objects a subtask may name: the one in hand and seen objects of the task's type.
  const grounded: number[] = [];
  if (s.holding >= 0) grounded.push(s.holding);
  for (let i = 0; i < items.length && grounded.length < MAX_GROUNDED_OBJECTS; i++) {
    if (i !== s.holding && s.seen[i] && items[i].cls === object) grounded.push(i);
  }
  const destinations = recs
    .map((r, i) => (r.cls === target ? i : -1))
    .filter((i) => i >= 0)
    .concat(distractors.receptacles);
  for (const item of grounded) {
    const name = items[item].name;
    recs.forEach((r, i) => {
      const verb = APPLIANCE_VERBS[r.cls];
      if (verb) out.add(`${verb} ${name} with ${recs[i].name}`);
    });
    for (const d of destinations) out.add(`put ${name} in ${recs[d].name}`);
  }
  return [...out].sort();
}
