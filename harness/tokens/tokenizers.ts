import { createRequire } from 'node:module';

/**
 * The tokenizers the harness counts policy tokens with. One ruler for every agent: counts come from here,
 * never from the agent. All work offline (their vocabularies ship inside the npm packages).
 */
export type TokenizerName = 'llama3' | 'cl100k' | 'o200k' | 'whitespace';

export const tokenizerNames: readonly TokenizerName[] = ['llama3', 'cl100k', 'o200k', 'whitespace'];

export interface Tokenizer {
  name: TokenizerName;
  count(text: string): number;
}

/**
 * A tokenizer that loads its vocabulary on first use: each costs tens of megabytes and up to a second to
 * load, and a run whose agents make no policy calls (random, oracle) never needs one.
 */
export function tokenizer(name: TokenizerName): Tokenizer {
  let count: ((text: string) => number) | undefined;
  return {
    name,
    count: (text) => {
      count ??= loadCounter(name);
      return count(text);
    },
  };
}

// The vocabularies are loaded synchronously (their packages ship CommonJS builds), so counting stays a plain call.
const load = createRequire(import.meta.url);

function loadCounter(name: TokenizerName): (text: string) => number {
  switch (name) {
    case 'llama3': {
      // Llama 3's tiktoken-style BPE (the paper's backbone family); no BOS/EOS so a prompt counts as its text.
      const module = load('llama3-tokenizer-js') as { default?: Llama3 } & Llama3;
      const llama3 = module.default ?? module;
      return (text) => (text ? llama3.encode(text, { bos: false, eos: false }).length : 0);
    }
    case 'cl100k': {
      const { countTokens } = load('gpt-tokenizer/encoding/cl100k_base') as { countTokens(text: string): number };
      return (text) => (text ? countTokens(text) : 0);
    }
    case 'o200k': {
      const { countTokens } = load('gpt-tokenizer/encoding/o200k_base') as { countTokens(text: string): number };
      return (text) => (text ? countTokens(text) : 0);
    }
    case 'whitespace':
      return (text) => text.match(/\S+/g)?.length ?? 0;
  }
}

interface Llama3 {
  encode(text: string, options: { bos: boolean; eos: boolean }): number[];
}
