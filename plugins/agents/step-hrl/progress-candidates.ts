/**
 * Candidate local-progress updates for STEP-HRL's progress module.
 *
 * An LLM writes the new local progress freely; a small network chooses it among candidates instead. The
 * candidates come from templates learned from the env's progress labels on the training split:
 *
 * 1. Each label is delexicalised against its context: the whole previous progress becomes `{prev}`, a list
 *    suffix that extends the previous one (`|| [Checked: a, b]` → `|| [Checked: a, b, c]`) keeps the old
 *    items as `{prevList}`, phrases of the action (`{a0}` its whole object, `{a1}`, `{a2}` the pieces
 *    between prepositions) and of the subtask (`{s0}`, `{s1}`, …) become slots (`{A1}` for a capitalised
 *    one), a numbered instance of such a phrase in the resulting observation becomes an instance slot
 *    (`watch 2` → `{s1#}`), and other numbers of the observation become `{n1}`, …. "Found the key in the
 *    box. || [Checked: drawer]" after `open box` in `locate(key)` becomes "Found the {s1} in the {a1}. ||
 *    [Checked: {prevList}]".
 * 2. Templates are kept per situation — the subtask's kind (its verb phrase: `locate and pick up`,
 *    `navigate to`, …) and whether the previous progress had a list — most frequent first.
 * 3. At a step, every template of the situation is filled from the current context (templates whose slots
 *    cannot be filled are dropped; an instance slot fills once per instance in sight), and a place checked
 *    again is not listed twice. "Keep the previous progress" is added where the labels of the situation
 *    keep it, after an action they never followed there, or when nothing else fills.
 * 4. Every candidate is bounded to `maxTokens` (default 64): the sentence is cut to its first clause, then
 *    the oldest list items go (see `boundProgress`). Items are never written compactly (`shelf 1, 2`): the
 *    network reads word pairs, and in "countertop 1, 2, 3" it cannot find "countertop 2" — in ALFWorld,
 *    92% of the low level's `go to` steps under a compact list went back to a place already checked
 *    (8% under a list in full), and searches went round in circles.
 *
 * The progress is therefore selective (the templates only say what the labels said) and bounded, and a label
 * of an unseen object is reproduced by the same template filled with the new object.
 */

import { objectPhrases, subtaskKind } from '../common/phrases.ts';

export interface ProgressContext {
  /** The current subtask (or the task, without hierarchy). */
  subtask: string;
  previous: string;
  action: string;
  /** The observation that resulted from the action. */
  observation: string;
}

export interface ProgressBankData {
  /**
   * Templates with their counts, most frequent first, per situation: the subtask kind, plus ` +list` when
   * the previous progress carried a list (see `situationOf`). Banks without `format` (older checkpoints)
   * are keyed by the subtask's first word alone.
   */
  kinds: Record<string, [string, number][]>;
  maxTemplatesPerKind: number;
  format?: 2;
  /** Per situation, the verbs of the actions its labels followed (format 2). */
  verbs?: Record<string, string[]>;
}

const LIST_SUFFIX = /^(.*?)\s*\|\|\s*\[([A-Za-z ]+):\s*(.*?)\]\s*$/s;

/** Splits a progress text into its sentence and its optional `|| [Name: items]` list. */
export function parseProgress(text: string): { sentence: string; list: { name: string; items: string } | null } {
  const m = LIST_SUFFIX.exec(text);
  if (!m) return { sentence: text, list: null };
  return { sentence: m[1], list: { name: m[2].trim(), items: m[3].trim() } };
}

/** The first word of a subtask (the grouping of older template banks, and the fallback for a new kind). */
function subtaskHead(subtask: string): string {
  return (subtask.trim().split(/[\s(]+/)[0] ?? '').toLowerCase();
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The slot values of a context (slot name → text), in the order they are tried. */
export function contextSlots(ctx: ProgressContext): Map<string, string> {
  const slots = new Map<string, string>();
  objectPhrases(ctx.action).forEach((p, i) => slots.set(`a${i}`, p));
  objectPhrases(ctx.subtask).forEach((p, i) => slots.set(`s${i}`, p));
  (ctx.observation.match(/-?\d+(?:\.\d+)?/g) ?? []).slice(0, 4).forEach((n, i) => slots.set(`n${i + 1}`, n));
  return slots;
}

/** At most this many instances of one object are proposed (an observation rarely shows more). */
const MAX_INSTANCES = 4;

/**
 * Numbered instances in the observation of the action's and subtask's unnumbered phrases: slot `s1#` of
 * `locate and pick up watch` after "…you see a watch 3, and a watch 2." is [`watch 3`, `watch 2`]. A label
 * that names an instance ("Found watch 2 at shelf 1") is thus tied to what the observation shows: the
 * template `Found {s1#} at {a1}` cannot be filled where no watch is in sight, and fills with the numbers
 * that are there (a bare observation number `{n3}` instead proposed "Found watch 1" at an empty shelf).
 */
export function instanceSlots(ctx: ProgressContext): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [name, phrase] of contextSlots(ctx)) {
    if (name.startsWith('n') || /\d$/.test(phrase) || phrase.includes(',')) continue;
    const re = new RegExp(`(?<![\\w])${escapeRegExp(phrase)} (\\d+)(?![\\w.]\\d)`, 'gi');
    const values = [...new Set([...ctx.observation.matchAll(re)].map((m) => `${phrase} ${m[1]}`))].slice(0, MAX_INSTANCES);
    if (values.length > 0) out.set(`${name}#`, values);
  }
  return out;
}

/** Replaces slot values in `text` by `{slot}` (`{Slot}` when capitalised), longest value first. */
function delexicalisePhrase(text: string, slots: Map<string, string>): string {
  // Longest value first; on a tie a piece ({a1}) wins over a whole ({a0}) that equals it, so a template
  // learned on a one-argument subtask still means "the first argument" on a two-argument one.
  const isWhole = (name: string) => /^[as]0#?$/.test(name);
  const ordered = [...slots].filter(([, v]) => v.length > 0).sort((a, b) => b[1].length - a[1].length || Number(isWhole(a[0])) - Number(isWhole(b[0])));
  // Placeholders are protected from later replacements by a private-use marker around them.
  let out = text;
  for (const [name, value] of ordered) {
    for (const [variant, label] of [
      [value, name],
      [capitalise(value), name.toUpperCase()],
    ] as const) {
      const re = new RegExp(`(?<![\\w\uE000])${escapeRegExp(variant)}(?![\\w\uE001])`, 'g');
      out = out.replace(re, `\uE000${label}\uE001`);
    }
  }
  return out.replace(/\uE000/g, '{').replace(/\uE001/g, '}');
}

/** The template of a label in its context (see the module comment). */
export function delexicalise(label: string, ctx: ProgressContext): string {
  if (label === ctx.previous) return '{prev}';
  const slots = contextSlots(ctx);
  // An instance slot takes the instance the label names (longer than its phrase, so it is replaced first).
  for (const [name, values] of instanceSlots(ctx)) {
    const named = values.find((v) => new RegExp(`(?<![\\w])${escapeRegExp(v)}(?![\\w])`, 'i').test(label));
    if (named) slots.set(name, named);
  }
  const { sentence, list } = parseProgress(label);
  let template = delexicalisePhrase(sentence, slots);
  if (list) {
    const prev = parseProgress(ctx.previous).list;
    let items = list.items;
    let prefix = '';
    // Compared item by item, so a list written compactly (`shelf 1, 2`) still extends `shelf 1, shelf 2`.
    const separator = list.items.includes(' -> ') ? ' -> ' : ', ';
    const split = (text: string) => (separator === ', ' ? expandItems(text) : text.split(separator));
    const full = split(items);
    const old = prev && prev.name === list.name && prev.items.length > 0 ? split(prev.items) : [];
    // The label extends the previous list, possibly without its oldest items (both bounded to a budget).
    for (let drop = 0; drop < old.length; drop++) {
      const kept = old.slice(drop);
      if (kept.length <= full.length && kept.every((item, i) => item === full[i])) {
        prefix = '{prevList}';
        items = full.slice(kept.length).join(separator);
        break;
      }
    }
    const rest = delexicalisePhrase(items, slots);
    template += ` || [${list.name}: ${prefix}${prefix && rest ? separator : ''}${rest}]`;
  }
  return template;
}

/** Fills a template from a context, or null when one of its slots has no value here (the first filling). */
export function fillTemplate(template: string, ctx: ProgressContext): string | null {
  return fillTemplateAll(template, ctx)[0] ?? null;
}

/**
 * Every filling of a template in a context: one per combination of the instances its instance slots can
 * take (usually one or two), none when a slot has no value here.
 */
export function fillTemplateAll(template: string, ctx: ProgressContext): string[] {
  if (template === '{prev}') return [ctx.previous];
  const slots = contextSlots(ctx);
  const instances = instanceSlots(ctx);
  const prevList = parseProgress(ctx.previous).list;
  const used = [...new Set([...template.matchAll(/\{([asAS]\d+)#\}/g)].map((m) => `${m[1].toLowerCase()}#`))];
  if (used.some((name) => !instances.has(name))) return [];
  let choices: Map<string, string>[] = [new Map()];
  for (const name of used) choices = choices.flatMap((c) => instances.get(name)!.map((v) => new Map(c).set(name, v)));
  const out: string[] = [];
  for (const chosen of choices) {
    let missing = false;
    const filled = template.replace(/\{(prevList|[asnASN]\d+#?)\}/g, (_, name: string) => {
      if (name === 'prevList') {
        if (!prevList || prevList.items.length === 0) {
          missing = true;
          return '';
        }
        return prevList.items;
      }
      const key = name.toLowerCase();
      const value = key.endsWith('#') ? chosen.get(key) : slots.get(key);
      if (value === undefined) {
        missing = true;
        return '';
      }
      return name === name.toUpperCase() ? capitalise(value) : value;
    });
    if (missing) return [];
    // A list continued from the previous one must name the same list.
    if (template.includes('{prevList}') && parseProgress(filled).list?.name !== prevList?.name) return [];
    out.push(withoutRepeatedItems(filled));
  }
  return out;
}

/**
 * A checked-places list is a set: a place checked again (the expert never does, a policy may) is not
 * listed twice, so going round in circles does not grow the progress. Routes (`a -> b -> a`) are kept.
 */
function withoutRepeatedItems(text: string): string {
  const { sentence, list } = parseProgress(text);
  if (!list || list.items.includes(' -> ')) return text;
  const items = expandItems(list.items);
  const unique = [...new Set(items)];
  return unique.length === items.length ? text : `${sentence} || [${list.name}: ${unique.join(', ')}]`;
}

/** A list's items in full: a bare number takes the name of the item before it (`shelf 1, 2` → shelf 1, shelf 2). */
export function expandItems(items: string, separator = ', '): string[] {
  let lastName: string | null = null;
  return items.split(separator).map((raw) => {
    const item = raw.trim();
    const named = /^(.*\D)\s+(\d+)$/.exec(item);
    if (named) lastName = named[1];
    else if (/^\d+$/.test(item) && lastName) return `${lastName} ${item}`;
    return item;
  });
}

/**
 * Writes list items compactly: a name repeated from the item before is left out
 * (`shelf 1, shelf 2, cabinet 4` → `shelf 1, 2, cabinet 4`). Every name and number stays in.
 */
export function compactItems(items: string[], separator = ', '): string {
  let lastName: string | null = null;
  return items
    .map((item) => {
      const m = /^(.*\D)\s+(\d+)$/.exec(item);
      if (!m) {
        lastName = null;
        return item;
      }
      const same = m[1] === lastName;
      lastName = m[1];
      return same ? m[2] : item;
    })
    .join(separator);
}

/**
 * Shortens a progress text to `maxTokens`, keeping what later steps need most: first the sentence is cut to
 * its first clause (`No pan at shelf 2; keep searching…` → `No pan at shelf 2`), then the oldest list items
 * go, then trailing words. Items stay in full (see the module comment); a compact list from an older
 * progress (`shelf 1, 2`) is read back in full.
 */
/**
 * A label without an empty list suffix (`… || [Checked: ]`, `… ||`): the reference code strips these from its
 * progress targets, as they say nothing.
 */
export function withoutEmptyList(label: string): string {
  return label.replace(/\s*\|\|\s*\[[A-Za-z ]+:\s*\]\s*$/, '').replace(/\s*\|\|\s*$/, '');
}

/** How a bounded progress writes its list: items in full (`shelf 1, shelf 2`), or compactly first (`shelf 1, 2`). */
export type ListWriting = 'full' | 'compact';

export function boundProgress(text: string, maxTokens: number, countTokens: (text: string) => number, items: ListWriting = 'full'): string {
  if (countTokens(text) <= maxTokens) return text;
  const { sentence, list } = parseProgress(text);
  if (list) {
    const route = list.items.includes(' -> ');
    const separator = route ? ' -> ' : ', ';
    const listed = route ? list.items.split(separator) : expandItems(list.items);
    // Items stay written in full by default: "countertop 1, 2, 3" reads as a list to an LLM, but a network
    // that sees word pairs cannot find "countertop 2" in it (see the module comment).
    const write = (kept: string[]) => (items === 'compact' && !route ? compactItems(kept) : kept.join(separator));
    const firstClause = sentence.split(/[;:]/)[0].trim();
    const withList = (s: string, kept: string[]) => `${s} || [${list.name}: ${write(kept)}]`;
    for (const candidate of [withList(sentence, listed), withList(firstClause, listed)]) {
      if (countTokens(candidate) <= maxTokens) return candidate;
    }
    for (let drop = 1; drop < listed.length; drop++) {
      const shorter = withList(firstClause, listed.slice(drop));
      if (countTokens(shorter) <= maxTokens) return shorter;
    }
  }
  const words = sentence.split(/\s+/);
  while (words.length > 1) {
    words.pop();
    if (countTokens(words.join(' ')) <= maxTokens) return words.join(' ');
  }
  return words.join(' ');
}

/**
 * The situation a label was written in: the subtask's kind, and whether the previous progress carried a
 * list. Templates are proposed only in the situation they were learned in, so an update that starts a
 * list (`[Checked: {a1}]`, written when nothing had been checked) is not offered where a list already
 * exists, and would silently drop it.
 */
export function situationOf(ctx: ProgressContext): string {
  const list = parseProgress(ctx.previous).list;
  return `${subtaskKind(ctx.subtask)}${list && list.items.length > 0 ? ' +list' : ''}`;
}

const KEEP = '{prev}';

/** The verb of an action (its first word, lower-cased). */
function actionVerb(action: string): string {
  return (action.trim().split(/\s+/)[0] ?? '').toLowerCase();
}

export class ProgressBank {
  private constructor(private readonly data: ProgressBankData) {}

  /** Learns templates from (context, label) pairs of the training split. */
  static learn(examples: Iterable<{ context: ProgressContext; label: string }>, maxTemplatesPerKind = 64): ProgressBank {
    const counts = new Map<string, Map<string, number>>();
    const verbs = new Map<string, Set<string>>();
    for (const { context, label } of examples) {
      const situation = situationOf(context);
      let m = counts.get(situation);
      if (!m) counts.set(situation, (m = new Map()));
      const template = delexicalise(label, context);
      m.set(template, (m.get(template) ?? 0) + 1);
      let v = verbs.get(situation);
      if (!v) verbs.set(situation, (v = new Set()));
      v.add(actionVerb(context.action));
    }
    const kinds: ProgressBankData['kinds'] = {};
    const verbList: Record<string, string[]> = {};
    for (const situation of [...counts.keys()].sort()) {
      kinds[situation] = [...counts.get(situation)!].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
      verbList[situation] = [...verbs.get(situation)!].sort();
    }
    return new ProgressBank({ kinds, maxTemplatesPerKind, format: 2, verbs: verbList });
  }

  static fromJSON(data: ProgressBankData): ProgressBank {
    return new ProgressBank(data);
  }

  toJSON(): ProgressBankData {
    return this.data;
  }

  /**
   * Templates usable at a context: those learned in its situation; for a kind never seen, those of kinds
   * with the same first word, else of every kind (in the same list situation).
   */
  templatesFor(ctx: ProgressContext): string[] {
    const { kinds, maxTemplatesPerKind, format } = this.data;
    let pool: [string, number][] | undefined;
    if (format === 2) {
      const situation = situationOf(ctx);
      const withList = situation.endsWith(' +list');
      const sameList = (key: string) => key.endsWith(' +list') === withList;
      const head = subtaskHead(ctx.subtask);
      pool = kinds[situation] ?? mergeKinds(kinds, (key) => sameList(key) && subtaskHead(key) === head) ?? mergeKinds(kinds, sameList);
    } else {
      pool = kinds[subtaskHead(ctx.subtask)];
    }
    pool ??= mergeKinds(kinds, () => true) ?? [];
    return pool.slice(0, maxTemplatesPerKind).map(([t]) => t);
  }

  /**
   * The candidate updates at a context (deduplicated, bounded). "Keep the previous progress" comes first
   * where the labels of this situation keep it sometimes, after an action the labels never followed here
   * (what it changed, they cannot say), or where no template can be filled. Elsewhere it is an update the
   * labels never make — a step of a search that notes nothing — and is not proposed: keeping the progress
   * there froze it, and the low level, seeing the same observation and progress again, went round in circles.
   */
  candidates(ctx: ProgressContext, maxTokens: number, countTokens: (text: string) => number, items: ListWriting = 'full'): string[] {
    const keep = boundProgress(ctx.previous, maxTokens, countTokens, items);
    const templates = this.templatesFor(ctx);
    const updates = new Set<string>();
    for (const template of templates) {
      if (template === KEEP) continue;
      for (const filled of fillTemplateAll(template, ctx)) {
        if (filled.trim().length > 0) updates.add(boundProgress(filled, maxTokens, countTokens, items));
      }
    }
    const known = this.data.verbs?.[situationOf(ctx)];
    const offerKeep = this.data.format !== 2 || templates.includes(KEEP) || updates.size === 0 || !known || !known.includes(actionVerb(ctx.action));
    if (!offerKeep) return [...updates];
    updates.delete(keep);
    return [keep, ...updates];
  }

  get templateCount(): number {
    return Object.values(this.data.kinds).reduce((n, list) => n + list.length, 0);
  }
}

/** The templates of the selected situations, counts summed, most frequent first (undefined if none). */
function mergeKinds(kinds: ProgressBankData['kinds'], select: (key: string) => boolean): [string, number][] | undefined {
  const total = new Map<string, number>();
  for (const [key, list] of Object.entries(kinds)) {
    if (!select(key)) continue;
    for (const [t, n] of list) total.set(t, (total.get(t) ?? 0) + n);
  }
  if (total.size === 0) return undefined;
  return [...total].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}
