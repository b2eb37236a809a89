import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { EpisodeRecord } from '../api.ts';
import { EpisodeLog, episodeKey } from './episode-log.ts';
import { runFiles, writeJsonAtomic } from './files.ts';
import { DamagedLogError, readJsonl } from './jsonl.ts';
import { liveHolder } from './lock.ts';
import type { Manifest } from './manifest.ts';

/** Shards that cannot be merged, with the reason. */
export class MergeError extends Error {
  override name = 'MergeError';
}

/**
 * Combines the run folders of shards of one suite (`harness run --shard i/N`) into one run folder: the same
 * suite and selection are checked, every shard must be present once, and the episode logs are concatenated
 * (an episode present twice is kept once). Training logs and checkpoints come from the first shard: every
 * shard trains the same agents from the same seeds. A shard still being written (its lock is live) is refused.
 */
export async function mergeRuns(dirs: string[], out: string): Promise<Manifest> {
  if (dirs.length === 0) throw new MergeError('give the shard run folders to merge');
  const shards = dirs.map((dir) => {
    const files = runFiles(dir);
    if (!existsSync(files.manifest)) throw new MergeError(`${dir} is not a run folder (no manifest.json)`);
    const writer = liveHolder(dir);
    if (writer)
      throw new MergeError(`${dir} is still being written (${writer.command}, pid ${writer.pid} on host ${writer.host}); merge it once it has finished`);
    return { dir, files, manifest: JSON.parse(readFileSync(files.manifest, 'utf8')) as Manifest };
  });
  const first = shards[0].manifest;
  const counts = new Set<number>();
  const indices: number[] = [];
  for (const { dir, manifest } of shards) {
    if (manifest.suiteHash !== first.suiteHash)
      throw new MergeError(`${dir} ran a different suite (suite hash ${manifest.suiteHash.slice(0, 12)} ≠ ${first.suiteHash.slice(0, 12)})`);
    if (JSON.stringify(manifest.suite.seeds) !== JSON.stringify(first.suite.seeds)) throw new MergeError(`${dir} ran other seeds`);
    const { shard, ...rest } = manifest.selection;
    const { shard: _, ...firstRest } = first.selection;
    if (JSON.stringify(rest) !== JSON.stringify(firstRest)) throw new MergeError(`${dir} ran another selection (--limit/--only) than ${shards[0].dir}`);
    if (!shard) throw new MergeError(`${dir} is not a shard (it was not run with --shard)`);
    const [index, count] = shard.split('/').map(Number);
    counts.add(count);
    indices.push(index);
  }
  const [count] = counts;
  if (counts.size > 1) throw new MergeError(`the shards were cut in different counts (${[...counts].join(', ')})`);
  const missing = Array.from({ length: count }, (_, i) => i).filter((i) => !indices.includes(i));
  const twice = indices.filter((i, k) => indices.indexOf(i) !== k);
  if (missing.length || twice.length) {
    throw new MergeError(
      `expected shards 0..${count - 1} once each; ${missing.length ? `missing ${missing.join(', ')}` : ''}${twice.length ? ` repeated ${twice.join(', ')}` : ''}`.trim(),
    );
  }

  const target = runFiles(out);
  if (existsSync(target.manifest)) throw new MergeError(`${out} already holds a run`);
  mkdirSync(out, { recursive: true });
  const log = await EpisodeLog.open(target.episodes);
  try {
    for (const { dir, files } of shards) {
      try {
        for await (const record of readJsonl<EpisodeRecord>(files.episodes)) if (!log.has(episodeKey(record))) log.append(record);
      } catch (e) {
        if (!(e instanceof DamagedLogError)) throw e;
        throw new MergeError(`${e.message}: \`harness run --resume ${dir}\` sets such lines aside and runs their episodes again; then merge`);
      }
    }
  } finally {
    log.close();
  }
  const source = shards[0].files;
  writeFileSync(target.suite, readFileSync(source.suite));
  if (existsSync(source.training)) cpSync(source.training, target.training);
  if (existsSync(source.checkpoints)) cpSync(source.checkpoints, target.checkpoints, { recursive: true });
  const manifest: Manifest = {
    ...first,
    runId: out.split('/').filter(Boolean).at(-1) ?? 'merged',
    createdAt: new Date().toISOString(),
    selection: { ...first.selection, shard: null },
    mergedFrom: shards.map((s) => ({ dir: s.dir, runId: s.manifest.runId, shard: s.manifest.selection.shard! })),
  };
  writeJsonAtomic(target.manifest, manifest);
  return manifest;
}
