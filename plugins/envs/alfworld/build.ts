/**
 * Builds the world of an episode id. Placements are drawn until the expert solves the game well within the
 * 50-step budget ALFWorld evaluations use (as ALFWorld keeps only games its expert solves); the last resort
 * puts the target objects in the likeliest place, which always gives a short solution.
 */
import { parseEpisodeId } from './episodes.ts';
import { planExpert, searchOrder } from './expert.ts';
import { placeObjects, type WorldSpec } from './world.ts';

/** Most steps the expert may need; leaves headroom under the 50-step evaluation limit. */
export const EXPERT_STEP_BUDGET = 40;
const ATTEMPTS = 30;

function solvable(spec: WorldSpec): boolean {
  const plan = planExpert(spec, 'current');
  return plan.won && plan.steps <= EXPERT_STEP_BUDGET;
}

function generate(id: string): WorldSpec {
  const key = parseEpisodeId(id);
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const spec = placeObjects(id, key, attempt);
    if (solvable(spec)) return spec;
  }
  const first = placeObjects(id, key, 0);
  const skip = key.params.type === 'look_at_obj_in_light' ? undefined : key.params.target;
  const spec = placeObjects(id, key, 0, searchOrder(first, key.params.object, skip)[0]);
  if (!solvable(spec)) throw new Error(`alfworld: could not generate a solvable world for ${id}`);
  return spec;
}

/** Recently built worlds: an evaluation creates the same episode once per agent and seed. */
const cache = new Map<string, WorldSpec>();
const CACHE_SIZE = 512;

export function buildWorld(id: string): WorldSpec {
  let spec = cache.get(id);
  if (spec) {
    cache.delete(id);
  } else {
    spec = generate(id);
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  }
  cache.set(id, spec);
  return spec;
}
