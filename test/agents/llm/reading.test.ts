import { describe, expect, it } from 'vitest';
import { readReply } from '../../../plugins/agents/llm/chat-client.ts';
import { closestOption } from '../../../plugins/agents/llm/closest.ts';
import { createGate } from '../../../plugins/agents/llm/gate.ts';
import { firstLine, INVALID_ACTION, oneLine, parseLowAnswer } from '../../../plugins/agents/llm/parse.ts';
import { isRetryableStatus, MAX_RETRY_AFTER_MS, retryDelayMs } from '../../../plugins/agents/llm/retry.ts';
import { truncateToTokens } from '../../../plugins/agents/llm/truncate.ts';

const words = (text: string) => text.match(/\S+/g)?.length ?? 0;
const headers = (h: Record<string, string>) => ({ get: (name: string) => h[name] ?? null });

describe('reading a low-level answer as the paper does', () => {
  it('splits "<action>; <flag>" in any case', () => {
    expect(parseLowAnswer('go to kitchen; True')).toEqual({ action: 'go to kitchen', finished: true, parsed: true });
    expect(parseLowAnswer('open door to kitchen ;false')).toEqual({ action: 'open door to kitchen', finished: false, parsed: true });
    expect(parseLowAnswer('  pick up thermometer;TRUE.')).toEqual({ action: 'pick up thermometer', finished: true, parsed: true });
  });

  it('takes the action from the line of the flag when the model talks first', () => {
    expect(parseLowAnswer('Sure, here is my answer:\n`go east`; False')).toEqual({ action: 'go east', finished: false, parsed: true });
  });

  it('turns an answer without the format into the invalid action "None", subtask not finished', () => {
    for (const text of ['go east', 'go east; maybe', '', '; True']) {
      expect(parseLowAnswer(text)).toEqual({ action: INVALID_ACTION, finished: false, parsed: false });
    }
  });

  it('reads one-line answers and keeps progress on one line', () => {
    expect(firstLine('\n  "walk east"  \nbecause the exit is east')).toBe('walk east');
    expect(firstLine('   ')).toBe('');
    expect(oneLine(' Checked the kitchen.\n\nNext: hallway. ')).toBe('Checked the kitchen. Next: hallway.');
  });
});

describe('mapping a free-text answer to the closest option', () => {
  const actions = ['go east', 'go west', 'wait', 'take apple 1 from table 1', 'open fridge 1'];

  it('prefers an exact match, ignoring case and a final full stop', () => {
    expect(closestOption('Go East.', actions)).toBe('go east');
  });

  it('tolerates spelling and extra or missing words', () => {
    expect(closestOption('go est', actions)).toBe('go east');
    expect(closestOption('take the apple from the table', actions)).toBe('take apple 1 from table 1');
    expect(closestOption('open the fridge', actions)).toBe('open fridge 1');
  });

  it('has nothing to map to without options', () => {
    expect(closestOption('go east', [])).toBeNull();
  });
});

describe('bounding a progress in tokens of the suite tokenizer', () => {
  it('keeps a text that fits and cuts a longer one at a word boundary', () => {
    expect(truncateToTokens('one two three', 3, words)).toBe('one two three');
    expect(truncateToTokens('one two three four five', 3, words)).toBe('one two three');
  });

  it('cuts a single overlong word by characters', () => {
    const perChar = (text: string) => text.length;
    expect(truncateToTokens('abcdefghij', 4, perChar)).toBe('abcd');
  });
});

describe('retrying', () => {
  it('retries timeouts, conflicts, rate limits and server errors, not client errors', () => {
    expect([408, 409, 429, 500, 502, 503].every(isRetryableStatus)).toBe(true);
    expect([400, 401, 403, 404, 422].some(isRetryableStatus)).toBe(false);
  });

  it('waits as long as the server asks, in seconds, milliseconds or as a date, within a cap', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryDelayMs(0, headers({ 'retry-after': '2' }), () => 0, now)).toBe(2000);
    expect(retryDelayMs(0, headers({ 'retry-after-ms': '150', 'retry-after': '2' }), () => 0, now)).toBe(150);
    expect(retryDelayMs(0, headers({ 'retry-after': 'Thu, 01 Jan 2026 00:00:03 GMT' }), () => 0, now)).toBe(3000);
    expect(retryDelayMs(0, headers({ 'retry-after': '3600' }), () => 0, now)).toBe(MAX_RETRY_AFTER_MS);
  });

  it('otherwise backs off exponentially, with at most a quarter of jitter', () => {
    const noJitter = [0, 1, 2, 3, 4, 5].map((attempt) => retryDelayMs(attempt, headers({}), () => 0));
    expect(noJitter).toEqual([500, 1000, 2000, 4000, 8000, 8000]);
    expect(retryDelayMs(1, undefined, () => 0.999)).toBeGreaterThanOrEqual(750);
  });
});

describe('reading a chat-completions reply', () => {
  it('takes the first choice and the reported usage', () => {
    const reply = readReply({ choices: [{ message: { content: 'go east; False' } }], usage: { prompt_tokens: 12, completion_tokens: 4 } });
    expect(reply).toEqual({ text: 'go east; False', usage: { prompt: 12, completion: 4 } });
  });

  it('reads a reply without choices or content as an empty completion, saying why', () => {
    expect(readReply({ choices: [] })).toEqual({ text: '', problem: 'the reply has no choices' });
    expect(readReply({ choices: [{ message: { content: null } }] })).toEqual({ text: '', problem: 'the reply has no message content' });
  });

  it('rejects what is not a completion at all', () => {
    expect(() => readReply('<html>Bad gateway</html>')).toThrow(/not a JSON object: <html>Bad gateway/);
    expect(() => readReply({ error: { message: 'overloaded' } })).toThrow(/answered with an error: .*overloaded/);
  });
});

describe('the concurrency gate', () => {
  it('lets at most the limit through and hands slots over in order', async () => {
    const gate = createGate(2);
    const order: number[] = [];
    const a = await gate.acquire();
    const b = await gate.acquire();
    const waiting = [gate.acquire().then((r) => (order.push(3), r)), gate.acquire().then((r) => (order.push(4), r))];
    await Promise.resolve();
    expect(order).toEqual([]);
    a();
    a(); // a second release of the same slot changes nothing
    const c = await waiting[0];
    expect(order).toEqual([3]);
    b();
    await waiting[1];
    expect(order).toEqual([3, 4]);
    c();
  });

  it('drops a waiter whose episode is over', async () => {
    const gate = createGate(1);
    const held = await gate.acquire();
    const stop = new AbortController();
    const waiter = gate.acquire(stop.signal);
    stop.abort(new Error('episode over'));
    await expect(waiter).rejects.toThrow('episode over');
    held();
    const next = await gate.acquire();
    next();
  });
});
