/**
 * The few numeric kernels the fused training engine spends its time in, as WebAssembly SIMD (128-bit)
 * functions over one linear memory, plus a plain-JS version of each for shapes the SIMD code does not take.
 *
 * - `gemm`:    C[m×n] (+)= A·B, A read through row and column strides (so Aᵀ costs nothing), B row-major.
 *              A 4×8 register tile; measured ~15 GMAC/s on one core here, against ~12 for the tfjs wasm
 *              backend's matMul at these shapes and ~0.5 for a plain-JS loop.
 * - `gatherRows`, `scatterRows`: sparse rows (CSR) times a weight matrix, and the weight gradient back.
 * - `adam`:    one Adam update over a parameter block, in the same float32 operations and order as tfjs's
 *              `AdamOptimizer`, with the gradient-clip scale applied first.
 *
 * The module is emitted byte by byte below (no toolchain, nothing prebuilt to ship): each function is a short
 * list of stack-machine instructions. Pointers and strides are in bytes; all data is float32 except the CSR
 * index arrays (int32).
 */

const I32 = 0x7f;
const F32 = 0x7d;
const V128 = 0x7b;

function uleb(value: number): number[] {
  const out: number[] = [];
  let n = value >>> 0;
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

function sleb(value: number): number[] {
  const out: number[] = [];
  let n = value | 0;
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

const simd = (opcode: number) => [0xfd, ...uleb(opcode)];

/** The instructions used here, by name. */
const op = {
  get: (i: number) => [0x20, ...uleb(i)],
  set: (i: number) => [0x21, ...uleb(i)],
  i32: (v: number) => [0x41, ...sleb(v)],
  add: [0x6a],
  mul: [0x6c],
  geS: [0x4e],
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  if: [0x04, 0x40],
  end: [0x0b],
  br: (depth: number) => [0x0c, depth],
  brIf: (depth: number) => [0x0d, depth],
  f32Load: (offset = 0) => [0x2a, 2, ...uleb(offset)],
  i32Load: (offset = 0) => [0x28, 2, ...uleb(offset)],
  vLoad: (offset = 0) => [...simd(0x00), 4, ...uleb(offset)],
  vStore: (offset = 0) => [...simd(0x0b), 4, ...uleb(offset)],
  vZero: [...simd(0x0c), ...new Array<number>(16).fill(0)],
  vSplat: simd(0x13),
  vAdd: simd(0xe4),
  vMul: simd(0xe6),
  vDiv: simd(0xe7),
  vSqrt: simd(0xe3),
};

/** `for (i = from; i < limit; i += step) body`, with `i` and `limit` locals (the loop is a block around a loop). */
function forLoop(i: number, from: number[], limit: number[], step: number, body: number[]): number[] {
  return [
    ...from,
    ...op.set(i),
    ...op.block,
    ...op.loop,
    ...op.get(i),
    ...limit,
    ...op.geS,
    ...op.brIf(1),
    ...body,
    ...op.get(i),
    ...op.i32(step),
    ...op.add,
    ...op.set(i),
    ...op.br(0),
    ...op.end,
    ...op.end,
  ];
}

interface FunctionSpec {
  name: string;
  params: number[];
  locals: number[];
  body: number[];
}

/**
 * gemm(a, aRow, aCol, b, c, m, n, k, accumulate): C[i, j] = (accumulate ? C[i, j] : 0) + Σ_p A(i, p) · B[p, j]
 * with A(i, p) at a + i·aRow + p·aCol, B row-major [k × n], C row-major [m × n]; n a multiple of 8.
 * Rows go four at a time (eight accumulators of four lanes), then one at a time for the rest.
 */
function gemmFunction(): FunctionSpec {
  const [a, aRow, aCol, b, c, m, n, k, accumulate] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const [i, j, p, ap, bp, rowBytes, cp, limit] = [9, 10, 11, 12, 13, 14, 15, 16];
  const firstVector = 17;
  // When accumulating, the accumulators start from C instead of zero.
  const tileRows = (rows: number): number[] => {
    const acc = (r: number, h: number) => firstVector + r * 2 + h;
    const [b0, b1, s] = [firstVector + 8, firstVector + 9, firstVector + 10];
    const cell = (r: number) => [
      ...op.get(c),
      ...op.get(i),
      ...op.i32(r),
      ...op.add,
      ...op.get(rowBytes),
      ...op.mul,
      ...op.add,
      ...op.get(j),
      ...op.i32(4),
      ...op.mul,
      ...op.add,
    ];
    const kLoop: number[] = [...op.get(bp), ...op.vLoad(0), ...op.set(b0), ...op.get(bp), ...op.vLoad(16), ...op.set(b1)];
    for (let r = 0; r < rows; r++) {
      kLoop.push(...op.get(ap));
      if (r > 0) kLoop.push(...op.get(aRow), ...op.i32(r), ...op.mul, ...op.add);
      kLoop.push(...op.f32Load(0), ...op.vSplat, ...op.set(s));
      for (let h = 0; h < 2; h++) kLoop.push(...op.get(acc(r, h)), ...op.get(s), ...op.get(h === 0 ? b0 : b1), ...op.vMul, ...op.vAdd, ...op.set(acc(r, h)));
    }
    kLoop.push(...op.get(ap), ...op.get(aCol), ...op.add, ...op.set(ap), ...op.get(bp), ...op.get(rowBytes), ...op.add, ...op.set(bp));
    const columns: number[] = [];
    for (let r = 0; r < rows; r++) for (let h = 0; h < 2; h++) columns.push(...op.vZero, ...op.set(acc(r, h)));
    const load: number[] = [];
    for (let r = 0; r < rows; r++) {
      load.push(...cell(r), ...op.set(cp));
      for (let h = 0; h < 2; h++) load.push(...op.get(cp), ...op.vLoad(16 * h), ...op.set(acc(r, h)));
    }
    columns.push(...op.get(accumulate), ...op.if, ...load, ...op.end);
    columns.push(...op.get(a), ...op.get(i), ...op.get(aRow), ...op.mul, ...op.add, ...op.set(ap));
    columns.push(...op.get(b), ...op.get(j), ...op.i32(4), ...op.mul, ...op.add, ...op.set(bp));
    columns.push(...forLoop(p, op.i32(0), op.get(k), 1, kLoop));
    for (let r = 0; r < rows; r++) {
      columns.push(...cell(r), ...op.set(cp));
      for (let h = 0; h < 2; h++) columns.push(...op.get(cp), ...op.get(acc(r, h)), ...op.vStore(16 * h));
    }
    return forLoop(j, op.i32(0), op.get(n), 8, columns);
  };
  const body: number[] = [
    ...op.get(n),
    ...op.i32(4),
    ...op.mul,
    ...op.set(rowBytes),
    // limit = m − 3: the last row a four-row tile may start at.
    ...op.get(m),
    ...op.i32(-3),
    ...op.add,
    ...op.set(limit),
    ...op.i32(0),
    ...op.set(i),
    ...op.block,
    ...op.loop,
    ...op.get(i),
    ...op.get(limit),
    ...op.geS,
    ...op.brIf(1),
    ...tileRows(4),
    ...op.get(i),
    ...op.i32(4),
    ...op.add,
    ...op.set(i),
    ...op.br(0),
    ...op.end,
    ...op.end,
    ...op.block,
    ...op.loop,
    ...op.get(i),
    ...op.get(m),
    ...op.geS,
    ...op.brIf(1),
    ...tileRows(1),
    ...op.get(i),
    ...op.i32(1),
    ...op.add,
    ...op.set(i),
    ...op.br(0),
    ...op.end,
    ...op.end,
  ];
  return { name: 'gemm', params: new Array(9).fill(I32), locals: [...new Array(8).fill(I32), ...new Array(11).fill(V128)], body };
}

/**
 * gatherRows(rowStart, ids, values, rows, w, n, out): out[r, :] += Σ_j values[j] · W[ids[j], :] over
 * j ∈ [rowStart[r], rowStart[r+1]); W row-major with n columns (a multiple of 4).
 * scatterRows(rowStart, ids, values, rows, dy, n, dw): dW[ids[j], :] += values[j] · dy[r, :].
 * Both walk the n columns of a row four lanes at a time.
 */
function sparseFunction(name: 'gatherRows' | 'scatterRows'): FunctionSpec {
  const [rowStart, ids, values, rows, dense, n, out] = [0, 1, 2, 3, 4, 5, 6];
  const [r, jj, end, col, rowBytes, target, source] = [7, 8, 9, 10, 11, 12, 13];
  const scale = 14; // v128
  const gather = name === 'gatherRows';
  // target row and source row of one (r, j) pair
  const rowPointers: number[] = gather
    ? [
        ...op.get(out),
        ...op.get(r),
        ...op.get(rowBytes),
        ...op.mul,
        ...op.add,
        ...op.set(target),
        ...op.get(dense),
        ...op.get(ids),
        ...op.get(jj),
        ...op.i32(4),
        ...op.mul,
        ...op.add,
        ...op.i32Load(0),
        ...op.get(rowBytes),
        ...op.mul,
        ...op.add,
        ...op.set(source),
      ]
    : [
        ...op.get(out),
        ...op.get(ids),
        ...op.get(jj),
        ...op.i32(4),
        ...op.mul,
        ...op.add,
        ...op.i32Load(0),
        ...op.get(rowBytes),
        ...op.mul,
        ...op.add,
        ...op.set(target),
        ...op.get(dense),
        ...op.get(r),
        ...op.get(rowBytes),
        ...op.mul,
        ...op.add,
        ...op.set(source),
      ];
  const lanes = [
    ...op.get(target),
    ...op.get(col),
    ...op.add,
    ...op.get(target),
    ...op.get(col),
    ...op.add,
    ...op.vLoad(0),
    ...op.get(source),
    ...op.get(col),
    ...op.add,
    ...op.vLoad(0),
    ...op.get(scale),
    ...op.vMul,
    ...op.vAdd,
    ...op.vStore(0),
  ];
  const entry = [
    ...rowPointers,
    ...op.get(values),
    ...op.get(jj),
    ...op.i32(4),
    ...op.mul,
    ...op.add,
    ...op.f32Load(0),
    ...op.vSplat,
    ...op.set(scale),
    ...forLoop(col, op.i32(0), op.get(rowBytes), 16, lanes),
  ];
  const row = [
    ...op.get(rowStart),
    ...op.get(r),
    ...op.i32(4),
    ...op.mul,
    ...op.add,
    ...op.i32Load(4),
    ...op.set(end),
    ...forLoop(jj, [...op.get(rowStart), ...op.get(r), ...op.i32(4), ...op.mul, ...op.add, ...op.i32Load(0)], op.get(end), 1, entry),
  ];
  const body = [...op.get(n), ...op.i32(4), ...op.mul, ...op.set(rowBytes), ...forLoop(r, op.i32(0), op.get(rows), 1, row)];
  return { name, params: new Array(7).fill(I32), locals: [...new Array(7).fill(I32), V128], body };
}

/**
 * adam(p, g, m, v, count, gradScale, beta1, oneMinusBeta1, beta2, oneMinusBeta2, oneMinusAccBeta1,
 *      oneMinusAccBeta2, epsilon, negLearningRate), count a multiple of 4:
 *   g ← g·scale;  m ← m·β1 + g·(1−β1);  v ← v·β2 + g²·(1−β2);
 *   p ← (m / (1−β1ᵗ)) / (√(v / (1−β2ᵗ)) + ε) · (−lr) + p
 * — the operations of tfjs's AdamOptimizer, in its order, in float32.
 */
function adamFunction(): FunctionSpec {
  const [p, g, m, v, count] = [0, 1, 2, 3, 4];
  const scalars = { scale: 5, beta1: 6, omb1: 7, beta2: 8, omb2: 9, ombAcc1: 10, ombAcc2: 11, eps: 12, negLr: 13 };
  const [offset, end] = [14, 15];
  const vec = { scale: 16, beta1: 17, omb1: 18, beta2: 19, omb2: 20, ombAcc1: 21, ombAcc2: 22, eps: 23, negLr: 24, grad: 25, m1: 26, m2: 27 };
  const at = (base: number) => [...op.get(base), ...op.get(offset), ...op.add];
  const splats: number[] = [];
  for (const key of Object.keys(scalars) as (keyof typeof scalars)[]) splats.push(...op.get(scalars[key]), ...op.vSplat, ...op.set(vec[key]));
  const step = [
    ...at(g),
    ...op.vLoad(0),
    ...op.get(vec.scale),
    ...op.vMul,
    ...op.set(vec.grad),
    // m1 = m·β1 + g·(1−β1)
    ...at(m),
    ...op.vLoad(0),
    ...op.get(vec.beta1),
    ...op.vMul,
    ...op.get(vec.grad),
    ...op.get(vec.omb1),
    ...op.vMul,
    ...op.vAdd,
    ...op.set(vec.m1),
    // m2 = v·β2 + g²·(1−β2)
    ...at(v),
    ...op.vLoad(0),
    ...op.get(vec.beta2),
    ...op.vMul,
    ...op.get(vec.grad),
    ...op.get(vec.grad),
    ...op.vMul,
    ...op.get(vec.omb2),
    ...op.vMul,
    ...op.vAdd,
    ...op.set(vec.m2),
    ...at(m),
    ...op.get(vec.m1),
    ...op.vStore(0),
    ...at(v),
    ...op.get(vec.m2),
    ...op.vStore(0),
    // p = (m1 / ombAcc1) / (sqrt(m2 / ombAcc2) + ε) · (−lr) + p
    ...at(p),
    ...op.get(vec.m1),
    ...op.get(vec.ombAcc1),
    ...op.vDiv,
    ...op.get(vec.m2),
    ...op.get(vec.ombAcc2),
    ...op.vDiv,
    ...op.vSqrt,
    ...op.get(vec.eps),
    ...op.vAdd,
    ...op.vDiv,
    ...op.get(vec.negLr),
    ...op.vMul,
    ...at(p),
    ...op.vLoad(0),
    ...op.vAdd,
    ...op.vStore(0),
  ];
  const body = [...splats, ...op.get(count), ...op.i32(4), ...op.mul, ...op.set(end), ...forLoop(offset, op.i32(0), op.get(end), 16, step)];
  return {
    name: 'adam',
    params: [I32, I32, I32, I32, I32, ...new Array(9).fill(F32)],
    locals: [I32, I32, ...new Array(12).fill(V128)],
    body,
  };
}

function encodeModule(functions: FunctionSpec[]): Uint8Array<ArrayBuffer> {
  const section = (id: number, bytes: number[]) => [id, ...uleb(bytes.length), ...bytes];
  const name = (s: string) => [...uleb(s.length), ...Array.from(s, (ch) => ch.charCodeAt(0))];
  const vector = (items: number[][]) => [...uleb(items.length), ...items.flat()];
  const types = functions.map((f) => [0x60, ...uleb(f.params.length), ...f.params, 0]);
  const code = functions.map((f) => {
    const groups: number[][] = [];
    for (let i = 0; i < f.locals.length; ) {
      let j = i;
      while (j < f.locals.length && f.locals[j] === f.locals[i]) j++;
      groups.push([...uleb(j - i), f.locals[i]]);
      i = j;
    }
    const body = [...vector(groups), ...f.body, ...op.end];
    return [...uleb(body.length), ...body];
  });
  return new Uint8Array([
    0x00,
    0x61,
    0x73,
    0x6d,
    1,
    0,
    0,
    0,
    ...section(1, vector(types)),
    ...section(2, vector([[...name('env'), ...name('memory'), 0x02, 0x00, ...uleb(1)]])),
    ...section(3, vector(functions.map((_, i) => uleb(i)))),
    ...section(7, vector(functions.map((f, i) => [...name(f.name), 0x00, ...uleb(i)]))),
    ...section(10, vector(code)),
  ]);
}

interface KernelExports {
  gemm(a: number, aRow: number, aCol: number, b: number, c: number, m: number, n: number, k: number, accumulate: number): void;
  gatherRows(rowStart: number, ids: number, values: number, rows: number, w: number, n: number, out: number): void;
  scatterRows(rowStart: number, ids: number, values: number, rows: number, dy: number, n: number, dw: number): void;
  adam(...args: number[]): void;
}

let compiled: WebAssembly.Module | null | undefined;

/** The compiled module, or null where this runtime has no WebAssembly SIMD (then the JS versions run). */
function kernelModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    try {
      compiled = new WebAssembly.Module(encodeModule([gemmFunction(), sparseFunction('gatherRows'), sparseFunction('scatterRows'), adamFunction()]));
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/** A float32 (or int32) array that lives in the kernels' memory; `ptr` is its byte offset. */
export interface WasmArray<T extends Float32Array | Int32Array = Float32Array> {
  ptr: number;
  length: number;
  view: T;
}

/**
 * A workspace: one linear memory, the kernels bound to it, and a bump allocator for the arrays they read
 * and write. Arrays are padded to a multiple of four values (16 bytes) so SIMD loops never straddle two of them.
 * Growing the memory detaches every view, so `views()` re-creates them; callers read `array.view` afresh
 * after any allocation.
 */
export class Workspace {
  readonly simd: boolean;
  private memory: WebAssembly.Memory;
  private exports: KernelExports | null;
  private top = 16;
  private arrays: WasmArray<Float32Array | Int32Array>[] = [];
  private ints: Set<WasmArray<Float32Array | Int32Array>> = new Set();

  /** `useSimd: false` runs the plain-JS versions (to check one against the other). */
  constructor(options: { initialBytes?: number; useSimd?: boolean } = {}) {
    this.memory = new WebAssembly.Memory({ initial: Math.ceil((options.initialBytes ?? 1 << 20) / 65536) });
    const module = options.useSimd === false ? null : kernelModule();
    this.exports = module ? (new WebAssembly.Instance(module, { env: { memory: this.memory } }).exports as unknown as KernelExports) : null;
    this.simd = this.exports !== null;
  }

  /** A zeroed float32 array of `length` values. */
  floats(length: number): WasmArray {
    return this.allocate(length, false) as WasmArray;
  }

  ints32(length: number): WasmArray<Int32Array> {
    return this.allocate(length, true) as WasmArray<Int32Array>;
  }

  private allocate(length: number, int: boolean): WasmArray<Float32Array | Int32Array> {
    const padded = Math.ceil(Math.max(length, 1) / 4) * 4;
    const ptr = this.top;
    this.top += padded * 4;
    if (this.top > this.memory.buffer.byteLength) {
      this.memory.grow(Math.ceil((this.top - this.memory.buffer.byteLength) / 65536));
      this.refreshViews();
    }
    const array: WasmArray<Float32Array | Int32Array> = {
      ptr,
      length,
      view: int ? new Int32Array(this.memory.buffer, ptr, length) : new Float32Array(this.memory.buffer, ptr, length),
    };
    this.arrays.push(array);
    if (int) this.ints.add(array);
    return array;
  }

  private refreshViews(): void {
    for (const a of this.arrays) {
      a.view = this.ints.has(a) ? new Int32Array(this.memory.buffer, a.ptr, a.length) : new Float32Array(this.memory.buffer, a.ptr, a.length);
    }
  }

  /**
   * C[m×n] (+)= A·B. A is [m×k] row-major, or with `transposeA` stored as [k×m] (so Aᵀ·B reads it in place);
   * B is [k×n] row-major. `part` gives a block of rows of an array.
   */
  gemm(a: WasmArray, transposeA: boolean, b: WasmArray, c: WasmArray, m: number, n: number, k: number, accumulate: boolean): void {
    if (m === 0 || n === 0) return;
    const aRow = transposeA ? 1 : k;
    const aCol = transposeA ? m : 1;
    if (this.exports && n % 8 === 0) {
      this.exports.gemm(a.ptr, aRow * 4, aCol * 4, b.ptr, c.ptr, m, n, k, accumulate ? 1 : 0);
      return;
    }
    const A = a.view;
    const B = b.view;
    const C = c.view;
    for (let i = 0; i < m; i++) {
      const row = i * n;
      if (!accumulate) C.fill(0, row, row + n);
      for (let p = 0; p < k; p++) {
        const x = A[i * aRow + p * aCol];
        if (x === 0) continue;
        const bRow = p * n;
        for (let j = 0; j < n; j++) C[row + j] += x * B[bRow + j];
      }
    }
  }

  /** out[r, :] += Σ values[j] · W[ids[j], :] over the CSR rows (W and out have n columns). */
  gatherRows(rows: SparseBlock, w: WasmArray, n: number, out: WasmArray): void {
    if (this.exports && n % 4 === 0) {
      this.exports.gatherRows(rows.rowStart.ptr, rows.ids.ptr, rows.values.ptr, rows.rows, w.ptr, n, out.ptr);
      return;
    }
    const [start, ids, values, W, O] = [rows.rowStart.view, rows.ids.view, rows.values.view, w.view, out.view];
    for (let r = 0; r < rows.rows; r++) {
      for (let j = start[r]; j < start[r + 1]; j++) {
        const x = values[j];
        const src = ids[j] * n;
        for (let c = 0; c < n; c++) O[r * n + c] += x * W[src + c];
      }
    }
  }

  /** dW[ids[j], :] += values[j] · dy[r, :] over the CSR rows. */
  scatterRows(rows: SparseBlock, dy: WasmArray, n: number, dw: WasmArray): void {
    if (this.exports && n % 4 === 0) {
      this.exports.scatterRows(rows.rowStart.ptr, rows.ids.ptr, rows.values.ptr, rows.rows, dy.ptr, n, dw.ptr);
      return;
    }
    const [start, ids, values, D, G] = [rows.rowStart.view, rows.ids.view, rows.values.view, dy.view, dw.view];
    for (let r = 0; r < rows.rows; r++) {
      for (let j = start[r]; j < start[r + 1]; j++) {
        const x = values[j];
        const dst = ids[j] * n;
        for (let c = 0; c < n; c++) G[dst + c] += x * D[r * n + c];
      }
    }
  }

  /** One Adam update of `param` from `grad` (see `adamFunction`); arrays of equal length. */
  adam(param: WasmArray, grad: WasmArray, m: WasmArray, v: WasmArray, s: AdamScalars): void {
    const count = Math.ceil(param.length / 4) * 4;
    if (this.exports) {
      this.exports.adam(
        param.ptr,
        grad.ptr,
        m.ptr,
        v.ptr,
        count,
        s.gradScale,
        s.beta1,
        s.oneMinusBeta1,
        s.beta2,
        s.oneMinusBeta2,
        s.oneMinusAccBeta1,
        s.oneMinusAccBeta2,
        s.epsilon,
        -s.learningRate,
      );
      return;
    }
    const f = Math.fround;
    const [scale, b1, omb1, b2, omb2, acc1, acc2, eps, negLr] = [
      s.gradScale,
      s.beta1,
      s.oneMinusBeta1,
      s.beta2,
      s.oneMinusBeta2,
      s.oneMinusAccBeta1,
      s.oneMinusAccBeta2,
      s.epsilon,
      -s.learningRate,
    ].map(f);
    const [P, G, M, V] = [param.view, grad.view, m.view, v.view];
    for (let i = 0; i < param.length; i++) {
      const g = f(G[i] * scale);
      const m1 = f(f(M[i] * b1) + f(g * omb1));
      const m2 = f(f(V[i] * b2) + f(f(g * g) * omb2));
      M[i] = m1;
      V[i] = m2;
      P[i] = f(f(f(f(m1 / acc1) / f(f(Math.sqrt(f(m2 / acc2))) + eps)) * negLr) + P[i]);
    }
  }
}

/** Values [offset, offset + length) of an array, as an array of their own (views are taken afresh). */
export function part<T extends Float32Array | Int32Array>(array: WasmArray<T>, offset: number, length: number): WasmArray<T> {
  return { ptr: array.ptr + offset * 4, length, view: array.view.subarray(offset, offset + length) as T };
}

/** The scalars of one Adam update (float32 values, as tfjs holds them). */
export interface AdamScalars {
  gradScale: number;
  beta1: number;
  oneMinusBeta1: number;
  beta2: number;
  oneMinusBeta2: number;
  oneMinusAccBeta1: number;
  oneMinusAccBeta2: number;
  epsilon: number;
  learningRate: number;
}

/** Sparse rows in the workspace (CSR): row r holds ids/values [rowStart[r], rowStart[r+1]). */
export interface SparseBlock {
  rows: number;
  rowStart: WasmArray<Int32Array>;
  ids: WasmArray<Int32Array>;
  values: WasmArray;
}
