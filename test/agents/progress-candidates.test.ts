import { describe, expect, it } from 'vitest';
import { fillFrame, frameOf, objectPhrases, subtaskKind } from '../../plugins/agents/common/phrases.ts';
import {
  boundProgress,
  compactItems,
  delexicalise,
  expandItems,
  fillTemplate,
  fillTemplateAll,
  instanceSlots,
  ProgressBank,
  parseProgress,
} from '../../plugins/agents/step-hrl/progress-candidates.ts';

const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

describe('frames', () => {
  it('split a subtask into fixed words and arguments, and join them back', () => {
    for (const text of [
      'put apple 1 in bed 1',
      'locate and pick up apple',
      'Fill(metal pot, water)',
      'navigate to(kitchen)',
      'clean some fork 1 with sinkbasin 1',
      'look around',
    ]) {
      const { frame, args } = frameOf(text);
      expect(fillFrame(frame, args)).toBe(text);
    }
    expect(frameOf('put apple 1 in bed 1')).toEqual({ frame: ['put ', ' in ', ''], args: ['apple 1', 'bed 1'] });
    expect(frameOf('Fill(metal pot, water)')).toEqual({ frame: ['Fill(', ', ', ')'], args: ['metal pot', 'water'] });
    expect(frameOf('locate and pick up apple').args).toEqual(['apple']);
    expect(fillFrame(frameOf('put apple 1 in bed 1').frame, ['pen 2', 'desk 1'])).toBe('put pen 2 in desk 1');
  });
});

describe('object phrases', () => {
  it('strip the verb and split at prepositions', () => {
    expect(objectPhrases('move key to table')).toEqual(['key to table', 'key', 'table']);
    expect(objectPhrases('go to kitchen')).toEqual(['kitchen', 'kitchen']);
    expect(objectPhrases('take apple 1 from countertop 2')).toEqual(['apple 1 from countertop 2', 'apple 1', 'countertop 2']);
    expect(objectPhrases('locate and pick up apple')).toEqual(['apple', 'apple']);
    expect(objectPhrases('look around')).toEqual([]);
  });

  it('read function-call subtasks as their arguments', () => {
    expect(objectPhrases('put(key, desk)')).toEqual(['key, desk', 'key', 'desk']);
    expect(objectPhrases('navigate to(kitchen)')).toEqual(['kitchen', 'kitchen']);
  });
});

describe('progress templates', () => {
  const searching = {
    subtask: 'locate(key)',
    previous: 'The key is not found yet. || [Checked: drawer]',
    action: 'open box',
    observation: 'The box is now open. In the box is: a key.',
  };

  it('delexicalise a label against its context and fill back to the same text', () => {
    const label = 'Found the key in the box. || [Checked: drawer]';
    const template = delexicalise(label, searching);
    expect(template).toBe('Found the {s1} in the {a1}. || [Checked: {prevList}]');
    expect(fillTemplate(template, searching)).toBe(label);
  });

  it('extend a list from the previous progress', () => {
    const label = 'The key is not found yet. || [Checked: drawer, box]';
    const template = delexicalise(label, searching);
    expect(template).toBe('The {s1} is not found yet. || [Checked: {prevList}, {a1}]');
    const elsewhere = {
      subtask: 'locate(watch)',
      previous: 'The watch is not found yet. || [Checked: basket, chest]',
      action: 'open crate',
      observation: 'The crate is now open. In the crate is: nothing.',
    };
    expect(fillTemplate(template, elsewhere)).toBe('The watch is not found yet. || [Checked: basket, chest, crate]');
  });

  it('drop a template whose slots the context cannot fill', () => {
    expect(fillTemplate('Put {s1} on {s2}.', { subtask: 'locate(key)', previous: 'None', action: 'open box', observation: '' })).toBeNull();
    expect(fillTemplate('x || [Checked: {prevList}, {a1}]', { subtask: 'locate(key)', previous: 'None', action: 'open box', observation: '' })).toBeNull();
  });

  it('keep capitals and the previous progress as slots', () => {
    const ctx = { subtask: 'pick up(key)', previous: 'None', action: 'pick up key', observation: 'You move the key to the inventory.' };
    expect(delexicalise('Key is held.', ctx)).toBe('{A1} is held.');
    expect(delexicalise('None', ctx)).toBe('{prev}');
  });

  it('propose, for a new object, the update the labels would have given', () => {
    const examples = [
      {
        context: { subtask: 'locate(key)', previous: 'None', action: 'open drawer', observation: 'The drawer is now open. In the drawer is: nothing.' },
        label: 'The key is not found yet. || [Checked: drawer]',
      },
      { context: searching, label: 'Found the key in the box. || [Checked: drawer]' },
      {
        context: { subtask: 'locate(coin)', previous: 'None', action: 'open chest', observation: 'In the chest is: a coin.' },
        label: 'Found the coin in the chest.',
      },
    ];
    const bank = ProgressBank.learn(examples);
    const ctx = {
      subtask: 'locate(watch)',
      previous: 'The watch is not found yet. || [Checked: basket]',
      action: 'open crate',
      observation: 'In the crate is: a watch.',
    };
    const candidates = bank.candidates(ctx, 64, words);
    expect(candidates).toContain('Found the watch in the crate. || [Checked: basket]');
    expect(candidates).not.toContain('Found the key in the box. || [Checked: drawer]');
    // A template that starts a list is not offered where a list exists (it would drop the checked places).
    expect(candidates).not.toContain('Found the watch in the crate.');
    // The labels never leave the progress unchanged after opening something: neither does a candidate.
    expect(candidates).not.toContain(ctx.previous);
  });

  it('offer to keep the progress where the labels keep it, or after an action they never followed', () => {
    const waiting = { subtask: 'monitor(pot)', previous: 'The water is cold.', action: 'wait', observation: 'You wait.' };
    const bank = ProgressBank.learn([
      { context: waiting, label: 'The water is cold.' },
      { context: { ...waiting, action: 'read thermometer', observation: 'It reads 90 degrees.' }, label: 'The water is at 90 degrees.' },
      { context: { subtask: 'locate(key)', previous: 'None', action: 'open drawer', observation: 'Nothing.' }, label: 'No key yet. || [Checked: drawer]' },
    ]);
    expect(bank.candidates({ ...waiting, action: 'read thermometer', observation: 'It reads 50 degrees.' }, 64, words)).toEqual([
      'The water is cold.',
      'The water is at 50 degrees.',
    ]);
    const searching = { subtask: 'locate(coin)', previous: 'None', action: 'open box', observation: 'Nothing.' };
    expect(bank.candidates(searching, 64, words)).toEqual(['No coin yet. || [Checked: box]']);
    expect(bank.candidates({ ...searching, action: 'look around' }, 64, words)[0]).toBe('None');
  });

  it("group templates by the subtask's verb phrase", () => {
    expect(subtaskKind('locate and pick up apple')).toBe('locate and pick up');
    expect(subtaskKind('locate and use desklamp')).toBe('locate and use');
    expect(subtaskKind('put apple 1 in fridge 1')).toBe('put');
    expect(subtaskKind('navigate to(kitchen)')).toBe('navigate to');
    const found = (subtask: string, label: string) => ({
      context: { subtask, previous: 'None', action: 'go to desk 1', observation: 'You arrive at desk 1. On the desk 1, you see a pen 1, and a desklamp 1.' },
      label,
    });
    const bank = ProgressBank.learn([
      found('locate and pick up pen', 'Found pen 1 at desk 1; take it next.'),
      found('locate and use desklamp', 'Found desklamp 1 at desk 1; use it next.'),
    ]);
    expect(bank.candidates(found('locate and use desklamp', '').context, 64, words)).toEqual(['Found desklamp 1 at desk 1; use it next.']);
  });
});

describe('saved template banks', () => {
  it('round-trip through JSON, and a bank saved before situations still proposes as it did', () => {
    const ctx = { subtask: 'locate(key)', previous: 'None', action: 'open drawer', observation: 'Nothing.' };
    const bank = ProgressBank.learn([{ context: ctx, label: 'No key yet. || [Checked: drawer]' }]);
    const restored = ProgressBank.fromJSON(JSON.parse(JSON.stringify(bank.toJSON())));
    const box = { ...ctx, action: 'open box' };
    expect(restored.candidates(box, 64, words)).toEqual(bank.candidates(box, 64, words));
    // Older checkpoints: templates keyed by the subtask's first word, "keep" always offered first.
    const legacy = ProgressBank.fromJSON({ kinds: { locate: [['No {s1} yet. || [Checked: {a1}]', 1]] }, maxTemplatesPerKind: 64 });
    expect(legacy.candidates(box, 64, words)).toEqual(['None', 'No key yet. || [Checked: box]']);
  });
});

describe('instances named in the observation', () => {
  const arrive = (observation: string) => ({
    subtask: 'locate and pick up watch',
    previous: 'None',
    action: 'go to shelf 1',
    observation,
  });

  it("are the numbered mentions of the subtask's object, and only those", () => {
    expect(instanceSlots(arrive('You arrive at shelf 1. On the shelf 1, you see a watch 3, and a watch 2.')).get('s1#')).toEqual(['watch 3', 'watch 2']);
    expect(instanceSlots(arrive('You arrive at shelf 1. On the shelf 1, you see a vase 1.')).has('s1#')).toBe(false);
    // A place of the action already carries its number: no instance slot for it.
    expect(instanceSlots(arrive('You arrive at shelf 1.')).has('a1#')).toBe(false);
  });

  it('tie a "found" label to an object in sight, with the number the observation gives', () => {
    const template = delexicalise('Found watch 2 at shelf 1; take it next.', arrive('You arrive at shelf 1. On the shelf 1, you see a watch 2.'));
    expect(template).toBe('Found {s1#} at {a1}; take it next.');
    // Elsewhere it names the instance that is there …
    const elsewhere = {
      subtask: 'locate and pick up pen',
      previous: 'None',
      action: 'go to desk 2',
      observation: 'You arrive at desk 2. On the desk 2, you see a pen 4, and a pen 1.',
    };
    expect(fillTemplateAll(template, elsewhere)).toEqual(['Found pen 4 at desk 2; take it next.', 'Found pen 1 at desk 2; take it next.']);
    // … and where none is in sight, no "found" update is proposed at all.
    expect(fillTemplateAll(template, { ...elsewhere, observation: 'You arrive at desk 2. On the desk 2, you see a book 1.' })).toEqual([]);
    expect(fillTemplate(template, { ...elsewhere, observation: 'You arrive at desk 2. On the desk 2, you see a book 1.' })).toBeNull();
  });

  it('are proposed by the bank only where the object is in sight', () => {
    const bank = ProgressBank.learn([
      { context: arrive('You arrive at shelf 1. On the shelf 1, you see a watch 2.'), label: 'Found watch 2 at shelf 1; take it next.' },
      { context: arrive('You arrive at shelf 1. On the shelf 1, you see a vase 1.'), label: 'No watch at shelf 1; keep searching. || [Checked: shelf 1]' },
    ]);
    const empty = {
      subtask: 'locate and pick up mug',
      previous: 'None',
      action: 'go to table 3',
      observation: 'You arrive at table 3. On the table 3, you see a pen 1.',
    };
    expect(bank.candidates(empty, 64, words)).toEqual(['No mug at table 3; keep searching. || [Checked: table 3]']);
    const seen = { ...empty, observation: 'You arrive at table 3. On the table 3, you see a mug 5.' };
    expect(bank.candidates(seen, 64, words)).toContain('Found mug 5 at table 3; take it next.');
  });
});

describe('checked lists', () => {
  it('are extended from a previous list written compactly', () => {
    const ctx = {
      subtask: 'locate and pick up pan',
      previous: 'No pan at shelf 2. || [Checked: shelf 1, 2]',
      action: 'go to shelf 3',
      observation: 'You arrive at shelf 3.',
    };
    expect(delexicalise('No pan at shelf 3. || [Checked: shelf 1, 2, shelf 3]', ctx)).toBe('No {s1} at {a1}. || [Checked: {prevList}, {a1}]');
  });

  it('name a place checked again only once', () => {
    const template = 'No {s1} at {a1}. || [Checked: {prevList}, {a1}]';
    const again = {
      subtask: 'locate and pick up pan',
      previous: 'No pan at shelf 3. || [Checked: shelf 1, shelf 2, shelf 3]',
      action: 'go to shelf 2',
      observation: 'You arrive at shelf 2.',
    };
    expect(fillTemplate(template, again)).toBe('No pan at shelf 2. || [Checked: shelf 1, shelf 2, shelf 3]');
  });

  it('keep a route that passes a place twice', () => {
    const ctx = {
      subtask: 'navigate to(kitchen)',
      previous: 'On the way. || [Route: hallway -> kitchen]',
      action: 'go to hallway',
      observation: 'You move to the hallway.',
    };
    expect(delexicalise('On the way. || [Route: hallway -> kitchen -> hallway]', ctx)).toBe('On the way. || [Route: {prevList} -> {a1}]');
    expect(fillTemplate('On the way. || [Route: {prevList} -> {a1}]', ctx)).toBe('On the way. || [Route: hallway -> kitchen -> hallway]');
  });
});

describe('bounded progress', () => {
  it('cuts the sentence to its first clause, then drops the oldest items, writing every item in full', () => {
    const text = 'No pan at shelf 3; keep searching the unchecked places. || [Checked: shelf 1, shelf 2, shelf 3, cabinet 1, cabinet 2]';
    expect(boundProgress(text, 100, words)).toBe(text);
    expect(boundProgress(text, 19, words)).toBe('No pan at shelf 3 || [Checked: shelf 1, shelf 2, shelf 3, cabinet 1, cabinet 2]');
    expect(boundProgress(text, 14, words)).toBe('No pan at shelf 3 || [Checked: shelf 3, cabinet 1, cabinet 2]');
    expect(words(boundProgress('one two three four five six', 3, words))).toBe(3);
  });

  it('reads a compact list back in full, so an older progress can be extended and bounded again', () => {
    expect(expandItems('shelf 1, 2, cabinet 4, 5')).toEqual(['shelf 1', 'shelf 2', 'cabinet 4', 'cabinet 5']);
    expect(compactItems(expandItems('shelf 1, 2, shelf 3'))).toBe('shelf 1, 2, 3');
    expect(parseProgress(boundProgress('x || [Checked: a 1, 2, b 1, b 2]', 6, words)).list?.items).toBe('b 2');
  });

  it('learns "extend the list" from a bounded label that lost its oldest items', () => {
    const ctx = {
      subtask: 'locate and pick up pan',
      previous: 'No pan at shelf 2 || [Checked: shelf 1, shelf 2]',
      action: 'go to shelf 3',
      observation: 'You arrive at shelf 3.',
    };
    const template = delexicalise('No pan at shelf 3 || [Checked: shelf 2, shelf 3]', ctx);
    expect(template).toBe('No {s1} at {a1} || [Checked: {prevList}, {a1}]');
    // Filled and bounded to the same budget, it gives the label back.
    const filled = fillTemplate(template, ctx)!;
    expect(boundProgress(filled, words('No pan at shelf 3 || [Checked: shelf 2, shelf 3]'), words)).toBe('No pan at shelf 3 || [Checked: shelf 2, shelf 3]');
  });
});
