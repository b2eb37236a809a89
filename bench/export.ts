/**
 * `harness export` on the paper protocol: the training splits of `suites/paper.yaml`'s envs (every training
 * episode of both), in all three formats, for the three learned agents and the `llm` agent with each scheme.
 * Prints, per env, the episodes kept and left out, steps and time; per file, lines and size; the total time and
 * the process's peak RSS and its live heap after a full collection (sampled through the export: the live heap
 * must not grow with the data — compare a run limited to fewer episodes per env); and how many Llama 3 tokens
 * the step-hrl llm's examples take (for a trainer's max_length).
 *
 *   npx tsx bench/export.ts [--limit n] [--keep]   (--keep leaves the export in the printed folder)
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parse, stringify } from 'yaml';
import { exportSuite } from '../harness/export/from-suite.ts';
import type { ProgressDisplay } from '../harness/runner/progress.ts';
import { loadSuite } from '../harness/spec/load.ts';
import { readJsonl } from '../harness/store/jsonl.ts';
import { tokenizer } from '../harness/tokens/tokenizers.ts';

const keep = process.argv.includes('--keep');
const limitAt = process.argv.indexOf('--limit');
const limit = limitAt === -1 ? null : Number(process.argv[limitAt + 1]);
const paper = parse(readFileSync(join(import.meta.dirname, '..', 'suites', 'paper.yaml'), 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'bench-export-'));
const suiteFile = join(dir, 'paper-export.yaml');
// The paper's progress limit (max_new_tokens_progress: 150), as in docs/training-llms.md: no label is cut.
const llm = (strategy: string) => ({ use: 'llm', id: `llm-${strategy}`, options: { strategy, model: 'your-model', progressTokens: 150 } });
writeFileSync(
  suiteFile,
  stringify({
    name: 'paper-export',
    seed: paper.seed,
    stepLimit: paper.stepLimit,
    tokenizer: paper.tokenizer,
    envs: limit === null ? paper.envs : paper.envs.map((e: { splits: object }) => ({ ...e, splits: { ...e.splits, train: { limit } } })),
    agents: ['vanilla-rl', 'hrl', 'step-hrl', llm('vanilla'), llm('hrl'), llm('step-hrl')],
  }),
);

/** Records when each env starts and ends (the export reports through the progress display). */
const envSeconds = new Map<string, number>();
const started = new Map<string, number>();
const progress: ProgressDisplay = {
  begin: (id) => started.set(id, performance.now()),
  update() {},
  end: (id) => envSeconds.set(id, (performance.now() - started.get(id)!) / 1000),
  log() {},
  stop() {},
};

// RSS includes garbage V8 has not collected yet; the live heap after a full collection is what the export keeps.
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;
let peak = 0;
let livePeak = 0;
const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 200);
const sampleLiveHeap = () => {
  collect();
  livePeak = Math.max(livePeak, process.memoryUsage().heapUsed);
};
const sampleLive = setInterval(sampleLiveHeap, 10_000);
const t0 = performance.now();
const loaded = await loadSuite(suiteFile);
const out = join(dir, 'out');
const outcome = await exportSuite(loaded, { out, formats: null, split: 'train', progress, version: 'bench' });
const seconds = (performance.now() - t0) / 1000;
clearInterval(sample);
clearInterval(sampleLive);
sampleLiveHeap();
peak = Math.max(peak, process.resourceUsage().maxRSS * 1024);

const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
console.log(
  `suite: suites/paper.yaml's envs, split train${limit === null ? '' : ` (at most ${limit} episodes per env)`}, seed ${manifest.seed}; agents ${manifest.envs[0].agents.join(', ')}`,
);
console.log('env            episodes  kept  left out   steps   time s');
for (const env of manifest.envs) {
  const time = envSeconds.get(`${env.id}:${env.split}`) ?? 0;
  console.log(
    `${env.id.padEnd(14)} ${String(env.episodes).padStart(8)} ${String(env.exported).padStart(5)} ${String(env.skipped.length).padStart(9)} ${String(env.steps).padStart(7)} ${time.toFixed(1).padStart(8)}`,
  );
}
console.log(`\nfile                                      lines        MiB`);
let total = 0;
for (const [path, size] of Object.entries<{ lines: number; bytes: number }>(manifest.files)) {
  total += size.bytes;
  console.log(`${path.padEnd(36)} ${String(size.lines).padStart(11)} ${mib(size.bytes).padStart(10)}`);
}
console.log(
  `\n${Object.keys(manifest.files).length} files, ${mib(total)} MiB in ${seconds.toFixed(1)} s; failures ${outcome.failures}; peak RSS ${mib(peak)} MiB, live heap after collection at most ${mib(livePeak)} MiB`,
);

// How long the step-hrl llm's training examples are (for a trainer's max_length): Llama 3 tokens of the
// messages' text, before the chat template adds its few tokens per message.
const llama3 = tokenizer('llama3');
for (const env of manifest.envs) {
  const lengths: number[] = [];
  for await (const line of readJsonl<{ policy: string; messages: { content: string }[] }>(join(out, env.id, 'llm-step-hrl', 'chat.jsonl'))) {
    lengths.push(llama3.count(line.messages.map((m) => m.content).join('')));
  }
  lengths.sort((a, b) => a - b);
  const mean = lengths.reduce((a, b) => a + b, 0) / lengths.length;
  console.log(
    `${env.id} llm-step-hrl chat: ${lengths.length} examples, Llama 3 tokens mean ${mean.toFixed(0)}, 99th percentile ${lengths[Math.floor(0.99 * lengths.length)]}, max ${lengths.at(-1)}`,
  );
}
if (keep) console.log(`export kept in ${out}`);
else rmSync(dir, { recursive: true, force: true });
