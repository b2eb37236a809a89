import { describe, expect, it } from 'vitest';
import {
  crossFields,
  defaultTextEncoderConfig,
  encodeCandidate,
  encodedFields,
  encodePrompt,
  fieldBucket,
  overlapDim,
  overlapFeatures,
  promptFields,
  recencyBucket,
} from '../../harness/learn/index.ts';

const prompt =
  'You are an executor.\nSubtask: pick up(thermometer)\nCurrent observation: You move to the kitchen.\nLook: This room is called the kitchen. In it, you see:\n\ta thermometer\n\ta stove\nLocal progress: None\n';

describe('prompt fields', () => {
  it('split a prompt at labelled lines and keep unlabelled lines in the field above', () => {
    const fields = promptFields(prompt).filter((s) => s.text.trim());
    expect(fields.map((f) => f.field)).toEqual(['', 'subtask', 'current observation', 'look', 'look', 'look', 'local progress']);
  });

  it("drop a label's number from the field, so every history entry shares one field, and keep it as the entry's step", () => {
    expect(promptFields('Observation 3: hi\nthere\nAction 3: go\n')).toEqual([
      { field: 'observation', text: 'hi', step: 3 },
      { field: 'observation', text: 'there', step: 3 },
      { field: 'action', text: 'go', step: 3 },
      { field: 'action', text: '', step: 3 },
    ]);
  });
});

describe('history order and recency', () => {
  const history = (actions: string[]) =>
    `Role.\nTask: find the key\n${actions.map((a, i) => `Observation ${i}: you are in room ${i}\nAction ${i}: ${a}\n`).join('')}Current observation: a hall\n`;
  const bag = { ...defaultTextEncoderConfig, historyRecency: [] };
  const vector = (text: string, config = defaultTextEncoderConfig) => {
    const e = encodePrompt(text, config);
    return new Map(Array.from(e.ids, (id, i) => [id, e.values[i]]));
  };

  it('puts entries in recency buckets counted back from the latest: 0, 1, 2–3, 4–7, older', () => {
    expect([0, 1, 2, 3, 4, 7, 8, 30].map((back) => recencyBucket(back, [1, 2, 4, 8]))).toEqual([0, 1, 2, 2, 3, 3, 4, 4]);
  });

  it('encodes the same entries in another order differently (and alike when read as a bag)', () => {
    const forward = history(['open drawer', 'take key', 'go to door']);
    const backward = history(['go to door', 'take key', 'open drawer']);
    expect(vector(forward)).not.toEqual(vector(backward));
    expect(vector(forward, bag)).toEqual(vector(backward, bag));
  });

  it('tells the latest entry from an old one, in the hashed features and in the overlap with a candidate', () => {
    const early = history(['take key', 'look', 'look', 'look', 'look', 'open drawer']);
    const late = history(['open drawer', 'look', 'look', 'look', 'look', 'take key']);
    expect(vector(early)).not.toEqual(vector(late));
    const latestAction = fieldBucket('latest action', defaultTextEncoderConfig);
    const overlap = (text: string) => {
      const out = new Float32Array(overlapDim(defaultTextEncoderConfig));
      overlapFeatures(encodePrompt(text), encodeCandidate('take key'), out, 0);
      return out;
    };
    expect(overlap(late)[latestAction]).toBe(1);
    expect(overlap(early)[latestAction]).toBe(0);
    // Both still have the candidate somewhere in their action history.
    const action = fieldBucket('action', defaultTextEncoderConfig);
    expect(overlap(early)[action]).toBe(1);
    expect(overlap(late)[action]).toBe(1);
  });

  it('leaves prompts without history as they were', () => {
    for (const config of [defaultTextEncoderConfig, bag]) {
      const a = encodePrompt(prompt, config);
      const b = encodePrompt(prompt, { ...defaultTextEncoderConfig, historyRecency: [] });
      expect(Array.from(a.ids)).toEqual(Array.from(b.ids));
      expect(Array.from(a.values)).toEqual(Array.from(b.values));
      expect(encodedFields(a).map((f) => f.bucket)).toEqual(encodedFields(b).map((f) => f.bucket));
    }
  });
});

describe('encoding', () => {
  it('is deterministic and scales every field block to unit length', () => {
    const a = encodePrompt(prompt);
    const b = encodePrompt(prompt);
    expect(Array.from(a.ids)).toEqual(Array.from(b.ids));
    // Blocks: preamble, subtask, current observation, look, local progress, and the field-free unigrams.
    const squares = Array.from(a.values).reduce((s, v) => s + v * v, 0);
    expect(squares).toBeCloseTo(6, 4);
  });

  it('tells the same word in different fields apart', () => {
    const inTask = encodePrompt('Task: apple\n');
    const inObservation = encodePrompt('Current observation: apple\n');
    const shared = [...inTask.ids].filter((id) => inObservation.ids.includes(id));
    expect(shared).toHaveLength(1); // only the field-free unigram
  });
});

describe('cross-field overlap', () => {
  it("says how much of one field appears in another, e.g. whether the subtask's object is in view", () => {
    const config = defaultTextEncoderConfig;
    const k = crossFields(config);
    const at = (text: string, from: string, to: string) => encodePrompt(text).cross[fieldBucket(from, config) * k + fieldBucket(to, config)];
    expect(at('Subtask: pick up(pan)\nCurrent observation: In the fridge 1, you see a pan 1.\n', 'subtask', 'current observation')).toBeCloseTo(1 / 3); // pan; not pick, up
    expect(at('Subtask: pick up(pan)\nCurrent observation: In the fridge 1, you see a pot 1.\n', 'subtask', 'current observation')).toBe(0);
  });
});

describe('overlap features', () => {
  const config = defaultTextEncoderConfig;
  const features = (candidate: string) => {
    const out = new Float32Array(overlapDim(config));
    overlapFeatures(encodePrompt(prompt), encodeCandidate(candidate), out, 0, config);
    return out;
  };

  it('measure how much of a candidate appears in each field', () => {
    const subtask = fieldBucket('subtask', config);
    expect(features('pick up thermometer')[subtask]).toBe(1);
    expect(features('pick up stove')[subtask]).toBeCloseTo(2 / 3); // pick, up — not stove
    expect(features('open door to hallway')[subtask]).toBe(0);
    const look = fieldBucket('look', config);
    expect(features('pick up stove')[look]).toBeCloseTo(1 / 3); // "stove" is in the room, "pick up" is not
  });

  // 48 buckets put some labels above bucket 31, where the fields are searched one by one instead of indexed.
  it.each([32, 48])('agree with a field-by-field count for every bucket, over many prompts and candidates (%i buckets)', (fieldBuckets) => {
    const cfg = { ...config, fieldBuckets };
    const words = ['apple', 'red', 'box', 'the', 'open', 'take', 'kitchen', 'key', 'go', 'to', 'drawer', 'lamp'];
    const pick = (i: number, n: number) => Array.from({ length: n }, (_, k) => words[(i * 7 + k * 5 + k * k) % words.length]).join(' ');
    let searched = 0;
    for (let i = 0; i < 40; i++) {
      const p = encodePrompt(
        `Task: ${pick(i, 6)}\nCurrent observation: ${pick(i + 3, 9)}\nInventory: ${pick(i + 1, 2)}\nAction 2: ${pick(i + 5, 3)}\n` +
          `Label ${String.fromCharCode(97 + (i % 26))}: ${pick(i + 4, 4)}\n`,
        cfg,
      );
      if (encodedFields(p).some((f) => f.bucket >= 32)) searched++;
      // Candidates of one prompt in a row, then the first again after another prompt (the index is rebuilt).
      for (const c of [encodeCandidate(pick(i + 2, 1 + (i % 4))), encodeCandidate(pick(i + 6, 2))]) {
        const expected = new Float32Array(overlapDim(cfg));
        for (const { bucket, words: fieldWords, bigrams: fieldBigrams } of encodedFields(p)) {
          const wordHits = c.words.filter((w) => fieldWords.includes(w)).length;
          const bigramHits = c.bigrams.filter((b) => fieldBigrams.includes(b)).length;
          expected[bucket] = c.words.length ? wordHits / c.words.length : 0;
          expected[fieldBuckets + bucket] = c.bigrams.length ? bigramHits / c.bigrams.length : 0;
          expected[2 * fieldBuckets + bucket] = c.words.length > 0 && wordHits === c.words.length ? 1 : 0;
        }
        expected[3 * fieldBuckets] = 1 / (1 + c.tokenCount);
        expected[3 * fieldBuckets + 1] = c.bigrams.length === 0 ? 1 : 0;
        const out = new Float32Array(overlapDim(cfg));
        overlapFeatures(p, c, out, 0, cfg);
        expect(Array.from(out)).toEqual(Array.from(expected));
      }
    }
    expect(searched > 0).toBe(fieldBuckets > 32);
  });

  it('keep the field names this project uses in separate buckets', () => {
    const names = [
      '',
      'task',
      'subtask',
      'current observation',
      'look',
      'inventory',
      'local progress',
      'observation',
      'action',
      'completed subtasks',
      'last subtask progress',
      'previous progress',
      'resulting observation',
      'progress',
    ];
    expect(new Set(names.map((n) => fieldBucket(n, config))).size).toBe(names.length);
  });
});
