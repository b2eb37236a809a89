/**
 * Model selection on the validation slice of the training split: after offline RL, keep it or go back to the
 * behaviour-cloned policy, whichever does better there — never on the evaluation splits.
 */

/** How one greedy validation episode ended. */
export interface EpisodeSummary {
  score: number;
  success: boolean;
}

/** A policy's validation figures, counted as the reports count them. */
export interface ValidationResult {
  /** Mean final score with a failed task's negative score counted as 0 (the `score` metric's default). */
  score: number;
  /** Share of episodes the env counts as successes. */
  success: number;
}

export function validationResult(episodes: EpisodeSummary[]): ValidationResult {
  const n = Math.max(1, episodes.length);
  return {
    score: episodes.reduce((sum, e) => sum + Math.max(0, e.score), 0) / n,
    success: episodes.filter((e) => e.success).length / n,
  };
}

/**
 * Whether to keep the offline-RL policy: it must score at least as well as the cloned one on the validation
 * episodes, by the score the reports use. A raw score would count ScienceWorld's −100 for a failed task, so a
 * policy that never finishes anything (and so never fails) could beat one that solves a quarter of the tasks.
 */
export function keepsOfflineRl(clonedOnly: ValidationResult, withRl: ValidationResult): boolean {
  return withRl.score >= clonedOnly.score;
}
