/**
 * The names a player may use for a thing (its referents), following ScienceWorld: a thing answers to its
 * name and a few synonyms (`pot`, `metal pot`, `metal pot containing water`), and also to each of those
 * followed by `in <container>` / `on <container>` for each name of its container. Terminals are named from
 * their owner (`red wire terminal 1`, `anode on battery`). Everything is lower case.
 */
import { currentStageName } from './life.ts';
import { descriptName, feedbackName, plantStageLabel, shownName, terminalLabel } from './text.ts';
import type { Thing, World } from './world.ts';

function split(refs: unknown): string[] {
  return typeof refs === 'string' && refs.length > 0 ? refs.split('|') : [];
}

/** `pot` → `pot`, `pot containing water`; lists of contents are sorted and joined with `and`. */
function withContents(w: World, t: Thing, names: string[]): string[] {
  const shown = t.contents
    .map((id) => w.get(id))
    .filter((c) => !c.hidden)
    .map((c) => feedbackName(w, c))
    .sort();
  const suffix = shown.length === 0 ? ' containing nothing' : ` containing ${shown.join(' and ')}`;
  const out: string[] = [];
  for (const n of names) out.push(n, n + suffix);
  return out;
}

/** A thing's own referents (without container variants), from `perspective` (the agent's location). */
export function baseReferents(w: World, t: Thing, perspective: number): string[] {
  const name = t.name;
  const dn = feedbackName(w, t);
  let out: string[];
  switch (t.kind) {
    case 'universe':
      out = ['universe', dn];
      break;
    case 'room':
      out = ['room', name, dn];
      break;
    case 'outside':
      out = ['outside', name, dn];
      break;
    case 'agent':
      out = ['agent', 'self'];
      break;
    case 'inventory':
      out = ['inventory', name];
      break;
    case 'substance':
      out = ['substance', name, dn];
      break;
    case 'named':
      out = [name, dn, ...split(t.data.refs)];
      if (t.material?.substance.endsWith(' paint')) out.push('paint');
      if (name === 'soil') out.push('soil');
      break;
    case 'article':
    case 'capitalised': {
      out = [name, dn, ...split(t.data.refs)];
      if (t.data.color) out.push(`${t.data.color} ${name}`, descriptName(t, `${t.data.color} ${name}`));
      break;
    }
    case 'container':
      out = t.data.cup ? withContents(w, t, [...split(t.data.refs), name, dn]) : [...split(t.data.refs), name, dn];
      break;
    case 'surface':
    case 'cabinet':
    case 'drawer':
    case 'sittable':
      out = [...split(t.data.refs), name, dn];
      break;
    case 'stove':
      out = ['stove', name];
      break;
    case 'oven':
    case 'cooler':
      out = [...split(t.data.refs), name, dn];
      break;
    case 'sink':
    case 'toilet':
    case 'thermometer':
      out = [name, dn];
      break;
    case 'stopwatch':
      out = ['stopwatch', 'watch', 'timer', name, dn];
      break;
    case 'picture':
      out = [name, `${name} of ${t.data.subject}`, dn, `${dn} of ${t.data.subject}`];
      break;
    case 'book':
      out = [
        'book',
        String(t.data.title),
        `book by ${t.data.author}`,
        `${t.data.title} book`,
        name,
        dn,
        `${dn} by ${t.data.author}`,
        `${dn} called ${t.data.title}`,
      ];
      break;
    case 'paper':
    case 'recipe':
      out = [name, String(t.data.title), `${name} called ${t.data.title}`, dn, `${dn} called ${t.data.title}`];
      break;
    case 'ground':
      out = ['ground', name, dn];
      break;
    case 'component':
      out = [...split(t.data.refs), name, dn];
      break;
    case 'generator':
      out = ['generator', name, dn];
      break;
    case 'wire':
      out = ['component', name, dn];
      break;
    case 'plant': {
      const stage = plantStageLabel(t);
      const plantName = shownName(w, t);
      out = ['living thing', 'organism', name, `${name} in the ${stage} stage`, `${stage} plant`, dn, `${dn} in the ${stage} stage`];
      if (t.data.tree) out.push(plantName, `${plantName} in the ${stage} stage`, `${stage} ${plantName}`);
      if (t.life!.sickly) out = out.concat(out.map((r) => `sick ${r}`));
      break;
    }
    case 'flower':
      out = ['flower', name, dn];
      if (Number(t.data.pollinated) > 0) out.push('wilting flower', `wilting ${name}`, `wilting ${dn}`);
      break;
    case 'pollen':
      out = ['pollen', name, `${w.get(Number(t.data.plant)).life?.species ?? ''} pollen`, dn];
      break;
    case 'animal': {
      const stage = currentStageName(t);
      out = ['living thing', 'organism', name, dn, `${stage} ${name}`, `${stage} ${dn}`];
      break;
    }
    case 'bee':
      out = ['living thing', 'organism', name, t.life!.species, dn];
      break;
    case 'door': {
      const side = perspective === t.portal!.from || perspective === t.portal!.to ? perspective : -1;
      if (side >= 0) {
        const to = w.get(w.across(t, side)).name;
        out = [name, `${name} to ${to}`, `${to} ${name}`];
      } else {
        const [a, b] = [w.get(t.portal!.from).name, w.get(t.portal!.to).name];
        out = [name, `${name} from ${a} to ${b}`, `${name} from ${b} to ${a}`];
      }
      break;
    }
    case 'drain':
      out = [name, `${w.get(t.portal!.from).name} ${name}`];
      break;
    default:
      out = ['object', name, dn];
  }
  return normalize(out);
}

/** Referents of a terminal (a negative id, see `World.terminalId`). */
export function terminalReferents(w: World, tid: number): string[] {
  const label = terminalLabel(w, tid);
  const owner = w.get(w.terminalOwner(tid)).name;
  return normalize(['terminal', label, `${label} on ${owner}`, `${owner} ${label}`]);
}

function normalize(refs: string[]): string[] {
  const out: string[] = [];
  for (const r of refs) {
    const l = r.toLowerCase();
    if (l.trim().length > 1 && !out.includes(l)) out.push(l);
  }
  return out;
}

/** The canonical way to name a door from where the agent stands (`door to kitchen`). */
export function doorReferent(w: World, door: Thing, perspective: number): string {
  if (perspective === door.portal!.from || perspective === door.portal!.to) return `door to ${w.get(w.across(door, perspective)).name}`;
  return `door from ${w.get(door.portal!.from).name} to ${w.get(door.portal!.to).name}`;
}

const STOP_WORDS = new Set(['a', 'an', 'the']);

/** A lower-case referent as the parser compares it: its tokens joined by single spaces. */
export function tokenKey(ref: string): string {
  if (!/\s\s|\t|\n|^\s|\s$|(^|\s)(a|an|the)(\s|$)/.test(ref)) return ref;
  return tokenize(ref).join(' ');
}

/** Lower case, single spaces, without the stop words `a`, `an`, `the` (as the input parser sees text). */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const token of text.toLowerCase().trim().split(/\s+/)) if (token && !STOP_WORDS.has(token)) out.push(token);
  return out;
}
