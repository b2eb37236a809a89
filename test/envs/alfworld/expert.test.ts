import { describe, expect, it } from 'vitest';
import type { EpisodeSpec } from '../../../harness/api.ts';
import { parseEpisodeId } from '../../../plugins/envs/alfworld/episodes.ts';
import { episodes, open } from './helpers.ts';

const LIMIT = 50;

/** Replays the expert step by step through a fresh env; checks what the conformance check checks. */
function checkExpert(episode: EpisodeSpec, grammar: 'current' | 'legacy'): number {
  const env = open(episode, { grammar });
  env.reset();
  const demo = env.expert();
  let steps = 0;
  let won = false;
  for (const subtask of demo.subtasks) {
    expect(env.candidateSubtasks(), `${episode.id}: "${subtask.subtask}" offered`).toContain(subtask.subtask);
    for (const step of subtask.steps) {
      expect(won, `${episode.id}: steps after the win`).toBe(false);
      const result = env.step(step.action);
      steps++;
      expect(result.invalid, `${episode.id}: "${step.action}"`).toBe(false);
      won = result.success;
    }
  }
  expect(won, `${episode.id} won`).toBe(true);
  expect(steps).toBeLessThanOrEqual(LIMIT);
  return steps;
}

const SUBTASK_PATTERNS = [
  /^locate and pick up [a-z]+$/,
  /^locate and use (desklamp|floorlamp)$/,
  /^(clean|heat|cool) [a-z]+ \d+ with (sinkbasin|microwave|fridge) \d+$/,
  /^put [a-z]+ \d+ in [a-z]+ \d+$/,
];

describe('alfworld expert', () => {
  it('wins every seen and unseen episode within 50 steps, each subtask offered among the candidates', () => {
    for (const split of ['seen', 'unseen']) {
      const lengths = episodes(split).map((e) => checkExpert(e, 'current'));
      expect(lengths.length).toBe(split === 'seen' ? 140 : 134);
    }
  });

  it('wins every unseen episode in the legacy grammar too', () => {
    for (const episode of episodes('unseen')) checkExpert(episode, 'legacy');
  });

  it('wins a sample of training episodes (every fifth)', () => {
    const sample = episodes('train').filter((_, i) => i % 5 === 0);
    for (const episode of sample) checkExpert(episode, 'current');
    expect(sample.length).toBe(711);
  });

  it("segments its plan into the paper's subtasks", () => {
    for (const episode of episodes('unseen')) {
      const { params } = parseEpisodeId(episode.id);
      const obj = params.object.toLowerCase(),
        target = params.target.toLowerCase();
      const subtasks = open(episode)
        .expert()
        .subtasks.map((s) => s.subtask);
      for (const s of subtasks)
        expect(
          SUBTASK_PATTERNS.some((p) => p.test(s)),
          s,
        ).toBe(true);
      expect(subtasks[0]).toBe(`locate and pick up ${obj}`);
      const put = new RegExp(`^put ${obj} \\d+ in ${target} \\d+$`);
      switch (params.type) {
        case 'look_at_obj_in_light':
          expect(subtasks).toEqual([`locate and pick up ${obj}`, `locate and use ${target}`]);
          break;
        case 'pick_two_obj_and_place':
          expect(subtasks).toHaveLength(4);
          expect(subtasks[2]).toBe(`locate and pick up ${obj}`);
          expect(subtasks[1]).toMatch(put);
          expect(subtasks[3]).toMatch(put);
          expect(subtasks[3].split(' in ')[1]).toBe(subtasks[1].split(' in ')[1]);
          break;
        case 'pick_and_place_simple':
          expect(subtasks).toHaveLength(2);
          expect(subtasks[1]).toMatch(put);
          break;
        default: {
          const verb = { pick_clean_then_place_in_recep: 'clean', pick_heat_then_place_in_recep: 'heat', pick_cool_then_place_in_recep: 'cool' }[
            params.type as string
          ];
          expect(subtasks).toHaveLength(3);
          expect(subtasks[1]).toMatch(new RegExp(`^${verb} ${obj} \\d+ with `));
          expect(subtasks[2]).toMatch(put);
        }
      }
    }
  });

  it('labels every step with local progress; search labels list only places confirmed not to hold the target', () => {
    let searchLabels = 0;
    for (const episode of episodes('unseen')) {
      const env = open(episode);
      env.reset();
      for (const subtask of env.expert().subtasks) {
        const search = /^locate and (pick up|use) ([a-z]+)$/.exec(subtask.subtask);
        const lookedInto = new Map<string, string>(); // place -> what it showed, within this subtask
        for (const step of subtask.steps) {
          const result = env.step(step.action);
          const shown = /(?:On the|The) ([a-z]+ \d+)(?:,| is open\. In it,) you see (.*)\.$/.exec(result.observation);
          if (shown) lookedInto.set(shown[1], shown[2]);
          const [sentence, checked] = step.progress.split(' || ');
          expect(sentence).toMatch(/^[A-Z].*\.$/);
          expect(sentence).not.toContain('||');
          if (!search) {
            expect(checked).toBeUndefined();
            continue;
          }
          if (checked === undefined) continue;
          searchLabels++;
          const m = /^\[Checked: (.+)\]$/.exec(checked);
          expect(m, step.progress).not.toBeNull();
          for (const place of m![1].split(', ')) {
            expect(lookedInto.has(place), `${episode.id}: ${place} looked into`).toBe(true);
            expect(lookedInto.get(place)!).not.toMatch(new RegExp(`\\ba ${search[2]} \\d+`));
          }
        }
      }
    }
    expect(searchLabels).toBeGreaterThan(100);
  });

  it('plans from the reset state whenever it is asked, without disturbing the episode', () => {
    for (const episode of episodes('seen').filter((_, i) => i % 10 === 0)) {
      const env = open(episode),
        twin = open(episode);
      env.reset();
      twin.reset();
      const plan = env.expert();
      const actions = plan.subtasks.flatMap((s) => s.steps.map((x) => x.action));
      env.step(actions[0]);
      twin.step(actions[0]);
      expect(env.expert()).toEqual(plan);
      for (const action of actions.slice(1)) expect(env.step(action)).toEqual(twin.step(action));
    }
  });

  it("plans in the env's grammar", () => {
    const episode = episodes('unseen').find((e) => e.task === 'pick_and_place_simple')!;
    const last = (grammar: 'current' | 'legacy') => open(episode, { grammar }).expert().subtasks.at(-1)!.steps.at(-1)!.action;
    expect(last('current')).toMatch(/^move [a-z]+ \d+ to [a-z]+ \d+$/);
    expect(last('legacy')).toMatch(/^put [a-z]+ \d+ in\/on [a-z]+ \d+$/);
  });
});
