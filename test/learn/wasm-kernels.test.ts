import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../harness/api.ts';
import { kernelArithmetic, part, transposeSparse, type WasmArray, Workspace } from '../../harness/learn/wasm-kernels.ts';

const rng = createRng('wasm-kernels');

function cpuHasFma(): boolean {
  if (process.arch === 'arm64') return true;
  return existsSync('/proc/cpuinfo') && /^flags\s*:.*\bfma\b/m.test(readFileSync('/proc/cpuinfo', 'utf8'));
}
const fill = (a: WasmArray, sparse = 0) => {
  for (let i = 0; i < a.length; i++) a.view[i] = rng.next() < sparse ? 0 : rng.next() * 2 - 1;
  return a;
};

/** C = A·B in float64, A [m×k] (or stored [k×m] when transposed). */
function reference(a: Float32Array, transposeA: boolean, b: Float32Array, m: number, n: number, k: number): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let p = 0; p < k; p++) {
      const x = transposeA ? a[p * m + i] : a[i * k + p];
      for (let j = 0; j < n; j++) out[i * n + j] += x * b[p * n + j];
    }
  return out;
}

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
};

describe('the SIMD kernels agree with plain arithmetic', () => {
  const spaces = [new Workspace(), new Workspace({ useSimd: false })];
  it('compiles the SIMD module on this runtime', () => {
    expect(spaces[0].simd).toBe(true);
  });

  for (const [m, n, k] of [
    [7, 16, 5],
    [33, 128, 129],
    [4, 8, 1],
    [5, 12, 3],
  ]) {
    for (const transposeA of [false, true]) {
      it(`gemm ${m}×${k}·${k}×${n}${transposeA ? ' (Aᵀ)' : ''}, overwriting and accumulating`, () => {
        for (const ws of spaces) {
          const a = fill(ws.floats(m * k));
          const b = fill(ws.floats(k * n));
          const c = fill(ws.floats(m * n));
          const before = Float32Array.from(c.view);
          const expected = reference(a.view, transposeA, b.view, m, n, k);
          ws.gemm(a, transposeA, b, c, m, n, k, true);
          expect(
            maxDiff(
              c.view,
              Array.from(expected, (x, i) => x + before[i]),
            ),
          ).toBeLessThan(1e-4);
          ws.gemm(a, transposeA, b, c, m, n, k, false);
          expect(maxDiff(c.view, expected)).toBeLessThan(1e-4);
        }
      });
    }
  }

  it('sums products with the arithmetic it reports, bit for bit (the manifest records it)', () => {
    const [m, n, k] = [6, 16, 40];
    const ws = spaces[0];
    const a = fill(ws.floats(m * k));
    const b = fill(ws.floats(k * n));
    const c = fill(ws.floats(m * n));
    const before = Float32Array.from(c.view);
    ws.gemm(a, false, b, c, m, n, k, true);
    // The kernel's order: each output starts from C and adds the products in order of p.
    const fused = kernelArithmetic() === 'fused';
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let sum = before[i * n + j];
        for (let p = 0; p < k; p++) {
          const product = a.view[i * k + p] * b.view[p * n + j];
          sum = Math.fround(sum + (fused ? product : Math.fround(product)));
        }
        expect(c.view[i * n + j]).toBe(sum);
      }
    // Where the CPU has a fused multiply-add (x86-64 with FMA3, every arm64), the kernels use it.
    if (cpuHasFma()) expect(kernelArithmetic()).toBe('fused');
  });

  it('gathers sparse rows (duplicate ids adding up), and their transpose gives the weight gradient', () => {
    for (const ws of spaces) {
      const n = 36;
      const w = fill(ws.floats(10 * n));
      const rowStart = ws.ints32(4);
      rowStart.view.set([0, 3, 3, 6]);
      const ids = ws.ints32(6);
      ids.view.set([1, 4, 1, 9, 0, 9]);
      const values = ws.floats(6);
      values.view.set([0.5, -1, 2, 1, 3, -0.25]);
      const rows = { rows: 3, rowStart, ids, values };
      const out = ws.floats(3 * n);
      ws.gatherRows(rows, w, n, out);
      const expected = new Float64Array(3 * n);
      for (let r = 0; r < 3; r++)
        for (let j = rowStart.view[r]; j < rowStart.view[r + 1]; j++)
          for (let c = 0; c < n; c++) expected[r * n + c] += values.view[j] * w.view[ids.view[j] * n + c];
      expect(maxDiff(out.view, expected)).toBeLessThan(1e-6);

      // The weight gradient: the same kernel over the transposed rows, writing to each feature's row.
      const dy = fill(ws.floats(3 * n));
      const t = transposeSparse({ rowStart: rowStart.view.slice(), ids: ids.view.slice(), values: values.view.slice() });
      expect(Array.from(t.target!)).toEqual([0, 1, 4, 9]);
      const [tStart, tIds, tValues, tTarget] = [ws.ints32(t.rowStart.length), ws.ints32(t.ids.length), ws.floats(t.values.length), ws.ints32(t.target!.length)];
      tStart.view.set(t.rowStart);
      tIds.view.set(t.ids);
      tValues.view.set(t.values);
      tTarget.view.set(t.target!);
      const byFeature = { rows: t.target!.length, rowStart: tStart, ids: tIds, values: tValues, target: tTarget };
      const dw = ws.floats(10 * n);
      ws.gatherRows(byFeature, dy, n, dw);
      // The forward product again, from the transposed rows (reading W in row order).
      const scattered = ws.floats(3 * n);
      ws.scatterRows(byFeature, w, n, scattered);
      expect(maxDiff(scattered.view, expected)).toBeLessThan(1e-6);
      const grad = new Float64Array(10 * n);
      for (let r = 0; r < 3; r++)
        for (let j = rowStart.view[r]; j < rowStart.view[r + 1]; j++)
          for (let c = 0; c < n; c++) grad[ids.view[j] * n + c] += values.view[j] * dy.view[r * n + c];
      expect(maxDiff(dw.view, grad)).toBeLessThan(1e-6);
    }
  });

  it('works on a block of rows of a larger array', () => {
    const ws = spaces[0];
    const a = fill(ws.floats(10 * 8));
    const b = fill(ws.floats(8 * 8));
    const c = ws.floats(10 * 8);
    ws.gemm(part(a, 3 * 8, 4 * 8), false, b, part(c, 3 * 8, 4 * 8), 4, 8, 8, false);
    expect(maxDiff(c.view.subarray(24, 56), reference(a.view.subarray(24, 56), false, b.view, 4, 8, 8))).toBeLessThan(1e-5);
    expect(c.view.subarray(0, 24).every((x) => x === 0)).toBe(true);
  });

  it('row kernels, relu, Polyak averaging and the sum of squares give the same values with and without SIMD', () => {
    const run = (ws: Workspace) => {
      const local = createRng('rows');
      const rand = (a: WasmArray) => {
        for (let i = 0; i < a.length; i++) a.view[i] = local.next() * 2 - 1;
        return a;
      };
      const n = 12;
      const [a, b] = [rand(ws.floats(6 * n)), rand(ws.floats(5 * n))];
      const ia = ws.ints32(4);
      ia.view.set([5, 0, 5, 2]);
      const ib = ws.ints32(4);
      ib.view.set([1, 4, 4, 0]);
      const copied = ws.floats(4 * n);
      ws.copyRows(copied, a, ia, 4, n);
      const multiplied = ws.floats(4 * n);
      ws.mulRows(multiplied, a, ia, b, ib, 4, n);
      const added = rand(ws.floats(6 * n));
      ws.addRowsTo(added, ia, multiplied, 4, n);
      ws.mulAddRowsTo(added, ib, copied, a, null, 4, n);
      const y = rand(ws.floats(4 * n));
      const dy = rand(ws.floats(4 * n));
      ws.reluBackward(dy, y);
      ws.relu(y);
      const target = rand(ws.floats(4 * n));
      ws.polyak(target, y, 0.2);
      return {
        copied: [...copied.view],
        multiplied: [...multiplied.view],
        added: [...added.view],
        dy: [...dy.view],
        y: [...y.view],
        target: [...target.view],
        sum: ws.sumSquares(a),
      };
    };
    const [simd, plain] = spaces.map(run);
    expect(simd).toEqual({ ...plain, sum: simd.sum });
    expect(simd.sum).toBeCloseTo(plain.sum, 10);
    expect(simd.y.every((v) => v >= 0)).toBe(true);
  });

  it('adam gives the same float32 values with and without SIMD', () => {
    const scalars = {
      gradScale: 0.5,
      beta1: 0.9,
      oneMinusBeta1: Math.fround(0.1),
      beta2: 0.999,
      oneMinusBeta2: Math.fround(0.001),
      oneMinusAccBeta1: Math.fround(0.1),
      oneMinusAccBeta2: Math.fround(0.001),
      epsilon: 1e-7,
      learningRate: 1e-3,
    };
    const results = spaces.map((ws) => {
      const local = createRng('adam');
      const arrays = [0, 1, 2, 3].map(() => ws.floats(37));
      for (const a of arrays) for (let i = 0; i < a.length; i++) a.view[i] = local.next() - 0.5;
      for (let i = 0; i < 37; i++) arrays[3].view[i] = Math.abs(arrays[3].view[i]);
      ws.adam(arrays[0], arrays[1], arrays[2], arrays[3], scalars);
      return arrays.map((a) => Array.from(a.view));
    });
    expect(results[0]).toEqual(results[1]);
  });
});
