/**
 * `scienceworld`: a TypeScript-native ScienceWorld. A simulated house (kitchen, workshop, greenhouse, …)
 * with thermodynamics, electricity, biology and chemistry, ScienceWorld's text interface and action
 * templates, the 24 task types of the STEP-HRL protocol with their variations and scoring, and an expert
 * that solves every variation. Splits: train, dev, test as ScienceWorld cuts variations; `seen` is dev and
 * `unseen` is test (the mapping the STEP-HRL paper used). See README.md for the paper's protocol.
 */
import { definePlugin, type EpisodeSpec } from '../../../harness/api.ts';
import { ScienceWorldEnv } from './env.ts';
import { optionsSchema, resolveOptions, type ScienceWorldOptions, selectTasks, simplificationsFor } from './options.ts';
import { splitVariations } from './splits.ts';
import { findTask } from './tasks/registry.ts';
import { type TaskType, taskLabel } from './tasks/types.ts';

const SPLITS = ['train', 'dev', 'test', 'seen', 'unseen'] as const;

/** The STEP-HRL paper evaluated at most this many dev and test variations per task type. */
export const PAPER_EVAL_VARIATIONS = 10;

function blockName(split: string): 'train' | 'dev' | 'test' {
  if (split === 'seen') return 'dev';
  if (split === 'unseen') return 'test';
  if (split === 'train' || split === 'dev' || split === 'test') return split;
  throw new Error(`scienceworld: unknown split "${split}"; use one of ${SPLITS.join(', ')}`);
}

/** The variations of a task in a split, after the per-task caps. */
export function variationsIn(task: TaskType, split: string, options: ScienceWorldOptions): number[] {
  const block = blockName(split);
  const all = splitVariations(task.variations().length)[block];
  const cap = block === 'train' ? options.trainVariationsPerTask : options.evalVariationsPerTask;
  return cap === null ? all : all.slice(0, cap);
}

export function episodeId(task: TaskType, variation: number): string {
  return `${task.id}-${task.name}-v${variation}`;
}

export default definePlugin({
  kind: 'env',
  name: 'scienceworld',
  version: '0.1.0',
  description:
    'TypeScript-native ScienceWorld: a simulated house with thermodynamics, electricity, biology and chemistry; ScienceWorld text, tasks and scoring.',
  optionsSchema,
  splits: SPLITS,

  episodes(split: string, raw: Partial<ScienceWorldOptions>): EpisodeSpec[] {
    const options = resolveOptions(raw);
    return selectTasks(options).flatMap((task) =>
      variationsIn(task, split, options).map((variation) => ({ id: episodeId(task, variation), task: taskLabel(task), variation })),
    );
  },

  create(episode, ctx) {
    const options = resolveOptions(ctx.options);
    const task = findTask(episode.task) ?? findTask(episode.task.split(' ')[0]);
    if (!task) throw new Error(`scienceworld: unknown task "${episode.task}"`);
    if (!Number.isInteger(episode.variation) || episode.variation < 0 || episode.variation >= task.variations().length) {
      throw new Error(`scienceworld: ${taskLabel(task)} has variations 0–${task.variations().length - 1}, not ${episode.variation}`);
    }
    return new ScienceWorldEnv(task, episode.variation, ctx.seed, simplificationsFor(task, options.simplifications));
  },

  describe(raw: Partial<ScienceWorldOptions>): string {
    const options = resolveOptions(raw);
    const rows = selectTasks(options).map((task) => {
      const count = (s: string) => variationsIn(task, s, options).length;
      return [taskLabel(task), String(task.variations().length), String(count('train')), String(count('dev')), String(count('test'))];
    });
    const totals = ['total', ...[1, 2, 3, 4].map((i) => String(rows.reduce((n, r) => n + Number(r[i]), 0)))];
    const table = [['task', 'variations', 'train', 'dev (seen)', 'test (unseen)'], ...rows, totals];
    const widths = table[0].map((_, c) => Math.max(...table.map((r) => r[c].length)));
    const text = table.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ')).join('\n');
    // The STEP-HRL protocol, for reference: the paper's 24 types, at most 10 dev and 10 test variations each.
    const paper = resolveOptions({ tasks: 'paper', evalVariationsPerTask: PAPER_EVAL_VARIATIONS });
    const count = (split: string) => selectTasks(paper).reduce((n, t) => n + variationsIn(t, split, paper).length, 0);
    return `${text}\n\npaper protocol (tasks: paper, evalVariationsPerTask: ${PAPER_EVAL_VARIATIONS}): ${selectTasks(paper).length} task types, ${count('dev')} dev (seen) and ${count('test')} test (unseen) episodes`;
  },
});
