/**
 * Training samples for candidate scorers, and the choice of which candidates a sample shows in a batch.
 */
import type { Rng } from '../api.ts';
import type { EncodedCandidate, EncodedPrompt } from './text-features.ts';

/** A sample for a scorer: a prompt, its candidates, which one was chosen and (maybe) the flag emitted. */
export interface ScoredChoice {
  prompt: EncodedPrompt;
  candidates: EncodedCandidate[];
  /** Indices into `candidates`, the chosen one first. */
  columns: number[];
  flag?: boolean;
}

/** One imitation sample: a prompt, its candidates, the one chosen (and the flag emitted with it). */
export interface TrainingSample {
  prompt: EncodedPrompt;
  candidates: EncodedCandidate[];
  chosen: number;
  flag?: boolean;
}

/** One offline-RL transition of a level: a sample plus its level reward, done and next prompt. */
export interface RlSample extends TrainingSample {
  reward: number;
  done: boolean;
  /** The next prompt of the same level (null at the end of a trajectory; then `done` is true). */
  next: EncodedPrompt | null;
}

/**
 * The candidate columns a sample shows in a training batch: the chosen candidate first, then the others.
 * When there are more than `max`, the others are subsampled — half among "related" negatives, which share the
 * chosen candidate's first word or one of its content words (`go to hallway` against `go to kitchen`,
 * `eat ice cream` against `pick up ice cream`), the rest uniformly — so a policy trained on subsets still
 * separates the candidates that are easy to confuse.
 */
export function sampleColumns(sample: TrainingSample, max: number, rng: Rng): number[] {
  const n = sample.candidates.length;
  if (n <= max) return [sample.chosen, ...Array.from({ length: n }, (_, i) => i).filter((i) => i !== sample.chosen)];
  const { negatives, relatedCount } = negativesOf(sample);
  const related = negatives.subarray(0, relatedCount);
  const unrelated = negatives.subarray(relatedCount);
  const picked = new Set(rng.shuffle(Array.from(related)).slice(0, Math.floor((max - 1) / 2)));
  const pool = [...unrelated, ...related.filter((i) => !picked.has(i))];
  // A partial Fisher–Yates shuffle: only as many draws as columns are missing.
  for (let k = 0; picked.size < max - 1 && k < pool.length; k++) {
    const j = k + rng.int(pool.length - k);
    [pool[k], pool[j]] = [pool[j], pool[k]];
    picked.add(pool[k]);
  }
  return [sample.chosen, ...[...picked].sort((a, b) => a - b)];
}

/**
 * A sample's negatives: the indices of the other candidates, related ones first (each group in index order).
 * One typed array per candidate list and choice — a training set holds one for most of its samples, and two
 * arrays of JS numbers would take four times the memory.
 */
interface Negatives {
  negatives: Uint16Array | Uint32Array;
  relatedCount: number;
}

/** Per candidate list, per chosen index: the negatives (samples of one step often share their list). */
const negativesByList = new WeakMap<EncodedCandidate[], Map<number, Negatives>>();

function negativesOf(sample: TrainingSample): Negatives {
  let byChoice = negativesByList.get(sample.candidates);
  if (!byChoice) negativesByList.set(sample.candidates, (byChoice = new Map()));
  let out = byChoice.get(sample.chosen);
  if (out) return out;
  const { candidates, chosen } = sample;
  const target = candidates[chosen];
  const words = new Set(target.words);
  const related = candidates.map((c) => c.head === target.head || c.words.some((w) => words.has(w)));
  const negatives = candidates.length <= 0x10000 ? new Uint16Array(candidates.length - 1) : new Uint32Array(candidates.length - 1);
  let at = 0;
  for (let i = 0; i < candidates.length; i++) if (i !== chosen && related[i]) negatives[at++] = i;
  const relatedCount = at;
  for (let i = 0; i < candidates.length; i++) if (i !== chosen && !related[i]) negatives[at++] = i;
  out = { negatives, relatedCount };
  byChoice.set(chosen, out);
  return out;
}

export function toScoredChoice(sample: TrainingSample, columns: number[]): ScoredChoice {
  return { prompt: sample.prompt, candidates: sample.candidates, columns, flag: sample.flag };
}

/** The mean of some values (0 for none). */
export function mean(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return values.length ? s / values.length : 0;
}

/** Index of the largest value (the first one on ties). */
export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

/** Draws an index from softmax(logits / temperature). */
export function sampleSoftmax(logits: ArrayLike<number>, temperature: number, rng: Rng): number {
  if (temperature <= 0) return argmax(logits);
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]);
  const weights = new Float64Array(logits.length);
  let total = 0;
  for (let i = 0; i < logits.length; i++) total += weights[i] = Math.exp((logits[i] - max) / temperature);
  let u = rng.next() * total;
  for (let i = 0; i < logits.length; i++) {
    u -= weights[i];
    if (u < 0) return i;
  }
  return logits.length - 1;
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** A cyclic, reshuffled-each-pass stream of indices 0..n−1 (smaller datasets cycle within an epoch). */
export class IndexStream {
  private order: number[] = [];
  private position = 0;
  constructor(
    private readonly n: number,
    private readonly rng: Rng,
  ) {}
  next(count: number): number[] {
    const out: number[] = [];
    while (out.length < count && this.n > 0) {
      if (this.position >= this.order.length) {
        this.order = this.rng.shuffle([...Array(this.n).keys()]);
        this.position = 0;
      }
      out.push(this.order[this.position++]);
    }
    return out;
  }
}
