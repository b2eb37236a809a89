import type { EpisodeRecord, StepInfo, TokenCount } from '../api.ts';

/**
 * One episode as a reader follows it: the task and what the env showed at reset, then step by step what the
 * agent had in force (subtask, local progress), the policy calls that chose the action (prompt, completion,
 * tokens), the action and what the env answered. Built from the record alone; the viewer and `harness show`
 * render this one structure, so they always agree.
 *
 * A record of format 1 (older harnesses) has no reset and no policy calls: the transcript says so, and shows
 * each step's tokens by role instead.
 */
export interface Transcript extends Pick<EpisodeRecord, 'env' | 'split' | 'agent' | 'seed' | 'episode' | 'task' | 'variation'> {
  format: number;
  /** The task description and first observation, with the env's info (e.g. look, inventory); null in format 1. */
  reset: { task: string; observation: string; info: StepInfo | null } | null;
  steps: TranscriptStep[];
  outcome: Pick<EpisodeRecord, 'success' | 'score' | 'reward' | 'steps' | 'end' | 'error' | 'durationMs'> & {
    tokens: { total: number; prompt: number; completion: number };
  };
  /** The distinct prompt parts of the episode; each call's prompt lists indices into it. */
  parts: string[];
}

export interface TranscriptStep {
  /** 1-based. */
  step: number;
  /** What the agent had in force when it chose the action (its note), e.g. subtask, progress, subtaskFinished. */
  note: Record<string, string | number | boolean> | null;
  /** The policy calls, in order; null when the record does not keep them (format 1). */
  calls: TranscriptCall[] | null;
  /** Tokens by role as the harness counted them. */
  tokens: Record<string, TokenCount>;
  action: string;
  observation: string;
  reward: number;
  score: number;
  done: boolean;
  invalid: boolean;
}

export interface TranscriptCall {
  role: string;
  /** Indices into `Transcript.parts`; `promptText` joins them. */
  prompt: number[];
  completion: string;
  tokens: TokenCount;
  usage: TokenCount | null;
}

export function transcriptOf(record: EpisodeRecord): Transcript {
  return {
    format: record.format ?? 1,
    env: record.env,
    split: record.split,
    agent: record.agent,
    seed: record.seed,
    episode: record.episode,
    task: record.task,
    variation: record.variation,
    reset: record.reset ? { task: record.reset.task, observation: record.reset.observation, info: record.reset.info ?? null } : null,
    steps: record.trajectory.map((step, i) => ({
      step: i + 1,
      note: step.note ?? null,
      calls: step.calls
        ? step.calls.map((call) => ({ role: call.role, prompt: call.prompt, completion: call.completion, tokens: call.tokens, usage: call.usage ?? null }))
        : null,
      tokens: step.tokens?.byRole ?? {},
      action: step.action,
      observation: step.observation,
      reward: step.reward,
      score: step.score,
      done: step.done,
      invalid: step.invalid ?? false,
    })),
    outcome: {
      success: record.success,
      score: record.score,
      reward: record.reward,
      steps: record.steps,
      end: record.end,
      error: record.error ?? null,
      tokens: { total: record.tokens.total, prompt: record.tokens.prompt, completion: record.tokens.completion },
      durationMs: record.durationMs,
    },
    parts: record.parts ?? [],
  };
}

/** A call's exact prompt text: its parts joined as they are. */
export function promptText(transcript: Pick<Transcript, 'parts'>, call: Pick<TranscriptCall, 'prompt'>): string {
  return call.prompt.map((i) => transcript.parts[i] ?? '').join('');
}

/** What the agent saw before step `step` (1-based): the reset observation, then each step's answer. */
export function observationBefore(transcript: Transcript, step: number): string | null {
  if (step <= 1) return transcript.reset?.observation ?? null;
  return transcript.steps[step - 2]?.observation ?? null;
}
