import { closest, distance } from 'fastest-levenshtein';

/** ` (did you mean "x"?)` when a known word is close to what was written, else an empty string. */
export function didYouMean(written: string, known: readonly string[]): string {
  if (known.length === 0) return '';
  const best = closest(written, [...known]);
  const limit = Math.max(2, Math.floor(best.length / 3));
  return distance(written.toLowerCase(), best.toLowerCase()) <= limit ? ` (did you mean "${best}"?)` : '';
}
