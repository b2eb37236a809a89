/**
 * `harness export <run-dir>`: the `rl` transitions of a run folder's logged episodes of one split
 * (`run-log.ts`), streamed from its episode log into `<env>/<agent>/rl.jsonl`.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import type { EpisodeRecord } from '../api.ts';
import { readManifest } from '../runner/run.ts';
import type { LoadedSuite } from '../spec/load.ts';
import { runFiles } from '../store/files.ts';
import { readJsonl } from '../store/jsonl.ts';
import { EXPORT_LAYOUT, ExportInputError, type ExportOptions, type ExportOutcome, messageOf } from './export.ts';
import { ExportFolder } from './output.ts';
import { recordSteps } from './run-log.ts';
import { loggedEpisode, rlLines } from './transitions.ts';

export async function exportRun(runDir: string, loaded: LoadedSuite, options: ExportOptions): Promise<ExportOutcome> {
  const formats = options.formats ?? ['rl'];
  const unsupported = formats.filter((f) => f !== 'rl');
  if (unsupported.length > 0) {
    throw new ExportInputError(
      `a run folder gives only --format rl (the transitions of its logged episodes); ${unsupported.join(' and ')} ${unsupported.length === 1 ? 'comes' : 'come'} from a suite's expert demonstrations`,
    );
  }
  checkRunSplit(loaded, options.split);
  const files = runFiles(runDir);
  const total = await countLines(files.episodes);
  const folder = ExportFolder.create(options.out);
  const bar = 'run';
  options.progress.begin(bar, `${options.split} episodes of the run`, total);
  const skipped: Record<string, number> = {};
  let read = 0;
  let exported = 0;
  try {
    for await (const record of recordsOf(files.episodes)) {
      if (options.signal?.aborted) {
        options.progress.stop();
        folder.abandon();
        return { dir: folder.dir, files: {}, failures: 0, skipped: 0, interrupted: true };
      }
      read++;
      options.progress.update(bar, read, undefined, `${exported} exported`);
      if (record.split !== options.split) continue;
      const result = recordStepsAt(record, files.episodes, read);
      // A retried episode's earlier record ended in an error and is skipped here: each episode is exported once.
      if ('skip' in result) {
        skipped[result.skip] = (skipped[result.skip] ?? 0) + 1;
        continue;
      }
      exported++;
      const last = result.steps.at(-1);
      const episodeLog = loggedEpisode(record.episode, result.steps, {
        success: record.success,
        score: last?.score ?? 0,
        truncated: record.end === 'step-limit',
      });
      const rl = folder.file(`${record.env}/${record.agent}/rl.jsonl`);
      for (const line of rlLines(episodeLog)) rl.write(line);
    }
    options.progress.end(bar, `${exported} episodes exported`);
    options.progress.stop();
    const sizes = folder.sizes();
    folder.finish({
      format: EXPORT_LAYOUT,
      harness: options.version,
      source: { run: files.dir, runId: readManifest(files).runId, suiteHash: loaded.hash },
      split: options.split,
      formats,
      episodes: { read, exported, skipped },
      files: sizes,
    });
    const skippedCount = Object.values(skipped).reduce((a, b) => a + b, 0);
    return { dir: folder.dir, files: sizes, failures: 0, skipped: skippedCount, interrupted: false };
  } catch (error) {
    options.progress.stop();
    folder.abandon();
    throw error;
  }
}

/** A run logs only its evaluation splits: the split asked for must be one of them. */
function checkRunSplit(loaded: LoadedSuite, split: string): void {
  const logged = [...new Set(loaded.spec.envs.flatMap((e) => e.eval.map((s) => s.name)))];
  if (logged.includes(split)) return;
  const where = `the run of ${loaded.file} logged the splits ${logged.join(', ') || '(none)'}`;
  if (loaded.spec.envs.some((e) => e.train.name === split)) {
    throw new ExportInputError(
      `${where}, not "${split}": training episodes are not logged. To collect episodes on training data, add an evaluation split that plays the env's training split (e.g. "rollouts: { split: train }"), run it, and export --split rollouts`,
    );
  }
  throw new ExportInputError(`${where}: there is no split "${split}" (choose one with --split)`);
}

/** The log's records as they stream; a damaged log is bad input, reported at its line. */
async function* recordsOf(path: string): AsyncGenerator<EpisodeRecord> {
  const records = readJsonl<EpisodeRecord>(path);
  for (;;) {
    let next: IteratorResult<EpisodeRecord>;
    try {
      next = await records.next();
    } catch (error) {
      throw new ExportInputError(messageOf(error));
    }
    if (next.done) return;
    yield next.value;
  }
}

function recordStepsAt(record: EpisodeRecord, file: string, index: number): ReturnType<typeof recordSteps> {
  try {
    return recordSteps(record);
  } catch (error) {
    throw new ExportInputError(`${file}: record ${index} (env ${record.env}, agent ${record.agent}, episode ${record.episode}): ${messageOf(error)}`);
  }
}

/** Lines of a file, counted as it streams (for the progress bar's total). */
async function countLines(path: string): Promise<number> {
  if (!existsSync(path) || statSync(path).size === 0) return 0;
  let count = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) count++;
  }
  return count;
}
