import { describe, expect, it } from 'vitest';
import { NO_MATCH, Session } from '../../../plugins/envs/scienceworld/engine/session.ts';
import { findTask } from '../../../plugins/envs/scienceworld/tasks/registry.ts';
import * as k from '../../../plugins/envs/scienceworld/world/kinds.ts';
import { NO_SIMPLIFICATIONS } from '../../../plugins/envs/scienceworld/world/world.ts';
import { makeEnv, session, teleport } from './helpers.ts';

describe('ScienceWorld text', () => {
  it('describes a room as ScienceWorld does: objects with their state, then the doors', () => {
    const s = session('1-1', 0);
    teleport(s.w, 'kitchen');
    const look = s.look();
    expect(look.startsWith('This room is called the kitchen. In it, you see: \n\tthe agent\n\ta substance called air\n')).toBe(true);
    expect(look).toContain('\ta stove, which is turned off. On the stove is: nothing.\n');
    expect(look).toContain('\ta fridge. The fridge door is closed. \n');
    expect(look).toContain('\ta oven, which is turned off. The oven door is closed. \n');
    expect(look).toContain('\ta counter. On the counter is: a bowl (containing a red apple, a banana, an orange, a potato), a drawer.\n');
    expect(look).toContain('\ta thermometer, currently reading a temperature of 10 degrees celsius\n');
    expect(look).toContain('\ta table. On the table is: a glass cup (containing nothing).\n');
    expect(
      look.endsWith(
        'You also see:\n\tA door to the bathroom (that is closed)\n\tA door to the hallway (that is closed)\n\tA door to the outside (that is closed)\n',
      ),
    ).toBe(true);
    expect(s.inventory()).toBe('In your inventory, you see:\n\tan orange\n');
  });

  it('describes the outside and the electrical parts of the workshop', () => {
    const s = session('1-1', 0);
    teleport(s.w, 'outside');
    expect(s.look()).toMatch(/^This outside location is called the outside\. Here you see: \n/);
    expect(s.look()).toContain('\tthe ground\n');
    teleport(s.w, 'workshop');
    expect(s.look()).toMatch(/a table\. On the table is: a battery, .*a switch, which is off, /);
    expect(s.look()).toMatch(/ light bulb, which is off/);
  });

  it('answers actions with ScienceWorld feedback, trimmed and with runs of spaces collapsed', () => {
    const s = session('1-1', 0);
    teleport(s.w, 'kitchen');
    expect(s.step('look at fridge').observation).toBe('a fridge. The fridge door is closed.');
    expect(s.step('open fridge').observation).toBe('The fridge is now open.');
    const again = s.step('open fridge');
    expect([again.observation, again.invalid]).toEqual(['The fridge is already open.', true]);
    expect(s.step('pick up thermometer').observation).toBe('You move the thermometer to the inventory.');
    expect(s.step('use thermometer on orange juice').observation).toMatch(/^the thermometer measures a temperature of \d+ degrees celsius$/);
    expect(s.step('focus on orange juice').observation).toBe('You focus on the orange juice.');
    expect(s.step('go to hallway').observation).toBe('The door is not open.');
    expect(s.step('open door to hallway').observation).toBe('The door is now open.');
    expect(s.step('go to hallway').observation).toBe('You move to the hallway.');
    expect(s.step('inventory').observation).toBe(
      'In your inventory, you see:\n\tan orange\n\ta thermometer, currently reading a temperature of 10 degrees celsius',
    );
  });

  it('waits ten ticks (eleven in all, as ScienceWorld counts) or one, and look, inventory and task are free', () => {
    const s = session('1-1', 0);
    const t0 = s.w.state.time;
    expect(s.step('wait1').observation).toBe('You decide to wait for 1 iterations.');
    expect(s.w.state.time - t0).toBe(2);
    expect(s.step('wait').observation).toBe('You decide to wait for 10 iterations.');
    expect(s.w.state.time - t0).toBe(13);
    s.step('look around');
    s.step('inventory');
    expect(s.step('task').observation).toBe(`Task description:\n${s.description}`);
    expect(s.w.state.time - t0).toBe(13);
  });

  it('rejects what it cannot parse without spending time', () => {
    const s = session('1-1', 0);
    const t0 = s.w.state.time;
    for (const input of ['xyzzy plugh', '', '   ', '42', 'open', 'go to the moon', 'take the spaceship']) {
      const r = s.step(input);
      expect([r.observation, r.invalid, r.done], input).toEqual([NO_MATCH, true, false]);
    }
    expect(s.w.state.time).toBe(t0);
  });

  it('asks which one is meant when a name fits several things, and takes a numbered answer', () => {
    const s = session('1-1', 0);
    teleport(s.w, 'kitchen');
    const table = s.w.descendants(s.w.here().id).find((t) => t.name === 'table')!;
    k.cup(s.w, 'glass cup', table.id);
    const r = s.step('pick up glass cup');
    // A question back, not a refusal: nothing happened, no time passed, and it is not flagged invalid.
    expect(r.invalid).toBe(false);
    expect(r.ticks).toBe(0);
    expect(r.observation).toBe(
      'Ambiguous request: Please enter the number for the action you intended (or blank to cancel):\n0:\tpick up glass cup (in table, in kitchen)\n1:\tpick up glass cup (in table, in kitchen)\n',
    );
    expect(s.validActions()).toEqual(['0', '1']);
    expect(s.step('1').observation).toBe('You move the glass cup to the inventory.');
    expect(s.validActions()).toContain('look around');
  });

  it('drops the question on an answer that is not one of its numbers: an unknown action, and a tick passes', () => {
    for (const answer of ['the first one', '7', '']) {
      const s = session('1-1', 0);
      teleport(s.w, 'kitchen');
      const table = s.w.descendants(s.w.here().id).find((t) => t.name === 'table')!;
      k.cup(s.w, 'glass cup', table.id);
      s.step('pick up glass cup');
      const r = s.step(answer);
      expect(r.observation).toBe("Unknown action.  Type 'help' for a list of actions, and 'objects' for a list of possible object referents. ");
      expect([r.invalid, r.ticks]).toEqual([true, 1]);
      expect(s.validActions()).toContain('look around');
    }
  });

  it('answers help, objects and task as ScienceWorld does, even while a question is open', () => {
    const s = session('7-1', 0);
    teleport(s.w, 'kitchen');
    const help = s.step('help');
    expect(help.observation.startsWith('Possible actions: \n\tactivate OBJ\n\tclose OBJ\n\tconnect OBJ to OBJ\n')).toBe(true);
    expect(help.observation.endsWith('\n\tuse OBJ on OBJ\n\twait\n\twait1')).toBe(true);
    expect([help.invalid, help.ticks]).toEqual([false, 0]);
    const objects = s.step('Objects').observation;
    expect(objects.startsWith('Possible object references: \n\t')).toBe(true);
    expect(objects.split('\n\t')).toContain('thermometer');
    // The description keeps its double spaces.
    expect(s.step('task').observation).toBe(`Task description:\n${s.description}`);
    expect(s.description).toContain('span.  The animals');
    const table = s.w.descendants(s.w.here().id).find((t) => t.name === 'table')!;
    k.cup(s.w, 'glass cup', table.id);
    s.step('pick up glass cup');
    expect(s.step('task').observation).toBe(`Task description:\n${s.description}`);
    expect(s.step('0').observation).toBe('You move the glass cup to the inventory.');
  });

  it('with teleport: only teleporting reaches a room out of view, into any room, the current one too', () => {
    const s = new Session(findTask('1-1')!, 0, 1, { ...NO_SIMPLIFICATIONS, teleportAction: true });
    teleport(s.w, 'kitchen');
    expect(s.step('go to workshop').observation).toBe('No known action matches that input.');
    expect(s.validActions()).toContain('teleport to kitchen');
    expect(s.step('teleport into workshop').observation).toBe('You teleport to the workshop.');
    expect(s.step('teleport to workshop').observation).toBe('You teleport to the workshop.');
  });

  it('lists food in a container as ScienceWorld does: fruit with an article, bread and nuts bare', () => {
    const s = session('1-1', 0);
    teleport(s.w, 'kitchen');
    const bowl = k.cup(s.w, 'bowl', s.w.here().id);
    for (const f of ['banana', 'bread', 'peanut']) k.food(s.w, f, bowl.id);
    expect(s.look()).toContain('(containing a banana, bread, peanut)');
  });

  it('names things by where they are to tell them apart (as the valid actions do)', () => {
    const s = session('1-1', 0);
    teleport(s.w, 'kitchen');
    s.step('open cupboard');
    s.step('move metal pot to sink');
    s.step('activate sink');
    s.step('deactivate sink');
    expect(s.validActions()).toContain('focus on substance in metal pot');
    expect(s.step('focus on substance in metal pot').observation).toBe('You focus on the water.');
  });
});

describe('the harness-facing env', () => {
  it('resets to the look-around text with the task description, look and inventory', async () => {
    const env = await makeEnv('1-1 boil', 0);
    const r = await env.reset();
    expect(r.task).toBe(
      'Your task is to boil water. For compounds without a boiling point, combusting the substance is also acceptable. First, focus on the substance. Then, take actions that will cause it to change its state of matter.',
    );
    expect(r.observation).toMatch(/^This room is called the \w+/);
    expect(r.info?.look).toBe(`${r.observation}\n`);
    expect(r.info?.inventory).toBe('In your inventory, you see:\n\tan orange\n');
  });

  it('fails the task (score −100, done) when the focus is on the wrong thing', async () => {
    const env = await makeEnv('1-1 boil', 0);
    await env.reset();
    const r = await env.step('focus on air');
    expect(r).toMatchObject({ observation: 'You focus on the air.', score: -100, done: true, success: false });
    expect(r.reward).toBeLessThan(0);
  });

  it('gives partial credit, reward as the change of score, and success only at 100', async () => {
    const env = await makeEnv('4-4 find-animal', 0);
    await env.reset();
    const plan = await env.expert!();
    let score = 0;
    let sawPartial = false;
    for (const { action } of plan.subtasks.flatMap((s) => s.steps)) {
      const r = await env.step(action);
      expect(r.reward).toBe(r.score - score);
      score = r.score;
      if (r.score > 0 && r.score < 100) {
        sawPartial = true;
        expect(r.success).toBe(false);
      }
      expect(r.progress).toBeGreaterThanOrEqual(0);
      expect(r.progress).toBeLessThanOrEqual(1);
    }
    expect(sawPartial).toBe(true);
    expect(score).toBe(100);
  });

  it('returns the expert plan from the reset state, whatever the episode has done', async () => {
    const env = await makeEnv('3-1 power-component', 0);
    await env.reset();
    const before = await env.expert!();
    await env.step('wait');
    expect(await env.expert!()).toEqual(before);
  });
});
