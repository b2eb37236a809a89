/**
 * The shared text encoder: a prompt (or a candidate continuation) becomes a sparse vector of hashed word
 * n-grams. Every agent uses the same encoder with the same sizes, so agents differ only in which text they
 * condition on.
 *
 * A prompt is read as fields: a line that starts with a short label and a colon (`Task: …`,
 * `Current observation: …`, `Action 3: …`) opens a field, and unlabelled lines continue the field above them
 * (ScienceWorld's multi-line room descriptions). Features are word unigrams and bigrams tagged with their
 * field, plus field-free unigrams; each field's block is scaled to unit length, so a long history does not
 * drown the short fields beside it.
 *
 * History entries are lines whose label ends in a step number (`Observation 3:`, `Action 3:`). They share
 * their field (`action`) for the overlap features, and their hashed features are tagged with the entry's
 * recency: how many steps it lies before the latest entry of the prompt, in buckets (`historyRecency`;
 * by default the latest step, the one before, 2–3 back, 4–7 back, older), each bucket a block of its own
 * (chosen on a held-out slice of the training split by `bench/history-encoding.ts`).
 * So the same entries in another order encode differently, and what happened last stands apart from what
 * happened long ago. The latest entry's words also fill overlap fields of their own (`latest action`,
 * `latest observation`): "is this candidate what I just did". Prompts without numbered labels encode as
 * before.
 *
 * Beside the hashed vector, each field keeps the sets of its word and bigram hashes: `overlapFeatures`
 * measures how much of a candidate appears in each field (the small-network counterpart of an LLM copying
 * from its context).
 */

export interface TextEncoderConfig {
  /** Width of a prompt's hashed feature vector. */
  stateDim: number;
  /**
   * Width of a candidate's embedding: its hashed n-grams, each mapped to a fixed pseudo-random vector of
   * this width, summed. Candidates have a dozen features, so a few hundred dimensions keep them apart, and
   * the learned layer on top costs a fraction of one on a multi-hot vector.
   */
  candidateDim: number;
  /** Fields are folded into this many buckets for the overlap features. */
  fieldBuckets: number;
  /**
   * Recency buckets of history entries, as the boundaries of each bucket counted back from the latest entry:
   * [1, 2, 4, 8] gives the latest entry, the one before, 2–3 back, 4–7 back, and older. [] reads a history
   * as a bag (presence only). Absent: the default's.
   */
  historyRecency?: readonly number[];
  /**
   * With recency buckets, also keep every entry in its field's own block (the bag of all entries, as without
   * them). Off by default: it did no better on the training split's held-out slice (bench/history-encoding.ts).
   * Absent: the default's.
   */
  historyBag?: boolean;
}

export const defaultTextEncoderConfig: TextEncoderConfig = {
  stateDim: 8192,
  candidateDim: 256,
  fieldBuckets: 32,
  historyRecency: [1, 2, 4, 8],
  historyBag: false,
};

/**
 * The field labels of this project's prompts (`plugins/agents/common/prompts.ts`) and of the envs' own
 * observation lines. Each gets an overlap bucket of its own, in this order; any other label is hashed into
 * the buckets left over.
 */
export const KNOWN_FIELDS: readonly string[] = [
  '',
  'task',
  'subtask',
  'current observation',
  'look',
  'inventory',
  'local progress',
  'observation',
  'action',
  'completed subtasks',
  'last subtask progress',
  'previous progress',
  'resulting observation',
  'progress',
  'obs',
];

/** A prompt, encoded. */
export interface EncodedPrompt {
  /** Feature ids: 32-bit hashes reduced modulo the encoder's `stateDim` (one id may occur in several blocks). */
  ids: Uint32Array;
  values: Float32Array;
  /**
   * Per field bucket: hashes of the field's content words and bigrams, sorted, all in one array laid out as
   * `PromptFieldLayout` says (`encodedFields` reads it as a list). A training run keeps every prompt it
   * encodes, and an array of its own per field cost more in bookkeeping than the hashes it held.
   */
  fields: Uint32Array;
  /**
   * Cross-field overlap of the prompt with itself: for each ordered pair (f, g) of known fields, the share
   * of f's content words that appear in g ([f · K + g], K = `crossFields(config)`). It tells a network, for
   * objects it has never seen, whether the subtask's object is in the observation, or the action in the
   * progress — facts hashed features cannot express.
   */
  cross: Float32Array;
}

/**
 * `EncodedPrompt.fields`: `[F, then for each of the F fields its bucket, the start of its words, the start of
 * its bigrams and their end, then the hashes]`, offsets counted from the start of the array.
 */
const PromptFieldLayout = { header: 1, perField: 4 } as const;

/** Where field `k`'s entry starts in `EncodedPrompt.fields`: its bucket, then its words' start, bigrams' start and end. */
function fieldEntry(k: number): number {
  return PromptFieldLayout.header + PromptFieldLayout.perField * k;
}

/** The prompt's fields, each as views of its hashes (for reading and tests; the encoder's own loops use offsets). */
export function encodedFields(prompt: EncodedPrompt): { bucket: number; words: Uint32Array; bigrams: Uint32Array }[] {
  const packed = prompt.fields;
  return Array.from({ length: packed[0] }, (_, k) => {
    const at = fieldEntry(k);
    return { bucket: packed[at], words: packed.subarray(packed[at + 1], packed[at + 2]), bigrams: packed.subarray(packed[at + 2], packed[at + 3]) };
  });
}

/** Whether a sorted array holds a hash (binary search), within `[from, to)`. */
export function holds(sorted: Uint32Array, hash: number, from = 0, to = sorted.length): boolean {
  let lo = from;
  let hi = to - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const value = sorted[mid];
    if (value === hash) return true;
    if (value < hash) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** A candidate continuation (an action, a subtask, a progress text), encoded. */
export interface EncodedCandidate {
  ids: Uint32Array;
  values: Float32Array;
  /** Hashes of the candidate's content words (stop words removed unless nothing else is left). */
  words: number[];
  bigrams: number[];
  /** Number of words in the candidate. */
  tokenCount: number;
  /** Hash of the first word (the verb of an action or subtask), for picking hard negatives. */
  head: number;
}

const STOP_WORDS = new Set([
  'a',
  'an',
  'the',
  'to',
  'of',
  'is',
  'are',
  'it',
  'its',
  'and',
  'or',
  'you',
  'your',
  'this',
  'that',
  'there',
  'be',
  'was',
  'were',
  'at',
  'as',
  'by',
  'for',
  'with',
  'from',
  'in',
  'on',
  'into',
  'called',
  'see',
]);

const LABEL = /^\s*([A-Za-z][A-Za-z ]{0,40}?)(?:\s+(\d+))?\s*:(?:\s|$)/;

/** FNV-1a over a string, as an unsigned 32-bit integer. */
export function hashText(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Lower-cased alphanumeric words. */
export function tokenize(text: string): string[] {
  return text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
}

/** A prompt segment: its field, its text and, for a history entry (a label with a number), its step. */
export interface PromptSegment {
  field: string;
  text: string;
  step?: number;
}

/** Splits a prompt into segments, in order; unlabelled lines continue the field (and step) above them. */
export function promptFields(text: string): PromptSegment[] {
  const segments: PromptSegment[] = [];
  let field = '';
  let step: number | undefined;
  for (const line of text.split('\n')) {
    const match = LABEL.exec(line);
    if (match && match[1].trim().split(/\s+/).length <= 3) {
      field = match[1].trim().toLowerCase();
      step = match[2] === undefined ? undefined : Number(match[2]);
      segments.push({ field, text: line.slice(match[0].length), ...(step === undefined ? {} : { step }) });
    } else {
      segments.push({ field, text: line, ...(step === undefined ? {} : { step }) });
    }
  }
  return segments;
}

/** Index of the recency bucket of an entry `back` steps before the latest one: the boundaries at or below it. */
export function recencyBucket(back: number, boundaries: readonly number[]): number {
  let bucket = 0;
  while (bucket < boundaries.length && back >= boundaries[bucket]) bucket++;
  return bucket;
}

export function fieldBucket(field: string, config: TextEncoderConfig): number {
  const known = KNOWN_FIELDS.indexOf(field);
  if (known >= 0 && known < config.fieldBuckets) return known;
  const spare = config.fieldBuckets - Math.min(KNOWN_FIELDS.length, config.fieldBuckets);
  return spare > 0 ? KNOWN_FIELDS.length + (hashText(field) % spare) : hashText(field) % config.fieldBuckets;
}

/** Accumulates hashed features in blocks; each block is scaled to unit L2 norm when finished. */
class FeatureBlocks {
  private blocks = new Map<string, Set<number>>();
  add(block: string, id: number): void {
    let set = this.blocks.get(block);
    if (!set) this.blocks.set(block, (set = new Set()));
    set.add(id);
  }
  finish(): { ids: Uint32Array; values: Float32Array } {
    let n = 0;
    for (const set of this.blocks.values()) n += set.size;
    const ids = new Uint32Array(n);
    const values = new Float32Array(n);
    let i = 0;
    for (const set of this.blocks.values()) {
      const value = 1 / Math.sqrt(set.size);
      for (const id of set) {
        ids[i] = id;
        values[i++] = value;
      }
    }
    return { ids, values };
  }
}

function contentWords(words: string[]): string[] {
  const content = words.filter((w) => !STOP_WORDS.has(w));
  return content.length > 0 ? content : words;
}

export function encodePrompt(text: string, config: TextEncoderConfig = defaultTextEncoderConfig): EncodedPrompt {
  const blocks = new FeatureBlocks();
  const fields = new Map<number, { words: Set<number>; bigrams: Set<number> }>();
  const sets = (field: string) => {
    const bucket = fieldBucket(field, config);
    let out = fields.get(bucket);
    if (!out) fields.set(bucket, (out = { words: new Set(), bigrams: new Set() }));
    return out;
  };
  const segments = promptFields(text);
  const recency = config.historyRecency ?? defaultTextEncoderConfig.historyRecency ?? [];
  const bag = config.historyBag ?? defaultTextEncoderConfig.historyBag ?? true;
  let latest = -Infinity;
  for (const segment of segments) if (segment.step !== undefined) latest = Math.max(latest, segment.step);
  for (const segment of segments) {
    if (!/[A-Za-z0-9]/.test(segment.text)) continue;
    // A history entry's features (and block) are tagged with its recency bucket; other fields with the field.
    const isEntry = segment.step !== undefined && recency.length > 0;
    const line = segmentCache.get(`${segment.field}\n${segment.text}`);
    if (!isEntry || bag) for (const id of line.tagged) blocks.add(segment.field, id);
    if (isEntry) {
      const tag = `${segment.field}@${recencyBucket(latest - segment.step!, recency)}`;
      for (const id of segmentCache.get(`${tag}\n${segment.text}`).tagged) blocks.add(tag, id);
    }
    const own = sets(segment.field);
    const latestSets = isEntry && segment.step === latest ? sets(`latest ${segment.field}`) : null;
    for (const id of line.words) blocks.add('\u0000', id);
    for (const id of line.contentWords) {
      own.words.add(id);
      latestSets?.words.add(id);
    }
    for (const id of line.bigrams) {
      own.bigrams.add(id);
      latestSets?.bigrams.add(id);
    }
  }
  const features = blocks.finish();
  // Reduced here, once per prompt, so the batches that lay a prompt out every epoch index with small integers.
  for (let j = 0; j < features.ids.length; j++) features.ids[j] %= config.stateDim;
  return packPrompt(features, fields, crossOverlap(fields, config));
}

/**
 * The prompt's arrays as views of one buffer. A training run keeps every prompt it encodes (hundreds of
 * thousands at the paper's budget), and a typed array with a buffer of its own costs about as much again in
 * bookkeeping as a prompt's field arrays hold.
 */
function packPrompt(
  features: { ids: Uint32Array; values: Float32Array },
  fields: Map<number, { words: Set<number>; bigrams: Set<number> }>,
  cross: Float32Array,
): EncodedPrompt {
  const n = features.ids.length;
  const { header, perField } = PromptFieldLayout;
  let hashes = 0;
  for (const sets of fields.values()) hashes += sets.words.size + sets.bigrams.size;
  const fieldSlots = header + perField * fields.size + hashes;
  const slots = 2 * n + cross.length + fieldSlots;
  const buffer = new ArrayBuffer(slots * 4);
  let at = 0;
  const take = <T extends Uint32Array | Float32Array>(View: new (b: ArrayBuffer, offset: number, length: number) => T, length: number): T => {
    const view = new View(buffer, at * 4, length);
    at += length;
    return view;
  };
  const ids = take(Uint32Array, n);
  ids.set(features.ids);
  const values = take(Float32Array, n);
  values.set(features.values);
  const packedCross = take(Float32Array, cross.length);
  packedCross.set(cross);
  const packedFields = take(Uint32Array, fieldSlots);
  packedFields[0] = fields.size;
  let end = header + perField * fields.size;
  const sorted = (set: Set<number>) => {
    const start = end;
    for (const hash of set) packedFields[end++] = hash;
    packedFields.subarray(start, end).sort();
  };
  let k = 0;
  for (const [bucket, sets] of fields) {
    const at = fieldEntry(k++);
    packedFields[at] = bucket;
    packedFields[at + 1] = end;
    sorted(sets.words);
    packedFields[at + 2] = end;
    sorted(sets.bigrams);
    packedFields[at + 3] = end;
  }
  return { ids, values, fields: packedFields, cross: packedCross };
}

/** A bounded memo for encodings of texts that recur (candidates, repeated prompts). */
export class EncodingCache<T> {
  private map = new Map<string, T>();
  constructor(
    private readonly encode: (text: string) => T,
    private readonly capacity = 20000,
  ) {}
  get(text: string): T {
    let value = this.map.get(text);
    if (value === undefined) {
      value = this.encode(text);
      if (this.map.size >= this.capacity) this.map.clear();
      this.map.set(text, value);
    }
    return value;
  }
}

/** The hashes of one prompt line under one field tag: what `encodePrompt` adds for it. */
interface EncodedLine {
  /** Unigrams and bigrams hashed with the tag. */
  tagged: number[];
  /** Every word, hashed without a tag (the field-free block). */
  words: number[];
  /** Words that are not stop words, and every bigram (for the overlap features). */
  contentWords: number[];
  bigrams: number[];
}

/**
 * Lines recur from prompt to prompt — a history grows by one entry per step, the task and role lines never
 * change — so each (tag, line) is tokenised and hashed once.
 */
const segmentCache = new EncodingCache<EncodedLine>((key) => {
  const cut = key.indexOf('\n');
  const tag = key.slice(0, cut);
  const words = tokenize(key.slice(cut + 1));
  const fieldSeed = hashText(tag);
  const line: EncodedLine = { tagged: [], words: [], contentWords: [], bigrams: [] };
  for (let i = 0; i < words.length; i++) {
    const wordHash = hashText(words[i]);
    line.tagged.push(hashText(words[i], fieldSeed));
    line.words.push(wordHash);
    if (!STOP_WORDS.has(words[i])) line.contentWords.push(wordHash);
    if (i + 1 < words.length) {
      const bigram = `${words[i]} ${words[i + 1]}`;
      line.tagged.push(hashText(bigram, fieldSeed ^ 0x5bd1e995));
      line.bigrams.push(hashText(bigram));
    }
  }
  return line;
}, 50000);

/** Fields taking part in the cross-field overlap: the known fields that have a bucket of their own. */
export function crossFields(config: TextEncoderConfig = defaultTextEncoderConfig): number {
  return Math.min(KNOWN_FIELDS.length, config.fieldBuckets);
}

function crossOverlap(fields: Map<number, { words: Set<number>; bigrams: Set<number> }>, config: TextEncoderConfig): Float32Array {
  const k = crossFields(config);
  const out = new Float32Array(k * k);
  for (const [f, from] of fields) {
    if (f >= k || from.words.size === 0) continue;
    for (const [g, to] of fields) {
      if (g >= k || g === f) continue;
      let hits = 0;
      for (const w of from.words) if (to.words.has(w)) hits++;
      out[f * k + g] = hits / from.words.size;
    }
  }
  return out;
}

export function encodeCandidate(text: string): EncodedCandidate {
  const words = tokenize(text);
  const blocks = new FeatureBlocks();
  const bigrams: number[] = [];
  for (let i = 0; i < words.length; i++) {
    blocks.add('w', hashText(words[i]));
    if (i + 1 < words.length) {
      const bigram = hashText(`${words[i]} ${words[i + 1]}`);
      blocks.add('w', bigram ^ 0x2545f491);
      bigrams.push(bigram);
    }
  }
  // The first word is the verb of an action or a subtask: worth a feature of its own.
  if (words.length > 0) blocks.add('v', hashText(words[0], 0x9e3779b1));
  const content = [...new Set(contentWords(words).map((w) => hashText(w)))];
  return {
    ...blocks.finish(),
    words: content,
    bigrams: [...new Set(bigrams)],
    tokenCount: words.length,
    head: words.length > 0 ? hashText(words[0]) : 0,
  };
}

/** One vector per candidate, of the width last asked for (a network uses one width). */
const candidateVectors = new WeakMap<EncodedCandidate, Float32Array>();

/**
 * The fixed random embedding of a candidate: Σ value_f · r(f), where r(f) is a vector of uniform values with
 * unit variance drawn from a generator seeded by the feature's 32-bit hash (so it needs no table and has no
 * collisions beyond the hash's). Cached per candidate.
 */
export function candidateVector(candidate: EncodedCandidate, dim: number): Float32Array {
  let out = candidateVectors.get(candidate);
  if (out?.length === dim) return out;
  out = new Float32Array(dim);
  const scale = (Math.sqrt(3) * 2) / 4294967296;
  for (let j = 0; j < candidate.ids.length; j++) {
    let state = candidate.ids[j] | 0 || 0x9e3779b9;
    const v = candidate.values[j];
    for (let k = 0; k < dim; k++) {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      out[k] += v * ((state >>> 0) * scale - Math.sqrt(3));
    }
  }
  candidateVectors.set(candidate, out);
  return out;
}

/** Number of overlap features per (prompt, candidate) pair. */
export function overlapDim(config: TextEncoderConfig = defaultTextEncoderConfig): number {
  return 3 * config.fieldBuckets + 2;
}

/**
 * The overlap features of a candidate against every field of a prompt, as (index, value) pairs of its nonzero
 * entries, each index once: per field bucket b, the fraction of the candidate's content words found in the
 * field (index b), the fraction of its bigrams found there (nb + b), and whether all its content words are
 * there (2·nb + b); then the candidate's length as 1/(1+n) (3·nb) and whether it has no bigram (3·nb + 1).
 */
export function overlapEntries(
  prompt: EncodedPrompt,
  candidate: EncodedCandidate,
  visit: (index: number, value: number) => void,
  config: TextEncoderConfig = defaultTextEncoderConfig,
): void {
  const nb = config.fieldBuckets;
  const { words, bigrams } = candidate;
  if (indexPrompt(prompt)) {
    // One lookup per candidate word: the buckets holding it, as bits.
    let seen = 0;
    for (let i = 0; i < words.length; i++) seen |= countBits(wordMasks.get(words[i]), wordCounts);
    for (let i = 0; i < bigrams.length; i++) seen |= countBits(bigramMasks.get(bigrams[i]), bigramCounts);
    for (let bits = seen; bits !== 0; bits &= bits - 1) {
      const bucket = 31 - Math.clz32(bits & -bits);
      const [wordHits, bigramHits] = [wordCounts[bucket], bigramCounts[bucket]];
      if (wordHits > 0) visit(bucket, wordHits / words.length);
      if (bigramHits > 0) visit(nb + bucket, bigramHits / bigrams.length);
      if (wordHits === words.length) visit(2 * nb + bucket, 1);
      wordCounts[bucket] = bigramCounts[bucket] = 0;
    }
  } else {
    const packed = prompt.fields;
    for (let k = 0; k < packed[0]; k++) {
      const at = fieldEntry(k);
      const [bucket, wordsFrom, bigramsFrom, end] = [packed[at], packed[at + 1], packed[at + 2], packed[at + 3]];
      let wordHits = 0;
      for (let i = 0; i < words.length; i++) if (holds(packed, words[i], wordsFrom, bigramsFrom)) wordHits++;
      let bigramHits = 0;
      for (let i = 0; i < bigrams.length; i++) if (holds(packed, bigrams[i], bigramsFrom, end)) bigramHits++;
      if (wordHits > 0) visit(bucket, wordHits / words.length);
      if (bigramHits > 0) visit(nb + bucket, bigramHits / bigrams.length);
      if (words.length > 0 && wordHits === words.length) visit(2 * nb + bucket, 1);
    }
  }
  visit(3 * nb, 1 / (1 + candidate.tokenCount));
  if (bigrams.length === 0) visit(3 * nb + 1, 1);
}

const wordCounts = new Int32Array(32);
const bigramCounts = new Int32Array(32);

/** Adds one to `counts` at every set bit of `bits`; returns `bits`. */
function countBits(bits: number, counts: Int32Array): number {
  for (let b = bits; b !== 0; b &= b - 1) counts[31 - Math.clz32(b & -b)]++;
  return bits;
}

/** Hashes with the bit mask of the field buckets that hold them: open addressing in typed arrays, reused. */
class MaskTable {
  private keys = new Uint32Array(1024);
  private masks = new Int32Array(1024);

  /** Empties the table, with room for `count` hashes at most half full. */
  clear(count: number): void {
    let capacity = this.keys.length;
    while (capacity < 2 * count) capacity *= 2;
    if (capacity !== this.keys.length) [this.keys, this.masks] = [new Uint32Array(capacity), new Int32Array(capacity)];
    else this.masks.fill(0);
  }

  add(hash: number, bit: number): void {
    const last = this.keys.length - 1;
    let slot = hash & last;
    // A stored hash always has a nonzero mask: a zero mask marks an empty slot.
    while (this.masks[slot] !== 0 && this.keys[slot] !== hash) slot = (slot + 1) & last;
    this.keys[slot] = hash;
    this.masks[slot] |= bit;
  }

  get(hash: number): number {
    const last = this.keys.length - 1;
    for (let slot = hash & last; this.masks[slot] !== 0; slot = (slot + 1) & last) if (this.keys[slot] === hash) return this.masks[slot];
    return 0;
  }
}

const wordMasks = new MaskTable();
const bigramMasks = new MaskTable();
let indexed: EncodedPrompt | null = null;

/**
 * Fills the mask tables with the prompt's words and bigrams, unless they already hold it: callers ask about one
 * prompt's candidates in a row, so each prompt is indexed once per run of calls, and nothing is kept per
 * prompt. False when a bucket number does not fit in 32 bits (then the fields are searched one by one).
 */
function indexPrompt(prompt: EncodedPrompt): boolean {
  if (prompt === indexed) return true;
  const packed = prompt.fields;
  let [words, bigrams] = [0, 0];
  for (let k = 0; k < packed[0]; k++) {
    const at = fieldEntry(k);
    if (packed[at] >= 32) return false;
    words += packed[at + 2] - packed[at + 1];
    bigrams += packed[at + 3] - packed[at + 2];
  }
  wordMasks.clear(words);
  bigramMasks.clear(bigrams);
  for (let k = 0; k < packed[0]; k++) {
    const at = fieldEntry(k);
    const bit = 1 << packed[at];
    for (let i = packed[at + 1]; i < packed[at + 2]; i++) wordMasks.add(packed[i], bit);
    for (let i = packed[at + 2]; i < packed[at + 3]; i++) bigramMasks.add(packed[i], bit);
  }
  indexed = prompt;
  return true;
}

/** Writes the overlap features (`overlapEntries`) into `out` at `offset`, as a dense row of `overlapDim` values. */
export function overlapFeatures(
  prompt: EncodedPrompt,
  candidate: EncodedCandidate,
  out: Float32Array,
  offset: number,
  config: TextEncoderConfig = defaultTextEncoderConfig,
): void {
  overlapEntries(
    prompt,
    candidate,
    (index, value) => {
      out[offset + index] = value;
    },
    config,
  );
}
