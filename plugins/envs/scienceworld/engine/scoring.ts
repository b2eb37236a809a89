/**
 * Scoring as ScienceWorld scores: a task is a sequence of ordered subgoals, checked against the focused
 * thing, plus optional unordered subgoals worth a little each. The score is the fraction of ordered subgoals
 * done plus (1 / (n + 1)) / m per optional subgoal done (n ordered, m optional), capped at 1; a failed task
 * scores −1. Subgoals are checked after each action and after each tick. The goals themselves are in
 * `tasks/goals.ts`.
 */
import type { Thing, World } from '../world/world.ts';

export type Verdict = 'done' | 'fail' | 'no';

/** One thing the agent did, for goals about past actions (`use thermometer on …`). */
export interface ActionRecord {
  action: string;
  a: number;
  b: number;
}

export interface GoalContext {
  w: World;
  seq: GoalSequence;
  history: readonly ActionRecord[];
  /** What `aroundAgent` last computed, reused while the world's structure and the agent's place stay put. */
  around?: { version: number; location: number; things: Thing[] };
}

export interface Goal {
  description: string;
  /** Other goals can require this one (by key) before they count. */
  key?: string;
  requires?: string[];
  /** An ordered goal that may be passed over. */
  optional?: boolean;
  /** Clear the focus once this goal is met (e.g. after focusing on the thermometer). */
  defocus?: boolean;
  /**
   * The verdict depends only on what is where (names, containment, switches, connections, the agent's
   * place) and the focus, not on temperatures or past actions: it need not be rechecked until those change.
   */
  stable?: boolean;
  /** `focus` is the focused thing, or null when an unordered goal is checked without one. */
  check(g: GoalContext, focus: Thing | null): Verdict;
}

export class GoalSequence {
  current = 0;
  failed = false;
  lastSatisfied: number | null = null;
  readonly keys = new Set<string>();
  readonly optionalDone: boolean[];
  readonly store = new Map<string, string>();
  /** For stable optional goals: the world version, focus and keys they were last found unmet at. */
  private readonly missVersion: number[];
  private readonly missFocus: number[];
  private readonly missKeys: number[];

  constructor(
    readonly ordered: Goal[],
    readonly unordered: Goal[] = [],
  ) {
    this.optionalDone = unordered.map(() => false);
    this.missVersion = unordered.map(() => -1);
    this.missFocus = unordered.map(() => -1);
    this.missKeys = unordered.map(() => -1);
  }

  get completed(): boolean {
    return this.current >= this.ordered.length;
  }

  /** ScienceWorld's score in [0, 1], or −1 after a failure. */
  score(): number {
    if (this.failed) return -1;
    const ordered = this.current / this.ordered.length;
    const unit = this.unordered.length ? 1 / (this.ordered.length + 1) / this.unordered.length : 0;
    const bonus = unit * this.optionalDone.filter(Boolean).length;
    return Math.min(1, ordered + bonus);
  }

  /** Fraction of ordered subgoals reached. */
  progress(): number {
    return this.current / this.ordered.length;
  }

  reset(): void {
    this.current = 0;
    this.lastSatisfied = null;
    this.optionalDone.fill(false);
    this.missVersion.fill(-1);
    this.failed = false;
  }

  private prerequisites(goal: Goal): boolean {
    return (goal.requires ?? []).every((k) => this.keys.has(k));
  }

  /** Checks the goals against the state; `focus` holds the focused things (at most one). */
  update(g: GoalContext, focus: number[]): void {
    this.updateOrdered(g, focus);
    this.updateUnordered(g, focus);
  }

  private updateOrdered(g: GoalContext, focus: number[]): void {
    for (let guard = 0; guard < 64 && !this.completed; guard++) {
      let index = this.current;
      let goal = this.ordered[index];
      let success = false;
      let failure = false;
      for (;;) {
        if (this.prerequisites(goal)) {
          for (const id of focus) {
            const thing = g.w.get(id);
            const v = goal.check(g, thing);
            if (v === 'done') {
              success = true;
              this.lastSatisfied = thing.id;
              if (goal.defocus) focus.length = 0;
              if (goal.key) this.keys.add(goal.key);
              break;
            }
            if (v === 'fail') {
              failure = true;
              break;
            }
          }
        }
        if (success || failure || !goal.optional || index + 1 >= this.ordered.length) break;
        index++;
        goal = this.ordered[index];
      }
      if (failure) this.failed = true;
      if (!success) return;
      this.current = index + 1;
    }
  }

  private updateUnordered(g: GoalContext, focus: number[]): void {
    // The focus holds at most one thing.
    const version = g.w.state.version;
    const focused = focus.length ? focus[0] : -1;
    for (let changed = true; changed; ) {
      changed = false;
      for (let i = 0; i < this.unordered.length; i++) {
        const goal = this.unordered[i];
        if (this.optionalDone[i] || !this.prerequisites(goal)) continue;
        if (goal.stable && this.missVersion[i] === version && this.missFocus[i] === focused && this.missKeys[i] === this.keys.size) continue;
        let met = goal.check(g, null) === 'done';
        for (const id of focus) if (!met && goal.check(g, g.w.get(id)) === 'done') met = true;
        if (met) {
          this.optionalDone[i] = true;
          if (goal.key) this.keys.add(goal.key);
          changed = true;
        } else {
          this.missVersion[i] = version;
          this.missFocus[i] = focused;
          this.missKeys[i] = this.keys.size;
        }
      }
    }
  }
}
