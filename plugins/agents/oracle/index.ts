import { type DemonstrationStep, definePlugin } from '../../../harness/api.ts';

/**
 * A reference row: replays the env's expert plan. It is `privileged` (the only kind of agent that sees the
 * expert), and makes no policy calls. A solved episode shows the env's expert works; it is a ceiling, not a method.
 */
export default definePlugin({
  kind: 'agent',
  name: 'oracle',
  version: '1.0.0',
  description: "Follows the env's expert plan (a ceiling for every table; needs an env with an expert).",
  privileged: true,
  requires: () => ['expert'],
  create() {
    let plan: { step: DemonstrationStep; subtask: string }[] = [];
    return {
      reset(start) {
        if (!start.expert) throw new Error('the oracle needs an env with an expert() plan');
        plan = start.expert.subtasks.flatMap((s) => s.steps.map((step) => ({ step, subtask: s.subtask })));
      },
      act(view) {
        const next = plan[view.step];
        if (!next) return { action: 'look', calls: [] };
        return { action: next.step.action, calls: [], note: { subtask: next.subtask } };
      },
    };
  },
});
