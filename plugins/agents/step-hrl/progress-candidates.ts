/**
 * Candidate local-progress updates for STEP-HRL's progress module.
 *
 * An LLM writes the new local progress freely; a small network chooses it among candidates instead. The
 * candidates come from templates learned from the env's progress labels on the training split:
 *
 * 1. Each label is delexicalised against its context: the whole previous progress becomes `{prev}`, a list
 *    suffix that extends the previous one (`|| [Checked: a, b]` → `|| [Checked: a, b, c]`) keeps the old
 *    items as `{prevList}`, and phrases of the action (`{a0}` its whole object, `{a1}`, `{a2}` the pieces
 *    between prepositions), of the subtask (`{s0}`, `{s1}`, …) and numbers of the resulting observation
 *    (`{n1}`, …) become slots (`{A1}` for a capitalised one). "Found the key in the box. || [Checked:
 *    drawer]" after `open box` in `locate(key)` becomes "Found the {s1} in the {a1}. || [Checked: {prevList}]".
 * 2. Templates are kept per subtask kind (its first word: `navigate`, `locate`, `pick`, …), most frequent first.
 * 3. At a step, every template of the current subtask's kind is filled from the current context (templates
 *    whose slots cannot be filled are dropped), plus "keep the previous progress unchanged".
 * 4. Every candidate is bounded to `maxTokens` (default 64): the list is written compactly first, then the
 *    sentence is cut to its first clause, then the oldest list items go (see `boundProgress`).
 *
 * The progress is therefore selective (the templates only say what the labels said) and bounded, and a label
 * of an unseen object is reproduced by the same template filled with the new object.
 */

export interface ProgressContext {
  /** The current subtask (or the task, without hierarchy). */
  subtask: string;
  previous: string;
  action: string;
  /** The observation that resulted from the action. */
  observation: string;
}

export interface ProgressBankData {
  /** Templates per subtask kind with their counts, most frequent first. */
  kinds: Record<string, [string, number][]>;
  maxTemplatesPerKind: number;
}

const PARTICLES = new Set(['up', 'down', 'on', 'off', 'at', 'in', 'to', 'into', 'around', 'over', 'out']);
const PREPOSITIONS = new Set(['to', 'from', 'in', 'into', 'on', 'onto', 'with', 'under', 'using', 'for', 'at']);
const DETERMINERS = new Set(['the', 'a', 'an', 'some']);
const LIST_SUFFIX = /^(.*?)\s*\|\|\s*\[([A-Za-z ]+):\s*(.*?)\]\s*$/s;

/** Splits a progress text into its sentence and its optional `|| [Name: items]` list. */
export function parseProgress(text: string): { sentence: string; list: { name: string; items: string } | null } {
  const m = LIST_SUFFIX.exec(text);
  if (!m) return { sentence: text, list: null };
  return { sentence: m[1], list: { name: m[2].trim(), items: m[3].trim() } };
}

/**
 * Object phrases of an action or subtask: `[whole object, piece 1, piece 2, …]`.
 * `move key to table` → [`key to table`, `key`, `table`]; `navigate to(kitchen)` → [`kitchen`, `kitchen`];
 * `locate and pick up apple 1` → [`apple 1`, `apple 1`].
 */
export function objectPhrases(text: string): string[] {
  const call = /^\s*([^()]+?)\s*\((.*)\)\s*$/.exec(text);
  if (call) {
    const args = call[2].split(',').map((a) => a.trim()).filter(Boolean);
    return args.length > 0 ? [args.join(', '), ...args] : [];
  }
  const words = text.trim().split(/\s+/).filter(Boolean);
  let i = 1;
  while (i < words.length) {
    const w = words[i].toLowerCase();
    if (PARTICLES.has(w)) i++;
    else if (w === 'and' && i + 1 < words.length) i += 2;
    else break;
  }
  const rest = words.slice(i);
  if (rest.length === 0) return [];
  const pieces: string[] = [];
  let current: string[] = [];
  for (const w of rest) {
    if (PREPOSITIONS.has(w.toLowerCase())) {
      if (current.length) pieces.push(current.join(' '));
      current = [];
    } else if (!(current.length === 0 && DETERMINERS.has(w.toLowerCase()))) {
      current.push(w);
    }
  }
  if (current.length) pieces.push(current.join(' '));
  return [rest.join(' '), ...pieces];
}

/** The kind of a subtask, used to group templates: its first word, lower-cased. */
export function subtaskKind(subtask: string): string {
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

/** Replaces slot values in `text` by `{slot}` (`{Slot}` when capitalised), longest value first. */
function delexicalisePhrase(text: string, slots: Map<string, string>): string {
  // Longest value first; on a tie a piece ({a1}) wins over a whole ({a0}) that equals it, so a template
  // learned on a one-argument subtask still means "the first argument" on a two-argument one.
  const isWhole = (name: string) => /^[as]0$/.test(name);
  const ordered = [...slots]
    .filter(([, v]) => v.length > 0)
    .sort((a, b) => b[1].length - a[1].length || Number(isWhole(a[0])) - Number(isWhole(b[0])));
  // Placeholders are protected from later replacements by a private-use marker around them.
  let out = text;
  for (const [name, value] of ordered) {
    for (const [variant, label] of [[value, name], [capitalise(value), name.toUpperCase()]] as const) {
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
  const { sentence, list } = parseProgress(label);
  let template = delexicalisePhrase(sentence, slots);
  if (list) {
    const prev = parseProgress(ctx.previous).list;
    let items = list.items;
    let prefix = '';
    if (prev && prev.name === list.name && prev.items.length > 0 && (items === prev.items || items.startsWith(prev.items))) {
      prefix = '{prevList}';
      items = items.slice(prev.items.length);
    }
    template += ` || [${list.name}: ${prefix}${delexicalisePhrase(items, slots)}]`;
  }
  return template;
}

/** Fills a template from a context, or null when one of its slots has no value here. */
export function fillTemplate(template: string, ctx: ProgressContext): string | null {
  if (template === '{prev}') return ctx.previous;
  const slots = contextSlots(ctx);
  const prevList = parseProgress(ctx.previous).list;
  let missing = false;
  const filled = template.replace(/\{(prevList|[asnASN]\d+)\}/g, (_, name: string) => {
    if (name === 'prevList') {
      if (!prevList || prevList.items.length === 0) { missing = true; return ''; }
      return prevList.items;
    }
    const value = slots.get(name.toLowerCase());
    if (value === undefined) { missing = true; return ''; }
    return name === name.toUpperCase() ? capitalise(value) : value;
  });
  if (missing) return null;
  // A list continued from the previous one must name the same list.
  if (template.includes('{prevList}') && parseProgress(filled).list?.name !== prevList?.name) return null;
  return filled;
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
 * Shortens a progress text to `maxTokens`, keeping what later steps need most: first the list is written
 * compactly, then the sentence is cut to its first clause (`No pan at shelf 2; keep searching…` → `No pan at
 * shelf 2`), then the oldest list items go, then trailing words. (Dropping list items first made a search
 * forget where it had looked and go round in circles.)
 */
export function boundProgress(text: string, maxTokens: number, countTokens: (text: string) => number): string {
  if (countTokens(text) <= maxTokens) return text;
  const { sentence, list } = parseProgress(text);
  if (list) {
    const route = list.items.includes(' -> ');
    const separator = route ? ' -> ' : ', ';
    const items = route ? list.items.split(separator) : expandItems(list.items);
    const write = (kept: string[]) => (route ? kept.join(separator) : compactItems(kept));
    const firstClause = sentence.split(/[;:]/)[0].trim();
    const withList = (s: string, kept: string[]) => `${s} || [${list.name}: ${write(kept)}]`;
    for (const candidate of [withList(sentence, items), withList(firstClause, items)]) {
      if (countTokens(candidate) <= maxTokens) return candidate;
    }
    for (let drop = 1; drop < items.length; drop++) {
      const shorter = withList(firstClause, items.slice(drop));
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

export class ProgressBank {
  private constructor(private readonly data: ProgressBankData) {}

  /** Learns templates from (context, label) pairs of the training split. */
  static learn(examples: Iterable<{ context: ProgressContext; label: string }>, maxTemplatesPerKind = 64): ProgressBank {
    const counts = new Map<string, Map<string, number>>();
    for (const { context, label } of examples) {
      const kind = subtaskKind(context.subtask);
      let m = counts.get(kind);
      if (!m) counts.set(kind, (m = new Map()));
      const template = delexicalise(label, context);
      m.set(template, (m.get(template) ?? 0) + 1);
    }
    const kinds: ProgressBankData['kinds'] = {};
    for (const kind of [...counts.keys()].sort()) {
      kinds[kind] = [...counts.get(kind)!].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    }
    return new ProgressBank({ kinds, maxTemplatesPerKind });
  }

  static fromJSON(data: ProgressBankData): ProgressBank {
    return new ProgressBank(data);
  }

  toJSON(): ProgressBankData {
    return this.data;
  }

  /** Templates usable for a subtask: those of its kind, or the most frequent overall for an unknown kind. */
  templatesFor(subtask: string): string[] {
    const own = this.data.kinds[subtaskKind(subtask)];
    const pool = own ?? mergeKinds(this.data.kinds);
    return pool.slice(0, this.data.maxTemplatesPerKind).map(([t]) => t);
  }

  /** The candidate updates at a context (deduplicated, bounded, "keep" first). */
  candidates(ctx: ProgressContext, maxTokens: number, countTokens: (text: string) => number): string[] {
    const out = new Set<string>([boundProgress(ctx.previous, maxTokens, countTokens)]);
    for (const template of this.templatesFor(ctx.subtask)) {
      const filled = fillTemplate(template, ctx);
      if (filled !== null && filled.trim().length > 0) out.add(boundProgress(filled, maxTokens, countTokens));
    }
    return [...out];
  }

  get templateCount(): number {
    return Object.values(this.data.kinds).reduce((n, list) => n + list.length, 0);
  }
}

function mergeKinds(kinds: ProgressBankData['kinds']): [string, number][] {
  const total = new Map<string, number>();
  for (const list of Object.values(kinds)) for (const [t, n] of list) total.set(t, (total.get(t) ?? 0) + n);
  return [...total].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}
