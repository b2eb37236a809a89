/**
 * From logged decisions to encoded training data: imitation samples for behaviour cloning and transitions
 * for offline RL. Each prompt is encoded once, even when it is both a state and the next state of another
 * transition.
 */
import type { PolicyDecision } from './choosers.ts';
import { candidateEncodings } from './choosers.ts';
import type { LevelTransition } from './episodes.ts';
import type { RlSample, TrainingSample } from './samples.ts';
import { defaultTextEncoderConfig, type EncodedCandidate, type EncodedPrompt, encodePrompt, type TextEncoderConfig } from './text-features.ts';

export class SampleEncoder {
  private prompts = new WeakMap<PolicyDecision, EncodedPrompt>();
  /** One encoded list per candidate list: a step's decisions, and many steps of a demonstration, share theirs. */
  private candidateLists = new WeakMap<readonly string[], EncodedCandidate[]>();
  constructor(private readonly config: TextEncoderConfig = defaultTextEncoderConfig) {}

  private candidates(list: readonly string[]): EncodedCandidate[] {
    let encoded = this.candidateLists.get(list);
    if (!encoded) this.candidateLists.set(list, (encoded = list.map((c) => candidateEncodings.get(c))));
    return encoded;
  }

  prompt(decision: PolicyDecision): EncodedPrompt {
    let encoded = this.prompts.get(decision);
    if (!encoded) this.prompts.set(decision, (encoded = encodePrompt(decision.prompt, this.config)));
    return encoded;
  }

  /** An imitation sample, or null when the decision's choice is not among its candidates. */
  imitation(decision: PolicyDecision): TrainingSample | null {
    if (decision.chosen < 0 || decision.candidates.length === 0) return null;
    return {
      prompt: this.prompt(decision),
      candidates: this.candidates(decision.candidates),
      chosen: decision.chosen,
      ...(decision.flag !== undefined ? { flag: decision.flag } : {}),
    };
  }

  transition(transition: LevelTransition): RlSample | null {
    const sample = this.imitation(transition.decision);
    if (!sample) return null;
    return {
      ...sample,
      reward: transition.reward,
      done: transition.done,
      next: transition.next ? this.prompt(transition.next) : null,
    };
  }
}
