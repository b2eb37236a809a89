/**
 * The world's state: a tree of things (locations contain furniture, furniture contains objects, …) plus
 * doors between locations. Everything here is plain data, so `clone()` is a structured copy; behaviour
 * lives in the modules that read and change it (thermal, electrical, life, devices, actions).
 *
 * Ids are creation order. Lists of things are printed sorted by (name, id), as ScienceWorld prints them.
 */
import { type Substance, substance } from './materials.ts';
import { type RngState, seedRng } from './rng.ts';

export type StateOfMatter = 'solid' | 'liquid' | 'gas';

export interface ContainerProps {
  /** Things can be put in it. */
  isContainer: boolean;
  open: boolean;
  /** It has a door or lid that opens and closes. */
  closable: boolean;
}

export interface DeviceProps {
  /** Can be turned on and off with activate/deactivate. */
  activable: boolean;
  activated: boolean;
  /** Can be used on something (`use thermometer on water`). */
  usable: boolean;
  /** Broken devices refuse to change state (a task may break the kitchen stove). */
  broken: boolean;
}

export interface MaterialState {
  substance: string;
  temperature: number;
  state: StateOfMatter;
  combusting: boolean;
  combusted: boolean;
  /** Ticks left to burn before turning to ash. */
  combustionTicks: number;
  /** The substance's constants, copied in at creation (with any overrides) so the tick loop need not look them up. */
  k: number;
  meltingPoint: number;
  boilingPoint: number;
  combustionPoint: number;
  conductive: boolean;
  /** Per-thing overrides of the substance's constants (unknown substances, conductive test items). */
  overrides?: Partial<Pick<Substance, 'meltingPoint' | 'boilingPoint' | 'combustionPoint' | 'electricallyConductive' | 'names'>>;
}

export interface PortalProps {
  open: boolean;
  /** The two sides: locations for a door; a device and the sewer for a drain. */
  from: number;
  to: number;
}

/** Life cycle state of a plant or an animal (see `life.ts` for the cycles). */
export interface LifeState {
  /** `plant`, or the animal's cycle (`mammal`, `bird`, `butterfly`, `frog`, `reptile`, `insect`). */
  cycle: string;
  /** What kind of organism: `apple`, `pea`, `giant tortoise`, `bee`, … */
  species: string;
  stage: number;
  /** Ticks spent meeting the conditions of the current stage. */
  progress: number;
  withoutWater: number;
  withoutSoil: number;
  outOfTemperature: number;
  sickly: boolean;
  dead: boolean;
  /** Typical lifespan in years (animals; used by lifespan tasks). */
  lifespan: number;
}

/** Electrical role of a component. Ordinary things conduct only if their material does. */
export type ElectricalRole = 'source' | 'user' | 'switch' | 'wire';

export interface Thing {
  id: number;
  /** Which description, referents and behaviour apply (see `kinds.ts`). */
  kind: string;
  name: string;
  /** Containing thing, or -1 for the universe root and detached things. */
  parent: number;
  /**
   * Contained things, ascending by id. Never changed in place: `put` and `detach` give the container a new
   * list, so a list in hand is a snapshot (the tick walks them while things move) and copies of a world can
   * share the lists of things they have not moved.
   */
  contents: readonly number[];
  /** Portals attached to this thing (doors of a location, the drain of a sink). */
  portals?: number[];
  hidden?: boolean;
  deleted?: boolean;
  movable: boolean;
  container?: ContainerProps;
  device?: DeviceProps;
  material?: MaterialState;
  edible?: boolean;
  portal?: PortalProps;
  /** A heat source's maximum temperature (stove 260 °C, oven 540 °C, blast furnace 3000 °C). */
  heater?: number;
  /** A cooling source's minimum temperature (fridge 2 °C, freezer −18 °C, …). */
  cooler?: number;
  electrical?: ElectricalRole;
  /** Connections of this thing's two terminals: the terminal id each is linked to, or 0. */
  links?: [number, number];
  /** Powered/on state computed by the circuit solver (light bulbs, motors, buzzers; generators producing). */
  powered?: boolean;
  life?: LifeState;
  /** Kind-specific extras (colour, a picture's subject, a book's author, pollination step, …). */
  data: Record<string, string | number | boolean>;
  /**
   * Bumped by every change recorded for this thing or for something it directly holds, so what is derived
   * from a thing's name, state and contents (the names a player may call it) can be kept until it moves.
   */
  rev: number;
}

/** Simplifications ScienceWorld offers (see the plugin options). */
export interface Simplifications {
  teleportAction: boolean;
  openDoors: boolean;
  openContainers: boolean;
  selfWateringFlowerPots: boolean;
  noElectricalAction: boolean;
}

export const NO_SIMPLIFICATIONS: Simplifications = {
  teleportAction: false,
  openDoors: false,
  openContainers: false,
  selfWateringFlowerPots: false,
  noElectricalAction: false,
};

export interface WorldState {
  things: Thing[];
  root: number;
  agent: number;
  inventory: number;
  sewer: number;
  /** Ticks simulated so far. */
  time: number;
  /** Bumped on every change that can alter names, containment or what actions are valid. */
  version: number;
  /** Bumped by changes that are not tied to one place (they invalidate every location's caches). */
  epoch: number;
  /** Per location id: bumped by changes to things in that location (so caches of other places survive). */
  placeVersions: number[];
  rng: RngState;
  simplifications: Simplifications;
}

function cloneThing(t: Thing): Thing {
  return {
    id: t.id,
    kind: t.kind,
    name: t.name,
    parent: t.parent,
    // Shared: lists of contents are replaced, never changed in place (see `Thing.contents`).
    contents: t.contents,
    portals: t.portals?.slice(),
    hidden: t.hidden,
    deleted: t.deleted,
    movable: t.movable,
    container: t.container && { ...t.container },
    device: t.device && { ...t.device },
    material: t.material && { ...t.material },
    edible: t.edible,
    portal: t.portal && { ...t.portal },
    heater: t.heater,
    cooler: t.cooler,
    electrical: t.electrical,
    links: t.links && [t.links[0], t.links[1]],
    powered: t.powered,
    life: t.life && { ...t.life },
    data: { ...t.data },
    rev: t.rev,
  };
}

export class World {
  state: WorldState;
  /**
   * Things that exist only within one tick (the water a running tap puts in a basin whose drain takes it
   * away again). Their coming and going changes nothing anyone can see between ticks, so it is not recorded
   * as a change (see `changed`): caches of names, scopes, valid actions and goals stay valid.
   */
  private readonly transient = new Set<number>();
  private quiet = false;

  constructor(seed: number, simplifications: Simplifications = NO_SIMPLIFICATIONS, state?: WorldState) {
    this.state = state ?? {
      things: [],
      root: -1,
      agent: -1,
      inventory: -1,
      sewer: -1,
      time: 0,
      version: 0,
      epoch: 0,
      placeVersions: [],
      rng: seedRng(seed),
      simplifications: { ...simplifications },
    };
  }

  /** A deep copy (by hand: several times faster than `structuredClone` on a house of things). */
  clone(): World {
    const s = this.state;
    return new World(0, undefined, {
      things: s.things.map(cloneThing),
      root: s.root,
      agent: s.agent,
      inventory: s.inventory,
      sewer: s.sewer,
      time: s.time,
      version: s.version,
      epoch: s.epoch,
      placeVersions: s.placeVersions.slice(),
      rng: [s.rng[0], s.rng[1], s.rng[2], s.rng[3]],
      simplifications: { ...s.simplifications },
    });
  }

  get things(): Thing[] {
    return this.state.things;
  }

  get(id: number): Thing {
    return this.state.things[id];
  }

  get agent(): Thing {
    return this.state.things[this.state.agent];
  }

  get inventory(): Thing {
    return this.state.things[this.state.inventory];
  }

  /**
   * Records a change to a thing (or, without an id, to the world at large). Caches of what can be done in a
   * location (scopes, valid actions, room text) key on that location's version and the epoch.
   */
  changed(id?: number): void {
    // A thing that comes and goes within one tick changes nothing seen between ticks: no cache need know.
    if (this.quiet) return;
    this.state.version++;
    if (id === undefined) {
      this.state.epoch++;
      return;
    }
    const thing = this.state.things[id];
    thing.rev++;
    if (thing.parent >= 0) this.state.things[thing.parent].rev++;
    const place = this.locationOf(id);
    if (place) this.state.placeVersions[place.id] = (this.state.placeVersions[place.id] ?? 0) + 1;
  }

  /** A cache key for what can be seen and done in a location. */
  placeKey(location: number): string {
    return `${location}:${this.state.placeVersions[location] ?? 0}:${this.state.epoch}`;
  }

  /** Adds a thing; `parent` -1 leaves it detached (a task places it later). */
  create(fields: Omit<Thing, 'id' | 'contents' | 'parent' | 'data' | 'movable' | 'rev'> & Partial<Pick<Thing, 'data' | 'movable'>>, parent = -1): Thing {
    // Every thing gets every field, in one order, so the simulation's hot loops see a single object shape.
    const thing: Thing = {
      id: this.state.things.length,
      kind: fields.kind,
      name: fields.name,
      parent: -1,
      contents: [],
      portals: fields.portals,
      hidden: fields.hidden ?? false,
      deleted: false,
      movable: fields.movable ?? true,
      container: fields.container,
      device: fields.device,
      material: fields.material,
      edible: fields.edible ?? false,
      portal: fields.portal,
      heater: fields.heater,
      cooler: fields.cooler,
      electrical: fields.electrical,
      links: fields.links,
      powered: fields.powered ?? false,
      life: fields.life,
      data: fields.data ?? {},
      rev: 0,
    };
    this.state.things.push(thing);
    if (parent >= 0) this.put(thing.id, parent);
    else this.state.version++;
    return thing;
  }

  /** Moves a thing into a container (keeping the container's contents ordered by id). */
  put(id: number, into: number): void {
    const thing = this.get(id);
    if (thing.parent === into) return;
    this.detach(id);
    const container = this.get(into);
    const contents = container.contents;
    let i = contents.length;
    while (i > 0 && contents[i - 1] > id) i--;
    const next = contents.slice(0, i);
    next.push(id);
    for (; i < contents.length; i++) next.push(contents[i]);
    container.contents = next;
    thing.parent = into;
    this.changed(id);
  }

  detach(id: number): void {
    const thing = this.get(id);
    if (thing.parent < 0) return;
    this.changed(id);
    const container = this.get(thing.parent);
    const at = container.contents.indexOf(id);
    if (at >= 0) container.contents = container.contents.filter((c) => c !== id);
    thing.parent = -1;
  }

  /** Removes a thing from the simulation, optionally spilling its contents into its container. */
  destroy(id: number, spillContents = false): void {
    const thing = this.get(id);
    if (spillContents && thing.parent >= 0) for (const c of thing.contents.slice()) this.put(c, thing.parent);
    this.disconnect(id);
    this.changed(id);
    this.detach(id);
    thing.deleted = true;
  }

  /** Creates a thing that will be destroyed (with `destroyTransient`) before the tick ends. */
  createTransient(make: () => Thing): Thing {
    this.quiet = true;
    try {
      const thing = make();
      this.transient.add(thing.id);
      return thing;
    } finally {
      this.quiet = false;
    }
  }

  isTransient(id: number): boolean {
    return this.transient.has(id);
  }

  destroyTransient(id: number): void {
    this.quiet = true;
    try {
      this.destroy(id);
      this.transient.delete(id);
    } finally {
      this.quiet = false;
    }
  }

  rename(id: number, name: string): void {
    const thing = this.get(id);
    if (thing.name !== name) {
      thing.name = name;
      this.changed(id);
    }
  }

  /** A door or drain opened or closed: both sides see it. */
  portalChanged(portal: Thing): void {
    this.changed(portal.portal!.from);
    this.changed(portal.portal!.to);
  }

  addPortal(on: number, portal: number): void {
    const thing = this.get(on);
    (thing.portals ??= []).push(portal);
  }

  // ─────────────────────────────── places ───────────────────────────────

  isLocation(thing: Thing): boolean {
    return thing.kind === 'room' || thing.kind === 'outside';
  }

  /** The location a thing is in (itself for a location), or null for detached things. */
  locationOf(id: number): Thing | null {
    let thing: Thing | undefined = this.get(id);
    for (let guard = 0; thing && guard < 64; guard++) {
      if (this.isLocation(thing)) return thing;
      thing = thing.parent >= 0 ? this.get(thing.parent) : undefined;
    }
    return null;
  }

  /** The location the agent stands in. */
  here(): Thing {
    return this.get(this.agent.parent);
  }

  locations(): Thing[] {
    return this.get(this.state.root)
      .contents.map((id) => this.get(id))
      .filter((t) => this.isLocation(t));
  }

  locationNamed(name: string): Thing | undefined {
    return this.locations().find((l) => l.name === name);
  }

  /** The other side of a portal, seen from `side`. */
  across(portal: Thing, side: number): number {
    return portal.portal!.from === side ? portal.portal!.to : portal.portal!.from;
  }

  /** Whether `id` is somewhere inside `ancestor`. */
  isInside(id: number, ancestor: number): boolean {
    let cur = this.get(id).parent;
    for (let guard = 0; cur >= 0 && guard < 64; guard++) {
      if (cur === ancestor) return true;
      cur = this.get(cur).parent;
    }
    return false;
  }

  /** All things below `id`, depth first, in id order (not `id` itself). */
  descendants(id: number, out: Thing[] = []): Thing[] {
    for (const c of this.get(id).contents) {
      const thing = this.get(c);
      out.push(thing);
      this.descendants(c, out);
    }
    return out;
  }

  // ─────────────────────────────── materials ───────────────────────────────

  substanceOf(thing: Thing): Substance | undefined {
    return thing.material ? substance(thing.material.substance) : undefined;
  }

  meltingPoint(m: MaterialState): number {
    return m.meltingPoint;
  }

  boilingPoint(m: MaterialState): number {
    return m.boilingPoint;
  }

  combustionPoint(m: MaterialState): number {
    return m.combustionPoint;
  }

  isConductive(thing: Thing): boolean {
    return thing.material?.conductive ?? false;
  }

  stateNames(m: MaterialState): Substance['names'] {
    return m.overrides?.names ?? substance(m.substance).names;
  }

  // ─────────────────────────────── terminals ───────────────────────────────

  /**
   * Electrical terminals are not things of their own: terminal `slot` (0 or 1) of thing `owner` has the id
   * −(2·owner + slot + 1). Wires and components show theirs; any other thing has two hidden ones, so it can
   * be wired into a circuit to test its conductivity.
   */
  terminalId(owner: number, slot: 0 | 1): number {
    return -(2 * owner + slot + 1);
  }

  terminalOwner(tid: number): number {
    return Math.floor((-tid - 1) / 2);
  }

  terminalSlot(tid: number): 0 | 1 {
    return ((-tid - 1) % 2) as 0 | 1;
  }

  hasTerminals(thing: Thing): boolean {
    return !(this.isLocation(thing) || thing.portal || thing.kind === 'universe' || thing.kind === 'agent' || thing.kind === 'inventory');
  }

  linkOf(tid: number): number {
    return this.get(this.terminalOwner(tid)).links?.[this.terminalSlot(tid)] ?? 0;
  }

  connect(a: number, b: number): void {
    const [oa, ob] = [this.get(this.terminalOwner(a)), this.get(this.terminalOwner(b))];
    (oa.links ??= [0, 0])[this.terminalSlot(a)] = b;
    (ob.links ??= [0, 0])[this.terminalSlot(b)] = a;
    this.changed(oa.id);
    this.changed(ob.id);
  }

  /** Removes every connection of a thing's terminals. */
  disconnect(owner: number): boolean {
    const links = this.get(owner).links;
    if (!links) return false;
    let any = false;
    for (const slot of [0, 1] as const) {
      const other = links[slot];
      if (other) {
        const o = this.get(this.terminalOwner(other));
        if (o.links) o.links[this.terminalSlot(other)] = 0;
        links[slot] = 0;
        any = true;
        this.changed(o.id);
      }
    }
    if (any) this.changed(owner);
    return any;
  }

  isElectricallyConnected(owner: number): boolean {
    const links = this.get(owner).links;
    return !!links && (links[0] !== 0 || links[1] !== 0);
  }
}
