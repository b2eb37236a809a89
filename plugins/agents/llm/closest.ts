/**
 * The closest option to a free-text answer, for `mapToValidAction` and `mapToCandidateSubtask`. The score
 * mixes word overlap (robust to extra or missing words: "take the apple" → "take apple 1 from table 1")
 * with edit distance (robust to spelling: "go est" → "go east"); ties go to the earlier option, so the
 * choice is deterministic.
 */
import { distance } from 'fastest-levenshtein';

export function closestOption(text: string, options: readonly string[]): string | null {
  if (options.length === 0) return null;
  const wanted = normalise(text);
  const wantedWords = new Set(wanted.split(' ').filter(Boolean));
  let best = options[0];
  let bestScore = Infinity;
  for (const option of options) {
    const candidate = normalise(option);
    if (candidate === wanted) return option;
    const score = (wordDistance(wantedWords, candidate) + editDistance(wanted, candidate)) / 2;
    if (score < bestScore) {
      best = option;
      bestScore = score;
    }
  }
  return best;
}

function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[.!?]+$/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** 1 − Jaccard similarity of the word sets. */
function wordDistance(wanted: Set<string>, candidate: string): number {
  const words = new Set(candidate.split(' ').filter(Boolean));
  let shared = 0;
  for (const w of words) if (wanted.has(w)) shared++;
  const union = wanted.size + words.size - shared;
  return union === 0 ? 0 : 1 - shared / union;
}

/** Levenshtein distance scaled to [0, 1] by the longer text. */
function editDistance(a: string, b: string): number {
  const longer = Math.max(a.length, b.length);
  return longer === 0 ? 0 : distance(a, b) / longer;
}
