import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TokenCounter } from '../../harness/tokens/counter.ts';
import { type Tokenizer, tokenizer } from '../../harness/tokens/tokenizers.ts';
import { repoRoot } from '../helpers.ts';

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
    const counter = new TokenCounter(tokenizer(name));
    expect(counter.count(history)).toBe(counter.count(history.join('')));
    expect(counter.count(history)).toBeGreaterThan(40);
  });

  it('counts the Llama-3 vocabulary exactly', async () => {
    const llama3 = tokenizer('llama3');
    // "Hello world" is two Llama-3 tokens; a newline-joined pair is the sum of its parts.
    expect(llama3.count('Hello world')).toBe(2);
    expect(llama3.count('')).toBe(0);
  });

  it('counts Llama-3 tokens piece by piece exactly as the library counts the whole text', () => {
    // Every string of the envs' golden transcripts (observations, look-arounds, inventories, actions), whole
    // and joined into longer texts, plus the cases the pre-tokenizer pattern treats apart.
    const strings: string[] = [];
    const collect = (value: unknown): void => {
      if (typeof value === 'string') strings.push(value);
      else if (Array.isArray(value)) value.forEach(collect);
      else if (value && typeof value === 'object') Object.values(value).forEach(collect);
    };
    for (const env of ['alfworld', 'scienceworld']) {
      const dir = join(repoRoot, 'test/envs', env, 'golden');
      for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) collect(JSON.parse(readFileSync(join(dir, file), 'utf8')));
    }
    const tricky = [
      "I'm sure they'll do it, DON'T YOU'LL we've",
      'temperature 12345 degrees, -273.15°C, 1e-9',
      '  leading spaces\n\n\ttabs\t and trailing   \n',
      'naïve café — “quotes” and emoji 🙂 ünïcödé',
      '...!!\n\n???\r\nend',
      'a<|b|>c <|eot_id|> markup',
    ];
    const texts = [...strings, strings.join('\n'), strings.slice(0, 200).join(' '), ...tricky];
    expect(strings.length).toBeGreaterThan(200);
    type Library = { encode(text: string, options: object): number[] };
    const module = createRequire(import.meta.url)('llama3-tokenizer-js') as { default?: Library } & Library;
    const library = module.default ?? module;
    const llama3 = tokenizer('llama3');
    for (const text of texts) expect(llama3.count(text), text.slice(0, 80)).toBe(library.encode(text, { bos: false, eos: false }).length);
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

describe('tokenizer loading', () => {
  it('waits for the first count: a run whose agents make no policy calls never loads a vocabulary', () => {
    // In a fresh process, since this file's other tests load every vocabulary.
    const script = [
      "import { createRequire } from 'node:module';",
      `import { tokenizer } from ${JSON.stringify(join(repoRoot, 'harness/tokens/tokenizers.ts'))};`,
      'const require = createRequire(import.meta.url);',
      "const loaded = () => require.resolve('gpt-tokenizer/encoding/o200k_base') in require.cache;",
      "const o200k = tokenizer('o200k');",
      "const before = loaded(); const count = o200k.count('Hello world');",
      'console.log(JSON.stringify({ before, count, after: loaded() }));',
    ].join('\n');
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: repoRoot }).toString();
    expect(JSON.parse(out)).toEqual({ before: false, count: 2, after: true });
  });
});
