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

/** Imported lazily: each vocabulary costs tens of megabytes and up to a second to load. */
export async function loadTokenizer(name: TokenizerName): Promise<Tokenizer> {
  switch (name) {
    case 'llama3': {
      // Llama 3's tiktoken-style BPE (the paper's backbone family); no BOS/EOS so a prompt counts as its text.
      const llama3 = (await import('llama3-tokenizer-js')).default as {
        encode(text: string, options: { bos: boolean; eos: boolean }): number[];
      };
      return { name, count: (text) => (text ? llama3.encode(text, { bos: false, eos: false }).length : 0) };
    }
    case 'cl100k': {
      const { countTokens } = await import('gpt-tokenizer/encoding/cl100k_base');
      return { name, count: (text) => (text ? countTokens(text) : 0) };
    }
    case 'o200k': {
      const { countTokens } = await import('gpt-tokenizer/encoding/o200k_base');
      return { name, count: (text) => (text ? countTokens(text) : 0) };
    }
    case 'whitespace':
      return { name, count: (text) => text.match(/\S+/g)?.length ?? 0 };
  }
}
