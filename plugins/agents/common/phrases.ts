/**
 * The phrase structure of actions and subtasks, shared by the subtask proposer and STEP-HRL's progress
 * candidates: a verb phrase, then object phrases separated by prepositions (`take apple 1 from countertop 2`,
 * `locate and pick up apple`), or a function call with its arguments (`navigate to(kitchen)`,
 * `Fill(metal pot, water)`, the paper's ScienceWorld subtask form).
 */

const PARTICLES = new Set(['up', 'down', 'on', 'off', 'at', 'in', 'to', 'into', 'around', 'over', 'out']);
const PREPOSITIONS = new Set(['to', 'from', 'in', 'into', 'on', 'onto', 'with', 'under', 'using', 'for', 'at']);
const DETERMINERS = new Set(['the', 'a', 'an', 'some']);
const CALL = /^\s*([^()]+?)\s*\((.*)\)\s*$/;

/**
 * A text split into its fixed words and its argument phrases, so that joining `frame` and `args` in turn
 * gives the text back (spaces normalised): `put apple 1 in bed 1` → frame [`put `, ` in `, ``], args
 * [`apple 1`, `bed 1`]; `Fill(metal pot, water)` → frame [`Fill(`, `, `, `)`], args [`metal pot`, `water`].
 */
export interface Framed {
  frame: string[];
  args: string[];
}

/** A function-call text's name and arguments (`Fill(metal pot, water)` → `Fill`, [`metal pot`, `water`]), or null. */
function callOf(text: string): { name: string; args: string[] } | null {
  const call = CALL.exec(text);
  if (!call) return null;
  const args = call[2]
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  return { name: call[1], args };
}

export function frameOf(text: string): Framed {
  const call = callOf(text);
  if (call) {
    const { args } = call;
    if (args.length === 0) return { frame: [`${call.name}()`], args: [] };
    return { frame: [`${call.name}(`, ...args.slice(1).map(() => ', '), ')'], args };
  }
  const words = text.trim().split(/\s+/).filter(Boolean);
  const verb = verbLength(words);
  const frame: string[] = [words.slice(0, verb).join(' ')];
  const args: string[] = [];
  let current: string[] = [];
  const close = () => {
    if (current.length === 0) return;
    args.push(current.join(' '));
    frame.push('');
    current = [];
  };
  for (const w of words.slice(verb)) {
    const lower = w.toLowerCase();
    if (PREPOSITIONS.has(lower) || (current.length === 0 && DETERMINERS.has(lower))) {
      close();
      frame[frame.length - 1] += ` ${w}`;
    } else {
      if (current.length === 0) frame[frame.length - 1] += ' ';
      current.push(w);
    }
  }
  close();
  return { frame, args };
}

/** Joins a frame and its (possibly new) arguments back into text. */
export function fillFrame(frame: readonly string[], args: readonly string[]): string {
  let out = frame[0];
  for (let i = 0; i < args.length; i++) out += args[i] + frame[i + 1];
  return out;
}

/**
 * Object phrases of an action or subtask: `[whole object, piece 1, piece 2, …]`.
 * `move key to table` → [`key to table`, `key`, `table`]; `navigate to(kitchen)` → [`kitchen`, `kitchen`];
 * `locate and pick up apple 1` → [`apple 1`, `apple 1`].
 */
export function objectPhrases(text: string): string[] {
  const call = callOf(text);
  if (call) return call.args.length > 0 ? [call.args.join(', '), ...call.args] : [];
  const words = text.trim().split(/\s+/).filter(Boolean);
  const rest = words.slice(verbLength(words));
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

/** Words of the verb phrase that opens an action or subtask: the verb, its particles, `and <verb>` (`locate and pick up`). */
export function verbLength(words: string[]): number {
  let i = 1;
  while (i < words.length) {
    const w = words[i].toLowerCase();
    if (PARTICLES.has(w)) i++;
    else if (w === 'and' && i + 1 < words.length) i += 2;
    else break;
  }
  return Math.min(i, words.length);
}

/**
 * The kind of a subtask: its verb phrase, lower-cased (`locate and pick up`, `locate and use`, `put`;
 * `navigate to` for `navigate to(kitchen)`).
 */
export function subtaskKind(subtask: string): string {
  const call = /^\s*([^()]+?)\s*\(/.exec(subtask);
  if (call) return call[1].toLowerCase();
  const words = subtask.trim().split(/\s+/).filter(Boolean);
  return words.slice(0, verbLength(words)).join(' ').toLowerCase();
}
