import { describe, expect, it } from 'vitest';
import type { TrainingEvent } from '../../harness/api.ts';
import { buildReportModel } from '../../harness/report/model.ts';
import { trainingTable } from '../../harness/report/tables.ts';
import { digestTraining } from '../../harness/report/training.ts';
import { reportCharts } from '../../plugins/reporters/html/charts.ts';
import { episodeRecord, memoryRun } from './helpers.ts';

type Event = TrainingEvent & { env: string; agent: string; seed: number };

/**
 * A training log written the way the built-in agents write it: `seconds` is the clock since training began,
 * epochs count from 1, `trainSeconds` is the trainer's own time within a phase, and the final losses of a
 * phase are logged once.
 */
function agentLog(seed: number, clock: { data: number; bc: number; rollouts: number; rl: number }): Event[] {
  const at = { env: 'alfworld', agent: 'step-hrl', seed };
  return [
    { phase: 'data', demonstrations: 76, seconds: clock.data, ...at },
    { phase: 'bc-epoch', epoch: 1, steps: 20, loss: { high: 1.7, low: 1.6 }, ...at },
    { phase: 'bc-epoch', epoch: 2, steps: 40, loss: { high: 0.7, low: 0.9 }, ...at },
    { phase: 'bc-epoch', epoch: 3, steps: 60, loss: { high: 0.24, low: 0.63 }, ...at },
    { phase: 'bc', steps: 60, seconds: clock.bc, trainSeconds: clock.bc - clock.data - 0.3, loss: { high: 0.24, low: 0.63 }, ...at },
    { phase: 'rollouts', episodes: 8, seconds: clock.rollouts, ...at },
    { phase: 'rl-epoch', epoch: 1, steps: 28, high: { qLoss: 0.59, vLoss: 0.21 }, ...at },
    { phase: 'rl', steps: 28, seconds: clock.rl, trainSeconds: 2.4, ...at },
  ];
}

const log: Event[] = [...agentLog(1, { data: 0.5, bc: 10.5, rollouts: 14.5, rl: 20.5 }), ...agentLog(2, { data: 0.5, bc: 12.5, rollouts: 13.5, rl: 23.5 })];

async function runWith(training: Event[]) {
  const records = [episodeRecord({ env: 'alfworld', split: 'seen', agent: 'step-hrl', episode: 'e1', success: true, score: 100 })];
  return memoryRun(records, { agents: [{ id: 'step-hrl', use: 'step-hrl' }], training });
}

describe('the Training table', () => {
  it('counts the epochs logged, whether the agent numbers them from 1 or from 0', async () => {
    const fromOne = await digestTraining(await runWith(log));
    expect(fromOne.phases.find((p) => p.phase === 'bc-epoch')!.epochs).toBe(3);
    expect(fromOne.phases.find((p) => p.phase === 'rl-epoch')!.epochs).toBe(1);
    const fromZero = await digestTraining(await runWith(log.map((e) => (typeof e.epoch === 'number' ? { ...e, epoch: e.epoch - 1 } : e))));
    expect(fromZero.phases.find((p) => p.phase === 'bc-epoch')!.epochs).toBe(3);
  });

  it("gives each phase the time it took: the clock's advance since the previous phase, mean per seed", async () => {
    const { phases } = await digestTraining(await runWith(log));
    const seconds = Object.fromEntries(phases.map((p) => [p.phase, p.seconds]));
    // Seed 1: bc 10.5 − 0.5 = 10, rollouts 4, rl 6; seed 2: bc 12, rollouts 1, rl 10.
    expect(seconds.data).toBeCloseTo(0.5, 12);
    expect(seconds.bc).toBeCloseTo(11, 12);
    expect(seconds.rollouts).toBeCloseTo(2.5, 12);
    expect(seconds.rl).toBeCloseTo(8, 12);
    // Epoch events carry no time of their own.
    expect(seconds['bc-epoch']).toBeNull();
  });

  it('adds durations of events without a clock, and never a clock to a duration', async () => {
    const at = { env: 'alfworld', agent: 'step-hrl', seed: 1 };
    const { phases } = await digestTraining(
      await runWith([
        { phase: 'fit', durationMs: 1500, ...at },
        { phase: 'fit', durationMs: 500, ...at },
        { phase: 'tune', elapsedSeconds: 3, ...at },
      ]),
    );
    expect(phases.find((p) => p.phase === 'fit')!.seconds).toBeCloseTo(2, 12);
    expect(phases.find((p) => p.phase === 'tune')!.seconds).toBeCloseTo(3, 12);
  });

  it('shows epochs, data, time and losses per phase in the table', async () => {
    const model = await buildReportModel(await runWith(log));
    const table = trainingTable(model);
    const row = (phase: string) => table.rows.find((r) => r[2].text === phase)!;
    expect(row('bc-epoch')[3].text).toBe('2'); // seeds
    expect(row('bc-epoch')[4].text).toBe('3'); // epochs
    expect(row('bc')[6].text).toBe('11.0'); // seconds, not 10.5 + 9.7 (clock plus trainer time)
    expect(row('bc-epoch')[7].lines).toEqual(['loss.high: 1.70 → 0.700 → 0.240', 'loss.low: 1.60 → 0.900 → 0.630']);
    expect(row('rl-epoch')[7].lines).toEqual(['high.qLoss: 0.590', 'high.vLoss: 0.210']);
  });

  it('draws a loss curve only where a loss has two points or more, with readable ticks', async () => {
    const model = await buildReportModel(await runWith(log));
    const { training } = await reportCharts(model, { 'step-hrl': '#e45756' });
    expect(training).toHaveLength(1);
    const svg = training[0].svg;
    expect(svg).toContain('alfworld · bc-epoch · loss.high');
    expect(svg).not.toContain('rl-epoch'); // one epoch of RL: a single point, left to the table
    expect(svg).not.toContain('· bc · '); // the final losses, logged once
    expect(svg).not.toMatch(/0\.0000/);
  });
});
