import { definePlugin } from '../../../harness/api.ts';

export default definePlugin({
  kind: 'metric',
  name: 'reward',
  version: '1.0.0',
  description: 'Average episode return: the sum of step rewards.',
  label: 'reward',
  higherIsBetter: true,
  aggregate: 'mean',
  value: (record) => record.reward,
});
