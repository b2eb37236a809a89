import { definePlugin } from '../../../harness/api.ts';

export default definePlugin({
  kind: 'metric',
  name: 'success',
  version: '1.0.0',
  description: "Success rate: the env's own success predicate (ALFWorld: won; ScienceWorld: score 100), never just done.",
  label: 'success %',
  higherIsBetter: true,
  binary: true,
  aggregate: 'mean',
  value: (record) => (record.success ? 1 : 0),
});
