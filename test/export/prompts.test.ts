/**
 * The chat export of the learned agents holds exactly the prompts they build: rebuilt here, independently, from
 * the reference records of the same export (what the player saw at each step, the expert's subtasks, actions
 * and progress labels) with the shared prompt builders, following each scheme's loop as documented.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportSuite } from '../../harness/export/from-suite.ts';
import type { ReferenceRecord } from '../../harness/export/reference.ts';
import { createProgress } from '../../harness/runner/progress.ts';
import { loadSuite } from '../../harness/spec/load.ts';
import { TokenCounter } from '../../harness/tokens/counter.ts';
import { tokenizer } from '../../harness/tokens/tokenizers.ts';
import {
  type HistoryEntry,
  hrlHighPrompt,
  hrlLowPrompt,
  NO_PROGRESS,
  observationText,
  progressPrompt,
  stepHighPrompt,
  stepLowPrompt,
  vanillaPrompt,
} from '../../plugins/agents/common/prompts.ts';
import { boundProgress, withoutEmptyList } from '../../plugins/agents/step-hrl/progress-candidates.ts';
import { tempDir, writeSuite } from '../helpers.ts';

interface Message {
  role: string;
  content: string;
}
interface Expected {
  policy: string;
  parts: string[];
  answer: string;
}

const SUITE = `
name: export-prompts
seed: 3
envs:
  - use: alfworld
    splits: { train: { limit: 8 }, seen: { limit: 1 } }
  - use: scienceworld
    options: { tasks: paper, evalVariationsPerTask: 1 }
    splits: { train: { limit: 8 }, seen: { limit: 1 } }
agents: [vanilla-rl, hrl, step-hrl]
`;

const counter = new TokenCounter(tokenizer('llama3'));
/** The step-hrl agent's teacher drops an empty list suffix and bounds a progress label to its maxProgressTokens (default 64) of the suite's tokenizer. */
const bounded = (label: string) => boundProgress(withoutEmptyList(label), 64, (t) => counter.count(t));

let dir = '';
beforeAll(async () => {
  const folder = tempDir('harness-export-prompts-');
  const loaded = await loadSuite(writeSuite(folder, SUITE));
  dir = join(folder, 'out');
  const outcome = await exportSuite(loaded, {
    out: dir,
    formats: ['reference', 'chat'],
    split: 'train',
    progress: createProgress({ quiet: true }),
    version: 'test',
  });
  expect(outcome.failures).toBe(0);
}, 120_000);

const readLines = <T>(path: string): T[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as T);

/** Per step of a reference record: its subtask index, its index within the subtask, and the subtask's length. */
function positions(r: ReferenceRecord) {
  return r.group_action.flatMap((group, k) => group.map((_, j) => ({ k, j, last: j === group.length - 1 })));
}

function current(r: ReferenceRecord, t: number) {
  return observationText(r.obs[t], { look: r.look[t] ?? undefined, inventory: r.inventory[t] ?? undefined });
}

function history(r: ReferenceRecord, from: number, to: number): HistoryEntry[] {
  return r.action.slice(from, to).map((action, i) => ({ step: from + i, observation: r.obs[from + i], action }));
}

function expectedVanilla(r: ReferenceRecord): Expected[] {
  return r.action.map((action, t) => ({
    policy: 'policy',
    parts: vanillaPrompt({ task: r.task_description, history: history(r, 0, t), current: current(r, t) }),
    answer: action,
  }));
}

function expectedHrl(r: ReferenceRecord): Expected[] {
  const out: Expected[] = [];
  let start = 0;
  positions(r).forEach(({ k, j, last }, t) => {
    if (j === 0) {
      start = t;
      out.push({ policy: 'high', parts: hrlHighPrompt({ task: r.task_description, history: history(r, 0, t), current: current(r, t) }), answer: r.subtask[k] });
    }
    const parts = hrlLowPrompt({ subtask: r.subtask[k], history: history(r, start, t), current: current(r, t) });
    out.push({ policy: 'low', parts, answer: `${r.action[t]}; ${last ? 'True' : 'False'}` });
  });
  return out;
}

function expectedStepHrl(r: ReferenceRecord): Expected[] {
  const out: Expected[] = [];
  const steps = positions(r);
  // The local progress before step t: "None" where a subtask starts, else the bounded label after step t−1.
  const before = (t: number) => (steps[t].j === 0 ? NO_PROGRESS : bounded(r.local_progress[steps[t].k][steps[t].j]));
  steps.forEach(({ k, j, last }, t) => {
    if (t > 0) {
      const p = steps[t - 1];
      out.push({
        policy: 'progress',
        parts: progressPrompt({ subtask: r.subtask[p.k], previous: before(t - 1), action: r.action[t - 1], observation: r.obs[t] }),
        answer: bounded(r.local_progress[p.k][p.j + 1]),
      });
    }
    if (j === 0) {
      const lastProgress = k === 0 ? NO_PROGRESS : bounded(r.local_progress[k - 1].at(-1)!);
      const parts = stepHighPrompt({ task: r.task_description, completedSubtasks: r.subtask.slice(0, k), lastProgress, current: current(r, t) });
      out.push({ policy: 'high', parts, answer: r.subtask[k] });
    }
    out.push({
      policy: 'low',
      parts: stepLowPrompt({ subtask: r.subtask[k], current: current(r, t), progress: before(t) }),
      answer: `${r.action[t]}; ${last ? 'True' : 'False'}`,
    });
  });
  return out;
}

/** The role line as the system message, the fields as the user message, the answer as the assistant's. */
function asChat(e: Expected): { policy: string; messages: Message[] } {
  const [roleLine, ...fields] = e.parts;
  return {
    policy: e.policy,
    messages: [
      { role: 'system', content: roleLine },
      { role: 'user', content: fields.join('') },
      { role: 'assistant', content: e.answer },
    ],
  };
}

describe.each(['alfworld', 'scienceworld'])('the chat export on %s', (env) => {
  const schemes: [string, (r: ReferenceRecord) => Expected[]][] = [
    ['vanilla-rl', expectedVanilla],
    ['hrl', expectedHrl],
    ['step-hrl', expectedStepHrl],
  ];
  it.each(schemes)("holds exactly the %s agent's prompts and the expert's answers, call by call", (agent, expected) => {
    const records = readLines<ReferenceRecord>(join(dir, env, 'reference.jsonl'));
    expect(records.length).toBe(8);
    const chat = readLines<{ policy: string; messages: Message[] }>(join(dir, env, agent, 'chat.jsonl'));
    expect(chat).toEqual(records.flatMap(expected).map(asChat));
  });
});
