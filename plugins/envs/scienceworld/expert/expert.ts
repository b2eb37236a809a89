/**
 * The expert: a scripted player that solves a variation from its start on a private copy of the episode,
 * reading the true state as it goes (it is privileged), and records what it did as subtasks in the paper's
 * function-call style (`navigate to(kitchen)`, `Fill(metal pot, water)`), each step with a local-progress
 * label: one sentence, then `|| [Route: a -> b]` for navigation or `|| [Checked: …]` for searches.
 *
 * Replaying the recorded actions in a fresh episode with the same seed reproduces the same states, since
 * the simulation is deterministic.
 */
import type { Demonstration, DemonstrationSubtask } from '../../../../harness/api.ts';
import type { Scenario } from '../engine/scenario.ts';
import { type Outcome, Session } from '../engine/session.ts';
import { feedbackName } from '../world/text.ts';
import type { Simplifications, Thing, World } from '../world/world.ts';
import { route } from './navigation.ts';

export type SubtaskMode = 'navigate' | 'search' | 'other';

interface OpenSubtask {
  record: DemonstrationSubtask;
  mode: SubtaskMode;
  route: string[];
  checked: string[];
}

export class ExpertError extends Error {}

export class Expert {
  readonly s: Session;
  readonly subtasks: DemonstrationSubtask[] = [];
  private open?: OpenSubtask;
  steps = 0;

  constructor(
    task: Scenario,
    variation: number,
    seed: number,
    simplifications: Simplifications,
    readonly budget = 50,
  ) {
    this.s = new Session(task, variation, seed, simplifications);
  }

  get w(): World {
    return this.s.w;
  }

  here(): Thing {
    return this.w.here();
  }

  get done(): boolean {
    return this.s.isDone();
  }

  /** The name the valid actions use for a thing here (unique where possible). */
  ref(id: number): string {
    return this.s.currentScope().uniqueName(id);
  }

  /** Starts a subtask; steps until the next `begin` belong to it. */
  begin(subtask: string, mode: SubtaskMode = 'other'): void {
    const record: DemonstrationSubtask = { subtask, steps: [] };
    this.subtasks.push(record);
    this.open = { record, mode, route: [this.here().name], checked: [] };
  }

  /** Marks a place (by default the current location) as searched, for `[Checked: …]`. */
  checked(location = this.here().name): void {
    if (this.open && !this.open.checked.includes(location)) this.open.checked.push(location);
  }

  /**
   * Takes one action; `label` is the local-progress sentence (or builds it from the outcome). Throws when
   * the action is not understood, is ambiguous or is refused: the expert must only take valid steps.
   */
  act(action: string, label?: string | ((o: Outcome) => string)): Outcome {
    if (!this.open) throw new ExpertError(`action "${action}" outside a subtask`);
    const before = this.here().name;
    const outcome = this.s.step(action);
    this.steps++;
    if (outcome.invalid) throw new ExpertError(`"${action}" was refused at step ${this.steps}: ${outcome.observation}`);
    const after = this.here().name;
    if (after !== before && this.open.route[this.open.route.length - 1] !== after) this.open.route.push(after);
    const sentence = typeof label === 'function' ? label(outcome) : (label ?? defaultLabel(this, action, outcome));
    this.open.record.steps.push({ action, progress: this.decorate(sentence) });
    return outcome;
  }

  /**
   * Takes an action that may name one of several things nothing tells apart (five apple seeds in a jar):
   * when ScienceWorld asks which one is meant, answers with the choice that acts on `intended` (or the first).
   * `asked` labels the question step.
   */
  actOn(
    action: string,
    intended: number,
    label?: string | ((o: Outcome) => string),
    asked = 'Several things answer to that name; chose one of them.',
  ): Outcome {
    const first = this.act(action, (o) =>
      this.s.pendingChoices() ? asked : typeof label === 'function' ? label(o) : (label ?? defaultLabel(this, action, o)),
    );
    const choices = this.s.pendingChoices();
    if (!choices) return first;
    const index = Math.max(
      0,
      choices.findIndex((m) => m.a === intended || m.b === intended),
    );
    return this.act(String(index), label);
  }

  private decorate(sentence: string): string {
    const o = this.open!;
    if (o.mode === 'navigate') return `${sentence} || [Route: ${o.route.join(' -> ')}]`;
    if (o.mode === 'search') return `${sentence} || [Checked: ${o.checked.join(', ')}]`;
    return sentence;
  }

  demonstration(): Demonstration {
    return { subtasks: this.subtasks.filter((s) => s.steps.length > 0) };
  }

  // ─────────────────────────────── lookups ───────────────────────────────

  /** Things in scope (reachable here without opening anything) matching a test. */
  visible(test: (t: Thing) => boolean): Thing[] {
    return this.s.currentScope().things.filter(test);
  }

  /** All things (anywhere, excluding deleted ones) matching a test, in id order. */
  all(test: (t: Thing) => boolean): Thing[] {
    return this.w.things.filter((t) => !t.deleted && test(t));
  }

  named(name: string): Thing[] {
    return this.all((t) => t.name === name);
  }

  location(name: string): Thing {
    const l = this.w.locationNamed(name);
    if (!l) throw new ExpertError(`no location ${name}`);
    return l;
  }

  // ─────────────────────────────── navigation ───────────────────────────────

  /** `navigate to(<location>)`: opens closed doors on the shortest route and walks through. */
  goTo(location: string): void {
    if (this.here().name === location) return;
    const path = route(this.w, this.here().id, this.location(location).id);
    if (!path) throw new ExpertError(`no route from ${this.here().name} to ${location}`);
    this.begin(`navigate to(${location})`, 'navigate');
    for (const hop of path) {
      const door = this.w.get(hop.door);
      const next = this.w.get(hop.to).name;
      if (!door.portal!.open) this.act(`open door to ${next}`, `The door to the ${next} is now open.`);
      this.act(`go to ${next}`, next === location ? `Arrived in the ${next}.` : `Passed into the ${next} on the way to the ${location}.`);
    }
  }
}

/** A plain-language progress sentence for a step, from the action and what it produced. */
export function defaultLabel(x: Expert, action: string, o: Outcome): string {
  const [verb] = action.split(' ');
  const obs = o.observation;
  if (action.startsWith('look around')) return `Looked around the ${x.here().name}.`;
  if (action.startsWith('pick up')) return `${capitalize(obs.replace(/^You move the (.*) to the inventory\.$/, 'the $1 is now in the inventory.'))}`;
  if (action.startsWith('use thermometer')) return `The reading shows ${obs.replace('the thermometer measures a temperature of ', '')}.`;
  if (action.startsWith('wait')) return `Waited for time to pass.`;
  if (action.startsWith('focus on')) return `${obs.replace('You focus on', 'Focused on')}`;
  switch (verb) {
    case 'open':
    case 'close':
    case 'activate':
    case 'deactivate':
      return obs;
    case 'move':
      return obs.replace(/^You move the (.*) to the (.*)\.$/, 'The $1 is now in the $2.');
    case 'examine':
      return `Examined it: ${obs}.`;
    default:
      return obs.split('\n')[0].replace(/\.?$/, '.');
  }
}

export function capitalize(s: string): string {
  return s.length ? s[0].toUpperCase() + s.slice(1) : s;
}

/** How feedback names a thing (`water`, `baby wolf`). */
export function called(x: Expert, t: Thing): string {
  return feedbackName(x.w, t);
}
