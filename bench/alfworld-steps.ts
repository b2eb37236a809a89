/**
 * Env steps per second of the `alfworld` plugin on one core: a seeded random policy over `validActions()`,
 * which is called before every step, 50-step episodes (reset included), cycling over the unseen and seen
 * episodes. World generation (create) is timed separately.
 *
 *   npx tsx bench/alfworld-steps.ts [seconds=5] [grammar=current]
 */
import { createRng, type Env } from '../harness/api.ts';
import alfworld from '../plugins/envs/alfworld/index.ts';

const seconds = Number(process.argv[2] ?? 5);
const grammar = process.argv[3] === 'legacy' ? 'legacy' : 'current';
const options = { grammar } as const;

const specs = [...(await alfworld.episodes('unseen', options)), ...(await alfworld.episodes('seen', options))];

let t0 = performance.now();
const envs: Env[] = [];
for (const spec of specs) envs.push(await alfworld.create(spec, { options, seed: 0 }));
const createMs = (performance.now() - t0) / specs.length;

const rng = createRng('alfworld-bench');
let steps = 0,
  episodes = 0,
  wins = 0,
  actionsListed = 0;
const deadline = performance.now() + seconds * 1000;
t0 = performance.now();
while (performance.now() < deadline) {
  for (const env of envs) {
    env.reset();
    episodes++;
    for (let i = 0; i < 50; i++) {
      const valid = env.validActions() as string[];
      actionsListed += valid.length;
      const result = env.step(rng.pick(valid)) as { done: boolean; success: boolean };
      steps++;
      if (result.done) {
        if (result.success) wins++;
        break;
      }
    }
  }
}
const elapsed = (performance.now() - t0) / 1000;
console.log(
  `alfworld (${grammar} grammar): ${Math.round(steps / elapsed).toLocaleString('en-US')} steps/s ` +
    `(validActions() + step() each step, resets included) over ${steps.toLocaleString('en-US')} steps, ` +
    `${episodes.toLocaleString('en-US')} episodes in ${elapsed.toFixed(1)} s on one core`,
);
console.log(`  mean admissible commands per step: ${(actionsListed / steps).toFixed(1)}; random-policy wins: ${wins}/${episodes}`);
console.log(`  world generation (create, incl. expert validation): ${createMs.toFixed(2)} ms per episode`);
