/**
 * One live episode in a Python adapter process. The process is borrowed from the pool for the episode and
 * given back by `close()` only if the episode ended cleanly; after any failure of the process (a crash, a
 * missed deadline, a garbled reply) it is already dead, and the next episode starts a fresh one.
 */
import type { Demonstration, Env, EpisodeSpec, ResetResult, StepResult } from '../../../harness/api.ts';
import type { PythonOptions } from './options.ts';
import { release } from './pool.ts';
import type { AdapterProcess, LaunchSpec } from './process.ts';
import { parseActions, parseExpert, parseReset, parseStep } from './replies.ts';

export class PythonEnv implements Env {
  private task = '';
  private closed = false;

  constructor(
    private readonly proc: AdapterProcess,
    private readonly spec: LaunchSpec,
    private readonly options: PythonOptions,
    private readonly episode: EpisodeSpec,
    private readonly seed: number,
  ) {
    proc.forgetStderr();
  }

  async reset(): Promise<ResetResult> {
    const result = parseReset(await this.call('reset', { episode: this.episode, seed: this.seed }));
    this.task = result.task;
    return result;
  }

  async step(action: string): Promise<StepResult> {
    return parseStep(await this.call('step', { action }));
  }

  async validActions(): Promise<string[]> {
    return parseActions(await this.call('valid_actions', {}), 'valid_actions');
  }

  async candidateSubtasks(): Promise<string[]> {
    return parseActions(await this.call('candidate_subtasks', {}), 'candidate_subtasks');
  }

  async expert(): Promise<Demonstration> {
    return parseExpert(await this.call('expert', {}), this.task);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // A call still in flight means the runner gave up on it: the process cannot be trusted with another episode.
    if (!this.proc.alive) return;
    if (this.proc.busy) {
      this.proc.kill('stopped: its episode was closed while a call was still running');
      return;
    }
    try {
      await this.proc.call('close', {}, this.options.callTimeoutMs);
      release(this.spec, this.proc, this.options.reuseProcess);
    } catch {
      this.proc.kill('stopped: closing its episode failed');
    }
  }

  private call(method: string, params: Record<string, unknown>): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error(`${method} after the episode was closed`));
    return this.proc.call(method, params, this.options.callTimeoutMs);
  }
}
