/**
 * The sentences ALFWorld prints, written once so the simulator, the expert and the tests agree on them.
 * Articles are always "a" (ALFWorld prints "a egg 1"), and lists end with ", and " even for two entries.
 */

export type Grammar = 'current' | 'legacy';

export const BANNER = '-= Welcome to TextWorld, ALFRED! =-';
export const NOTHING_HAPPENS = 'Nothing happens.';

/** "nothing" / "a x" / "a x, and a y" / "a x, a y, and a z". Entries already carry their article. */
export function joinList(entries: readonly string[]): string {
  const n = entries.length;
  if (n === 0) return 'nothing';
  if (n === 1) return entries[0];
  let out = entries[0];
  for (let i = 1; i < n - 1; i++) out += ', ' + entries[i];
  return out + ', and ' + entries[n - 1];
}

export function roomOverview(receptacleEntries: readonly string[]): string {
  return `You are in the middle of a room. Looking quickly around you, you see ${joinList(receptacleEntries)}.`;
}

export function facing(receptacle: string): string {
  return `You are facing the ${receptacle}. Next to it, you see nothing.`;
}

export function taskLine(goal: string): string {
  return `Your task is to: ${goal}.`;
}

export function intro(overview: string, goal: string): string {
  return `${BANNER}\n\n${overview}\n\n${taskLine(goal)}`;
}

/** What a receptacle shows: its contents, or that it is closed. */
export function receptacleView(name: string, openable: boolean, open: boolean, contents: string): string {
  if (openable) return open ? `The ${name} is open. In it, you see ${contents}.` : `The ${name} is closed.`;
  return `On the ${name}, you see ${contents}.`;
}

export function arrival(grammar: Grammar, name: string, loc: number, view: string): string {
  return grammar === 'legacy' ? `You arrive at loc ${loc}. ${view}` : `You arrive at ${name}. ${view}`;
}

export function placed(grammar: Grammar, item: string, receptacle: string): string {
  return grammar === 'legacy' ? `You put the ${item} in/on the ${receptacle}.` : `You move the ${item} to the ${receptacle}.`;
}

export interface ObjectState {
  hot: boolean;
  cool: boolean;
  clean: boolean;
  sliced: boolean;
  /** A switchable lamp's state; undefined for things without a switch. */
  on?: boolean;
  /** Set for receptacle objects (mug, bowl, …): their listed contents. */
  contents?: string;
}

/** `examine {object}`, following ALFWorld's order of cases (receptacle objects first, then states). */
export function objectView(name: string, s: ObjectState): string {
  if (s.contents !== undefined) return `This is a normal ${name}. In it, you see ${s.contents}.`;
  if (s.sliced) {
    if (s.clean && s.hot) return `This is a hot and clean sliced ${name}.`;
    if (s.clean && s.cool) return `This is a cool and clean sliced ${name}.`;
    if (s.clean) return `This is a clean sliced ${name}.`;
    if (s.hot) return `This is a hot sliced ${name}.`;
    if (s.cool) return `This is a cool sliced ${name}.`;
  }
  if (s.clean && s.hot) return `This is a hot and clean ${name}.`;
  if (s.clean && s.cool) return `This is a cool and clean ${name}.`;
  if (s.hot) return `This is a hot ${name}.`;
  if (s.clean) return `This is a clean ${name}.`;
  if (s.cool) return `This is a cold ${name}.`;
  if (s.on !== undefined) return s.on ? `This ${name} is on.` : `This ${name} is off.`;
  if (s.sliced) return `This is a sliced ${name}.`;
  return `There's nothing special about ${name}.`;
}

export function inventory(held: string | undefined): string {
  return held === undefined ? 'You are not carrying anything.' : `You are carrying: ${held}.`;
}

/** The `help` text of the current grammar (the legacy grammar has no `help` command). */
export const HELP = [
  '',
  'Available commands:',
  '  look:                             look around your current location',
  '  inventory:                        check your current inventory',
  '  go to (receptacle):               move to a receptacle',
  '  open (receptacle):                open a receptacle',
  '  close (receptacle):               close a receptacle',
  '  take (object) from (receptacle):  take an object from a receptacle',
  '  move (object) to (receptacle):  place an object in or on a receptacle',
  '  examine (something):              examine a receptacle or an object',
  '  use (object):                     use an object',
  '  heat (object) with (receptacle):  heat an object using a receptacle',
  '  clean (object) with (receptacle): clean an object using a receptacle',
  '  cool (object) with (receptacle):  cool an object using a receptacle',
  '  slice (object) with (object):     slice an object using a sharp object',
  '',
].join('\n');
