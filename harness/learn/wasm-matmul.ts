/**
 * A faster matMul for the wasm backend.
 *
 * The wasm `BatchMatMul` / `_FusedMatMul` kernels are about 30× slower when asked to transpose an operand
 * (measured on this project's target machine: 787 ms for a transposed 256×4096 · 4096×256 product against
 * 28 ms for an explicit transpose followed by a plain product). Autograd's matMul gradient always asks for a
 * transposed operand, so training a dense layer pays that price twice per step. This patch re-registers both
 * kernels so that a transposed operand is first transposed explicitly with the wasm `Transpose` kernel and the
 * plain kernel does the product. The result is bit-identical; only the speed changes.
 */
import * as tf from '@tensorflow/tfjs-core';

let patched = false;

export function patchWasmMatMul(): void {
  if (patched) return;
  const transpose = tf.getKernel('Transpose', 'wasm');
  if (!transpose) throw new Error('the wasm backend must be registered before patching its matMul');
  for (const kernelName of ['BatchMatMul', '_FusedMatMul']) {
    const original = tf.getKernel(kernelName, 'wasm');
    if (!original) continue;
    tf.unregisterKernel(kernelName, 'wasm');
    tf.registerKernel({
      ...original,
      kernelFunc: (args) => {
        const { inputs, backend, attrs } = args as unknown as {
          inputs: Record<string, tf.TensorInfo>;
          backend: { disposeData(dataId: object): void };
          attrs: Record<string, unknown>;
        };
        if (!attrs.transposeA && !attrs.transposeB) return original.kernelFunc(args);
        const temporaries: tf.TensorInfo[] = [];
        const swapLastTwo = (x: tf.TensorInfo): tf.TensorInfo => {
          const rank = x.shape.length;
          const perm = [...Array(rank).keys()];
          [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1], perm[rank - 2]];
          const out = transpose.kernelFunc({ inputs: { x }, backend, attrs: { perm } } as never) as tf.TensorInfo;
          temporaries.push(out);
          return out;
        };
        const result = original.kernelFunc({
          ...args,
          inputs: {
            ...inputs,
            a: attrs.transposeA ? swapLastTwo(inputs.a) : inputs.a,
            b: attrs.transposeB ? swapLastTwo(inputs.b) : inputs.b,
          },
          attrs: { ...attrs, transposeA: false, transposeB: false },
        } as never);
        for (const t of temporaries) backend.disposeData(t.dataId);
        return result;
      },
    });
  }
  patched = true;
}
