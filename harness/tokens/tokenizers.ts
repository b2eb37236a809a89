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
      const encodeCount = (text: string) => llama3.encode(text, { bos: false, eos: false }).length;
      const byPieces = countByPieces(LLAMA3_PIECES, encodeCount);
      // Special-token markup ("<|eot_id|>") is matched by the library before its pieces: leave such text to it.
      return (text) => (!text ? 0 : text.includes('<|') ? encodeCount(text) : byPieces(text));
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

/**
 * Llama 3's pre-tokenizer pattern (the `(?i:…)` contractions spelt out for JavaScript). BPE merges never cross
 * its pieces, so a text's count is the sum of its pieces' counts.
 */
const LLAMA3_PIECES =
  /(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+/gu;

/**
 * Counts a text piece by piece, each distinct piece encoded once. The library encodes every call from scratch
 * (about 2.4 µs a token here), while a policy's prompts are made of a few thousand recurring words; with
 * the memo a step's counting costs a regular-expression pass. The memo is dropped when it fills.
 */
function countByPieces(pieces: RegExp, countPiece: (piece: string) => number, capacity = 200_000): (text: string) => number {
  let memo = new Map<string, number>();
  return (text) => {
    let total = 0;
    for (const [piece] of text.matchAll(pieces)) {
      let n = memo.get(piece);
      if (n === undefined) {
        if (memo.size >= capacity) memo = new Map();
        n = countPiece(piece);
        memo.set(piece, n);
      }
      total += n;
    }
    return total;
  };
}

interface Llama3 {
  encode(text: string, options: { bos: boolean; eos: boolean }): number[];
}
