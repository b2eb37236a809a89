import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { episodesInFixture, writeFixtureRun } from '../test/reporters/fixture.ts';

/**
 * The synthetic 100,000-episode run folder the reporting and viewer benchmarks read: the report tests'
 * fixture (four agents, two envs, seen and unseen, two seeds, 30-step limit) with enough variations, written
 * as the runner writes records (format 2: reset, trajectories, every policy call with its prompt parts).
 * Generated once and reused while its episode count matches (a `.bench-episodes` marker).
 */
export async function syntheticRun100k(dir: string, wanted = 100_000): Promise<{ dir: string; episodes: number; logBytes: number }> {
  const seeds = [1, 2];
  const variations = Math.ceil(wanted / episodesInFixture({ variations: 1, seeds }));
  const expected = episodesInFixture({ variations, seeds });
  const marker = join(dir, '.bench-episodes');
  if (!existsSync(marker) || readFileSync(marker, 'utf8') !== String(expected)) {
    rmSync(dir, { recursive: true, force: true });
    const started = performance.now();
    const { episodes } = await writeFixtureRun(dir, { variations, seeds, stepLimit: 30 });
    writeFileSync(marker, String(episodes));
    console.log(`generated ${episodes.toLocaleString('en-US')} episodes in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  return { dir, episodes: expected, logBytes: statSync(join(dir, 'episodes.jsonl')).size };
}
