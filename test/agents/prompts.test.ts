import { describe, expect, it } from 'vitest';
import {
  hrlHighPrompt,
  hrlLowPrompt,
  lowCompletion,
  NO_PROGRESS,
  observationText,
  parseLowCompletion,
  progressPrompt,
  stepHighPrompt,
  stepLowPrompt,
  vanillaPrompt,
} from '../../plugins/agents/common/prompts.ts';

const task = 'Your task is to boil water.';
const history = [
  { step: 0, observation: 'This room is called the hallway.', action: 'open door to kitchen' },
  { step: 1, observation: 'The door is now open.', action: 'go to kitchen' },
];
const current = observationText('You move to the kitchen.', {
  look: 'This room is called the kitchen.\n',
  inventory: 'In your inventory, you see:\n\tan orange\n',
});

describe('prompt builders', () => {
  it('give vanilla the task, every observation and action so far, and the current observation', () => {
    const parts = vanillaPrompt({ task, history, current });
    expect(parts.join('')).toBe(
      'You are an agent acting in a text-based world. From the task, every observation and action so far, and the current observation, choose the next action.\n' +
        'Task: Your task is to boil water.\n' +
        'Observation 0: This room is called the hallway.\nAction 0: open door to kitchen\n' +
        'Observation 1: The door is now open.\nAction 1: go to kitchen\n' +
        'Current observation: You move to the kitchen.\nLook: This room is called the kitchen.\nInventory: In your inventory, you see:\n\tan orange\n',
    );
  });

  it('end every part with a line break, one part per history step', () => {
    for (const parts of [
      vanillaPrompt({ task, history, current }),
      hrlHighPrompt({ task, history, current }),
      hrlLowPrompt({ subtask: 'navigate to(kitchen)', history: history.slice(1), current }),
      stepHighPrompt({ task, completedSubtasks: ['navigate to(kitchen)'], lastProgress: 'Arrived.', current }),
      stepLowPrompt({ subtask: 'pick up(pot)', current, progress: NO_PROGRESS }),
      progressPrompt({ subtask: 'pick up(pot)', previous: NO_PROGRESS, action: 'pick up pot', observation: 'You pick up the pot.' }),
    ]) {
      for (const part of parts) expect(part.endsWith('\n')).toBe(true);
    }
    expect(vanillaPrompt({ task, history, current })).toHaveLength(2 + history.length + 1);
  });

  it('give the HRL low level only the history since its subtask began', () => {
    const text = hrlLowPrompt({ subtask: 'navigate to(kitchen)', history: history.slice(1), current }).join('');
    expect(text).toContain('Subtask: navigate to(kitchen)\n');
    expect(text).not.toContain('Action 0');
    expect(text).toContain('Action 1: go to kitchen');
  });

  it('give the STEP-HRL levels no history, only progress', () => {
    const high = stepHighPrompt({
      task,
      completedSubtasks: ['navigate to(kitchen)', 'pick up(thermometer)'],
      lastProgress: 'Picked up the thermometer.',
      current,
    }).join('');
    expect(high).toContain('Completed subtasks: navigate to(kitchen); pick up(thermometer)\nLast subtask progress: Picked up the thermometer.\n');
    expect(high).not.toContain('Action');
    const low = stepLowPrompt({ subtask: 'pick up(pot)', current, progress: 'None' }).join('');
    expect(low.split('\n')[1]).toBe('Subtask: pick up(pot)');
    expect(low.endsWith('Local progress: None\n')).toBe(true);
    const first = stepHighPrompt({ task, completedSubtasks: [], lastProgress: NO_PROGRESS, current }).join('');
    expect(first).toContain('Completed subtasks: None\nLast subtask progress: None\n');
  });

  it('drop the progress fields in the "no local progress" ablation', () => {
    const high = stepHighPrompt({ task, completedSubtasks: [], lastProgress: null, current }).join('');
    const low = stepLowPrompt({ subtask: 's', current, progress: null }).join('');
    expect(high).not.toMatch(/progress:/i);
    expect(low).not.toMatch(/progress:/i);
  });

  it('give the progress module the subtask, previous progress, action and resulting observation', () => {
    const parts = progressPrompt({
      subtask: 'find(metal pot)',
      previous: 'Nothing found yet. || [Checked: cupboard]',
      action: 'open drawer',
      observation: 'The drawer is now open.',
    });
    expect(parts.slice(1).join('')).toBe(
      'Subtask: find(metal pot)\nPrevious progress: Nothing found yet. || [Checked: cupboard]\nAction: open drawer\nResulting observation: The drawer is now open.\n',
    );
  });
});

describe('low-level completions', () => {
  it('write the action and the finished flag as the paper does, and parse them back', () => {
    expect(lowCompletion('go to kitchen', true)).toBe('go to kitchen; True');
    expect(parseLowCompletion('go to kitchen; True')).toEqual({ action: 'go to kitchen', finished: true });
    expect(parseLowCompletion('open door ; false')).toEqual({ action: 'open door', finished: false });
    expect(parseLowCompletion('look around')).toEqual({ action: 'look around', finished: false });
  });
});
