/**
 * The harness-facing environment: one episode (task variation + seed) with `reset`, `step`,
 * `validActions`, `candidateSubtasks` and `expert`, returning ScienceWorld's text and scores.
 */
import type { Demonstration, Env, ResetResult, StepInfo, StepResult } from '../../../harness/api.ts';
import { Session } from './engine/session.ts';
import { candidateSubtasks } from './expert/candidates.ts';
import { Expert, ExpertError } from './expert/expert.ts';
import type { TaskType } from './tasks/types.ts';
import type { Simplifications } from './world/world.ts';

export class ScienceWorldEnv implements Env {
  private current?: Session;

  constructor(
    private readonly task: TaskType,
    private readonly variation: number,
    private readonly seed: number,
    private readonly simplifications: Simplifications,
  ) {}

  /** The episode in progress (started by `reset`, or on first use). */
  private get session(): Session {
    return (this.current ??= this.fresh());
  }

  private fresh(): Session {
    return new Session(this.task, this.variation, this.seed, this.simplifications);
  }

  /** The room and inventory text after this step (cached by the session while the place is unchanged). */
  private info(): StepInfo {
    return { look: this.session.look(), inventory: this.session.inventory() };
  }

  reset(): ResetResult {
    this.current = this.fresh();
    const first = this.session.step('look around');
    return { observation: first.observation, task: this.session.description, info: this.info() };
  }

  step(action: string): StepResult {
    let outcome: ReturnType<typeof this.session.step>;
    try {
      outcome = this.session.step(typeof action === 'string' ? action : String(action));
    } catch (e) {
      // The simulation should never throw; if it does, report it as feedback instead of ending the run.
      return {
        observation: `ERROR: ${(e as Error).message}`,
        reward: 0,
        score: this.session.score(),
        done: false,
        success: false,
        invalid: true,
        info: this.info(),
      };
    }
    return {
      observation: outcome.observation,
      reward: outcome.reward,
      score: outcome.score,
      done: outcome.done,
      success: outcome.success,
      invalid: outcome.invalid,
      progress: outcome.progress,
      info: this.info(),
    };
  }

  validActions(): string[] {
    return this.session.validActions();
  }

  candidateSubtasks(): string[] {
    return candidateSubtasks(this.session, this.task.vocabulary(this.task.variations()[this.variation]));
  }

  /** The expert's plan from the reset state (whatever this episode has done since). */
  expert(): Demonstration {
    const x = new Expert(this.task, this.variation, this.seed, this.simplifications);
    try {
      this.task.expert(x, this.task.variations()[this.variation]);
    } catch (e) {
      if (e instanceof ExpertError) throw new Error(`scienceworld expert failed on ${this.task.id} variation ${this.variation}: ${e.message}`);
      throw e;
    }
    return x.demonstration();
  }

  close(): void {}
}
