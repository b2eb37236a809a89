/**
 * The episodes of a split: one per data index, in the order the `splits` option lists them, labelled with
 * their task where that can be known before playing (ScienceWorld's fixed numbering, or AgentGym's item
 * mapping file).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { EpisodeSpec } from '../../../harness/api.ts';
import { parseIndices } from './indices.ts';
import { type AgentGymOptions, SPLITS } from './options.ts';
import { sciworldGame } from './sciworld-tasks.ts';

export function episodeId(server: string, index: number): string {
  return `${server}-${index}`;
}

export function indexOf(episode: EpisodeSpec, server: string): number {
  const match = new RegExp(`^${server}-(\\d+)$`).exec(episode.id);
  if (!match) throw new Error(`agentgym: "${episode.id}" is not an episode of a ${server} server (expected ${server}-<data index>)`);
  return Number(match[1]);
}

export function splitEpisodes(split: string, options: AgentGymOptions): EpisodeSpec[] {
  if (!(SPLITS as readonly string[]).includes(split)) throw new Error(`agentgym: unknown split "${split}" (expected one of ${SPLITS.join(', ')})`);
  const spec = options.splits[split as keyof AgentGymOptions['splits']];
  if (spec === undefined) {
    throw new Error(`agentgym: split "${split}" has no data indices; set options.splits.${split} (e.g. "0-199")`);
  }
  const labels = options.taskMap ? readTaskMap(options.taskMap) : undefined;
  return parseIndices(spec, `agentgym options.splits.${split}`).map((index) => {
    const id = episodeId(options.server, index);
    const mapped = labels?.get(index);
    if (mapped) return { id, task: mapped, variation: index };
    const game = options.server === 'sciworld' && options.taskLabels === 'auto' ? sciworldGame(index) : undefined;
    return game ? { id, task: game.task, variation: game.variation } : { id, task: options.server, variation: index };
  });
}

/**
 * Task labels by data index from AgentGym's mapping files (`[{item_id, task_type}]`, where task_type reads
 * `pick_cool_then_place_in_recep-Mug-None-CoffeeMachine-23`: the label is the part before the first "-"),
 * or from a plain `{ "<index>": "<label>" }` object.
 */
const taskMaps = new Map<string, Map<number, string>>();

function readTaskMap(file: string): Map<number, string> {
  const path = resolve(process.cwd(), file);
  let map = taskMaps.get(path);
  if (map) return map;
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`agentgym: cannot read taskMap ${path}: ${(e as Error).message}`);
  }
  map = new Map();
  if (Array.isArray(data)) {
    for (const item of data as { item_id?: unknown; task_type?: unknown }[]) {
      if (typeof item?.item_id !== 'number' || typeof item.task_type !== 'string') {
        throw new Error(`agentgym: taskMap ${path}: every item needs a numeric "item_id" and a string "task_type"`);
      }
      map.set(item.item_id, item.task_type.split('-')[0]);
    }
  } else if (typeof data === 'object' && data !== null) {
    for (const [key, label] of Object.entries(data)) {
      if (!/^\d+$/.test(key) || typeof label !== 'string') throw new Error(`agentgym: taskMap ${path}: expected "<data index>": "<label>" entries`);
      map.set(Number(key), label);
    }
  } else {
    throw new Error(`agentgym: taskMap ${path} must hold a list of {item_id, task_type} or an object of labels`);
  }
  taskMaps.set(path, map);
  return map;
}
