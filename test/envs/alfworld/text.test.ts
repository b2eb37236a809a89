import { describe, expect, it } from 'vitest';
import { byListingOrder } from '../../../plugins/envs/alfworld/layouts.ts';
import * as T from '../../../plugins/envs/alfworld/text.ts';
import { classOf, listingKey } from '../../../plugins/envs/alfworld/vocabulary.ts';
import { episodes, open, replayExpert } from './helpers.ts';

describe('alfworld text', () => {
  it('lists things as TextWorld does: "a" always, and ", and " before the last even for two', () => {
    expect(T.joinList([])).toBe('nothing');
    expect(T.joinList(['a egg 1'])).toBe('a egg 1');
    expect(T.joinList(['a candle 1', 'a spraybottle 2'])).toBe('a candle 1, and a spraybottle 2');
    expect(T.joinList(['a cup 2', 'a egg 1', 'a mug 1'])).toBe('a cup 2, a egg 1, and a mug 1');
  });

  it("describes receptacles, objects and the inventory in ALFWorld's words", () => {
    expect(T.receptacleView('countertop 1', false, false, 'a apple 1')).toBe('On the countertop 1, you see a apple 1.');
    expect(T.receptacleView('fridge 1', true, false, '')).toBe('The fridge 1 is closed.');
    expect(T.receptacleView('fridge 1', true, true, 'nothing')).toBe('The fridge 1 is open. In it, you see nothing.');
    const plain = { hot: false, cool: false, clean: false, sliced: false };
    expect(T.objectView('apple 1', plain)).toBe("There's nothing special about apple 1.");
    expect(T.objectView('apple 1', { ...plain, hot: true })).toBe('This is a hot apple 1.');
    expect(T.objectView('apple 1', { ...plain, cool: true })).toBe('This is a cold apple 1.');
    expect(T.objectView('apple 1', { ...plain, clean: true, hot: true })).toBe('This is a hot and clean apple 1.');
    expect(T.objectView('apple 1', { ...plain, sliced: true, cool: true })).toBe('This is a cool sliced apple 1.');
    expect(T.objectView('mug 1', { ...plain, hot: true, contents: 'nothing' })).toBe('This is a normal mug 1. In it, you see nothing.');
    expect(T.objectView('desklamp 1', { ...plain, on: true })).toBe('This desklamp 1 is on.');
    expect(T.inventory(undefined)).toBe('You are not carrying anything.');
    expect(T.inventory('a apple 1')).toBe('You are carrying: a apple 1.');
    expect(T.facing('sinkbasin 1')).toBe('You are facing the sinkbasin 1. Next to it, you see nothing.');
  });

  it('prints arrivals and placing in the current and the legacy grammar', () => {
    expect(T.arrival('current', 'cabinet 2', 7, 'The cabinet 2 is closed.')).toBe('You arrive at cabinet 2. The cabinet 2 is closed.');
    expect(T.arrival('legacy', 'cabinet 2', 7, 'The cabinet 2 is closed.')).toBe('You arrive at loc 7. The cabinet 2 is closed.');
    expect(T.placed('current', 'apple 1', 'fridge 1')).toBe('You move the apple 1 to the fridge 1.');
    expect(T.placed('legacy', 'apple 1', 'fridge 1')).toBe('You put the apple 1 in/on the fridge 1.');
  });

  it('opens an episode with the welcome banner, the room and the task', () => {
    const episode = episodes('unseen')[0];
    const reset = open(episode).reset();
    const [banner, room, task] = reset.observation.split('\n\n');
    expect(banner).toBe('-= Welcome to TextWorld, ALFRED! =-');
    expect(room).toMatch(/^You are in the middle of a room\. Looking quickly around you, you see (a [a-z]+ \d+, )+and a [a-z]+ \d+\.$/);
    expect(task).toMatch(/^Your task is to: .+\.$/);
    expect(reset.task).toBe(task);
    expect(reset.info?.look).toBe(room);
  });

  it('lists receptacles in ALFWorld order: by class id, numbers descending', () => {
    for (const episode of episodes('unseen').slice(0, 40)) {
      const room = open(episode).reset().observation.split('\n\n')[1];
      const listed = [...room.matchAll(/a ([a-z]+) (\d+)/g)].map((m) => ({ key: listingKey(classOf(m[1])!), num: Number(m[2]) }));
      for (let i = 1; i < listed.length; i++) {
        const [prev, cur] = [listed[i - 1], listed[i]];
        if (cur.key === prev.key) expect(cur.num).toBe(prev.num - 1);
        else {
          expect(cur.key > prev.key).toBe(true);
          expect(prev.num).toBe(1);
        }
      }
    }
    // toiletpaperhanger before toilet, and cd before candle: ALFWorld compares raw ids.
    const order = [
      { cls: 'Toilet', num: 1 },
      { cls: 'ToiletPaperHanger', num: 1 },
    ].sort(byListingOrder);
    expect(order.map((o) => o.cls)).toEqual(['ToiletPaperHanger', 'Toilet']);
    expect(
      [
        { cls: 'Candle', num: 1 },
        { cls: 'CD', num: 1 },
      ].sort(byListingOrder)[0].cls,
    ).toBe('CD');
  });

  it('differs between grammars only in arrivals, placing and help', () => {
    for (const episode of episodes('unseen').slice(0, 30)) {
      const current = replayExpert(episode, { grammar: 'current' }).map((r) => r.observation);
      const legacy = replayExpert(episode, { grammar: 'legacy' }).map((r) => r.observation);
      expect(legacy).toHaveLength(current.length);
      for (let i = 0; i < current.length; i++) {
        const c = current[i].replace(/^You arrive at [a-z]+ \d+\. /, 'ARRIVE ').replace(/^You move the (.+) to the (.+)\.$/, 'PLACE $1 $2');
        const l = legacy[i].replace(/^You arrive at loc \d+\. /, 'ARRIVE ').replace(/^You put the (.+) in\/on the (.+)\.$/, 'PLACE $1 $2');
        expect(l).toBe(c);
      }
    }
  });

  it("accepts each grammar's own placing command only", () => {
    const episode = episodes('unseen').find((e) => e.task === 'pick_and_place_simple')!;
    for (const grammar of ['current', 'legacy'] as const) {
      const env = open(episode, { grammar });
      env.reset();
      const steps = env.expert().subtasks.flatMap((s) => s.steps.map((x) => x.action));
      for (const action of steps.slice(0, -1)) env.step(action);
      const last = steps[steps.length - 1];
      const m = /^(?:move (.+) to (.+)|put (.+) in\/on (.+))$/.exec(last)!;
      const [item, recep] = grammar === 'current' ? [m[1], m[2]] : [m[3], m[4]];
      const other = grammar === 'current' ? `put ${item} in/on ${recep}` : `move ${item} to ${recep}`;
      expect(env.step(other)).toMatchObject({ observation: 'Nothing happens.', invalid: true, success: false });
      expect(env.validActions()).not.toContain(other);
      expect(env.validActions()).toContain(last);
      expect(env.step(last)).toMatchObject({ invalid: false, success: true, reward: 1, score: 100, done: true });
    }
  });

  it('answers help in the current grammar only', () => {
    const episode = episodes('seen')[0];
    const current = open(episode, { grammar: 'current' });
    current.reset();
    expect(current.validActions()).toContain('help');
    const help = current.step('help');
    expect(help.observation).toBe(T.HELP);
    expect(help.observation).toContain('  move (object) to (receptacle):  place an object in or on a receptacle');
    const legacy = open(episode, { grammar: 'legacy' });
    legacy.reset();
    expect(legacy.validActions()).not.toContain('help');
    expect(legacy.step('help').observation).toBe('Nothing happens.');
  });

  it('says "Nothing happens." to anything it cannot do, and never throws', () => {
    const env = open(episodes('unseen')[5]);
    env.reset();
    const junk: unknown[] = [
      undefined,
      null,
      42,
      '',
      '   ',
      'go',
      'go to',
      'go to nowhere 1',
      'take',
      'take apple 1 from',
      'open the fridge',
      'jump',
      'put',
      'move',
      'heat',
      'examine',
      'use',
      'slice bread 1 with',
      '🍎',
      'x'.repeat(10_000),
      'look around',
      'inventory please',
    ];
    for (const action of junk) {
      const result = env.step(action as string);
      expect(result).toMatchObject({ observation: 'Nothing happens.', invalid: true, reward: 0, done: false, success: false });
    }
  });

  it('matches a command as TextWorld does: verbatim once stripped, so case and inner spacing count', () => {
    for (const grammar of ['current', 'legacy'] as const) {
      const episode = episodes('unseen')[3];
      const a = open(episode, { grammar }),
        b = open(episode, { grammar });
      a.reset();
      b.reset();
      const target = a.validActions().find((x) => x.startsWith('go to '))!;
      expect(b.step(`  ${target}\t\n`)).toEqual(a.step(target));
      const here = target.slice('go to '.length);
      for (const variant of [`Examine ${here.toUpperCase()}`, `EXAMINE ${here}`, `examine  ${here}`, `examine\t${here}`, `Look`, `INVENTORY`]) {
        expect(a.step(variant), variant).toMatchObject({ observation: 'Nothing happens.', invalid: true });
      }
      expect(a.step(`examine ${here}`).invalid).toBe(false);
    }
  });
});
