import { describe, expect, it } from 'vitest';
import { findTask, PAPER_TASK_IDS } from '../../../plugins/envs/scienceworld/tasks/registry.ts';
import { JvmRandom } from '../../../plugins/envs/scienceworld/world/jvm-random.ts';
import { session } from './helpers.ts';
import { findVariations, lifeStages1Variations, lifeStages2Variations, lifespanVariations, REAL_DESCRIPTIONS } from './real-variations.ts';

/**
 * The same variation index gives the same task as the real ScienceWorld: for every variation of the 24
 * paper task types (train, dev and test), the description equals the one the real task definitions make,
 * and where the description does not show them, the living things equal the real ones.
 */

describe('variations as the real ScienceWorld numbers them', () => {
  for (const id of PAPER_TASK_IDS) {
    it(`${id}: every variation's description is the real one`, () => {
      const task = findTask(id)!;
      const real = REAL_DESCRIPTIONS[id]();
      const ours = task.variations().map((p) => task.description(p).trim());
      expect(ours.length).toBe(real.length);
      const differing = ours.map((d, v) => ({ v, d, real: real[v] })).filter((x) => x.d !== x.real);
      expect(differing.slice(0, 3)).toEqual([]);
    });
  }

  it('4-x: the animals and plants of each variation are the real ones', () => {
    const real = findVariations();
    for (const id of ['4-1', '4-2', '4-3', '4-4']) {
      const ours = findTask(id)!.variations();
      expect(ours.map((p) => [p.animals, p.plants])).toEqual(real.map((r) => [r.animals, r.plants]));
    }
  });

  it('7-x: the three animals of each variation are the real ones', () => {
    const real = lifespanVariations();
    for (const id of ['7-1', '7-2', '7-3']) expect(findTask(id)!.variations()).toEqual(real);
  });

  it('8-x: the organism and the other animals outside are the real ones', () => {
    expect(
      findTask('8-1')!
        .variations()
        .map((p) => [p.species, p.distractors]),
    ).toEqual(lifeStages1Variations().map((r) => [r.animal, r.distractors]));
    expect(
      findTask('8-2')!
        .variations()
        .map((p) => [p.species, p.distractors]),
    ).toEqual(lifeStages2Variations().map((r) => [r.animal, r.distractors]));
  });

  it('the episode states the description, trimmed as the real env trims it', () => {
    const s = session('2-1', 300);
    expect(s.description).toBe(REAL_DESCRIPTIONS['2-1']()[300]);
  });

  it('published transcripts agree: find-plant 191, find-animal 0, boil 14', () => {
    // Task texts of real episodes named by task and variation.
    expect(REAL_DESCRIPTIONS['4-3']()[191]).toBe(
      'Your task is to find a(n) plant. First, focus on the thing. Then, move it to the purple box in the bathroom.',
    );
    expect(REAL_DESCRIPTIONS['4-4']()[0]).toBe('Your task is to find a(n) animal. First, focus on the thing. Then, move it to the red box in the kitchen.');
    expect(REAL_DESCRIPTIONS['1-1']()[14]).toMatch(/^Your task is to boil ice cream\. /);
  });
});

describe('the house as the real ScienceWorld draws it', () => {
  it('starts the agent where published transcripts start: boil v0 and find-animal v0 in the hallway, find-animal v22 in the living room', () => {
    expect(session('1-1', 0).w.here().name).toBe('hallway');
    expect(session('4-4', 0).w.here().name).toBe('hallway');
    expect(session('4-4', 22).w.here().name).toBe('living room');
    // The house does not depend on the task, only on the variation index.
    expect(session('6-1', 22).w.here().name).toBe('living room');
  });

  it('hangs the picture published transcripts show in the hallway of boil v0', () => {
    expect(session('1-1', 0).look()).toContain('\n\ta picture\n');
  });
});

describe('the JVM generator the real tasks draw from', () => {
  it('gives the numbers java.util.Random gives for the same seeds', () => {
    // Printed by java.util.Random (OpenJDK 17), and by Scala's shuffle algorithm over it.
    const r = new JvmRandom(0);
    expect([r.nextInt(10), r.nextInt(7), r.nextBoolean(), r.nextInt(1000000), r.nextInt(16)]).toEqual([0, 2, false, 116447, 10]);
    const s = new JvmRandom(123456);
    expect([s.nextInt(3), s.nextInt(2147483647)]).toEqual([0, 1894235447]);
    const items = Array.from({ length: 14 }, (_, i) => i);
    expect(new JvmRandom(0).shuffle(items)).toEqual([9, 0, 8, 6, 7, 3, 11, 4, 2, 10, 13, 1, 5, 12]);
    expect(new JvmRandom(1).shuffle(items)).toEqual([5, 13, 6, 12, 3, 10, 1, 2, 9, 4, 8, 7, 0, 11]);
  });
});
