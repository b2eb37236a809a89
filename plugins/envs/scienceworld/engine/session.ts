/**
 * One episode of one task variation: the world, the goals, the focus, and the step loop as ScienceWorld
 * runs it (parse → run the action → check goals → tick → check goals, with `wait` repeating the tick).
 * Observations are trimmed and runs of spaces collapsed, as ScienceWorld's step does; `look` and
 * `inventory` are free (they take no time).
 */
import { hashSeed } from '../../../../harness/api.ts';
import { applySimplifications, buildHouse } from '../world/house.ts';
import { JvmRandom } from '../world/jvm-random.ts';
import { seedRng } from '../world/rng.ts';
import { inventoryText, roomText } from '../world/text.ts';
import { tickWorld } from '../world/tick.ts';
import { NO_SIMPLIFICATIONS, type Simplifications, World } from '../world/world.ts';
import { ACTIONS, type ActionContext, type ActionDef, TELEPORT } from './actions.ts';
import { ambiguityText, type Match, parse } from './parser.ts';
import type { Scenario } from './scenario.ts';
import { Scope } from './scope.ts';
import type { ActionRecord, GoalContext, GoalSequence } from './scoring.ts';
import { possibleActions } from './templates.ts';
import { ValidActionLister } from './valid.ts';

export const NO_MATCH = 'No known action matches that input.';
/** ScienceWorld's reply when a step produces no text at all (a dropped "which one?" question). */
export const UNKNOWN_ACTION = "Unknown action.  Type 'help' for a list of actions, and 'objects' for a list of possible object referents. ";

/** What a step printed; `raw` text is given as built (ScienceWorld trims and squeezes only action output). */
interface StepText {
  text: string;
  invalid: boolean;
  ticks: number;
  raw?: boolean;
}

export function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (Math.abs(diff - 0.5) > 1e-9) return Math.round(x);
  return floor % 2 === 0 ? floor : floor + 1;
}

export interface Outcome {
  observation: string;
  /** Score on ScienceWorld's 0–100 scale (−100 after a failure). */
  score: number;
  reward: number;
  done: boolean;
  success: boolean;
  invalid: boolean;
  progress: number;
  /** Ticks this step advanced the world. */
  ticks: number;
}

/**
 * Built worlds by task, variation and simplifications: an episode starts from a copy (the house and the
 * task's objects do not depend on the run seed, only the world's random stream does).
 */
const built = new Map<string, World>();
const MAX_BUILT = 128;

function startingWorld(task: Scenario, variation: number, seed: number, simplifications: Simplifications): World {
  const key = `${task.id}|${variation}|${JSON.stringify(simplifications)}`;
  let template = built.get(key);
  if (!template) {
    template = new World(0, simplifications);
    // As ScienceWorld: the house, and then the task's objects, are drawn from the JVM's generator seeded
    // with the variation index, so the house (pictures, books, bulbs, wires, the shovel) and the room the
    // agent starts in are the real ones.
    buildHouse(template, new JvmRandom(variation));
    task.setup(template, task.variations()[variation], new JvmRandom(variation));
    applySimplifications(template);
    if (built.size >= MAX_BUILT) built.delete(built.keys().next().value!);
    built.set(key, template);
  }
  const w = template.clone();
  w.state.rng = seedRng(hashSeed('scienceworld-dynamics', task.name, variation, seed));
  return w;
}

export class Session {
  readonly w: World;
  readonly goals: GoalSequence;
  readonly description: string;
  focus: number[] = [];
  readonly history: ActionRecord[] = [];
  private scope?: Scope;
  private validCache?: { scope: Scope; actions: string[] };
  private readonly validLister = new ValidActionLister();
  private pending: Match[] | null = null;
  private lastScore = 0;
  private readonly defs: ActionDef[];
  private readonly ctx: ActionContext;
  private readonly goalCtx: GoalContext;

  constructor(
    readonly task: Scenario,
    readonly variation: number,
    seed: number,
    readonly simplifications: Simplifications = NO_SIMPLIFICATIONS,
  ) {
    const params = task.variations()[variation];
    if (params === undefined) throw new Error(`${task.id} ${task.name} has no variation ${variation}`);
    this.w = startingWorld(task, variation, seed, simplifications);
    this.goals = task.goals(params);
    this.description = task.description(params).trim();
    this.defs = simplifications.teleportAction ? [...ACTIONS, TELEPORT] : ACTIONS.slice();
    if (simplifications.noElectricalAction) this.defs = this.defs.filter((d) => d.name !== 'connect electrically' && d.name !== 'disconnect electrically');
    this.defs.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    this.ctx = {
      w: this.w,
      setFocus: (id) => {
        this.focus = id >= 0 ? [id] : [];
      },
      resetGoals: () => {
        this.goals.reset();
        this.focus = [];
      },
    };
    this.goalCtx = { w: this.w, seq: this.goals, history: this.history };
    this.goals.update(this.goalCtx, this.focus);
  }

  currentScope(): Scope {
    this.scope = Scope.current(this.w, this.scope, this.simplifications.teleportAction);
    return this.scope;
  }

  private textCache?: { key: string; look?: string; inventory?: string };

  /** What a room or inventory description shows can change only with the place or a thermometer's reading. */
  private textKey(): string {
    const scope = this.currentScope();
    let key = scope.key;
    for (const t of scope.things) if (t.kind === 'thermometer') key += `|${Math.round(t.material!.temperature)}`;
    return key;
  }

  private cachedText(): { key: string; look?: string; inventory?: string } {
    const key = this.textKey();
    if (this.textCache?.key !== key) this.textCache = { key };
    return this.textCache;
  }

  /** The room description (ScienceWorld's free `look`). */
  look(): string {
    const c = this.cachedText();
    return (c.look ??= roomText(this.w, this.w.here()));
  }

  /** The inventory description (ScienceWorld's free `inventory`). */
  inventory(): string {
    const c = this.cachedText();
    return (c.inventory ??= inventoryText(this.w));
  }

  /** ScienceWorld's score on its 0–100 scale (rounded as Python's `round` does: halves to even). */
  score(): number {
    return roundHalfEven(100 * this.goals.score());
  }

  isDone(): boolean {
    return this.goals.completed || this.goals.failed;
  }

  validActions(): string[] {
    if (this.pending) return this.pending.map((_, i) => String(i));
    const scope = this.currentScope();
    if (this.validCache?.scope !== scope) {
      this.validCache = {
        scope,
        actions: this.validLister.list(this.ctx, scope, {
          electrical: !this.simplifications.noElectricalAction,
          teleport: this.simplifications.teleportAction,
        }),
      };
    }
    return this.validCache.actions.slice();
  }

  /** The actions a pending "which one?" question offers, in the order of its numbers (null when none is pending). */
  pendingChoices(): readonly Match[] | null {
    return this.pending;
  }

  /** Every action the parser would accept for this input (for tools that need to disambiguate). */
  interpret(input: string): Match[] {
    const scope = this.currentScope();
    const matches = parse(input, this.defs, scope);
    if (!this.simplifications.teleportAction) return matches;
    // Only teleporting reaches a location out of view; to any other action it is not there at all.
    const unseen = (id: number) => id >= 0 && scope.onlyForTeleport(id);
    return matches.filter((m) => m.def === TELEPORT || (!unseen(m.a) && !unseen(m.b)));
  }

  step(input: string): Outcome {
    const text = input.trim();
    // As ScienceWorld's step: these three are answered before anything else, even while a question is open.
    const word = text.toLowerCase();
    if (word === 'help')
      return this.finish({ text: `Possible actions: \n\t${possibleActions(this.simplifications).join('\n\t')}`, invalid: false, ticks: 0, raw: true });
    if (word === 'objects')
      return this.finish({ text: `Possible object references: \n\t${this.objectReferents().join('\n\t')}`, invalid: false, ticks: 0, raw: true });
    if (word === 'task') return this.finish({ text: `Task description:\n${this.description}`, invalid: false, ticks: 0, raw: true });
    if (this.pending) return this.finish(this.resolvePending(text));
    const matches = this.interpret(text);
    if (matches.length === 0) return this.finish({ text: NO_MATCH, invalid: true, ticks: 0 });
    if (matches.length > 1) {
      // A question back, not a refusal: ScienceWorld's own gold paths answer it with a number (`0`). It is
      // printed as built, with the newline after the last choice.
      const { text: prompt, ordered } = ambiguityText(this.w, matches);
      this.pending = ordered;
      return this.finish({ text: prompt, invalid: false, ticks: 0, raw: true });
    }
    return this.finish(this.perform(matches[0]));
  }

  /** Every referent in view, one per thing (indistinguishable things repeat), sorted. */
  private objectReferents(): string[] {
    const scope = this.currentScope();
    return scope.things.map((t) => scope.uniqueName(t.id).toLowerCase()).sort();
  }

  /**
   * The answer to a "which one?" question. Anything but the number of a choice drops the question; then, as
   * in ScienceWorld, no action runs, a tick passes, and the empty result reads as an unknown action.
   */
  private resolvePending(answer: string): StepText {
    const options = this.pending!;
    this.pending = null;
    const index = /^[+-]?\d+$/.test(answer) ? Number(answer) : -1;
    if (index >= 0 && index < options.length) return this.perform(options[index]);
    this.advance();
    return { text: UNKNOWN_ACTION, invalid: true, ticks: 1, raw: true };
  }

  private perform(m: Match): StepText {
    const refusal = m.def.check(this.ctx, m.a, m.b);
    let text: string;
    let wait = 0;
    if (refusal !== null) text = refusal;
    else {
      const result = m.def.run(this.ctx, m.a, m.b);
      text = result.text;
      wait = result.wait ?? 0;
    }
    this.history.push({ action: m.def.name, a: m.a, b: m.b });
    this.goals.update(this.goalCtx, this.focus);
    let ticks = 0;
    if (m.def.takesTime) {
      this.advance();
      ticks++;
      for (; wait > 0; wait--, ticks++) {
        this.goals.update(this.goalCtx, this.focus);
        this.advance();
      }
    }
    return { text, invalid: refusal !== null, ticks };
  }

  private advance(): void {
    tickWorld(this.w);
    this.goals.update(this.goalCtx, this.focus);
  }

  private finish(r: StepText): Outcome {
    const score = this.score();
    const reward = score - this.lastScore;
    this.lastScore = score;
    return {
      observation: r.raw ? r.text : r.text.trim().replace(/ +/g, ' '),
      score,
      reward,
      done: this.isDone(),
      success: score >= 100 && this.goals.completed,
      invalid: r.invalid,
      progress: this.goals.progress(),
      ticks: r.ticks,
    };
  }
}
