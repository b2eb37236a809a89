import { expect, it } from 'vitest';
import { plugin, replayExpert } from './helpers.ts';

/**
 * For each task type: the expert's plan, replayed through a fresh env, reaches score 100 within 50 steps
 * on every dev and test variation and on a sample of training variations, with every step labelled and
 * valid, and — on every fourth of them, to keep the suite quick — every subtask among the candidates at its
 * start (`harness check scienceworld` checks the candidates on all).
 */
export function expertSucceedsEverywhere(taskIds: string[]): void {
  for (const id of taskIds) {
    for (const split of ['dev', 'test', 'train'] as const) {
      it(`${id}: the expert solves every ${split === 'train' ? 'sampled train' : split} variation within 50 steps`, async () => {
        let episodes = plugin.episodes(split, { tasks: [id] });
        if (split === 'train') episodes = Array.from({ length: 8 }, (_, i) => episodes[Math.floor((i * episodes.length) / 8)]);
        expect(episodes.length).toBeGreaterThan(0);
        const failures: string[] = [];
        for (const [i, episode] of episodes.entries()) {
          const r = await replayExpert(episode, 1, i % 4 === 0);
          if (!r.last?.success || r.last.score !== 100) failures.push(`${episode.id}: ended with score ${r.last?.score}`);
          if (r.steps > 50) failures.push(`${episode.id}: ${r.steps} steps`);
          for (const p of r.problems) failures.push(`${episode.id}: ${p}`);
        }
        expect(failures.slice(0, 5), `${failures.length} problems`).toEqual([]);
      });
    }
  }
}
