/**
 * Reading a model's answers as the paper's code does. The low level writes `"<action>; <True|False>"`,
 * matched by `(.*?)\s*;\s*(true|false)` in any case; an answer that does not match becomes the action
 * "None" (which no env accepts, so it counts as an invalid action) with the subtask not finished.
 */

/** The action sent when the model's answer cannot be read as one. */
export const INVALID_ACTION = 'None';

export interface LowAnswer {
  action: string;
  finished: boolean;
  /** False when the answer did not match the format (the action is then INVALID_ACTION). */
  parsed: boolean;
}

// Own parser rather than `parseLowCompletion` from the shared builders: that one keeps an unparseable text as
// the action, while the paper (and this agent) turn it into "None".
export function parseLowAnswer(text: string): LowAnswer {
  const match = /^(.*?)\s*;\s*(true|false)\b/is.exec(text.trim());
  if (!match) return { action: INVALID_ACTION, finished: false, parsed: false };
  // An action is one line: a model that talks before answering puts the action on the line of the flag.
  const action = unquote(match[1].split('\n').at(-1)!.trim());
  // A flag without an action is no answer either.
  if (action === '') return { action: INVALID_ACTION, finished: false, parsed: false };
  return { action, finished: match[2].toLowerCase() === 'true', parsed: true };
}

/** A one-line answer (an action or a subtask): the first non-empty line, without wrapping quotes. */
export function firstLine(text: string): string {
  const line =
    text
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l !== '') ?? '';
  return unquote(line);
}

/** A free-text answer kept inside one prompt field: every run of whitespace becomes one space. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function unquote(text: string): string {
  const match = /^(["'`])(.*)\1$/s.exec(text);
  return match ? match[2].trim() : text;
}
