/**
 * Summarises a V8 CPU profile (`.cpuprofile`, as written by `node --cpu-prof` or by
 * `bench/learn-throughput.ts --profile`) by self time: per area of the code, then the top functions.
 *
 *   npx tsx bench/cpu-profile-summary.ts <file.cpuprofile> [--top 25]
 *
 * WebAssembly functions have no names in a profile; the fused engine's module (`harness/learn/wasm-kernels.ts`)
 * is recognised by its size and its functions named by their index in `KERNEL_NAMES`. Any larger module is
 * the tfjs wasm backend's.
 */
import { readFileSync } from 'node:fs';
import { KERNEL_NAMES } from '../harness/learn/wasm-kernels.ts';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const file = process.argv[2];
if (!file) {
  console.error('usage: npx tsx bench/cpu-profile-summary.ts <file.cpuprofile> [--top 25]');
  process.exit(2);
}
const topIndex = process.argv.indexOf('--top');
const top = topIndex >= 0 ? Number(process.argv[topIndex + 1]) : 25;
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));

// Wasm modules by the number of functions seen in the profile: the fused module has few.
const wasmFunctions = new Map<string, Set<string>>();
for (const n of profile.nodes) {
  const m = /^wasm:\/\/wasm\/([0-9a-f]+)/.exec(n.callFrame.url);
  // Only the module's own functions count (not the js-to-wasm wrappers, one per signature called).
  if (m && /^wasm-function\[/.test(n.callFrame.functionName)) wasmFunctions.set(m[1], (wasmFunctions.get(m[1]) ?? new Set()).add(n.callFrame.functionName));
}
const fusedNames: readonly string[] = KERNEL_NAMES;

function describe(frame: ProfileNode['callFrame']): { area: string; name: string } {
  const { url, functionName } = frame;
  const wasm = /^wasm:\/\/wasm\/([0-9a-f]+)/.exec(url);
  if (wasm) {
    const index = Number(/\[(\d+)\]/.exec(functionName)?.[1] ?? -1);
    if ((wasmFunctions.get(wasm[1])?.size ?? 0) <= fusedNames.length && index < fusedNames.length) {
      return { area: 'fused engine: SIMD kernels', name: `wasm ${fusedNames[index]}` };
    }
    return { area: 'tfjs wasm backend: kernels (wasm)', name: `tfjs wasm ${functionName}` };
  }
  const path = url.replace(/^file:\/\//, '');
  const short = path.includes('node_modules/') ? path.slice(path.lastIndexOf('node_modules/') + 13) : path.replace(/^.*?\/(harness|bench|plugins)\//, '$1/');
  const name = `${functionName || '(anonymous)'} ${short}${url ? `:${frame.lineNumber + 1}` : ''}`;
  if (functionName === '(garbage collector)') return { area: 'garbage collection', name };
  // The inspector session that records the profile (bench/learn-throughput.ts --profile) shows up as `dispatch`.
  if (functionName === 'dispatch' && !url) return { area: 'profiler itself', name };
  if (functionName === '(idle)' || functionName === '(program)' || functionName === '(root)') return { area: 'idle / runtime', name };
  if (path.includes('@tensorflow/tfjs-core')) return { area: 'tfjs-core: op dispatch, autograd tape, tensor bookkeeping (JS)', name };
  if (path.includes('@tensorflow/tfjs-backend-wasm')) return { area: 'tfjs wasm backend: kernel calls, data moves (JS)', name };
  if (/harness\/learn\/(fused-|wasm-kernels)/.test(path)) return { area: 'fused engine: layout, elementwise, Adam driver (JS)', name };
  if (path.includes('harness/learn/text-features')) return { area: 'text features: overlaps, candidate vectors (JS)', name };
  if (path.includes('harness/learn/')) return { area: 'trainers, batch building, sampling (JS)', name };
  return { area: 'other', name };
}

const byArea = new Map<string, number>();
const byName = new Map<string, { area: string; time: number }>();
let total = 0;
profile.samples.forEach((id, i) => {
  const dt = profile.timeDeltas[i] ?? 0;
  total += dt;
  const { area, name } = describe(nodes.get(id)!.callFrame);
  byArea.set(area, (byArea.get(area) ?? 0) + dt);
  const entry = byName.get(name) ?? { area, time: 0 };
  entry.time += dt;
  byName.set(name, entry);
});

const ms = (us: number) => (us / 1000).toFixed(0);
const pct = (us: number) => ((100 * us) / total).toFixed(1);
console.log(`${file}: ${ms(total)} ms sampled\n`);
console.log('| area | self ms | share |\n| :--- | ---: | ---: |');
for (const [area, time] of [...byArea].sort((a, b) => b[1] - a[1])) console.log(`| ${area} | ${ms(time)} | ${pct(time)}% |`);
console.log(`\n| function (top ${top}) | self ms | share |\n| :--- | ---: | ---: |`);
for (const [name, { time }] of [...byName].sort((a, b) => b[1].time - a[1].time).slice(0, top)) console.log(`| ${name} | ${ms(time)} | ${pct(time)}% |`);
