/**
 * Input parsing as ScienceWorld does it: lower-case the text, drop `a`/`an`/`the`, then match each action
 * template (trigger words, then object referents, then joining words) against the tokens. No match means
 * `No known action matches that input.`; several matches ask the player to choose by number.
 */
import { tokenize } from '../world/referents.ts';
import { feedbackName, terminalLabel } from '../world/text.ts';
import type { World } from '../world/world.ts';
import type { ActionDef } from './actions.ts';
import type { Scope } from './scope.ts';

export interface Match {
  def: ActionDef;
  a: number;
  b: number;
}

const tokenCache = new Map<string, string[]>();

function tokensOf(phrase: string): string[] {
  let t = tokenCache.get(phrase);
  if (!t) {
    t = tokenize(phrase);
    tokenCache.set(phrase, t);
  }
  return t;
}

function startsWith(tokens: string[], prefix: string[], at: number): boolean {
  if (tokens.length - at < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (tokens[at + i] !== prefix[i]) return false;
  return true;
}

export function parse(input: string, defs: readonly ActionDef[], scope: Scope): Match[] {
  const tokens = tokenize(input);
  if (tokens.length === 0) return [];
  const matches: Match[] = [];
  const push = (m: Match) => {
    if (!matches.some((x) => x.def === m.def && x.a === m.a && x.b === m.b)) matches.push(m);
  };
  for (const def of defs) {
    for (const verb of def.verbs) {
      const v = tokensOf(verb);
      if (!startsWith(tokens, v, 0)) continue;
      const rest = v.length;
      if (def.arity === 0) {
        if (rest === tokens.length) push({ def, a: 0, b: 0 });
        continue;
      }
      if (def.arity === 1) {
        if (rest === tokens.length) continue;
        for (const id of scope.resolve(tokens.slice(rest))) push({ def, a: id, b: 0 });
        continue;
      }
      for (let end = rest + 1; end < tokens.length; end++) {
        for (const joiner of def.joiners!) {
          const j = tokensOf(joiner);
          if (!startsWith(tokens, j, end) || end + j.length >= tokens.length) continue;
          const firsts = scope.resolve(tokens.slice(rest, end));
          if (firsts.length === 0) continue;
          const seconds = scope.resolve(tokens.slice(end + j.length));
          for (const a of firsts) for (const b of seconds) push({ def, a, b });
        }
      }
    }
  }
  return matches;
}

/** `in table, in kitchen`: where a thing is, down to the agent's location. */
function whereText(w: World, id: number, stopAt: number): string[] {
  const out: string[] = [];
  let cur = id < 0 ? w.terminalOwner(id) : w.get(id).parent;
  for (let guard = 0; cur >= 0 && guard < 32; guard++) {
    out.push(`in ${w.get(cur).name}`);
    if (cur === stopAt) break;
    cur = w.get(cur).parent;
  }
  return out;
}

function objectText(w: World, id: number, stopAt: number): string {
  const name = id < 0 ? terminalLabel(w, id) : feedbackName(w, w.get(id));
  const where = id >= 0 && w.get(id).portal ? [] : whereText(w, id, stopAt);
  return where.length ? `${name} (${where.join(', ')})` : name;
}

/** The clarification ScienceWorld prints when an input matches several actions. */
export function ambiguityText(w: World, matches: Match[]): { text: string; ordered: Match[] } {
  const names = [...new Set(matches.map((m) => m.def.name))].sort();
  const ordered = names.flatMap((n) => matches.filter((m) => m.def.name === n));
  let text = '';
  if (names.length > 1) {
    text += `Ambiguous request: Multiple different possible actions were matched to this input (${names.join(', ')}). `;
    text += "It's possible the action space needs to be refined to remove possible duplicate/ambiguous patterns.";
  }
  text += 'Ambiguous request: Please enter the number for the action you intended (or blank to cancel):\n';
  const here = w.agent.parent;
  ordered.forEach((m, i) => {
    const parts = [m.def.verbs[0]];
    if (m.def.arity >= 1) parts.push(objectText(w, m.a, here));
    if (m.def.arity === 2) parts.push(m.def.joiners![0], objectText(w, m.b, here));
    text += `${i}:\t${parts.join(' ')}\n`;
  });
  return { text, ordered };
}
