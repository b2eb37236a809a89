/**
 * Keeps a text within a token budget of the suite's tokenizer. The server's own limit (max_tokens) is in its
 * tokenizer's tokens, which may differ; cutting again here makes the bound hold on the harness's ruler,
 * the one every report uses.
 */

/** The longest prefix of `text` (cut at a word boundary when possible) with at most `limit` tokens. */
export function truncateToTokens(text: string, limit: number, countTokens: (text: string) => number): string {
  if (countTokens(text) <= limit) return text;
  const words = text.split(' ');
  const fits = (n: number) => countTokens(words.slice(0, n).join(' ')) <= limit;
  const keep = longestPrefix(words.length, fits);
  if (keep > 0) return words.slice(0, keep).join(' ');
  // Not even the first word fits (one long unbroken string): cut it by characters.
  const chars = Array.from(words[0]);
  return chars
    .slice(
      0,
      longestPrefix(chars.length, (n) => countTokens(chars.slice(0, n).join('')) <= limit),
    )
    .join('');
}

/** The largest n in [0, length] with fits(n), for a predicate that holds up to some point and fails after. */
function longestPrefix(length: number, fits: (n: number) => boolean): number {
  let low = 0;
  let high = length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (fits(mid)) low = mid;
    else high = mid - 1;
  }
  return low;
}
