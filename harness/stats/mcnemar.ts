/**
 * Exact McNemar test for paired binary outcomes (success of two agents on the same episodes).
 *
 * Only discordant pairs carry information: under the null hypothesis (both agents succeed equally often)
 * each discordant pair is equally likely to favour either agent, so the count favouring one of them is
 * Binomial(discordant, 1/2). The exact two-sided p-value is twice the smaller tail, capped at 1. The
 * chi-squared approximation is avoided on purpose: it is poor with few discordant pairs, which is the
 * usual case for small evaluation splits.
 */
export interface McNemarResult {
  /** Pairs where only the first agent succeeded. */
  onlyFirst: number;
  /** Pairs where only the second agent succeeded. */
  onlySecond: number;
  /** Two-sided exact p-value (1 when there are no discordant pairs). */
  pValue: number;
}

export function exactMcNemar(onlyFirst: number, onlySecond: number): McNemarResult {
  for (const count of [onlyFirst, onlySecond]) {
    if (!Number.isInteger(count) || count < 0) throw new Error(`McNemar counts must be non-negative integers, got ${count}`);
  }
  const n = onlyFirst + onlySecond;
  const smaller = Math.min(onlyFirst, onlySecond);
  const pValue = n === 0 ? 1 : Math.min(1, 2 * binomialLowerTailHalf(smaller, n));
  return { onlyFirst, onlySecond, pValue };
}

/**
 * P(X ≤ k) for X ~ Binomial(n, 1/2), computed in log space so that thousands of discordant pairs neither
 * overflow the binomial coefficients nor underflow 2^-n.
 */
export function binomialLowerTailHalf(k: number, n: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  // log C(n, i) for i = 0..k by the recurrence C(n, i) = C(n, i-1) · (n-i+1) / i.
  const logTerms = new Float64Array(k + 1);
  for (let i = 1; i <= k; i++) logTerms[i] = logTerms[i - 1] + Math.log(n - i + 1) - Math.log(i);
  // For k ≤ n/2 the last term is the largest; for larger k take the true maximum to keep the sum stable.
  let largest = -Infinity;
  for (const term of logTerms) largest = Math.max(largest, term);
  let scaled = 0;
  for (const term of logTerms) scaled += Math.exp(term - largest);
  return Math.min(1, Math.exp(largest + Math.log(scaled) - n * Math.LN2));
}
