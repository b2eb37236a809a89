import { definePlugin } from '../../../harness/api.ts';

export default definePlugin({
  kind: 'metric',
  name: 'steps',
  version: '1.0.0',
  description: 'Average number of actions taken per episode.',
  label: 'steps',
  higherIsBetter: false,
  aggregate: 'mean',
  value: (record) => record.steps,
});
