import { definePlugin } from '../../../harness/api.ts';

export default definePlugin({
  kind: 'metric',
  name: 'score',
  version: '1.0.0',
  description: "Average final score on the env's 0–100 scale; a failed task's negative score counts as 0, as in the paper.",
  label: 'score',
  higherIsBetter: true,
  aggregate: 'mean',
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      clampNegative: { type: 'boolean', default: true, description: 'Count negative final scores (task failure) as 0.' },
    },
  },
  value: (record, options: { clampNegative: boolean }) => (options.clampNegative ? Math.max(0, record.score) : record.score),
});
