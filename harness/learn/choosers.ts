/**
 * Choosers: how a policy call is answered. An agent's controller builds a prompt and its candidates and asks
 * a chooser; the network chooser scores them (greedy at evaluation, sampled for rollouts), the teacher
 * chooser answers with the demonstration's choice (to build imitation data through the very same prompts),
 * and a recording chooser logs every decision for training.
 */
import type { Rng } from '../api.ts';
import type { CandidatePolicy } from './candidate-policy.ts';
import { argmax, sampleSoftmax, sigmoid } from './samples.ts';
import { type EncodedCandidate, EncodingCache, encodeCandidate, encodePrompt } from './text-features.ts';

export interface ChoiceRequest {
  role: string;
  /** Env step at which the decision is made. */
  step: number;
  /** The exact prompt text the policy is conditioned on. */
  prompt: string;
  candidates: string[];
  /** The policy also emits a binary flag with its choice (the low level's "subtask finished"). */
  withFlag: boolean;
}

export interface Choice {
  /** Index of the chosen candidate, or −1 when a teacher's choice was not among the candidates. */
  index: number;
  text: string;
  flag?: boolean;
}

export type Chooser = (request: ChoiceRequest) => Choice;

/** A logged decision: the request and what was chosen. */
export interface PolicyDecision {
  role: string;
  step: number;
  prompt: string;
  candidates: string[];
  chosen: number;
  /** The chosen text (a teacher's choice may be absent from the candidates: then `chosen` is −1). */
  text: string;
  flag?: boolean;
}

export interface NetworkChooserOptions {
  /** 0 for greedy; 1 samples from the policy's distribution (the paper's rollout temperature). */
  temperature: number;
  rng?: Rng;
}

/** Shared encodings of candidate texts (they recur across steps and episodes). */
export const candidateEncodings = new EncodingCache<EncodedCandidate>(encodeCandidate);

export function networkChooser(policy: CandidatePolicy, options: NetworkChooserOptions): Chooser {
  if (options.temperature > 0 && !options.rng) throw new Error('sampling needs an rng');
  return (request) => {
    if (request.candidates.length === 0) throw new Error(`no candidates for the ${request.role} policy at step ${request.step}`);
    const prompt = encodePrompt(request.prompt, policy.config.encoder);
    const { logits, flagLogits } = policy.score(
      prompt,
      request.candidates.map((c) => candidateEncodings.get(c)),
    );
    const index = options.temperature > 0 ? sampleSoftmax(logits, options.temperature, options.rng!) : argmax(logits);
    const choice: Choice = { index, text: request.candidates[index] };
    if (request.withFlag) {
      choice.flag = options.temperature > 0 ? options.rng!.next() < sigmoid(flagLogits[index] / options.temperature) : flagLogits[index] > 0;
    }
    return choice;
  };
}

/**
 * Answers with a demonstration's choice. `target` says, for a request, which text the demonstrator chose
 * (and its flag); the index is where that text is among the candidates (−1 if absent — the decision is then
 * kept for the trajectory but cannot be imitated).
 */
export function teacherChooser(target: (request: ChoiceRequest) => { text: string; flag?: boolean }): Chooser {
  return (request) => {
    const { text, flag } = target(request);
    const choice: Choice = { index: request.candidates.indexOf(text), text };
    if (request.withFlag) choice.flag = flag ?? false;
    return choice;
  };
}

/** Wraps a chooser so every decision is appended to `log`. */
export function recordingChooser(inner: Chooser, log: PolicyDecision[]): Chooser {
  return (request) => {
    const choice = inner(request);
    log.push({
      role: request.role,
      step: request.step,
      prompt: request.prompt,
      candidates: request.candidates,
      chosen: choice.index,
      text: choice.text,
      ...(request.withFlag ? { flag: choice.flag ?? false } : {}),
    });
    return choice;
  };
}
