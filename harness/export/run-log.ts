/**
 * A run folder's logged episodes as exporter steps, for the `rl` format: each step's policy calls (records of
 * format 2 keep them, with their prompts as indices into the episode's parts) and the env's feedback.
 */
import type { EpisodeRecord } from '../api.ts';
import { type ExportStep, HIGH_ROLE } from './transitions.ts';

export type RecordSteps = { steps: ExportStep[] } | { skip: string };

/**
 * The steps of a logged episode, or why it gives no transitions. Whether a step finishes its subtask is what
 * the agent noted (`subtaskFinished`, which every hierarchical agent of this project notes); an agent that
 * notes nothing is read by the hierarchical loop itself: a subtask ends where the next step calls the high level.
 */
export function recordSteps(record: EpisodeRecord): RecordSteps {
  if (record.error !== null) return { skip: 'the episode ended in an error' };
  const parts = record.parts;
  if (!parts) return { skip: 'a record of format 1, which keeps no policy calls' };
  if (!record.trajectory.some((s) => s.calls && s.calls.length > 0)) return { skip: 'the agent made no policy calls' };
  let previousScore = 0;
  const steps = record.trajectory.map((s, t): ExportStep => {
    const calls = (s.calls ?? []).map((c) => ({
      role: c.role,
      prompt: c.prompt.map((i) => {
        if (parts[i] === undefined) throw new Error(`step ${t}: a ${c.role} call's prompt names part ${i}, but the episode has ${parts.length} parts`);
        return parts[i];
      }),
      completion: c.completion,
    }));
    const noted = s.note?.subtaskFinished;
    const finished = typeof noted === 'boolean' ? noted : (record.trajectory[t + 1]?.calls ?? []).some((c) => c.role === HIGH_ROLE);
    const reward = (s.score - previousScore) / 100;
    previousScore = s.score;
    const last = t === record.trajectory.length - 1;
    return { calls, finished, action: s.action, reward, score: s.score, done: s.done, invalid: Boolean(s.invalid), success: last && record.success };
  });
  return { steps };
}
