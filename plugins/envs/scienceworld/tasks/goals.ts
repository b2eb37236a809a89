/**
 * The goal library: ScienceWorld's kinds of subgoal (focus on a thing, change its state of matter, put it in
 * a container, connect it in a circuit, …), each a `Goal` that the scoring engine (`engine/scoring.ts`)
 * checks against the world.
 */
import type { Goal, GoalContext } from '../engine/scoring.ts';
import { areJoined } from '../world/electrical.ts';
import { currentStageName } from '../world/life.ts';
import { feedbackName } from '../world/text.ts';
import type { StateOfMatter, Thing, World } from '../world/world.ts';

// ─────────────────────────────── helpers ───────────────────────────────

const lower = (s: string) => s.toLowerCase();

function namedAs(w: World, t: Thing, name: string): boolean {
  if (t.name === name) return true;
  // Feedback names differ from plain names only for living things (by stage) and burning or burned things.
  const differs = t.kind === 'animal' || t.kind === 'bee' || t.kind === 'plant' || t.material?.combusting === true || t.material?.combusted === true;
  if (differs && t.kind !== 'substance' && t.kind !== 'named' && feedbackName(w, t) === name) return true;
  return lower(t.name) === lower(name);
}

/** Visible things in the agent's location (recursively, through closed containers too). */
function aroundAgent(g: GoalContext): Thing[] {
  const w = g.w;
  const location = w.agent.parent;
  if (g.around && g.around.version === w.state.version && g.around.location === location) return g.around.things;
  const things = w.descendants(location).filter((t) => !t.hidden && !t.deleted);
  g.around = { version: w.state.version, location, things };
  return things;
}

function sameAsLast(g: GoalContext, t: Thing): boolean {
  return g.seq.lastSatisfied === null || g.seq.lastSatisfied === t.id;
}

function ancestors(w: World, t: Thing): Thing[] {
  const out: Thing[] = [];
  let cur = t.parent;
  for (let guard = 0; cur >= 0 && guard < 20; guard++) {
    out.push(w.get(cur));
    cur = w.get(cur).parent;
  }
  return out;
}

type Options = Partial<Pick<Goal, 'key' | 'requires' | 'optional' | 'defocus'>>;

// ─────────────────────────────── focus goals ───────────────────────────────

/** Focus on a thing with this name; focusing on anything else fails the task (unless `failIfWrong` is off). */
export function find(description: string, name: string, failIfWrong = true, options: Options = {}): Goal {
  return {
    description,
    ...options,
    check: (_g, t) => (t === null ? 'no' : lower(t.name) === lower(name) ? 'done' : failIfWrong ? 'fail' : 'no'),
  };
}

export function findAnswerBox(description: string, name: string): Goal {
  return {
    description,
    check: (_g, t) => (t === null || !t.data.answerBox ? 'no' : lower(t.name) === lower(name) ? 'done' : 'fail'),
  };
}

export function focusOnLivingThing(description: string): Goal {
  return { description, check: (_g, t) => (t === null ? 'no' : t.life ? 'done' : 'fail') };
}

export function focusOnNonLivingThing(description: string): Goal {
  return { description, check: (_g, t) => (t === null ? 'no' : t.life ? 'fail' : t.movable ? 'done' : 'no') };
}

export function focusOnAnimal(description: string): Goal {
  return { description, check: (_g, t) => (t === null ? 'no' : t.kind === 'animal' || t.kind === 'bee' ? 'done' : 'fail') };
}

export function focusOnPlant(description: string): Goal {
  return { description, check: (_g, t) => (t === null ? 'no' : t.kind === 'plant' ? 'done' : 'fail') };
}

// ─────────────────────────────── states of matter and temperature ───────────────────────────────

export function changeStateOfMatter(description: string, state: StateOfMatter, combustionAllowed = false): Goal {
  return {
    description,
    check: (g, t) => {
      if (!t?.material || !sameAsLast(g, t)) return 'no';
      if (t.material.state === state) return 'done';
      return combustionAllowed && t.material.combusting ? 'done' : 'no';
    },
  };
}

/** Records the focused thing's state of matter, for `isDifferentStateOfMatter`. */
export function isStateOfMatter(description: string): Goal {
  return {
    description,
    check: (g, t) => {
      if (!t?.material || !sameAsLast(g, t)) return 'no';
      g.seq.store.set('stateOfMatter', t.material.state);
      return 'done';
    },
  };
}

export function isDifferentStateOfMatter(description: string): Goal {
  return {
    description,
    check: (g, t) => {
      if (!t?.material || !sameAsLast(g, t)) return 'no';
      const before = g.seq.store.get('stateOfMatter');
      return before !== undefined && t.material.state !== before ? 'done' : 'no';
    },
  };
}

/** The focused thing warmed by at least `delta` since this goal was first checked. */
export function temperatureIncrease(description: string, delta: number, options: Options = {}): Goal {
  let initial: number | undefined;
  return {
    description,
    ...options,
    check: (_g, t) => {
      if (!t?.material) return 'no';
      initial ??= t.material.temperature;
      return t.material.temperature >= initial + delta ? 'done' : 'no';
    },
  };
}

export function temperatureDecrease(description: string, delta: number): Goal {
  let initial: number | undefined;
  return {
    description,
    check: (_g, t) => {
      if (!t?.material) return 'no';
      initial ??= t.material.temperature;
      return t.material.temperature <= initial - delta ? 'done' : 'no';
    },
  };
}

export function onFire(description: string, name: string, options: Options = {}): Goal {
  return { stable: true, description, ...options, check: (g) => (aroundAgent(g).some((t) => namedAs(g.w, t, name) && t.material?.combusting) ? 'done' : 'no') };
}

/** The focused thing is in an answer box: the right one for its temperature, or the task fails. */
export function containerByTemperature(description: string, threshold: number, above: string, below: string): Goal {
  return {
    description,
    check: (g, t) => {
      if (!t || !sameAsLast(g, t) || !t.material || t.parent < 0) return 'no';
      const box = g.w.get(t.parent).name;
      if (box !== above && box !== below) return 'no';
      const temp = t.material.temperature;
      if (box === above && temp >= threshold) return 'done';
      if (box === below && temp <= threshold) return 'done';
      return 'fail';
    },
  };
}

// ─────────────────────────────── places and containers ───────────────────────────────

export function inRoomWithObject(description: string, name: string, options: Options = {}): Goal {
  return { stable: true, description, ...options, check: (g) => (aroundAgent(g).some((t) => namedAs(g.w, t, name)) ? 'done' : 'no') };
}

export function objectsInSingleContainer(description: string, names: string[]): Goal {
  return {
    stable: true,
    description,
    check: (g) => {
      for (const t of aroundAgent(g)) {
        const contents = t.contents.map((id) => g.w.get(id)).filter((c) => !c.hidden);
        if (contents.length === names.length && contents.every((c) => names.includes(c.name) || names.includes(feedbackName(g.w, c)))) return 'done';
      }
      return 'no';
    },
  };
}

export function activateDeviceWithName(description: string, name: string): Goal {
  return { stable: true, description, check: (g) => (aroundAgent(g).some((t) => namedAs(g.w, t, name) && t.device?.activated) ? 'done' : 'no') };
}

/** A thing named `containerName` around the agent directly holds one of `names` (`inventory` for the agent's). */
export function objectInDirectContainer(description: string, containerName: string, names: string[], options: Options = {}): Goal {
  return {
    stable: true,
    description,
    ...options,
    check: (g) => {
      for (const t of aroundAgent(g)) {
        if (!namedAs(g.w, t, containerName)) continue;
        for (const id of t.contents) {
          const c = g.w.get(id);
          if (!c.hidden && (names.includes(c.name) || names.includes(feedbackName(g.w, c)))) return 'done';
        }
      }
      return 'no';
    },
  };
}

/** The focused thing is (somewhere) inside a container with this name; inside a failure container fails. */
export function objectInContainer(description: string, containerName: string, failureContainers: string[] = [], options: Options = {}): Goal {
  return {
    stable: true,
    description,
    ...options,
    check: (g, t) => {
      if (!t || !sameAsLast(g, t)) return 'no';
      const chain = ancestors(g.w, t);
      if (chain.some((c) => failureContainers.includes(c.name))) return 'fail';
      return chain.some((c) => lower(c.name) === lower(containerName)) ? 'done' : 'no';
    },
  };
}

export function moveToLocation(description: string, location: string, options: Options = {}): Goal {
  return { stable: true, description, ...options, check: (g) => (g.w.here().name === location ? 'done' : 'no') };
}

/** The agent has left where it started; met at once when it starts in `unlessIn` (the task's own location). */
export function moveToNewLocation(description: string, options: Options & { unlessIn?: string } = {}): Goal {
  let start: number | undefined;
  const { unlessIn, ...rest } = options;
  return {
    stable: true,
    description,
    ...rest,
    check: (g) => {
      const here = g.w.here().id;
      if (unlessIn && g.w.here().name === unlessIn) return 'done';
      if (start === undefined) {
        start = here;
        return 'no';
      }
      return here !== start ? 'done' : 'no';
    },
  };
}

/** The agent has been in `location` for at least `ticks` ticks in a row. */
export function stayInLocation(description: string, location: string, ticks: number): Goal {
  let since: number | null = null;
  return {
    description,
    check: (g) => {
      if (g.w.here().name !== location) {
        since = null;
        return 'no';
      }
      since ??= g.w.state.time;
      return g.w.state.time - since >= ticks ? 'done' : 'no';
    },
  };
}

/** A container with this name, around the agent, is open. */
export function containerOpen(description: string, name: string, options: Options = {}): Goal {
  return { stable: true, description, ...options, check: (g) => (aroundAgent(g).some((t) => namedAs(g.w, t, name) && t.container?.open) ? 'done' : 'no') };
}

export function inRoomWithOpenDoor(description: string): Goal {
  return {
    stable: true,
    description,
    optional: true,
    check: (g) => ((g.w.here().portals ?? []).some((p) => g.w.get(p).kind === 'door' && g.w.get(p).portal!.open) ? 'done' : 'no'),
  };
}

// ─────────────────────────────── devices and actions ───────────────────────────────

/** The focused thing is a device with this name and it is on (a powered light bulb counts). */
export function activateDevice(description: string, name: string): Goal {
  return { description, check: (_g, t) => (t?.device && t.name === name && t.device.activated ? 'done' : 'no') };
}

/** The agent has used `device` on `patient` since this goal was first checked. */
export function usedOn(description: string, device: string, patient: string, options: Options = {}): Goal {
  let since: number | undefined;
  return {
    description,
    ...options,
    check: (g) => {
      since ??= g.history.length;
      for (let i = since; i < g.history.length; i++) {
        const r = g.history[i];
        if (r.action !== 'use object') continue;
        const d = r.a >= 0 ? g.w.get(r.a) : undefined;
        const p = r.b >= 0 ? g.w.get(r.b) : undefined;
        if ((d && lower(d.name) === lower(device)) || (p && lower(feedbackName(g.w, p)) === lower(patient))) return 'done';
      }
      return 'no';
    },
  };
}

/** The agent has read a document with this name since this goal was first checked. */
export function readDocument(description: string, name: string): Goal {
  let since: number | undefined;
  return {
    description,
    check: (g) => {
      since ??= g.history.length;
      for (let i = since; i < g.history.length; i++) {
        const r = g.history[i];
        if (r.action === 'read' && r.a >= 0 && lower(g.w.get(r.a).name) === lower(name)) return 'done';
      }
      return 'no';
    },
  };
}

// ─────────────────────────────── electrical ───────────────────────────────

/** A thing named `name` around the agent has its terminal (`slot`) wired to a wire. */
export function connectedToWire(description: string, name: string, slot: 0 | 1): Goal {
  return {
    stable: true,
    description,
    check: (g) => {
      for (const t of aroundAgent(g)) {
        if (!namedAs(g.w, t, name)) continue;
        const link = g.w.linkOf(g.w.terminalId(t.id, slot));
        if (link && g.w.get(g.w.terminalOwner(link)).electrical === 'wire') return 'done';
      }
      return 'no';
    },
  };
}

/** One wire joins a thing named `name` and a power source (named `source`, when given). */
export function wireJoins(description: string, name: string, kind: 'source' | 'light bulb', source = ''): Goal {
  return {
    stable: true,
    description,
    check: (g) => {
      const w = g.w;
      for (const wire of aroundAgent(g)) {
        if (wire.electrical !== 'wire') continue;
        const ends = [0, 1]
          .map((s) => w.linkOf(w.terminalId(wire.id, s as 0 | 1)))
          .filter(Boolean)
          .map((tid) => w.get(w.terminalOwner(tid)));
        const hasObject = ends.some((e) => namedAs(w, e, name));
        const hasOther = ends.some((e) =>
          kind === 'source' ? e.electrical === 'source' && (!source || namedAs(w, e, source)) : e.name.endsWith('light bulb'),
        );
        if (hasObject && hasOther) return 'done';
      }
      return 'no';
    },
  };
}

/** The focused part is joined, through connections, to a part with this name; joined to another source fails. */
export function electricallyConnected(description: string, partName: string, failIfWrong = true): Goal {
  return {
    description,
    check: (g, t) => {
      if (!t || !sameAsLast(g, t)) return 'no';
      return areJoined(g.w, t, partName) ? 'done' : failIfWrong ? 'fail' : 'no';
    },
  };
}

// ─────────────────────────────── life ───────────────────────────────

/** The focused organism of this kind is at this life stage. */
export function lifeStage(description: string, species: string, stage: string, sameAsLastObject = true): Goal {
  return {
    description,
    check: (g, t) => {
      if (!t?.life || (sameAsLastObject && !sameAsLast(g, t))) return 'no';
      return t.life.species === species && currentStageName(t) === stage ? 'done' : 'no';
    },
  };
}

/**
 * The focused thing is an organism of this kind at this life stage; focusing on anything else (another
 * organism, or this one at another stage) fails the task.
 */
export function focusOnLifeStage(description: string, species: string, stage: string, options: Options = {}): Goal {
  return {
    description,
    ...options,
    check: (_g, t) => {
      if (t === null) return 'no';
      return t.life && t.life.species === species && currentStageName(t) === stage ? 'done' : 'fail';
    },
  };
}

/** At least `count` organisms of this kind at this stage are around the agent. */
export function lifeStageAnywhere(description: string, species: string, stage: string, count: number, options: Options = {}): Goal {
  return {
    stable: true,
    description,
    ...options,
    check: (g) => {
      let n = 0;
      for (const t of aroundAgent(g)) if (t.life && t.life.species === species && currentStageName(t) === stage) n++;
      return n >= count ? 'done' : 'no';
    },
  };
}
