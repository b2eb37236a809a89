import { definePlugin } from '../../../harness/api.ts';

export default definePlugin({
  kind: 'metric',
  name: 'progress-rate',
  version: '1.0.0',
  description: "Average final fraction of the task's subgoals reached (AgentBoard's progress rate), for envs that report it.",
  label: 'progress %',
  higherIsBetter: true,
  aggregate: 'mean',
  value: (record) => (record.progress === undefined ? null : record.progress * 100),
});
