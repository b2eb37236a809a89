import { createRng, definePlugin, type Rng } from '../../../harness/api.ts';

/** A reference row: a uniformly random valid action each step. It makes no policy calls, so it uses 0 tokens. */
export default definePlugin({
  kind: 'agent',
  name: 'random',
  version: '1.0.0',
  description: 'Picks a uniformly random valid action each step (a floor for every table).',
  create() {
    let rng: Rng = createRng(0);
    return {
      reset(start) {
        rng = createRng(start.seed);
      },
      act(view) {
        if (view.validActions.length === 0) return { action: 'look', calls: [] };
        return { action: rng.pick(view.validActions), calls: [] };
      },
    };
  },
});
