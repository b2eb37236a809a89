/**
 * Teacher forcing from a demonstration, shared by the learned agents (their imitation data, and `imitate`) and
 * the `llm` agent (`imitate`): the view a player had at a demonstration's step, and what the expert answers
 * each kind of policy there. Plain functions over the contract's `ImitationDemonstration`, which the learning
 * kit's recorded demonstrations also are.
 */
import type { ImitationDemonstration, StepView } from '../../../harness/api.ts';

/** What a demonstration says a policy should choose. */
export type Teacher = 'subtask' | 'action' | 'action+flag' | 'progress';

/** The view a player had at a demonstration's step. */
export function demonstrationView(demo: ImitationDemonstration, index: number): StepView {
  const s = demo.steps[index];
  return {
    step: index,
    task: demo.task,
    observation: s.observation,
    info: s.info,
    validActions: s.validActions,
    candidateSubtasks: async () => s.candidateSubtasks ?? [],
  };
}

/**
 * The expert's answer at a step: its subtask, its action (with "this step finishes the subtask" for a low
 * level), or — for a progress update, which is made at step t about the action of step t−1 — the label after
 * step t−1.
 */
export function expertAnswer(demo: ImitationDemonstration, step: number, teacher: Teacher): { text: string; flag?: boolean } {
  const s = demo.steps[step];
  switch (teacher) {
    case 'subtask':
      return { text: s.subtask };
    case 'action':
      return { text: s.action };
    case 'action+flag':
      return { text: s.action, flag: s.lastInSubtask };
    case 'progress':
      return { text: demo.steps[step - 1]?.progress ?? '' };
  }
}
