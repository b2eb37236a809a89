/**
 * Checkpoints as plain files, without tfjs-node's file handlers: named tensors are packed with
 * `tf.io.encodeWeights` into `<name>.bin` beside a `<name>.json` holding the weight specs and any metadata.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';

export interface CheckpointFile {
  format: 'step-hrl-harness/weights@1';
  specs: tf.io.WeightsManifestEntry[];
  metadata: Record<string, unknown>;
}

export async function saveWeights(dir: string, name: string, tensors: Record<string, tf.Tensor>, metadata: Record<string, unknown> = {}): Promise<void> {
  await mkdir(dir, { recursive: true });
  const { data, specs } = await tf.io.encodeWeights(tensors);
  const bytes = new Uint8Array(data as ArrayBuffer);
  const file: CheckpointFile = { format: 'step-hrl-harness/weights@1', specs, metadata };
  await writeFile(join(dir, `${name}.bin`), bytes);
  await writeFile(join(dir, `${name}.json`), JSON.stringify(file, null, 2) + '\n');
}

export async function loadWeights(dir: string, name: string): Promise<{ tensors: Record<string, tf.Tensor>; metadata: Record<string, unknown> }> {
  const file = JSON.parse(await readFile(join(dir, `${name}.json`), 'utf8')) as CheckpointFile;
  if (file.format !== 'step-hrl-harness/weights@1') throw new Error(`${join(dir, `${name}.json`)}: not a weights file of this harness`);
  const buffer = await readFile(join(dir, `${name}.bin`));
  const data = buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength);
  return { tensors: tf.io.decodeWeights(data, file.specs), metadata: file.metadata };
}

/** Assigns loaded tensors to variables by name; every variable must be present with the same shape. */
export function assignWeights(variables: Record<string, tf.Variable>, tensors: Record<string, tf.Tensor>, source: string): void {
  try {
    for (const [name, variable] of Object.entries(variables)) {
      const tensor = tensors[name];
      if (!tensor) throw new Error(`${source}: missing weight ${name}`);
      if (!tf.util.arraysEqual(tensor.shape, variable.shape)) {
        throw new Error(`${source}: weight ${name} has shape [${tensor.shape}], expected [${variable.shape}]`);
      }
    }
    for (const [name, variable] of Object.entries(variables)) variable.assign(tensors[name]);
  } finally {
    tf.dispose(Object.values(tensors));
  }
}
