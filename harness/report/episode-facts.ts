import type { EpisodeRecord } from '../api.ts';

/** Small facts about an episode record shared by the summary, the digest and `compare`. */

/** Tokens per step of one episode (prompt + completion of every policy call), or null if it took no step. */
export function tokensPerStep(record: EpisodeRecord): number | null {
  return record.steps > 0 ? record.tokens.total / record.steps : null;
}

/** Identity of an episode within an (env, split): the harness identifies episodes by (env, split, id, seed). */
export function episodeKey(record: Pick<EpisodeRecord, 'seed' | 'episode'>): string {
  return `${record.seed}\u0000${record.episode}`;
}

export function groupKey(...parts: string[]): string {
  return parts.join('\u0000');
}
