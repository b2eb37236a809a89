/**
 * `alfworld`: a TypeScript-native ALFWorld. Household rooms of ALFRED's four kinds, ALFWorld's six task
 * types, its text and command grammar (current, or the 0.3.x `legacy` one that ReAct-era prompts expect),
 * and its splits: train 3,553, seen 140 (training rooms, new placements), unseen 134 (held-out rooms).
 */
import { definePlugin, type EpisodeSpec, type JsonSchema } from '../../../harness/api.ts';
import { buildWorld } from './build.ts';
import { AlfworldEnv, type AlfworldOptions } from './env.ts';
import { isSplit, parseEpisodeId, splitEpisodes } from './episodes.ts';
import { SPLITS, TASK_TYPES } from './tasks.ts';

const optionsSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    grammar: {
      enum: ['current', 'legacy'],
      default: 'current',
      description:
        'current: ALFWorld >= 0.4 ("You arrive at cabinet 1.", "move X to Y"). legacy: ALFWorld 0.3.x as used by ReAct, AgentBoard and AgentGym ("You arrive at loc 5.", "put X in/on Y").',
    },
    taskTypes: {
      type: 'array',
      items: { enum: [...TASK_TYPES] },
      minItems: 1,
      uniqueItems: true,
      default: [...TASK_TYPES],
      description: 'Task types to include in every split.',
    },
    phrasing: {
      enum: ['mixed', 'primary'],
      default: 'mixed',
      description:
        "mixed: each game words its goal in ALFWorld's main or alternate phrasing, fixed per game (as ALFWorld draws one). primary: always the main phrasing.",
    },
    episodesPerTask: {
      type: 'integer',
      minimum: 0,
      default: 0,
      description: 'Keep only the first N episodes of each task type in each split (0 keeps all).',
    },
  },
};

const DEFAULTS: AlfworldOptions = { grammar: 'current', taskTypes: [...TASK_TYPES], phrasing: 'mixed', episodesPerTask: 0 };

function resolve(options: Partial<AlfworldOptions> | undefined): AlfworldOptions {
  return { ...DEFAULTS, ...(options ?? {}) };
}

function selectEpisodes(split: string, options: AlfworldOptions): EpisodeSpec[] {
  if (!isSplit(split)) throw new Error(`alfworld: unknown split "${split}" (expected one of ${SPLITS.join(', ')})`);
  const wanted = new Set(options.taskTypes);
  const perTask = new Map<string, number>();
  const out: EpisodeSpec[] = [];
  for (const episode of splitEpisodes(split)) {
    if (!wanted.has(episode.task)) continue;
    const n = perTask.get(episode.task) ?? 0;
    if (options.episodesPerTask > 0 && n >= options.episodesPerTask) continue;
    perTask.set(episode.task, n + 1);
    out.push({ ...episode });
  }
  return out;
}

export default definePlugin({
  kind: 'env',
  name: 'alfworld',
  version: '1.0.0',
  description: 'ALFWorld household text tasks (6 task types; train 3,553 / seen 140 / unseen 134), TypeScript-native.',
  optionsSchema,
  splits: SPLITS,

  episodes(split: string, options: Partial<AlfworldOptions>): EpisodeSpec[] {
    return selectEpisodes(split, resolve(options));
  },

  create(episode: EpisodeSpec, ctx: { options: Partial<AlfworldOptions>; seed: number }) {
    // The world is a pure function of the episode id; ALFWorld's dynamics are deterministic, so the seed
    // changes nothing.
    const key = parseEpisodeId(episode.id);
    if (episode.task !== key.params.type) {
      throw new Error(`alfworld: episode "${episode.id}" is a ${key.params.type} game, not ${episode.task}`);
    }
    return new AlfworldEnv(buildWorld(episode.id), resolve(ctx.options));
  },

  describe(options: Partial<AlfworldOptions>): string {
    const resolved = resolve(options);
    const rows = resolved.taskTypes.map((type) => [type, ...SPLITS.map((split) => String(selectEpisodes(split, { ...resolved, taskTypes: [type] }).length))]);
    const totals = ['total', ...SPLITS.map((split) => String(selectEpisodes(split, resolved).length))];
    const table = [['task type', ...SPLITS], ...rows, totals];
    const widths = table[0].map((_, c) => Math.max(...table.map((row) => row[c].length)));
    const lines = table.map((row) => row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  '));
    lines.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
    lines.splice(lines.length - 1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
    return [`grammar: ${resolved.grammar}; phrasing: ${resolved.phrasing}; unseen episodes use held-out floor plans (1-6 of each room kind)`, ...lines].join(
      '\n',
    );
  },
});
