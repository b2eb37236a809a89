/**
 * One live ALFWorld episode behind the harness's `Env` contract: text in, text out, `won` as success,
 * reward 1 on the winning step, score 100 × won, and a progress fraction over the task's subgoals.
 */
import type { Demonstration, Env, ResetResult, StepResult } from '../../../harness/api.ts';
import { planExpert } from './expert.ts';
import { GoalTracker } from './goals.ts';
import { WorldState } from './sim.ts';
import { candidateSubtasks } from './subtasks.ts';
import { goalText } from './tasks.ts';
import * as T from './text.ts';
import type { WorldSpec } from './world.ts';

export interface AlfworldOptions {
  grammar: T.Grammar;
  taskTypes: string[];
  phrasing: 'mixed' | 'primary';
  episodesPerTask: number;
}

/**
 * TextWorld strips the command and then looks it up verbatim among the admissible ones, so case and inner
 * spacing count: `Examine BOX 2` and `go  to cabinet 1` print "Nothing happens.".
 */
function commandOf(action: unknown): string {
  return typeof action === 'string' ? action.trim() : '';
}

export class AlfworldEnv implements Env {
  private readonly spec: WorldSpec;
  private readonly grammar: T.Grammar;
  private readonly goal: string;
  private state: WorldState;
  private goals: GoalTracker;
  private progress = 0;
  private plan: Demonstration | undefined;

  constructor(spec: WorldSpec, options: Pick<AlfworldOptions, 'grammar' | 'phrasing'>) {
    this.spec = spec;
    this.grammar = options.grammar;
    this.goal = goalText(spec.params, options.phrasing !== 'primary' && spec.alternatePhrasing);
    this.state = new WorldState(spec, this.grammar);
    this.goals = new GoalTracker(spec);
  }

  reset(): ResetResult {
    this.state = new WorldState(this.spec, this.grammar);
    this.goals = new GoalTracker(this.spec);
    this.progress = 0;
    const overview = this.state.overview;
    return {
      observation: T.intro(overview, this.goal),
      task: T.taskLine(this.goal),
      info: { look: overview, goal: this.goal },
    };
  }

  step(action: string): StepResult {
    const wasWon = this.goals.won;
    const outcome = this.state.step(commandOf(action));
    if (outcome.ok) this.progress = this.goals.update(this.state);
    const won = this.goals.won;
    return {
      observation: outcome.text,
      reward: won && !wasWon ? 1 : 0,
      score: won ? 100 : 0,
      done: won,
      success: won,
      invalid: !outcome.ok,
      progress: this.progress,
      // The room overview with every step, as the paper's ALFWorld agents saw it appended to each feedback.
      info: { look: this.state.overview },
    };
  }

  validActions(): string[] {
    return this.state.admissible().slice();
  }

  candidateSubtasks(): string[] {
    return candidateSubtasks(this.state);
  }

  expert(): Demonstration {
    this.plan ??= planExpert(this.spec, this.grammar).demonstration;
    return structuredClone(this.plan);
  }

  close(): void {}
}
