/**
 * The expert: plans a solution from the reset state by playing a scratch copy of the world, and records it
 * as subtasks in the paper's style ("locate and pick up apple", "clean apple 1 with sinkbasin 1",
 * "put apple 1 in fridge 1", "locate and use desklamp") with a local-progress label after every step.
 *
 * It searches as a careful person would: likely places first (counters before cabinets), never a place it has
 * already looked into, and straight to an object it has already seen. It acts only on what the observations
 * show, so its demonstrations contain honest searches.
 */
import type { Demonstration, DemonstrationSubtask } from '../../../harness/api.ts';
import { GoalTracker } from './goals.ts';
import { WorldState } from './sim.ts';
import { STATE_CHANGE } from './tasks.ts';
import type { Grammar } from './text.ts';
import { canContain, listingKey } from './vocabulary.ts';
import { PLACEMENT_WEIGHT, type WorldSpec } from './world.ts';

export interface ExpertPlan {
  demonstration: Demonstration;
  steps: number;
  won: boolean;
}

/** Receptacles that may hold `cls`, most likely first: by class likelihood, then class, then number. */
export function searchOrder(spec: WorldSpec, cls: string, skipClass?: string): number[] {
  const recs = spec.receptacles;
  const order: number[] = [];
  for (let i = 0; i < recs.length; i++) {
    if (recs[i].cls !== skipClass && canContain(recs[i].cls, cls) && (PLACEMENT_WEIGHT[recs[i].cls] ?? 1) > 0) order.push(i);
  }
  return order.sort((a, b) => {
    const ra = recs[a],
      rb = recs[b];
    const wa = PLACEMENT_WEIGHT[ra.cls] ?? 1,
      wb = PLACEMENT_WEIGHT[rb.cls] ?? 1;
    if (wa !== wb) return wb - wa;
    if (ra.cls !== rb.cls) return listingKey(ra.cls) < listingKey(rb.cls) ? -1 : 1;
    return ra.num - rb.num;
  });
}

const PAST: Record<string, string> = { clean: 'Cleaned', heat: 'Heated', cool: 'Cooled' };

class Planner {
  readonly state: WorldState;
  private readonly goals: GoalTracker;
  private readonly spec: WorldSpec;
  /** Receptacles whose contents the expert has seen (contents change only by its own hand). */
  private readonly observed: Uint8Array;
  readonly subtasks: DemonstrationSubtask[] = [];
  steps = 0;

  constructor(spec: WorldSpec, grammar: Grammar) {
    this.spec = spec;
    this.state = new WorldState(spec, grammar);
    this.goals = new GoalTracker(spec);
    this.observed = new Uint8Array(spec.receptacles.length);
  }

  get won(): boolean {
    return this.goals.won;
  }

  private rec(i: number): string {
    return this.spec.receptacles[i].name;
  }

  private item(i: number): string {
    return this.spec.items[i].name;
  }

  private begin(subtask: string): void {
    this.subtasks.push({ subtask, steps: [] });
  }

  /** Takes one step (which must be admissible) and records it with the label `label()` writes afterwards. */
  private act(action: string, label: () => string): void {
    const outcome = this.state.step(action);
    if (!outcome.ok) throw new Error(`alfworld expert: "${action}" is not admissible in ${this.spec.id}`);
    this.steps++;
    this.goals.update(this.state);
    if (this.state.agentAt >= 0 && this.state.isVisible(this.state.agentAt)) this.observed[this.state.agentAt] = 1;
    this.subtasks[this.subtasks.length - 1].steps.push({ action, progress: label() });
  }

  /** A seen instance of `cls` lying in a receptacle (not held, not excluded), preferring the one here. */
  private knownInstance(cls: string, skipClass?: string): number {
    const s = this.state,
      items = this.spec.items,
      recs = this.spec.receptacles;
    let best = -1;
    for (let i = 0; i < items.length; i++) {
      const at = s.itemAt[i];
      if (items[i].cls !== cls || !s.seen[i] || at < 0 || recs[at].cls === skipClass) continue;
      if (best < 0) {
        best = i;
        continue;
      }
      const hereI = at === s.agentAt,
        hereB = s.itemAt[best] === s.agentAt;
      if (hereI !== hereB ? hereI : items[i].num < items[best].num) best = i;
    }
    return best;
  }

  /** "locate and pick up X" / "locate and use X": search until an instance is seen, then take or use it. */
  locate(cls: string, mode: 'take' | 'use', skipClass?: string): number {
    const word = cls.toLowerCase();
    this.begin(mode === 'take' ? `locate and pick up ${word}` : `locate and use ${word}`);
    const checked: string[] = [];
    const withChecked = (sentence: string) => (checked.length > 0 ? `${sentence} || [Checked: ${checked.join(', ')}]` : sentence);
    const foundLabel = () => {
      const found = this.knownInstance(cls, skipClass);
      return withChecked(`Found ${this.item(found)} at ${this.rec(this.state.itemAt[found])}; ${mode} it next.`);
    };
    const order = searchOrder(this.spec, cls, skipClass);
    for (;;) {
      const known = this.knownInstance(cls, skipClass);
      if (known >= 0) {
        const where = this.state.itemAt[known];
        if (this.state.agentAt !== where) this.act(`go to ${this.rec(where)}`, foundLabel);
        if (mode === 'take') {
          this.act(`take ${this.item(known)} from ${this.rec(where)}`, () =>
            withChecked(`Picked up ${this.item(known)} from ${this.rec(where)}; subtask done.`),
          );
        } else {
          const held = this.state.holding;
          this.act(`use ${this.item(known)}`, () =>
            withChecked(`Turned on ${this.item(known)}${held >= 0 ? ` while holding ${this.item(held)}` : ''}; subtask done.`),
          );
        }
        return known;
      }
      const next = order.find((r) => !this.observed[r]);
      if (next === undefined) throw new Error(`alfworld expert: no ${word} to be found in ${this.spec.id}`);
      const name = this.rec(next);
      this.act(`go to ${name}`, () => {
        if (!this.state.isVisible(next)) return withChecked(`The ${name} is closed; open it to look inside.`);
        if (this.knownInstance(cls, skipClass) >= 0) return foundLabel();
        checked.push(name);
        return withChecked(`No ${word} at ${name}; keep searching the unchecked places.`);
      });
      if (!this.state.isVisible(next)) {
        this.act(`open ${name}`, () => {
          if (this.knownInstance(cls, skipClass) >= 0) return foundLabel();
          checked.push(name);
          return withChecked(`Opened ${name}; no ${word} inside, keep searching the unchecked places.`);
        });
      }
    }
  }

  /** "clean|heat|cool X with A". */
  change(item: number, verb: 'clean' | 'heat' | 'cool', appliance: number): void {
    const x = this.item(item),
      a = this.rec(appliance);
    this.begin(`${verb} ${x} with ${a}`);
    if (this.state.agentAt !== appliance) this.act(`go to ${a}`, () => `Arrived at ${a} with ${x}; ${verb} it next.`);
    this.act(`${verb} ${x} with ${a}`, () => `${PAST[verb]} ${x} with ${a}; subtask done.`);
  }

  /** "put X in R". */
  put(item: number, dest: number): void {
    const x = this.item(item),
      d = this.rec(dest);
    this.begin(`put ${x} in ${d}`);
    if (this.state.agentAt !== dest) {
      this.act(`go to ${d}`, () =>
        this.state.isVisible(dest) ? `Arrived at ${d} with ${x}; put it there next.` : `Arrived at ${d} with ${x}; it is closed, open it next.`,
      );
    }
    if (!this.state.isVisible(dest)) this.act(`open ${d}`, () => `Opened ${d}; put ${x} in it next.`);
    const command = this.state.grammar === 'legacy' ? `put ${x} in/on ${d}` : `move ${x} to ${d}`;
    this.act(command, () => `Put ${x} in ${d}; subtask done.`);
  }

  /** The instance of a class to use: the one here, else an open one, else the lowest-numbered. */
  choose(cls: string): number {
    const recs = this.spec.receptacles;
    let best = -1;
    for (let i = 0; i < recs.length; i++) {
      if (recs[i].cls !== cls) continue;
      if (i === this.state.agentAt) return i;
      const rank = (j: number) => (this.state.isVisible(j) ? 0 : 1000) + recs[j].num;
      if (best < 0 || rank(i) < rank(best)) best = i;
    }
    if (best < 0) throw new Error(`alfworld expert: no ${cls} in ${this.spec.id}`);
    return best;
  }
}

/** Plans and plays the expert's solution on a scratch copy of the world, from its reset state. */
export function planExpert(spec: WorldSpec, grammar: Grammar): ExpertPlan {
  const p = new Planner(spec, grammar);
  const { type, object, target } = spec.params;
  if (type === 'look_at_obj_in_light') {
    p.locate(object, 'take');
    p.locate(target, 'use');
  } else if (type === 'pick_two_obj_and_place') {
    const first = p.locate(object, 'take', target);
    const dest = p.choose(target);
    p.put(first, dest);
    const second = p.locate(object, 'take', target);
    p.put(second, dest);
  } else {
    const item = p.locate(object, 'take', target);
    const change = STATE_CHANGE[type];
    if (change) p.change(item, change.verb, p.choose(change.appliance));
    p.put(item, p.choose(target));
  }
  return { demonstration: { subtasks: p.subtasks }, steps: p.steps, won: p.won };
}
