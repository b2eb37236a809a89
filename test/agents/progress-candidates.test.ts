import { describe, expect, it } from 'vitest';
import {
  ProgressBank,
  boundProgress,
  compactItems,
  delexicalise,
  expandItems,
  fillTemplate,
  objectPhrases,
  parseProgress,
} from '../../plugins/agents/step-hrl/progress-candidates.ts';

const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

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
  const searching = { subtask: 'locate(key)', previous: 'The key is not found yet. || [Checked: drawer]', action: 'open box', observation: 'The box is now open. In the box is: a key.' };

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
    const elsewhere = { subtask: 'locate(watch)', previous: 'The watch is not found yet. || [Checked: basket, chest]', action: 'open crate', observation: 'The crate is now open. In the crate is: nothing.' };
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
      { context: { subtask: 'locate(key)', previous: 'None', action: 'open drawer', observation: 'The drawer is now open. In the drawer is: nothing.' }, label: 'The key is not found yet. || [Checked: drawer]' },
      { context: searching, label: 'Found the key in the box. || [Checked: drawer]' },
      { context: { subtask: 'locate(coin)', previous: 'None', action: 'open chest', observation: 'In the chest is: a coin.' }, label: 'Found the coin in the chest.' },
    ];
    const bank = ProgressBank.learn(examples);
    const ctx = { subtask: 'locate(watch)', previous: 'The watch is not found yet. || [Checked: basket]', action: 'open crate', observation: 'In the crate is: a watch.' };
    const candidates = bank.candidates(ctx, 64, words);
    expect(candidates[0]).toBe(ctx.previous); // keeping the progress unchanged is always a candidate
    expect(candidates).toContain('Found the watch in the crate. || [Checked: basket]');
    expect(candidates).toContain('Found the watch in the crate.');
    expect(candidates).not.toContain('Found the key in the box. || [Checked: drawer]');
  });
});

describe('bounded progress', () => {
  it('compacts the list, then cuts the sentence to its first clause, then drops the oldest items', () => {
    const text = 'No pan at shelf 3; keep searching the unchecked places. || [Checked: shelf 1, shelf 2, shelf 3, cabinet 1, cabinet 2]';
    expect(boundProgress(text, 100, words)).toBe(text);
    expect(boundProgress(text, 19, words)).toBe('No pan at shelf 3; keep searching the unchecked places. || [Checked: shelf 1, 2, 3, cabinet 1, 2]');
    expect(boundProgress(text, 14, words)).toBe('No pan at shelf 3 || [Checked: shelf 1, 2, 3, cabinet 1, 2]');
    expect(boundProgress(text, 12, words)).toBe('No pan at shelf 3 || [Checked: shelf 3, cabinet 1, 2]');
    expect(words(boundProgress('one two three four five six', 3, words))).toBe(3);
  });

  it('reads a compact list back in full, so a bounded progress can be extended and bounded again', () => {
    expect(expandItems('shelf 1, 2, cabinet 4, 5')).toEqual(['shelf 1', 'shelf 2', 'cabinet 4', 'cabinet 5']);
    expect(compactItems(expandItems('shelf 1, 2, shelf 3'))).toBe('shelf 1, 2, 3');
    expect(parseProgress(boundProgress('x || [Checked: a 1, 2, b 1, b 2]', 6, words)).list?.items).toBe('b 1, 2');
  });
});
