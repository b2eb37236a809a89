import { describe, expect, it } from 'vitest';
import { TokenCounter } from '../../harness/tokens/counter.ts';
import { loadTokenizer, type Tokenizer } from '../../harness/tokens/tokenizers.ts';

const history = [
  'You are an agent in a household. Your task is to: put a clean mug in coffeemachine.\n',
  '> go to countertop 1\n',
  'You arrive at countertop 1. On the countertop 1, you see a apple 1, a butterknife 2, and a mug 1.\n',
  '> take mug 1 from countertop 1\n',
  'You pick up the mug 1 from the countertop 1.\n',
  'Current observation: You are carrying: a mug 1.\n',
];

describe('token counting', () => {
  it.each(['llama3', 'cl100k', 'o200k', 'whitespace'] as const)('%s: parts joined at line breaks count as the whole text', async (name) => {
    const counter = new TokenCounter(await loadTokenizer(name));
    expect(counter.count(history)).toBe(counter.count(history.join('')));
    expect(counter.count(history)).toBeGreaterThan(40);
  });

  it('counts the Llama-3 vocabulary exactly', async () => {
    const llama3 = await loadTokenizer('llama3');
    // "Hello world" is two Llama-3 tokens; a newline-joined pair is the sum of its parts.
    expect(llama3.count('Hello world')).toBe(2);
    expect(llama3.count('')).toBe(0);
  });

  it('tokenises each distinct part once, however often a history repeats it', () => {
    let calls = 0;
    const spy: Tokenizer = { name: 'whitespace', count: (t) => (calls++, t.split(/\s+/).filter(Boolean).length) };
    const counter = new TokenCounter(spy);
    for (let step = 1; step <= history.length; step++) counter.count(history.slice(0, step));
    expect(calls).toBe(history.length);
  });

  it('stays bounded: the oldest parts are evicted past its capacity', () => {
    let calls = 0;
    const counter = new TokenCounter({ name: 'whitespace', count: () => ++calls }, 2);
    counter.count(['a\n', 'b\n', 'c\n']); // 'a' is evicted
    counter.count('c\n');
    expect(calls).toBe(3);
    counter.count('a\n');
    expect(calls).toBe(4);
  });
});
