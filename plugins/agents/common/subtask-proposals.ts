/**
 * Candidate subtasks proposed by the agent itself, for the high level of `hrl` and `step-hrl` to choose
 * among: the small-network counterpart of an LLM writing its next subtask. An LLM writes subtasks freely from
 * what it knows and what it reads; the proposer learns what subtasks look like from the training split's
 * expert segmentations, and grounds them in what the player reads now — the task text, the current
 * observation (with room and inventory) and the valid actions. It never reads the env's hidden state, its
 * candidate subtasks or the expert's plan at evaluation.
 *
 * Learning. Each expert subtask at its start is split into its frame and arguments (`put {} in {}`,
 * `navigate to({})`, see `phrases.ts`). An argument found in what the player reads becomes a slot, and each
 * place it was found is kept as a *wrapper*: the source, the two words before it and the word after it
 * (`take [apple 1] from` in a valid action, `put a [pencil] in` in the task, `door to the [kitchen] (` in
 * the room description). An argument found nowhere stays a constant (`find(metal pot)` before any pot is in
 * sight). Templates — frame, constants and slots — are counted.
 *
 * Proposing. Each template's slots are filled with the phrases its most frequent wrappers pick out of what
 * the player reads now, so a template learned on apples fills with the pencil of an unseen task. A wrapper
 * such as `go to [...]` picks out every place in sight, so a slot's phrases are ranked by how often phrases
 * like them were the expert's in training: a phrase is described by two facts — its head word appears in the
 * task text (`drawer 1` for "put a clean knife in drawer"), and its head word filled this slot in training
 * (`fridge 1` for `cool {} with {}`) — and each of the four combinations has a rate learned on the training
 * split (the share of the phrases so described that were the expert's). A filling's score is its template's
 * share of the training subtasks times its phrases' rates. By default (`allocation: first-then-score`) every
 * template's best filling is listed, then the rest by score, up to `maxProposals`; `turns` lists them round
 * by round (every template's best, then every template's second, …), `score` by score alone. The default and
 * `maxProposals` were chosen on a held-out slice of the training split (`bench/subtask-proposals.ts`).
 *
 * Coverage — the share of expert subtasks among the proposals where they start — is below 100% wherever an
 * expert subtask names something not yet in view or a phrasing never seen in training: an honest handicap
 * that the env's own candidate lists (`subtaskProposals: env`) do not have.
 */
import { fillFrame, frameOf } from './phrases.ts';

/** What the player reads when a subtask is chosen. */
export interface ProposalContext {
  task: string;
  /** The current observation, with the room and inventory lines when the env gives them. */
  observation: string;
  validActions: readonly string[];
}

type Source = 'task' | 'observation' | 'actions';
const SOURCES: readonly Source[] = ['task', 'observation', 'actions'];

/** Where a phrase is read from: its source, the two tokens before it (`^` at a line start) and the token after (`$`). */
interface Wrapper {
  source: Source;
  left: [string, string];
  right: string;
}

/**
 * An argument of a template: a constant text, or a slot with the wrappers its phrases were found by, the
 * head words of its training phrases, and the rates of being the expert's phrase for each description
 * (index: head in the task × 2 + head seen in this slot), as [expert's, all].
 */
type Argument = { constant: string } | { wrappers: [string, number][]; heads: string[]; rates: [number, number][] };
type Slot = Extract<Argument, { wrappers: unknown }>;

interface Template {
  frame: string[];
  args: Argument[];
  count: number;
}

export interface SubtaskProposerData {
  format: 1;
  templates: Template[];
}

export type Allocation = 'first-then-score' | 'turns' | 'score';

export interface ProposerLimits {
  /** Most proposals listed at one decision. */
  maxProposals: number;
  /** How the proposals are shared among templates (see the module's comment). */
  allocation: Allocation;
  /** Wrappers tried per slot, most frequent first. */
  wrappersPerSlot: number;
  /** Phrases kept per slot. */
  phrasesPerSlot: number;
}

export const defaultProposerLimits: ProposerLimits = { maxProposals: 128, allocation: 'first-then-score', wrappersPerSlot: 32, phrasesPerSlot: 8 };

/** At most this many examples (spread evenly) measure the phrase rates. */
const RATE_EXAMPLES = 3000;

/** Longest phrase a wrapper picks out, in tokens. */
const MAX_PHRASE = 6;
const TOKEN = /[A-Za-z0-9]+(?:['’-][A-Za-z0-9]+)*|[^\sA-Za-z0-9]/g;

/** Lower-cased tokens as small integers, shared by every proposer: `^` starts a line, `$` ends it. */
const tokenIds = new Map<string, number>([
  ['^', 0],
  ['$', 1],
]);
const tokenNames: string[] = ['^', '$'];
function tokenId(lower: string): number {
  let id = tokenIds.get(lower);
  if (id === undefined) {
    tokenIds.set(lower, (id = tokenNames.length));
    tokenNames.push(lower);
  }
  return id;
}
const START = 0;
const END = 1;

interface Line {
  tokens: string[];
  /** The tokens' ids, lower-cased. */
  ids: Int32Array;
  /** Whether each token is a word (a phrase is words: punctuation inside it means a wrapper matched across a boundary). */
  words: Uint8Array;
}

/** Lines recur from step to step (valid actions, room descriptions): each is tokenised once. */
const lineCache = new Map<string, Line | null>();

function lineOf(text: string): Line | null {
  let line = lineCache.get(text);
  if (line !== undefined) return line;
  const tokens = text.match(TOKEN) ?? [];
  line =
    tokens.length === 0
      ? null
      : { tokens, ids: Int32Array.from(tokens, (t) => tokenId(t.toLowerCase())), words: Uint8Array.from(tokens, (t) => (/^[A-Za-z0-9]/.test(t) ? 1 : 0)) };
  if (lineCache.size >= 100_000) lineCache.clear();
  lineCache.set(text, line);
  return line;
}

function linesOf(text: string): Line[] {
  const out: Line[] = [];
  for (const part of text.split('\n')) {
    const line = lineOf(part);
    if (line) out.push(line);
  }
  return out;
}

function sourcesOf(ctx: ProposalContext): Record<Source, Line[]> {
  return { task: linesOf(ctx.task), observation: linesOf(ctx.observation), actions: ctx.validActions.flatMap((a) => linesOf(a)) };
}

function readingOf(ctx: ProposalContext): Reading {
  return new Reading(sourcesOf(ctx));
}

const wrapperKey = (w: Wrapper) => JSON.stringify([w.source, ...w.left, w.right]);

/** A wrapper with its tokens as ids, for the index (parsed once per key). */
interface WrapperIds {
  source: number;
  left0: number;
  left1: number;
  right: number;
}
const parsedWrappers = new Map<string, WrapperIds>();
function wrapperIds(key: string): WrapperIds {
  let parsed = parsedWrappers.get(key);
  if (!parsed) {
    const [source, l1, l2, right] = JSON.parse(key) as [Source, string, string, string];
    parsedWrappers.set(key, (parsed = { source: SOURCES.indexOf(source), left0: tokenId(l1), left1: tokenId(l2), right: tokenId(right) }));
  }
  return parsed;
}

/** The wrappers of every occurrence of `phrase` in the sources (each once). */
function wrappersOf(phrase: string, sources: Record<Source, Line[]>): Set<string> {
  const target = (phrase.match(TOKEN) ?? []).map((t) => t.toLowerCase());
  const found = new Set<string>();
  if (target.length === 0) return found;
  const ids = target.map(tokenId);
  const name = (id: number) => tokenNames[id];
  for (const source of SOURCES) {
    for (const { ids: line } of sources[source]) {
      for (let i = 0; i + ids.length <= line.length; i++) {
        if (!ids.every((t, k) => line[i + k] === t)) continue;
        const left: [string, string] = [i >= 2 ? name(line[i - 2]) : '^', i >= 1 ? name(line[i - 1]) : '^'];
        found.add(wrapperKey({ source, left, right: i + ids.length < line.length ? name(line[i + ids.length]) : '$' }));
      }
    }
  }
  return found;
}

/**
 * What the player reads, indexed for wrappers: for each source and pair of token ids, where a phrase could
 * start after them (line and token), in reading order.
 */
class Reading {
  private readonly lines: Line[] = [];
  private readonly starts = new Map<number, number[]>();

  constructor(readonly sources: Record<Source, Line[]>) {
    SOURCES.forEach((_, source) => {
      for (const line of sources[SOURCES[source]]) {
        const index = this.lines.push(line) - 1;
        const ids = line.ids;
        for (let i = 0; i < ids.length; i++) {
          const key = startKey(source, i >= 2 ? ids[i - 2] : START, i >= 1 ? ids[i - 1] : START);
          let list = this.starts.get(key);
          if (!list) this.starts.set(key, (list = []));
          list.push(index, i);
        }
      }
    });
  }

  /** The phrases a wrapper picks out, in reading order. */
  extract(key: string): string[] {
    const wrapper = wrapperIds(key);
    const out: string[] = [];
    const positions = this.starts.get(startKey(wrapper.source, wrapper.left0, wrapper.left1));
    if (!positions) return out;
    for (let p = 0; p < positions.length; p += 2) {
      const { tokens, ids, words } = this.lines[positions[p]];
      const at = positions[p + 1];
      const last = Math.min(ids.length, at + MAX_PHRASE);
      for (let j = at + 1; j <= last; j++) {
        if ((j < ids.length ? ids[j] : END) !== wrapper.right) continue;
        let wordy = true;
        for (let k = at; k < j && wordy; k++) wordy = words[k] === 1;
        if (wordy) out.push(j === at + 1 ? tokens[at] : tokens.slice(at, j).join(' '));
        break;
      }
    }
    return out;
  }
}

/** A number naming (source, token before the one before, token before): ids stay below 2^21. */
function startKey(source: number, left0: number, left1: number): number {
  return (source * 2 ** 21 + left0) * 2 ** 21 + left1;
}

function templateKey(frame: string[], args: Argument[]): string {
  return JSON.stringify([frame, args.map((a) => ('constant' in a ? a.constant : null))]);
}

export class SubtaskProposer {
  private constructor(
    private readonly templates: Template[],
    private readonly limits: ProposerLimits,
  ) {}

  /** Learns templates from expert subtasks and what the player read where each started. */
  static learn(examples: { context: ProposalContext; subtask: string }[], limits: ProposerLimits = defaultProposerLimits): SubtaskProposer {
    // Pass 1: templates, the wrappers of their slots and the head words of their phrases.
    const byKey = new Map<string, { frame: string[]; args: (string | { wrappers: Map<string, number>; heads: Set<string> })[]; count: number }>();
    // Pass 2 reads an even spread of the examples (below) again: a reading holds every phrase in view, and a
    // large split's readings kept from pass 1 would take gigabytes.
    const stride = Math.max(1, Math.ceil(examples.length / RATE_EXAMPLES));
    const placed: { key: string; context: ProposalContext; args: string[] }[] = [];
    for (const [index, { context, subtask }] of examples.entries()) {
      const reading = readingOf(context);
      const sources = reading.sources;
      const { frame, args } = frameOf(subtask);
      const found = args.map((arg) => wrappersOf(arg, sources));
      const shape: Argument[] = args.map((arg, i) => (found[i].size > 0 ? { wrappers: [], heads: [], rates: [] } : { constant: arg }));
      const key = templateKey(frame, shape);
      let entry = byKey.get(key);
      if (!entry)
        byKey.set(key, (entry = { frame, args: shape.map((a) => ('constant' in a ? a.constant : { wrappers: new Map(), heads: new Set() })), count: 0 }));
      entry.count++;
      entry.args.forEach((slot, i) => {
        if (typeof slot === 'string') return;
        for (const w of found[i]) slot.wrappers.set(w, (slot.wrappers.get(w) ?? 0) + 1);
        slot.heads.add(headOf(args[i]));
      });
      if (index % stride === 0) placed.push({ key, context, args });
    }
    const templates = new Map(
      [...byKey].map(([key, { frame, args, count }]) => [
        key,
        {
          frame,
          count,
          args: args.map(
            (a): Argument =>
              typeof a === 'string'
                ? { constant: a }
                : {
                    wrappers: [...a.wrappers].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1)),
                    heads: [...a.heads].sort(),
                    rates: [
                      [0, 0],
                      [0, 0],
                      [0, 0],
                      [0, 0],
                    ],
                  },
          ),
        } satisfies Template,
      ]),
    );
    // Pass 2: how often each description of a phrase the slot's wrappers pick out was the expert's. Rates are
    // shares, so an even spread of a few thousand examples measures them as well as all of a large split.
    for (const { key, context, args } of placed) {
      const reading = readingOf(context);
      const task = contentWords(context.task);
      templates.get(key)!.args.forEach((slot, i) => {
        if ('constant' in slot) return;
        const expert = args[i].toLowerCase();
        for (const phrase of slotPhrases(slot, reading, limits, new Map())) {
          const cell = slot.rates[describe(phrase, slot, task)];
          cell[1]++;
          if (phrase.toLowerCase() === expert) cell[0]++;
        }
      });
    }
    const sorted = [...templates.values()].sort((a, b) => b.count - a.count || (templateKey(a.frame, a.args) < templateKey(b.frame, b.args) ? -1 : 1));
    return new SubtaskProposer(sorted, limits);
  }

  static fromJSON(data: SubtaskProposerData, limits: ProposerLimits = defaultProposerLimits): SubtaskProposer {
    return new SubtaskProposer(data.templates, limits);
  }

  toJSON(): SubtaskProposerData {
    return { format: 1, templates: this.templates };
  }

  get templateCount(): number {
    return this.templates.length;
  }

  /** Up to `maxProposals` subtasks grounded in what the player reads now. */
  propose(context: ProposalContext): string[] {
    const reading = readingOf(context);
    const task = contentWords(context.task);
    const extracted = new Map<string, string[]>();
    // Each template's fillings, best first.
    const perTemplate: { text: string; score: number }[][] = [];
    const total = this.templates.reduce((n, t) => n + t.count, 0);
    for (const template of this.templates) {
      const options = template.args.map((a) =>
        'constant' in a ? [{ phrase: a.constant, score: 1 }] : rankedPhrases(a, reading, task, this.limits, extracted),
      );
      if (options.some((o) => o.length === 0)) continue;
      perTemplate.push(
        combinations(options, this.limits.maxProposals).map((c) => ({ text: fillFrame(template.frame, c.args), score: (c.score * template.count) / total })),
      );
    }
    return allocate(perTemplate, this.limits);
  }
}

/** The proposals, shared among the templates' fillings (each list best first) as `limits.allocation` says. */
function allocate(perTemplate: { text: string; score: number }[][], limits: ProposerLimits): string[] {
  const out = new Set<string>();
  const full = () => out.size >= limits.maxProposals;
  if (limits.allocation === 'turns') {
    for (let round = 0; !full() && perTemplate.some((list) => round < list.length); round++) {
      for (const list of perTemplate) if (round < list.length && !full()) out.add(list[round].text);
    }
    return [...out];
  }
  if (limits.allocation === 'first-then-score') for (const list of perTemplate) if (list.length > 0 && !full()) out.add(list[0].text);
  for (const { text } of perTemplate.flat().sort((a, b) => b.score - a.score)) {
    if (full()) break;
    out.add(text);
  }
  return [...out];
}

/** The phrases a slot's most frequent wrappers pick out now, in wrapper order then reading order, each once. */
function slotPhrases(slot: Slot, reading: Reading, limits: ProposerLimits, extracted: Map<string, string[]>): string[] {
  const phrases = new Set<string>();
  for (const [key] of slot.wrappers.slice(0, limits.wrappersPerSlot)) {
    let list = extracted.get(key);
    if (!list) extracted.set(key, (list = reading.extract(key)));
    for (const p of list) phrases.add(p);
  }
  return [...phrases];
}

/** A slot's phrases, most likely to be the expert's first (by their description's learned rate), at most `phrasesPerSlot`. */
function rankedPhrases(
  slot: Slot,
  reading: Reading,
  task: Set<string>,
  limits: ProposerLimits,
  extracted: Map<string, string[]>,
): { phrase: string; score: number }[] {
  return slotPhrases(slot, reading, limits, extracted)
    .map((phrase, order) => {
      const [expert, all] = slot.rates[describe(phrase, slot, task)];
      return { phrase, score: (expert + 1) / (all + 2), order };
    })
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .slice(0, limits.phrasesPerSlot);
}

/** Which of the four descriptions a phrase has: head word in the task (×2), head word seen in this slot (+1). */
function describe(phrase: string, slot: Slot, task: Set<string>): number {
  const head = headOf(phrase);
  return (task.has(head) ? 2 : 0) + (slot.heads.includes(head) ? 1 : 0);
}

const heads = new Map<string, string>();

/** The head word of a phrase: its last word of letters (`knife` of `knife 1`, `pot` of `metal pot`), lower-cased. */
function headOf(phrase: string): string {
  let head = heads.get(phrase);
  if (head === undefined) {
    const words = phrase.match(/[A-Za-z]{2,}/g) ?? [];
    head = (words.at(-1) ?? phrase).toLowerCase();
    if (heads.size >= 100_000) heads.clear();
    heads.set(phrase, head);
  }
  return head;
}

function contentWords(text: string): Set<string> {
  return new Set((text.match(/[A-Za-z]{2,}/g) ?? []).map((w) => w.toLowerCase()));
}

/** Combinations of the options, most likely first (product of their scores), at most `max`; no phrase twice. */
function combinations(options: { phrase: string; score: number }[][], max: number): { args: string[]; score: number }[] {
  let out: { args: string[]; score: number }[] = [{ args: [], score: 1 }];
  for (const list of options) {
    const next: { args: string[]; score: number }[] = [];
    for (const partial of out) {
      for (const { phrase, score } of list) {
        if (!partial.args.includes(phrase)) next.push({ args: [...partial.args, phrase], score: partial.score * score });
      }
    }
    // A stable sort: among equal scores, the order of the slots' phrases is kept.
    out = next.sort((a, b) => b.score - a.score).slice(0, max);
  }
  return out;
}
