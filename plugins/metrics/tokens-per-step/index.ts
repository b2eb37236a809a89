import { definePlugin } from '../../../harness/api.ts';

type Options = { count: 'total' | 'prompt' | 'completion' };

export default definePlugin({
  kind: 'metric',
  name: 'tokens-per-step',
  version: '1.0.0',
  description: "Average policy tokens per step (all calls of a step, counted by the harness with the suite's tokenizer).",
  label: 'tokens/step',
  higherIsBetter: false,
  aggregate: 'mean',
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      count: { enum: ['total', 'prompt', 'completion'], default: 'total', description: 'Which tokens to count.' },
    },
  },
  value: (record, options: Options) => (record.steps > 0 ? record.tokens[options.count] / record.steps : null),
});
