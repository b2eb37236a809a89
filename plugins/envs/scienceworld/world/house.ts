/**
 * Builds ScienceWorld's house: ten locations (kitchen, bathroom, workshop, art studio, greenhouse, outside,
 * bedroom, living room, hallway, foundry) joined by closed doors, each furnished as in ScienceWorld. The
 * random choices (pictures, light and wire colours, which table, whether there is a book shelf, where the
 * shovel lies, where the agent starts) are drawn from `layout` in ScienceWorld's order, so that with the
 * JVM's generator seeded as ScienceWorld seeds it (the variation index) they come out as in ScienceWorld.
 */

import type { JvmRandom } from './jvm-random.ts';
import * as k from './kinds.ts';
import type { Thing, World } from './world.ts';

const PICTURE_TYPES = ['picture', 'drawing', 'painting', 'finger painting'];
const PICTURE_SUBJECTS = [
  'a cow',
  'a chicken',
  'a farm',
  'a lush green meadow',
  'rolling hills',
  'a wintery mountain',
  'a boat crossing a river',
  'the moon',
  'abstract shapes',
  'two people playing',
];
const ARTISTS = ['Alexandra', 'Owen', 'Bob', 'Lily'];

/** The books of the house (titles and authors as in ScienceWorld; the excerpts are short summaries). */
const BOOKS: [string, string, string][] = [
  ['Moby Dick', 'Herman Melville', 'A young sailor signs on to a whaling ship whose captain hunts a great white whale across the oceans.'],
  ['Frankenstein', 'Mary Wollstonecraft Shelley', 'An explorer in the far north writes home to his sister about a scientist who built a living creature.'],
  ['Sherlock Holmes', 'Arthur Conan Doyle', 'A doctor recounts the cases of his friend, a detective who reasons from the smallest details.'],
  ['Pride and Prejudice', 'Jane Austen', 'The Bennet family hears that a wealthy young man has taken the manor nearby.'],
  ['Beowulf', 'Beowulf poet', 'The poem tells of the Spear-Danes, their kings, and a hero who comes to fight a monster.'],
  [
    'The Foundations of the Origin of Species',
    'Charles Darwin',
    'On variation under domestication: organisms placed under new conditions vary, and selection acts on that variation.',
  ],
];

function randomPicture(w: World, r: JvmRandom, parent: number): Thing {
  const type = PICTURE_TYPES[r.nextInt(PICTURE_TYPES.length)];
  const subject = PICTURE_SUBJECTS[r.nextInt(PICTURE_SUBJECTS.length)];
  const artist = ARTISTS[r.nextInt(ARTISTS.length)];
  return k.picture(w, parent, type, subject, artist);
}

function maybeBookShelf(w: World, r: JvmRandom, parent: number): void {
  if (!r.nextBoolean()) return;
  const shelf = k.cup(w, 'book shelf', parent);
  const count = r.nextInt(4);
  for (let i = 0; i < count; i++) {
    // ScienceWorld draws from ten and draws again past its six books.
    let book = r.nextInt(10);
    while (book >= BOOKS.length) book = r.nextInt(10);
    const [title, author, text] = BOOKS[book];
    k.book(w, shelf.id, title, author, text);
  }
}

function kitchen(w: World, r: JvmRandom, parent: number, sewer: number): Thing {
  const room = k.room(w, 'kitchen', parent);
  k.sink(w, room.id, sewer);
  k.stove(w, room.id);
  const fridge = k.cooler(w, 'fridge', room.id);
  k.cooler(w, 'freezer', room.id);
  k.oven(w, room.id);
  const cupboard = k.cupboard(w, room.id);
  k.cup(w, 'metal pot', cupboard.id);
  k.cup(w, 'tin cup', cupboard.id);
  k.cup(w, 'ceramic cup', cupboard.id);
  const counter = k.counter(w, room.id);
  const bowl = k.cup(w, 'bowl', counter.id);
  for (const f of ['apple', 'banana', 'orange', 'potato']) k.food(w, f, bowl.id);
  const juiceCup = k.cup(w, 'wood cup', fridge.id);
  k.food(w, 'orange juice', juiceCup.id);
  k.thermometer(w, room.id);
  randomPicture(w, r, room.id);
  const table = k.table(w, room.id);
  k.cup(w, 'glass cup', table.id);
  k.chair(w, room.id);
  k.lighter(w, room.id);
  const jar = k.cup(w, 'glass jar', room.id);
  k.substanceThing(w, 'sodium chloride', jar.id);
  k.substanceThing(w, 'soap', room.id);
  k.stopwatch(w, room.id);
  return room;
}

function livingRoom(w: World, r: JvmRandom, parent: number): Thing {
  const room = k.room(w, 'living room', parent);
  k.couch(w, room.id);
  k.chair(w, room.id);
  const choice = r.nextInt(3);
  if (choice === 0) k.table(w, room.id);
  else if (choice === 1) k.table(w, room.id, 'steel');
  else k.desk(w, room.id);
  randomPicture(w, r, room.id);
  maybeBookShelf(w, r, room.id);
  return room;
}

function bedroom(w: World, r: JvmRandom, parent: number): Thing {
  const room = k.room(w, 'bedroom', parent);
  k.bed(w, room.id);
  k.table(w, room.id);
  k.closet(w, room.id);
  randomPicture(w, r, room.id);
  maybeBookShelf(w, r, room.id);
  return room;
}

function bathroom(w: World, r: JvmRandom, parent: number, sewer: number): Thing {
  const room = k.room(w, 'bathroom', parent);
  k.sink(w, room.id, sewer);
  k.toilet(w, room.id, sewer);
  k.sink(w, room.id, sewer, 'bathtub');
  k.cup(w, 'glass cup', room.id);
  randomPicture(w, r, room.id);
  return room;
}

function workshop(w: World, r: JvmRandom, parent: number): Thing {
  const room = k.room(w, 'workshop', parent);
  const table = k.table(w, room.id);
  const lights = r.shuffle(['red', 'green', 'blue', 'yellow', 'orange', 'violet']);
  for (let i = 0; i < 3; i++) k.lightBulb(w, lights[i], table.id);
  const wires = r.shuffle(['red', 'green', 'blue', 'yellow', 'orange', 'black']);
  for (let i = 0; i < 3; i++) k.wire(w, wires[i], table.id);
  k.electricSwitch(w, table.id);
  k.battery(w, table.id);
  k.cooler(w, 'ultra low temperature freezer', room.id);
  return room;
}

function greenhouse(w: World, parent: number, sewer: number): Thing {
  const room = k.room(w, 'greenhouse', parent);
  k.cup(w, 'jug', room.id);
  const hive = k.beeHive(w, room.id);
  for (let i = 0; i < 5; i++) k.animal(w, 'bee', hive.id).name = `bee ${i}`;
  k.sink(w, room.id, sewer);
  return room;
}

function artStudio(w: World, r: JvmRandom, parent: number): Thing {
  const room = k.room(w, 'art studio', parent);
  const table = k.table(w, room.id);
  const mixer = r.shuffle(['glass cup', 'bowl', 'jug'] as const)[0];
  k.cup(w, mixer, table.id);
  for (const color of ['red', 'blue', 'yellow']) k.paint(w, color, k.cup(w, 'wood cup', room.id).id);
  const cupboard = k.cupboard(w, room.id, 'large cupboard');
  for (const color of ['red', 'blue', 'yellow']) k.paint(w, color, k.cup(w, 'wood cup', cupboard.id).id);
  return room;
}

function outside(w: World, parent: number): Thing {
  const o = k.outside(w, parent);
  k.firePit(w, o.id);
  k.substanceThing(w, 'wood', o.id);
  k.axe(w, o.id);
  k.fountain(w, o.id);
  return o;
}

function foundry(w: World, parent: number, sewer: number): Thing {
  const room = k.room(w, 'foundry', parent);
  k.blastFurnace(w, room.id);
  k.sink(w, room.id, sewer);
  k.table(w, room.id, 'steel');
  return room;
}

export const LOCATION_NAMES = [
  'kitchen',
  'living room',
  'bedroom',
  'bathroom',
  'workshop',
  'greenhouse',
  'art studio',
  'hallway',
  'outside',
  'foundry',
] as const;

/** Builds the house and places the agent in a random location. */
export function buildHouse(w: World, layout: JvmRandom): void {
  const root = k.universe(w);
  w.state.root = root.id;
  const sewer = k.cup(w, 'metal pot', root.id, 'sewer');
  sewer.kind = 'container';
  sewer.hidden = true;
  sewer.movable = false;
  w.state.sewer = sewer.id;

  const rooms = {
    kitchen: kitchen(w, layout, root.id, sewer.id),
    livingRoom: livingRoom(w, layout, root.id),
    bedroom: bedroom(w, layout, root.id),
    bathroom: bathroom(w, layout, root.id, sewer.id),
    workshop: workshop(w, layout, root.id),
    greenhouse: greenhouse(w, root.id, sewer.id),
    artStudio: artStudio(w, layout, root.id),
    hallway: k.room(w, 'hallway', root.id),
    outside: outside(w, root.id),
    foundry: foundry(w, root.id, sewer.id),
  };
  randomPicture(w, layout, rooms.hallway.id);
  k.shovel(w, layout.nextInt(2) === 1 ? rooms.greenhouse.id : rooms.outside.id);

  const doors: [Thing, Thing][] = [
    [rooms.kitchen, rooms.hallway],
    [rooms.livingRoom, rooms.hallway],
    [rooms.bedroom, rooms.hallway],
    [rooms.bathroom, rooms.kitchen],
    [rooms.workshop, rooms.hallway],
    [rooms.greenhouse, rooms.hallway],
    [rooms.artStudio, rooms.hallway],
    [rooms.kitchen, rooms.outside],
    [rooms.greenhouse, rooms.outside],
    [rooms.foundry, rooms.outside],
  ];
  for (const [a, b] of doors) k.door(w, a.id, b.id);

  const agent = k.agent(w);
  const locations = w.locations().sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id - b.id));
  w.put(agent.id, locations[layout.nextInt(locations.length)].id);
}

/** Applies the simplifications that change the starting state. */
export function applySimplifications(w: World): void {
  const s = w.state.simplifications;
  for (const t of w.things) {
    if (s.openDoors && t.kind === 'door') t.portal!.open = true;
    if (s.openContainers && t.container?.closable) t.container.open = true;
  }
  w.changed();
}
