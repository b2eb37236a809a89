/**
 * Tensor backend selection for the learning kit.
 *
 * Order of preference: `@tensorflow/tfjs-node` (native TensorFlow, when the optional dependency installed),
 * then the wasm backend with SIMD and the matMul patch (`wasm-matmul.ts`), then the pure-JS cpu backend.
 * The choice is made once per process; `backendInfo()` reports what is in use so the runner can record it
 * in every run's manifest.
 */
import { isMainThread } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';
import { registerGradients } from './gradients.ts';
import { kernelArithmetic } from './wasm-kernels.ts';
import { patchWasmMatMul } from './wasm-matmul.ts';

export { tf };

export type BackendPreference = 'auto' | 'tensorflow' | 'wasm' | 'cpu';

export interface BackendInfo {
  /** tfjs backend name: `tensorflow` (tfjs-node), `wasm` or `cpu`. */
  name: string;
  /** Version of tfjs-core in use. */
  version: string;
  /** Version of the backend package that registered the backend. */
  backendVersion: string | null;
  /** wasm only: whether the SIMD build is running. */
  simd?: boolean;
  /** wasm only: threads used by the wasm kernels (1 under Node). */
  threads?: number;
  /** Backends tried before this one, with why they were skipped. */
  skipped: { name: string; reason: string }[];
}

let current: Promise<BackendInfo> | null = null;
let resolved: BackendInfo | null = null;

/**
 * Selects and initialises the tensor backend (once per process; later calls return the first result).
 * `TFJS_BACKEND=wasm|cpu|tensorflow` in the environment overrides `preference`.
 */
export function initBackend(preference: BackendPreference = 'auto', options: { quiet?: boolean } = {}): Promise<BackendInfo> {
  if (!current) {
    registerGradients();
    current = selectBackend((process.env.TFJS_BACKEND as BackendPreference | undefined) ?? preference).then((info) => {
      resolved = info;
      // Logged once, by the main thread (worker threads that run episodes use the same backend).
      if (!options.quiet && isMainThread && !process.env.VITEST) {
        const extra = info.name === 'wasm' ? ` (SIMD ${info.simd ? 'on' : 'off'}, ${info.threads} thread)` : '';
        process.stderr.write(`[learn] tensor backend: ${info.name} ${info.backendVersion ?? ''}${extra}, tfjs-core ${info.version}\n`);
      }
      return info;
    });
  }
  return current;
}

/**
 * The backend as flat facts for a run manifest's `runtime` record, with the fused engine's arithmetic: training
 * repeats bit for bit where all of these agree.
 */
export function backendFacts(info: BackendInfo): Record<string, string> {
  const facts: Record<string, string> = { backend: info.name, tfjsCore: info.version, kernelArithmetic: kernelArithmetic() };
  if (info.backendVersion) facts.backendVersion = info.backendVersion;
  if (info.simd !== undefined) facts.wasmSimd = String(info.simd);
  if (info.threads !== undefined) facts.wasmThreads = String(info.threads);
  return facts;
}

/** The backend in use, or null before `initBackend` finished. */
export function backendInfo(): BackendInfo | null {
  return resolved;
}

async function selectBackend(preference: BackendPreference): Promise<BackendInfo> {
  const skipped: BackendInfo['skipped'] = [];
  const order: BackendPreference[] = preference === 'auto' ? ['tensorflow', 'wasm', 'cpu'] : [preference];
  for (const name of order) {
    try {
      const info = await tryBackend(name);
      return { ...info, skipped };
    } catch (error) {
      skipped.push({ name, reason: error instanceof Error ? error.message.split('\n')[0] : String(error) });
    }
  }
  throw new Error(`no tensor backend could be initialised: ${skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')}`);
}

async function tryBackend(name: BackendPreference): Promise<Omit<BackendInfo, 'skipped'>> {
  if (name === 'tensorflow') {
    // A variable specifier keeps TypeScript from requiring the optional package's types.
    const specifier = '@tensorflow/tfjs-node';
    const mod = (await import(specifier)) as { version?: Record<string, string> };
    // tfjs-node registers its backend on the tfjs-core it depends on; if npm did not dedupe that copy
    // with ours, this core never sees the backend and it cannot be used.
    if (!tf.findBackendFactory('tensorflow')) throw new Error('tfjs-node loaded but registered on another tfjs-core copy');
    if (!(await tf.setBackend('tensorflow'))) throw new Error('tfjs-node backend failed to initialise');
    return { name: 'tensorflow', version: tf.version_core, backendVersion: mod.version?.['tfjs-node'] ?? null };
  }
  if (name === 'wasm') {
    const wasm = (await import('@tensorflow/tfjs-backend-wasm')) as { version_wasm: string };
    if (!(await tf.setBackend('wasm'))) throw new Error('wasm backend failed to initialise');
    patchWasmMatMul();
    await tf.ready();
    return {
      name: 'wasm',
      version: tf.version_core,
      backendVersion: wasm.version_wasm,
      simd: Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')),
      threads: 1,
    };
  }
  if (name === 'cpu') {
    const cpu = (await import('@tensorflow/tfjs-backend-cpu')) as { version_cpu: string };
    if (!(await tf.setBackend('cpu'))) throw new Error('cpu backend failed to initialise');
    return { name: 'cpu', version: tf.version_core, backendVersion: cpu.version_cpu };
  }
  throw new Error(`unknown backend ${name}`);
}
