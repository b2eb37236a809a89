/**
 * Environment throughput of the `scienceworld` plugin on one core: steps per second with `validActions()`
 * called before every step, as an agent that reads the valid actions would. Two workloads:
 *   - random: a seeded random walk over the valid actions (many moves and pours, so the action list is
 *     rebuilt most steps — the hard case);
 *   - expert: the expert's plans replayed (what training-data collection and the oracle do).
 * Episodes: four dev episodes of every implemented task type. Each workload is a fixed number of steps,
 * timed several times; the best and the median round are reported (the machine is shared, so the best
 * round is the closest to the code's own cost). Rates are given per second of wall time and per second of
 * this process's CPU time (which leaves out time spent waiting for a core on a busy machine). Episode
 * creation and reset count as part of the work.
 *
 *   npx tsx bench/scienceworld-steps.ts [rounds=5] [steps per round=3000]
 */
import { createRng, type EpisodeSpec } from '../harness/api.ts';
import plugin from '../plugins/envs/scienceworld/index.ts';

const rounds = Number(process.argv[2] ?? 5);
const stepsPerRound = Number(process.argv[3] ?? 3000);

const episodes = plugin.episodes('dev', {});
const byTask = new Map<string, EpisodeSpec[]>();
for (const e of episodes) byTask.set(e.task, [...(byTask.get(e.task) ?? []), e]);
const spread = [0, 1, 2, 3].flatMap((i) => [...byTask.values()].map((list) => list[Math.floor((i * list.length) / 4)]));

interface Round {
  ms: number;
  /** CPU time this process used in the round: on a shared machine, wall time also counts waiting for a core. */
  cpuMs: number;
  actions: number;
}

function cpuMs(): number {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
}

async function randomWalk(steps: number, seed: number): Promise<Round> {
  const rng = createRng(seed);
  let done = 0;
  let actions = 0;
  const start = performance.now();
  const cpu0 = cpuMs();
  for (let e = 0; done < steps; e++) {
    const env = await plugin.create(spread[e % spread.length], { options: {}, seed: e });
    await env.reset();
    for (let i = 0; i < 50 && done < steps; i++) {
      const valid = await env.validActions();
      actions += valid.length;
      const result = await env.step(valid[rng.int(valid.length)]);
      done++;
      if (result.done) break;
    }
  }
  return { ms: performance.now() - start, cpuMs: cpuMs() - cpu0, actions };
}

const plans: { episode: EpisodeSpec; actions: string[] }[] = [];
for (const episode of spread) {
  const env = await plugin.create(episode, { options: {}, seed: 1 });
  await env.reset();
  plans.push({ episode, actions: (await env.expert!()).subtasks.flatMap((s) => s.steps.map((st) => st.action)) });
}

async function expertReplay(steps: number): Promise<Round> {
  let done = 0;
  let actions = 0;
  const start = performance.now();
  const cpu0 = cpuMs();
  for (let e = 0; done < steps; e++) {
    const plan = plans[e % plans.length];
    const env = await plugin.create(plan.episode, { options: {}, seed: 1 });
    await env.reset();
    for (const action of plan.actions) {
      if (done >= steps) break;
      actions += (await env.validActions()).length;
      await env.step(action);
      done++;
    }
  }
  return { ms: performance.now() - start, cpuMs: cpuMs() - cpu0, actions };
}

async function measure(name: string, run: (round: number) => Promise<Round>): Promise<void> {
  await run(-1); // warm up the JIT
  const results: Round[] = [];
  for (let r = 0; r < rounds; r++) results.push(await run(r));
  const rate = (ms: number) => (stepsPerRound * 1000) / ms;
  const wall = results.map((r) => rate(r.ms)).sort((a, b) => a - b);
  const cpu = results.map((r) => rate(r.cpuMs)).sort((a, b) => a - b);
  const fmt = (x: number) => String(Math.round(x)).padStart(6);
  const perStep = Math.round(results[0].actions / stepsPerRound);
  console.log(
    `${name.padEnd(7)} wall: best ${fmt(wall[wall.length - 1])}, median ${fmt(wall[Math.floor(wall.length / 2)])} steps/s;` +
      ` cpu: best ${fmt(cpu[cpu.length - 1])}, median ${fmt(cpu[Math.floor(cpu.length / 2)])} steps/s` +
      `  (${rounds} rounds of ${stepsPerRound} steps; ${perStep} valid actions per step)`,
  );
}

console.log(`scienceworld env throughput on one core, validActions() before every step; ${spread.length} dev episodes over ${byTask.size} task types`);
await measure('random', (r) => randomWalk(stepsPerRound, 42 + Math.max(r, 0)));
await measure('expert', () => expertReplay(stepsPerRound));
