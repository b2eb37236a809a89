import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { GoldenTranscript } from './golden/record.ts';
import { GOLDEN_EPISODES } from './golden/record.ts';
import { byId, open } from './helpers.ts';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'golden');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort();

function load(file: string): GoldenTranscript {
  return JSON.parse(readFileSync(join(dir, file), 'utf8')) as GoldenTranscript;
}

describe('alfworld golden transcripts', () => {
  it('has a current and a legacy transcript for every pinned episode', () => {
    expect(files).toEqual(GOLDEN_EPISODES.flatMap((g) => [`${g.name}.current.json`, `${g.name}.legacy.json`]).sort());
  });

  for (const file of files) {
    it(`replays ${file} word for word`, () => {
      const golden = load(file);
      const episode = byId(golden.split, golden.episode.id);
      expect(episode).toEqual(golden.episode);
      const env = open(episode, golden.options);
      const reset = env.reset();
      expect({ observation: reset.observation, task: reset.task }).toEqual(golden.reset);
      for (const step of golden.steps) {
        const { action, ...expected } = step;
        const { info, ...result } = env.step(action);
        expect(result, `"${action}"`).toEqual(expected);
        // Every step carries the room overview, as the paper's agents saw it after each feedback.
        expect(info?.look).toBe(reset.info?.look);
      }
    });
  }

  it('pins what the real env refuses: going where the agent is, examining what it does not hold, other case', () => {
    for (const file of files) {
      const steps = load(file).steps;
      const refusals = { again: [] as string[], unheld: [] as string[], shouted: [] as string[] };
      let here = '';
      steps.forEach((step, i) => {
        if (step.action === `go to ${here}`) refusals.again.push(step.observation);
        else if (step.action.startsWith('go to ') && !step.invalid) here = step.action.slice('go to '.length);
        const nextTake = /^take (.+) from /.exec(steps[i + 1]?.action ?? '');
        if (nextTake && step.action === `examine ${nextTake[1]}`) refusals.unheld.push(step.observation);
        if (step.action !== step.action.toLowerCase()) refusals.shouted.push(step.observation);
      });
      for (const [kind, observations] of Object.entries(refusals)) {
        expect(observations.length, `${file}: ${kind}`).toBeGreaterThan(0);
        expect(new Set(observations), `${file}: ${kind}`).toEqual(new Set(['Nothing happens.']));
      }
    }
  });

  it('covers banner, look, arrival, open, take, state change, placing and the winning step in both grammars', () => {
    for (const grammar of ['current', 'legacy']) {
      const all = files.filter((f) => f.endsWith(`.${grammar}.json`)).map(load);
      const texts = all.flatMap((g) => [g.reset.observation, ...g.steps.map((s) => s.observation)]);
      const has = (re: RegExp) =>
        expect(
          texts.some((t) => re.test(t)),
          `${grammar}: ${re}`,
        ).toBe(true);
      has(/^-= Welcome to TextWorld, ALFRED! =-\n\nYou are in the middle of a room\. Looking quickly around you, you see /);
      has(/^You are facing the [a-z]+ \d+\. Next to it, you see nothing\.$/);
      has(grammar === 'legacy' ? /^You arrive at loc \d+\. On the [a-z]+ \d+, you see / : /^You arrive at ([a-z]+ \d+)\. On the \1, you see /);
      has(/^You arrive at .+\. The ([a-z]+ \d+) is closed\.$/);
      has(/^You open the ([a-z]+ \d+)\. The \1 is open\. In it, you see /);
      has(/^You pick up the [a-z]+ \d+ from the [a-z]+ \d+\.$/);
      has(/^You heat the [a-z]+ \d+ using the microwave \d+\.$/);
      has(/^You clean the [a-z]+ \d+ using the sinkbasin \d+\.$/);
      has(/^You turn on the (desklamp|floorlamp) \d+\.$/);
      has(/^This is a hot [a-z]+ \d+\.$/);
      has(/^You are carrying: a [a-z]+ \d+\.$/);
      has(/^Nothing happens\.$/);
      has(grammar === 'legacy' ? /^You put the [a-z]+ \d+ in\/on the [a-z]+ \d+\.$/ : /^You move the [a-z]+ \d+ to the [a-z]+ \d+\.$/);
      for (const g of all) {
        const last = g.steps.at(-1)!;
        expect(last).toMatchObject({ reward: 1, score: 100, done: true, success: true, progress: 1 });
        expect(g.steps.slice(0, -1).every((s) => !s.success && s.reward === 0)).toBe(true);
      }
    }
  });
});
