/**
 * The episodes of each split and their ids. An id names its game as ALFWorld names game folders
 * (`train/pick_heat_then_place_in_recep-Potato-None-SinkBasin-14/trial_0007`), so the split, task type,
 * target object, destination and room can be read off it, and the world is generated from it alone.
 *
 * - `train`: rooms from training floor plans (7–30 of each kind).
 * - `seen`: task instances {task, object, receptacle, room} that occur in training, with new object placements.
 * - `unseen`: held-out floor plans (1–6 of each kind) that no training episode uses.
 */
import { createRng, type EpisodeSpec, hashSeed, type Rng } from '../../../harness/api.ts';
import { isUnseenScene, type Layout, layoutOf, sceneKind, trainScenes, unseenScenes } from './layouts.ts';
import {
  SPLIT_COUNTS,
  SPLITS,
  type Split,
  STATE_CHANGE,
  TASK_LAMPS,
  TASK_OBJECTS,
  TASK_RECEPTACLES,
  TASK_ROOMS,
  TASK_TYPES,
  type TaskParams,
  type TaskType,
} from './tasks.ts';
import { CLEANABLE, COOLABLE, canContain, HEATABLE, LAMP_HOSTS, type SceneKind } from './vocabulary.ts';

export interface EpisodeKey {
  split: Split;
  params: TaskParams;
  trial: number;
}

const STATE_OBJECTS: Record<string, ReadonlySet<string>> = { clean: CLEANABLE, heat: HEATABLE, cool: COOLABLE };

function weightedPick<T>(choices: readonly [T, number][], rng: Rng): T {
  let total = 0;
  for (const [, w] of choices) total += w;
  let r = rng.next() * total;
  for (const [value, w] of choices) {
    r -= w;
    if (r < 0) return value;
  }
  return choices[choices.length - 1][0];
}

/** True when some receptacle other than the destination class can hold the object at the start. */
function hasStartingPlace(layout: Layout, object: string, destination: string): boolean {
  return layout.receptacles.some((r) => r.cls !== destination && canContain(r.cls, object));
}

/** Whether (type, object, target) makes a solvable game in this room. */
export function isFeasible(params: TaskParams, layout: Layout): boolean {
  const { type, object, target } = params;
  const classes = new Set(layout.receptacles.map((r) => r.cls));
  if (type === 'look_at_obj_in_light') {
    const hosts = LAMP_HOSTS[target];
    return !!hosts && hosts.some((h) => classes.has(h)) && hasStartingPlace(layout, object, '');
  }
  const change = STATE_CHANGE[type];
  if (change) {
    if (!STATE_OBJECTS[change.verb].has(object) || !classes.has(change.appliance) || target === change.appliance) return false;
  }
  return classes.has(target) && canContain(target, object) && hasStartingPlace(layout, object, target);
}

/** Draws an (object, target) pair for a task type in a room, or undefined if none fits. */
function drawParams(type: TaskType, layout: Layout, rng: Rng): TaskParams | undefined {
  const kind = layout.kind;
  const objects = rng.shuffle([...TASK_OBJECTS[kind]]);
  const targets = type === 'look_at_obj_in_light' ? TASK_LAMPS[kind] : TASK_RECEPTACLES[kind];
  for (const object of objects) {
    const fitting = targets.filter((target) => isFeasible({ type, object, target, scene: layout.scene }, layout));
    if (fitting.length > 0) return { type, object, target: rng.pick(fitting), scene: layout.scene };
  }
  return undefined;
}

function drawInRooms(type: TaskType, scenesOf: (kind: SceneKind) => number[], rng: Rng): TaskParams {
  for (let attempt = 0; attempt < 100; attempt++) {
    const kind = weightedPick(TASK_ROOMS[type], rng);
    const params = drawParams(type, layoutOf(rng.pick(scenesOf(kind))), rng);
    if (params) return params;
  }
  throw new Error(`alfworld: no room fits task type ${type}`);
}

export function episodeId(key: EpisodeKey): string {
  const { split, params, trial } = key;
  return `${split}/${params.type}-${params.object}-None-${params.target}-${params.scene}/trial_${String(trial).padStart(4, '0')}`;
}

const ID_PATTERN = /^(train|seen|unseen)\/([a-z_]+)-([A-Za-z]+)-None-([A-Za-z]+)-(\d+)\/trial_(\d+)$/;

/** Reads an episode id back into its parts; throws with the reason when the id names no playable game. */
export function parseEpisodeId(id: string): EpisodeKey {
  const m = ID_PATTERN.exec(id);
  if (!m) throw new Error(`alfworld: malformed episode id "${id}" (expected split/task-Object-None-Target-scene/trial_N)`);
  const [, split, type, object, target, sceneText, trialText] = m;
  if (!(TASK_TYPES as readonly string[]).includes(type)) throw new Error(`alfworld: unknown task type "${type}" in episode id "${id}"`);
  const scene = Number(sceneText);
  const layout = sceneKind(scene) ? layoutOf(scene) : undefined;
  if (!layout) throw new Error(`alfworld: episode id "${id}" names no floor plan`);
  if ((split === 'unseen') !== isUnseenScene(scene)) {
    throw new Error(`alfworld: episode id "${id}": floor plan ${scene} is not a ${split === 'unseen' ? 'held-out' : 'training'} room`);
  }
  const params: TaskParams = { type: type as TaskType, object, target, scene };
  if (!isFeasible(params, layout)) throw new Error(`alfworld: episode id "${id}" describes a task this room cannot host`);
  return { split: split as Split, params, trial: Number(trialText) };
}

function buildSplit(split: Split): EpisodeSpec[] {
  const specs: EpisodeSpec[] = [];
  for (const type of TASK_TYPES) {
    const count = SPLIT_COUNTS[split][type];
    const training = split === 'seen' ? splitEpisodes('train').filter((e) => e.task === type) : [];
    for (let trial = 0; trial < count; trial++) {
      const rng = createRng(hashSeed('alfworld-episode', split, type, trial));
      let params: TaskParams;
      if (split === 'seen') {
        // A seen game repeats a training game's task instance and room; the trial seed moves the objects.
        params = parseEpisodeId(training[rng.int(training.length)].id).params;
      } else {
        params = drawInRooms(type, split === 'unseen' ? unseenScenes : trainScenes, rng);
      }
      specs.push({ id: episodeId({ split, params, trial }), task: type, variation: trial });
    }
  }
  return specs;
}

const splitCache = new Map<Split, EpisodeSpec[]>();

/** Every episode of a split, in a stable order (task types in ALFWorld's order, then trial). */
export function splitEpisodes(split: Split): EpisodeSpec[] {
  let specs = splitCache.get(split);
  if (!specs) {
    specs = buildSplit(split);
    splitCache.set(split, specs);
  }
  return specs;
}

export function isSplit(name: string): name is Split {
  return (SPLITS as readonly string[]).includes(name);
}
