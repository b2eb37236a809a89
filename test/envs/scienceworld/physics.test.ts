import { describe, expect, it } from 'vitest';
import * as k from '../../../plugins/envs/scienceworld/world/kinds.ts';
import type { Thing } from '../../../plugins/envs/scienceworld/world/world.ts';
import { session, teleport } from './helpers.ts';

/**
 * The simulation the task types share: heat, combustion, water from taps, circuits, plant growth and
 * pollination, animal life stages and chemistry, each driven through the player's actions.
 */

/** A fresh episode with the agent in `location` and that room's id, to build a scene in. */
function scene(location: string) {
  const s = session('1-1', 0);
  teleport(s.w, location);
  const room = s.w.locationNamed(location)!;
  const run = (...actions: string[]) => actions.map((a) => s.step(a).observation);
  const waits = (n: number) => {
    for (let i = 0; i < n; i++) s.step('wait1');
  };
  return { s, w: s.w, room, run, waits };
}

function stillThere(t: Thing): boolean {
  return !t.deleted;
}

describe('thermodynamics', () => {
  it('a pot of water on a lit stove warms, then boils into steam', () => {
    const { s, w, room, run } = scene('kitchen');
    const pot = k.cup(w, 'tin cup', room.id);
    const water = k.substanceThing(w, 'water', pot.id);
    run('move tin cup to stove', 'activate stove');
    const before = water.material!.temperature;
    run('wait');
    expect(water.material!.temperature).toBeGreaterThan(before);
    for (let i = 0; i < 6 && water.material!.state === 'liquid'; i++) run('wait');
    expect(water.material!.state).toBe('gas');
    expect(s.step('look at tin cup').observation).toBe('a tin cup (containing a substance called steam)');
  });

  it('water in the freezer freezes into ice, and a thermometer reads the drop', () => {
    const { w, room, run } = scene('kitchen');
    const cup = k.cup(w, 'tin cup', room.id);
    const water = k.substanceThing(w, 'water', cup.id, 20);
    // The kitchen's own freezer.
    run('pick up thermometer', 'open freezer', 'move tin cup to freezer', 'close freezer');
    for (let i = 0; i < 8 && water.material!.state === 'liquid'; i++) run('wait');
    expect(water.material!.state).toBe('solid');
    expect(water.name).toBe('ice');
    const reading = run('open freezer', 'use thermometer on ice')[1];
    expect(Number(/(-?\d+) degrees celsius/.exec(reading)![1])).toBeLessThanOrEqual(0);
  });

  it('a lighter sets wood on fire in the fire pit, and it burns down to ash', () => {
    const { s, w, run } = scene('outside');
    k.lighter(w, w.inventory.id);
    // The wood lying outside.
    const wood = w.things.find((t) => t.name === 'wood' && w.locationOf(t.id)?.name === 'outside')!;
    run('move wood to fire pit');
    expect(s.step('use lighter on wood').observation).toBe('The wood catches fire.');
    expect(wood.material!.combusting).toBe(true);
    for (let i = 0; i < 15 && stillThere(wood); i++) run('wait');
    expect(stillThere(wood)).toBe(false);
    expect(s.step('look at fire pit').observation).toContain('ash');
  });
});

describe('water', () => {
  it('a running tap fills a container set under it, and stops when turned off', () => {
    const { s, w, room, run } = scene('kitchen');
    const cup = k.cup(w, 'tin cup', room.id);
    run('move tin cup to sink', 'activate sink');
    expect(cup.contents.map((id) => w.get(id).name)).toEqual(['water']);
    expect(s.step('deactivate sink').observation).toBe('The sink is now deactivated.');
    expect(s.step('look at sink').observation).toContain('a tin cup (containing a substance called water)');
  });

  it("a running tap's water goes down an open drain, and stays in the basin once the drain is closed", () => {
    const { s, run } = scene('kitchen');
    run('activate sink', 'wait1');
    expect(s.step('look at sink').observation).toMatch(/^a sink, which is turned on\. In the sink is: nothing\. The drain is open\.$/);
    run('close drain', 'wait1');
    expect(s.step('look at sink').observation).toMatch(/In the sink is: a substance called water\. The drain is closed\.$/);
    run('open drain', 'wait1');
    expect(s.step('look at sink').observation).toMatch(/In the sink is: nothing\. The drain is open\.$/);
  });
});

describe('electricity', () => {
  /** Battery, two wires and a light bulb wired in series through `middle` (another wire or a fork). */
  function bulbCircuit(forkMaterial: string | null) {
    const sc = scene('workshop');
    const { w, room, run } = sc;
    const battery = k.battery(w, room.id);
    battery.name = 'test battery';
    const bulb = k.lightBulb(w, 'purple', room.id);
    for (const c of ['left', 'right', 'middle']) k.wire(w, c, room.id);
    if (forkMaterial) k.item(w, `${forkMaterial} fork`, forkMaterial, room.id, ['fork']);
    const middle = forkMaterial ? `${forkMaterial} fork` : 'middle wire';
    run(
      'connect test battery anode to left wire terminal 1',
      'connect left wire terminal 2 to purple light bulb cathode',
      'connect purple light bulb anode to right wire terminal 1',
      `connect right wire terminal 2 to ${middle} terminal 1`,
      `connect ${middle} terminal 2 to test battery cathode`,
      'wait1',
    );
    return { ...sc, bulb };
  }

  it('a closed loop through a battery lights the bulb', () => {
    const { s, bulb } = bulbCircuit(null);
    expect(bulb.device!.activated).toBe(true);
    expect(s.step('look at purple light bulb').observation).toMatch(/^a purple light bulb, which is on/);
  });

  it('a metal fork in the loop conducts and a plastic one does not', () => {
    expect(bulbCircuit('metal').bulb.device!.activated).toBe(true);
    expect(bulbCircuit('plastic').bulb.device!.activated).toBe(false);
  });

  it('disconnecting a part opens the loop', () => {
    const { run, bulb } = bulbCircuit(null);
    run('disconnect middle wire', 'wait1');
    expect(bulb.device!.activated).toBe(false);
  });

  it('a solar panel powers a bulb only outdoors', () => {
    const wire = (where: string) => {
      const sc = scene(where);
      const { w, room, run } = sc;
      k.generator(w, 'solar panel', room.id);
      const bulb = k.lightBulb(w, 'purple', room.id);
      for (const c of ['left', 'right']) k.wire(w, c, room.id);
      run(
        'connect solar panel anode to left wire terminal 1',
        'connect left wire terminal 2 to purple light bulb cathode',
        'connect purple light bulb anode to right wire terminal 1',
        'connect right wire terminal 2 to solar panel cathode',
        'wait1',
      );
      return bulb.device!.activated;
    };
    expect(wire('outside')).toBe(true);
    expect(wire('workshop')).toBe(false);
  });
});

describe('biology', () => {
  function pot(w: ReturnType<typeof scene>['w'], room: Thing, species: string, stage: number, water = true) {
    const p = k.cup(w, 'flower pot', room.id);
    k.soil(w, p.id);
    if (water) k.substanceThing(w, 'water', p.id);
    return { pot: p, plant: k.plant(w, species, p.id, stage) };
  }

  it("grows at ScienceWorld's pace: seedling after 10 ticks, then with fresh water adult after 10 more and reproducing after 5", () => {
    const { s, w, room } = scene('greenhouse');
    const { pot: p, plant } = pot(w, room, 'apple', 0);
    const stageAfter = (ticks: number) => {
      for (let i = 0; i < ticks; i++) expect(s.step('look at sink').invalid).toBe(false); // one tick each
      return plant.life!.stage;
    };
    expect(stageAfter(9)).toBe(0);
    expect(stageAfter(1)).toBe(1); // the seed drank its water as it sprouted
    expect(stageAfter(3)).toBe(1); // and the seedling grows no further without more
    k.substanceThing(w, 'water', p.id);
    expect(stageAfter(9)).toBe(1);
    expect(stageAfter(1)).toBe(2);
    expect(stageAfter(4)).toBe(2);
    expect(stageAfter(1)).toBe(3);
  });

  it('a watered seed in soil grows into a seedling, and an unwatered one stays a seed', () => {
    const { w, room, waits } = scene('greenhouse');
    const watered = pot(w, room, 'peach', 0).plant;
    const dry = pot(w, room, 'peach', 0, false).plant;
    waits(3);
    expect([watered.name, watered.life!.stage]).toEqual(['peach seed', 0]);
    waits(4);
    expect([watered.name, watered.life!.stage]).toEqual(['peach tree', 1]);
    expect(dry.life!.stage).toBe(0);
  });

  it('a seedling left without water dies', () => {
    const { s, w, room, waits } = scene('greenhouse');
    const { plant } = pot(w, room, 'pea', 1, false);
    waits(12);
    expect(plant.life!.dead).toBe(true);
    expect(s.step('look at pea plant').observation).toContain('dead');
  });

  it('reproducing plants flower, and bees carry pollen between two of a kind until one bears fruit', () => {
    const { w, room, waits } = scene('greenhouse');
    const a = pot(w, room, 'apple', 3).plant;
    const b = pot(w, room, 'apple', 3).plant;
    for (const p of [a, b]) for (let i = 0; i < 3; i++) k.substanceThing(w, 'water', p.parent);
    for (let i = 0; i < 3; i++) k.animal(w, 'bee', room.id);
    const apples = () => w.things.filter((t) => t.name === 'apple' && t.kind !== 'plant').length;
    const before = apples();
    for (let i = 0; i < 40 && apples() === before; i++) waits(1);
    expect(apples()).toBeGreaterThan(before);
  });

  it('a frog egg hatches into a tadpole, grows into an adult frog and finally dies', () => {
    const { s, w, room, waits } = scene('outside');
    const frog = k.animal(w, 'frog', room.id);
    expect(s.look()).toContain('a frog egg');
    waits(10);
    expect(s.look()).toContain('a tadpole');
    waits(10);
    expect(s.look()).toContain('\ta adult frog\n'); // ScienceWorld writes "a" before every animal
    waits(26);
    expect(frog.life!.dead).toBe(true);
  });
});

describe('chemistry', () => {
  it('mixing red and blue paint makes violet paint; paint and paper make coloured paper', () => {
    const { s, w, room } = scene('art studio');
    const cup = k.cup(w, 'tin cup', room.id);
    k.paint(w, 'red', cup.id);
    k.paint(w, 'blue', cup.id);
    expect(s.step('mix tin cup').observation).toBe('Red and blue paint mix to produce violet paint.');
    expect(s.step('look at tin cup').observation).toBe('a tin cup (containing violet paint)');
    const tray = k.cup(w, 'ceramic cup', room.id);
    k.paper(w, tray.id);
    k.paint(w, 'green', tray.id);
    expect(s.step('mix ceramic cup').observation).toBe('Paper and blue paint mix to produce green paper.');
    expect(tray.contents.map((id) => w.get(id).name)).toEqual(['green paper']);
  });

  it("prints ScienceWorld's own messages for paint and sandwiches, odd as some are", () => {
    const { s, w, room } = scene('art studio');
    const mix = (things: [kind: 'paint' | 'food', name: string][]) => {
      const cup = k.cup(w, 'bowl', room.id);
      for (const [kind, name] of things) (kind === 'paint' ? k.paint : k.food)(w, name, cup.id);
      const r = s.step('mix bowl').observation;
      w.destroy(cup.id);
      return r;
    };
    expect(
      mix([
        ['paint', 'orange'],
        ['paint', 'red'],
      ]),
    ).toBe('Red and orange paint mix to produce red-orange paint.');
    expect(
      mix([
        ['paint', 'red'],
        ['paint', 'violet'],
      ]),
    ).toBe('Violet and red paint mix to produce violet-red paint.');
    expect(
      mix([
        ['paint', 'violet'],
        ['paint', 'blue'],
      ]),
    ).toBe('Blue and violet paint mix to produce blue-violet paint.');
    expect(
      mix([
        ['paint', 'blue'],
        ['paint', 'green'],
      ]),
    ).toBe('Blue and green paint mix to produce blue green paint.');
    expect(
      mix([
        ['food', 'bread'],
        ['food', 'jam'],
      ]),
    ).toBe('Bread and peanuts mix to produce a jam sandwich.');
    expect(
      mix([
        ['food', 'bread'],
        ['food', 'banana'],
      ]),
    ).toBe('Bread and peanuts mix to produce a banana sandwich.');
    expect(
      mix([
        ['food', 'bread'],
        ['food', 'peanut'],
        ['food', 'banana'],
      ]),
    ).toBe('Bread and peanuts and jam mix to produce a peanut butter with banana sandwich.');
  });

  it('salt and water make salt water, and unrelated things do not react', () => {
    const { s, w, room } = scene('kitchen');
    const cup = k.cup(w, 'tin cup', room.id);
    k.substanceThing(w, 'water', cup.id);
    k.substanceThing(w, 'sodium chloride', cup.id);
    expect(s.step('mix tin cup').observation).toBe('Sodium chloride and water mix to produce salt water.');
    expect(cup.contents.map((id) => w.get(id).name)).toEqual(['salt water']);
    const other = k.cup(w, 'paper cup', room.id);
    k.item(w, 'nail', 'iron', other.id);
    k.food(w, 'potato', other.id);
    expect(s.step('mix paper cup').observation).toMatch(/does not appear to produce anything new/);
  });
});
