import { describe, expect, it } from 'vitest';
import { createRng, hashSeed } from '../../../harness/api.ts';
import { parseEpisodeId } from '../../../plugins/envs/alfworld/episodes.ts';
import { episodes, namesIn, open } from './helpers.ts';

describe('alfworld candidate subtasks', () => {
  it('name only objects the agent has seen (no hidden locations), along random play', () => {
    for (const split of ['seen', 'unseen']) {
      for (const episode of episodes(split).filter((_, i) => i % 4 === 0)) {
        const env = open(episode);
        const rng = createRng(hashSeed(episode.id, 'candidates'));
        const shown = new Set(namesIn(env.reset().observation));
        for (let t = 0; t < 50; t++) {
          const candidates = env.candidateSubtasks();
          expect([...candidates].sort()).toEqual(candidates);
          expect(new Set(candidates).size).toBe(candidates.length);
          for (const c of candidates) {
            for (const name of namesIn(c)) expect(shown.has(name), `${episode.id}: "${c}" before ${name} was seen`).toBe(true);
          }
          const result = env.step(rng.pick(env.validActions()));
          for (const name of namesIn(result.observation)) shown.add(name);
          if (result.done) break;
        }
      }
    }
  });

  it("offer the task's own search subtask and distractors at the start, grounded on no object", () => {
    for (const episode of episodes('unseen')) {
      const env = open(episode);
      const intro = env.reset().observation;
      const candidates = env.candidateSubtasks();
      const { params } = parseEpisodeId(episode.id);
      expect(candidates).toContain(`locate and pick up ${params.object.toLowerCase()}`);
      expect(candidates.filter((c) => c.startsWith('locate and pick up ')).length).toBeGreaterThan(1);
      const objectNames = candidates.flatMap(namesIn).filter((n) => !intro.includes(`a ${n},`) && !intro.includes(`a ${n}.`));
      expect(objectNames).toEqual([]);
    }
  });

  it('ground placing and appliance subtasks on the object in hand', () => {
    const episode = episodes('unseen').find((e) => e.task === 'pick_cool_then_place_in_recep')!;
    const env = open(episode);
    env.reset();
    const demo = env.expert();
    for (const step of demo.subtasks[0].steps) env.step(step.action);
    const held = /^take (.+) from /.exec(demo.subtasks[0].steps.at(-1)!.action)![1];
    const candidates = env.candidateSubtasks();
    expect(candidates).toContain(demo.subtasks[1].subtask);
    expect(candidates.some((c) => c.startsWith(`heat ${held} with microwave`))).toBe(true);
    expect(candidates.filter((c) => c.startsWith(`put ${held} in `)).length).toBeGreaterThan(1);
  });
});
