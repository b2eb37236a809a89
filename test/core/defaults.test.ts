import { describe, expect, it } from 'vitest';
import { withDefaults } from '../../harness/api.ts';
import { validateOptions } from '../../harness/schema/compile.ts';
import { trainSchema } from '../../plugins/agents/common/train-settings.ts';
import { optionsSchema as scienceworldOptions } from '../../plugins/envs/scienceworld/options.ts';

describe('withDefaults', () => {
  it("fills a schema's defaults as the harness's validator does, nested objects included", () => {
    for (const [schema, value] of [
      [trainSchema, { bc: { epochs: 2 }, rl: { advantage: { beta: 1 } } }],
      [trainSchema, {}],
      [scienceworldOptions, { tasks: 'paper' }],
    ] as const) {
      expect(withDefaults(schema, value)).toEqual(validateOptions(schema, value));
    }
  });

  it('keeps what is given and does not touch its input', () => {
    const given = { bc: { epochs: 2 } };
    const filled = withDefaults<{ bc: { epochs: number; batchSize: number } }>(trainSchema, given);
    expect(filled.bc).toMatchObject({ epochs: 2, batchSize: 32 });
    expect(given).toEqual({ bc: { epochs: 2 } });
  });
});
