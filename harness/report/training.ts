import type { RunView } from '../api.ts';
import { groupKey } from './episode-facts.ts';
import type { TrainingLogEvent } from './open-run.ts';
import { naturalCompare, orderBy, suiteOrder } from './suite-order.ts';

/**
 * What the training log says, condensed for reports: for each (env, agent, phase) the losses per epoch
 * (averaged over seeds), the data sizes and the time spent. Events are free-form (`{phase, ...numbers}`),
 * so fields are recognised by name: anything with "loss" in it is a loss; sample and dataset counts are
 * data sizes. Nested number maps (`{losses: {high, low}}`) are flattened to `losses.high`, `losses.low`.
 *
 * Time: `seconds` is a clock, the time since the agent's training began (as the built-in agents log it), so a
 * phase's time is how far the clock moved since the previous reading of the same (env, agent, seed). An event
 * without a clock may carry its own duration instead (`durationMs`, `…Ms`, `duration`, `…Seconds`). A phase
 * whose events carry neither has no time.
 */
export interface TrainingSeries {
  env: string;
  agent: string;
  phase: string;
  /** The loss field, e.g. `loss`, `qLoss`, `losses.high`. */
  field: string;
  /** What the x axis counts: `epoch` when events carry one, else `step`, else the event's position. */
  x: 'epoch' | 'step' | 'event';
  points: { x: number; mean: number; seeds: number }[];
}

export interface TrainingPhase {
  env: string;
  agent: string;
  phase: string;
  seeds: number;
  events: number;
  /** Epochs logged (distinct epoch numbers, whichever number they start from), most of any seed; null without any. */
  epochs: number | null;
  /** Largest value of each data-size field (a dataset's size is logged again at every epoch). */
  sizes: Record<string, number>;
  /** Seconds the phase took, mean over the seeds that timed it; null when no event says. */
  seconds: number | null;
}

export interface TrainingDigest {
  phases: TrainingPhase[];
  series: TrainingSeries[];
}

const sizeField =
  /^(samples|examples|transitions|demonstrations|demos|episodes|trajectories|rollouts|steps|size|batches)$|(Samples|Examples|Transitions|Size|Count|Episodes|Trajectories)$/;
/** The running clock of a training log: seconds since the agent's training began. */
const clockField = 'seconds';
/** Durations of the event itself, used when it carries no clock reading. */
const secondsField = /^(secs|duration)$|Seconds$/;
const millisecondsField = /^(ms|millis|durationMs)$|Ms$/;
const xFields = ['epoch', 'step', 'iteration'] as const;

interface PhaseAccumulator extends Omit<TrainingPhase, 'seeds' | 'epochs' | 'seconds'> {
  seedSet: Set<number>;
  /** seed → the epoch numbers it logged */
  epochsBySeed: Map<number, Set<number>>;
  /** seed → seconds spent in this phase */
  secondsBySeed: Map<number, number>;
  hasEpoch: boolean;
  hasStep: boolean;
  /** field → x → seed → [sum, count] */
  losses: Map<string, Map<number, Map<number, [number, number]>>>;
  /** Running event index per seed, the x of events with no epoch or step. */
  position: Map<number, number>;
}

export async function digestTraining(run: RunView): Promise<TrainingDigest> {
  const phases = new Map<string, PhaseAccumulator>();
  /** (env, agent, seed) → the last clock reading */
  const clocks = new Map<string, number>();
  for await (const event of run.training()) {
    if (typeof event.phase !== 'string') continue;
    const key = groupKey(event.env, event.agent, event.phase);
    let phase = phases.get(key);
    if (!phase) {
      phase = {
        env: event.env,
        agent: event.agent,
        phase: event.phase,
        seedSet: new Set(),
        epochsBySeed: new Map(),
        secondsBySeed: new Map(),
        events: 0,
        sizes: {},
        hasEpoch: false,
        hasStep: false,
        losses: new Map(),
        position: new Map(),
      };
      phases.set(key, phase);
    }
    addEvent(phase, event, clocks);
  }
  const order = suiteOrder(run.manifest);
  const all = [...phases.values()];
  const envs = orderBy(
    all.map((p) => p.env),
    order.envs,
  );
  const agents = orderBy(
    all.map((p) => p.agent),
    order.agents,
  );
  // Phases keep the order they first appear in (behaviour cloning before offline RL).
  all.sort((a, b) => envs.indexOf(a.env) - envs.indexOf(b.env) || agents.indexOf(a.agent) - agents.indexOf(b.agent));
  return {
    phases: all.map(({ seedSet, epochsBySeed, secondsBySeed, hasEpoch, hasStep, losses, position, ...rest }) => ({
      ...rest,
      seeds: seedSet.size,
      epochs: epochsBySeed.size > 0 ? Math.max(...[...epochsBySeed.values()].map((epochs) => epochs.size)) : null,
      seconds: secondsBySeed.size > 0 ? [...secondsBySeed.values()].reduce((a, b) => a + b, 0) / secondsBySeed.size : null,
    })),
    series: all.flatMap(toSeries),
  };
}

function addEvent(phase: PhaseAccumulator, event: TrainingLogEvent, clocks: Map<string, number>): void {
  phase.events++;
  const seed = Number(event.seed ?? 0);
  phase.seedSet.add(seed);
  const fields = numericFields(event);
  const epoch = fields.get('epoch');
  if (epoch !== undefined) {
    phase.hasEpoch = true;
    let epochs = phase.epochsBySeed.get(seed);
    if (!epochs) phase.epochsBySeed.set(seed, (epochs = new Set()));
    epochs.add(epoch);
  }
  if (fields.has('step') || fields.has('iteration')) phase.hasStep = true;
  const position = phase.position.get(seed) ?? 0;
  phase.position.set(seed, position + 1);
  const x = epoch ?? fields.get('step') ?? fields.get('iteration') ?? position;
  const spent = timeSpent(fields, groupKey(event.env, event.agent, String(seed)), clocks);
  if (spent !== null) phase.secondsBySeed.set(seed, (phase.secondsBySeed.get(seed) ?? 0) + spent);
  for (const [name, value] of fields) {
    if ((xFields as readonly string[]).includes(name) || name === 'seed') continue;
    if (/loss/i.test(name)) addLoss(phase, name, x, seed, value);
    else if (sizeField.test(name.split('.')[0])) phase.sizes[name] = Math.max(phase.sizes[name] ?? -Infinity, value);
  }
}

/** Seconds an event accounts for: how far the run's clock moved since its last reading, else its own duration. */
function timeSpent(fields: Map<string, number>, stream: string, clocks: Map<string, number>): number | null {
  const clock = fields.get(clockField);
  if (clock !== undefined) {
    const previous = clocks.get(stream) ?? 0;
    clocks.set(stream, Math.max(previous, clock));
    return Math.max(0, clock - previous);
  }
  let seconds: number | null = null;
  for (const [name, value] of fields) {
    if (name.includes('.')) continue;
    if (secondsField.test(name)) seconds = (seconds ?? 0) + value;
    else if (millisecondsField.test(name)) seconds = (seconds ?? 0) + value / 1000;
  }
  return seconds;
}

function addLoss(phase: PhaseAccumulator, field: string, x: number, seed: number, value: number): void {
  let byX = phase.losses.get(field);
  if (!byX) phase.losses.set(field, (byX = new Map()));
  let bySeed = byX.get(x);
  if (!bySeed) byX.set(x, (bySeed = new Map()));
  const cell = bySeed.get(seed) ?? [0, 0];
  cell[0] += value;
  cell[1]++;
  bySeed.set(seed, cell);
}

/** Numbers of an event, with one level of number maps flattened to `name.key`. */
function numericFields(event: TrainingLogEvent): Map<string, number> {
  const fields = new Map<string, number>();
  for (const [name, value] of Object.entries(event)) {
    if (typeof value === 'number' && Number.isFinite(value)) fields.set(name, value);
    else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [key, inner] of Object.entries(value)) {
        if (typeof inner === 'number' && Number.isFinite(inner)) fields.set(`${name}.${key}`, inner);
      }
    }
  }
  return fields;
}

function toSeries(phase: PhaseAccumulator): TrainingSeries[] {
  const x: TrainingSeries['x'] = phase.hasEpoch ? 'epoch' : phase.hasStep ? 'step' : 'event';
  return [...phase.losses.keys()].sort(naturalCompare).map((field) => {
    const byX = phase.losses.get(field)!;
    const points = [...byX.entries()]
      .sort(([a], [b]) => a - b)
      .map(([at, bySeed]) => {
        // Mean within each seed first, then over seeds, so a seed that logs more often does not dominate.
        const seedMeans = [...bySeed.values()].map(([sum, count]) => sum / count);
        return { x: at, mean: seedMeans.reduce((a, b) => a + b, 0) / seedMeans.length, seeds: seedMeans.length };
      });
    return { env: phase.env, agent: phase.agent, phase: phase.phase, field, x, points };
  });
}
