import type { Prompt } from '../api.ts';
import type { Tokenizer } from './tokenizers.ts';

/**
 * Counts prompt tokens through a bounded cache of text parts. A history-conditioned agent re-sends the same
 * lines every step, so counting part by part makes a 50-step history cost only its newest part. Parts that
 * end in a line break are pre-tokenised independently by BPE tokenizers, so the sum equals the joint count.
 */
export class TokenCounter {
  private readonly cache = new Map<string, number>();

  constructor(
    readonly tokenizer: Tokenizer,
    private readonly capacity = 200_000,
  ) {}

  count(prompt: Prompt): number {
    if (typeof prompt === 'string') return this.countPart(prompt);
    let total = 0;
    for (const part of prompt) total += this.countPart(part);
    return total;
  }

  private countPart(text: string): number {
    const cached = this.cache.get(text);
    if (cached !== undefined) return cached;
    const n = this.tokenizer.count(text);
    if (this.cache.size >= this.capacity) {
      // Evict the oldest insertion: cheap, and parts of finished episodes are the oldest.
      this.cache.delete(this.cache.keys().next().value as string);
    }
    this.cache.set(text, n);
    return n;
  }
}
