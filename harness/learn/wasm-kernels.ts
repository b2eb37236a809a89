/**
 * The few numeric kernels the fused training engine spends its time in, as WebAssembly SIMD (128-bit)
 * functions over one linear memory, plus a plain-JS version of each for shapes the SIMD code does not take.
 *
 * - `gemm`:    C[m×n] (+)= A·B, A read through row and column strides (so Aᵀ costs nothing), B row-major.
 *              A 4×8 register tile: eight four-lane accumulators, two loads of B and four of A per step of k.
 * - `gatherRows`, `scatterRows`: sparse rows (CSR) times a weight matrix, and the weight gradient back.
 * - `adam`:    one Adam update over a parameter block, in the same float32 operations and order as tfjs's
 *              `AdamOptimizer`, with the gradient-clip scale applied first.
 *
 * The module is emitted byte by byte below (no toolchain, nothing prebuilt to ship): each function is a short
 * list of stack-machine instructions. Pointers and strides are in bytes; all data is float32 except the CSR
 * index arrays (int32).
 */

import { setFlagsFromString } from 'node:v8';

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
  gtS: [0x4a],
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
  /** f32x4.relaxed_madd (a·b + c): one fused instruction where the CPU has one (relaxed SIMD). */
  vMulAdd: simd(0x105),
  /** v128.load32_splat: one float read into all four lanes. */
  vLoadSplat: (offset = 0) => [...simd(0x09), 2, ...uleb(offset)],
  vDiv: simd(0xe7),
  vSqrt: simd(0xe3),
  vMax: simd(0xe9),
  vGt: simd(0x44),
  vAnd: simd(0x4e),
  vLoad64Zero: (offset = 0) => [...simd(0x5d), 3, ...uleb(offset)],
  f64x2PromoteLow: simd(0x5f),
  f64x2Add: simd(0xf0),
  f64x2Mul: simd(0xf2),
  f64x2ExtractLane: (lane: number) => [...simd(0x21), lane],
  f64Add: [0xa0],
  select: [0x1b],
  ne: [0x47],
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
  results?: number[];
  locals: number[];
  body: number[];
}

/**
 * gemm(a, aRow, aCol, b, c, m, n, k, accumulate): C[i, j] = (accumulate ? C[i, j] : 0) + Σ_p A(i, p) · B[p, j]
 * with A(i, p) at a + i·aRow + p·aCol, B row-major [k × n], C row-major [m × n]; n a multiple of 8.
 * Rows go four at a time (eight accumulators of four lanes), then one at a time for the rest. `multiplyAdd`
 * 'fused' emits relaxed SIMD's multiply-add, which the CPU does as one fused instruction where it has one
 * (twice the products per cycle, one rounding instead of two); 'separate' a multiply then an add.
 */
function gemmFunction(multiplyAdd: MultiplyAdd): FunctionSpec {
  const [a, aRow, aCol, b, c, m, n, k, accumulate] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const [i, j, p, ap, bp, rowBytes, cp, limit] = [9, 10, 11, 12, 13, 14, 15, 16];
  const firstVector = 17;
  // The byte offsets of rows 1–3 of a tile from row 0 (aRow · r), computed once.
  const rowOffset = (r: number) => 28 + r - 1;
  const mulAdd = (accumulator: number, x: number, y: number) =>
    multiplyAdd === 'fused'
      ? [...op.get(x), ...op.get(y), ...op.get(accumulator), ...op.vMulAdd, ...op.set(accumulator)]
      : [...op.get(accumulator), ...op.get(x), ...op.get(y), ...op.vMul, ...op.vAdd, ...op.set(accumulator)];
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
      if (r > 0) kLoop.push(...op.get(rowOffset(r)), ...op.add);
      kLoop.push(...op.vLoadSplat(0), ...op.set(s));
      for (let h = 0; h < 2; h++) kLoop.push(...mulAdd(acc(r, h), s, h === 0 ? b0 : b1));
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
    ...[1, 2, 3].flatMap((r) => [...op.get(aRow), ...op.i32(r), ...op.mul, ...op.set(rowOffset(r))]),
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
  return { name: 'gemm', params: new Array(9).fill(I32), locals: [...new Array(8).fill(I32), ...new Array(11).fill(V128), I32, I32, I32], body };
}

/**
 * Sparse rows (CSR) times a dense row-major matrix M with n columns (a multiple of 4); t(r) = target[r], or r
 * where `target` is 0; j runs over [rowStart[r], rowStart[r+1]):
 *   gatherRows:  out[t(r), :] += Σ_j values[j] · M[ids[j], :]
 *   scatterRows: out[ids[j], :] += values[j] · M[t(r), :]     (the same product, read from the transposed rows)
 * Columns go 32 at a time in eight registers — the output row (gather) or the source row (scatter) stays in
 * them over a row's entries — then four at a time for the rest. Scatter reads M row by row in order, which is
 * what makes a sparse layer's forward pass fast when M is the megabyte-sized weight matrix and `out` a small
 * batch (params: rowStart, ids, values, rows, m, n, out, target).
 */
function sparseFunction(name: 'gatherRows' | 'scatterRows'): FunctionSpec {
  const gather = name === 'gatherRows';
  const [rowStart, ids, values, rows, dense, n, out, target] = [0, 1, 2, 3, 4, 5, 6, 7];
  // rowPtr: the output row (gather) or the source row (scatter) of row r; entryPtr: the other side of entry j.
  const [r, jj, start, end, col, rowBytes, rowPtr, entryPtr] = [8, 9, 10, 11, 12, 13, 14, 15];
  const scale = 16;
  const acc = (k: number) => 17 + k;
  const entrySource = [
    ...op.get(gather ? dense : out),
    ...op.get(ids),
    ...op.get(jj),
    ...op.i32(4),
    ...op.mul,
    ...op.add,
    ...op.i32Load(0),
    ...op.get(rowBytes),
    ...op.mul,
    ...op.add,
    ...op.get(col),
    ...op.add,
    ...op.set(entryPtr),
    ...op.get(values),
    ...op.get(jj),
    ...op.i32(4),
    ...op.mul,
    ...op.add,
    ...op.f32Load(0),
    ...op.vSplat,
    ...op.set(scale),
  ];
  const columns = (width: number): number[] => {
    const code: number[] = [];
    for (let k = 0; k < width; k++) code.push(...op.get(rowPtr), ...op.get(col), ...op.add, ...op.vLoad(16 * k), ...op.set(acc(k)));
    const entry = [...entrySource];
    for (let k = 0; k < width; k++) {
      if (gather) entry.push(...op.get(acc(k)), ...op.get(entryPtr), ...op.vLoad(16 * k), ...op.get(scale), ...op.vMul, ...op.vAdd, ...op.set(acc(k)));
      else
        entry.push(
          ...op.get(entryPtr),
          ...op.get(entryPtr),
          ...op.vLoad(16 * k),
          ...op.get(acc(k)),
          ...op.get(scale),
          ...op.vMul,
          ...op.vAdd,
          ...op.vStore(16 * k),
        );
    }
    code.push(...forLoop(jj, op.get(start), op.get(end), 1, entry));
    if (gather) for (let k = 0; k < width; k++) code.push(...op.get(rowPtr), ...op.get(col), ...op.add, ...op.get(acc(k)), ...op.vStore(16 * k));
    return code;
  };
  // while (col + 128 <= rowBytes) { 32 columns; col += 128 }  then  while (col < rowBytes) { 4 columns; col += 16 }
  const wide = [
    ...op.block,
    ...op.loop,
    ...op.get(col),
    ...op.i32(128),
    ...op.add,
    ...op.get(rowBytes),
    ...op.gtS,
    ...op.brIf(1),
    ...columns(8),
    ...op.get(col),
    ...op.i32(128),
    ...op.add,
    ...op.set(col),
    ...op.br(0),
    ...op.end,
    ...op.end,
  ];
  const narrow = [
    ...op.block,
    ...op.loop,
    ...op.get(col),
    ...op.get(rowBytes),
    ...op.geS,
    ...op.brIf(1),
    ...columns(1),
    ...op.get(col),
    ...op.i32(16),
    ...op.add,
    ...op.set(col),
    ...op.br(0),
    ...op.end,
    ...op.end,
  ];
  const row = [
    ...op.get(gather ? out : dense),
    ...op.get(target),
    ...op.get(r),
    ...op.i32(4),
    ...op.mul,
    ...op.add,
    ...op.i32Load(0),
    ...op.get(r),
    ...op.get(target),
    ...op.i32(0),
    ...op.ne,
    ...op.select,
    ...op.get(rowBytes),
    ...op.mul,
    ...op.add,
    ...op.set(rowPtr),
    ...op.get(rowStart),
    ...op.get(r),
    ...op.i32(4),
    ...op.mul,
    ...op.add,
    ...op.i32Load(0),
    ...op.set(start),
    ...op.get(rowStart),
    ...op.get(r),
    ...op.i32(4),
    ...op.mul,
    ...op.add,
    ...op.i32Load(4),
    ...op.set(end),
    ...op.i32(0),
    ...op.set(col),
    ...wide,
    ...narrow,
  ];
  const body = [...op.get(n), ...op.i32(4), ...op.mul, ...op.set(rowBytes), ...forLoop(r, op.i32(0), op.get(rows), 1, row)];
  return { name, params: new Array(8).fill(I32), locals: [...new Array(8).fill(I32), ...new Array(9).fill(V128)], body };
}

/**
 * Row-wise kernels over rows of n values (n a multiple of 4), each row picked through an index array or,
 * where that array's pointer is 0, by its own number r:
 *   copyRows:        out[r] = a[ia[r]]
 *   mulRows:         out[r] = a[ia[r]] ⊙ b[ib[r]]
 *   addRowsTo:       out[io[r]] += a[r]
 *   mulAddRowsTo:    out[io[r]] += a[r] ⊙ b[ib[r]]
 * params: out, io, a, ia, b, ib, rows, n.
 */
type RowKernel = 'copyRows' | 'mulRows' | 'addRowsTo' | 'mulAddRowsTo';
function rowFunction(name: RowKernel): FunctionSpec {
  const [out, io, a, ia, b, ib, rows, n] = [0, 1, 2, 3, 4, 5, 6, 7];
  const [r, col, rowBytes, outRow, aRow, bRow] = [8, 9, 10, 11, 12, 13];
  const multiply = name === 'mulRows' || name === 'mulAddRowsTo';
  const accumulate = name === 'addRowsTo' || name === 'mulAddRowsTo';
  const rowOf = (base: number, index: number, target: number) => [
    ...op.get(base),
    ...op.get(index),
    ...op.get(r),
    ...op.i32(4),
    ...op.mul,
    ...op.add,
    ...op.i32Load(0),
    ...op.get(r),
    ...op.get(index),
    ...op.i32(0),
    ...op.ne,
    ...op.select,
    ...op.get(rowBytes),
    ...op.mul,
    ...op.add,
    ...op.set(target),
  ];
  const at = (row: number) => [...op.get(row), ...op.get(col), ...op.add];
  const lane = [...at(outRow), ...at(aRow), ...op.vLoad(0)];
  if (multiply) lane.push(...at(bRow), ...op.vLoad(0), ...op.vMul);
  if (accumulate) lane.push(...at(outRow), ...op.vLoad(0), ...op.vAdd);
  lane.push(...op.vStore(0));
  const row = [
    ...rowOf(out, io, outRow),
    ...rowOf(a, ia, aRow),
    ...(multiply ? rowOf(b, ib, bRow) : []),
    ...forLoop(col, op.i32(0), op.get(rowBytes), 16, lane),
  ];
  const body = [...op.get(n), ...op.i32(4), ...op.mul, ...op.set(rowBytes), ...forLoop(r, op.i32(0), op.get(rows), 1, row)];
  return { name, params: new Array(8).fill(I32), locals: new Array(6).fill(I32), body };
}

/**
 * relu(x, count): x ← max(x, 0).   reluBackward(dy, y, count): dy ← y > 0 ? dy : 0.
 * sumSquares(x, count) → Σ x², accumulated in float64.   count a multiple of 4.
 */
function elementwiseFunction(name: 'relu' | 'reluBackward' | 'sumSquares'): FunctionSpec {
  const [x, y, count] = name === 'reluBackward' ? [0, 1, 2] : [0, -1, 1];
  const params = name === 'reluBackward' ? [I32, I32, I32] : [I32, I32];
  const [offset, end] = [params.length, params.length + 1];
  const acc = params.length + 2;
  const at = (base: number) => [...op.get(base), ...op.get(offset), ...op.add];
  let step: number[];
  if (name === 'relu') step = [...at(x), ...at(x), ...op.vLoad(0), ...op.vZero, ...op.vMax, ...op.vStore(0)];
  else if (name === 'reluBackward') step = [...at(x), ...at(x), ...op.vLoad(0), ...at(y), ...op.vLoad(0), ...op.vZero, ...op.vGt, ...op.vAnd, ...op.vStore(0)];
  else {
    step = [];
    for (const half of [0, 8]) {
      step.push(...op.get(acc), ...at(x), ...op.vLoad64Zero(half), ...op.f64x2PromoteLow, ...at(x), ...op.vLoad64Zero(half), ...op.f64x2PromoteLow);
      step.push(...op.f64x2Mul, ...op.f64x2Add, ...op.set(acc));
    }
  }
  const body = [...op.get(count), ...op.i32(4), ...op.mul, ...op.set(end), ...forLoop(offset, op.i32(0), op.get(end), 16, step)];
  if (name === 'sumSquares') body.push(...op.get(acc), ...op.f64x2ExtractLane(0), ...op.get(acc), ...op.f64x2ExtractLane(1), ...op.f64Add);
  return { name, params, results: name === 'sumSquares' ? [0x7c] : [], locals: [I32, I32, V128], body };
}

/** polyak(target, online, count, keep, take): target ← target·keep + online·take (float32; count a multiple of 4). */
function polyakFunction(): FunctionSpec {
  const [t, o, count, keep, take] = [0, 1, 2, 3, 4];
  const [offset, end, keepV, takeV] = [5, 6, 7, 8];
  const at = (base: number) => [...op.get(base), ...op.get(offset), ...op.add];
  const step = [
    ...at(t),
    ...at(t),
    ...op.vLoad(0),
    ...op.get(keepV),
    ...op.vMul,
    ...at(o),
    ...op.vLoad(0),
    ...op.get(takeV),
    ...op.vMul,
    ...op.vAdd,
    ...op.vStore(0),
  ];
  const body = [
    ...op.get(keep),
    ...op.vSplat,
    ...op.set(keepV),
    ...op.get(take),
    ...op.vSplat,
    ...op.set(takeV),
    ...op.get(count),
    ...op.i32(4),
    ...op.mul,
    ...op.set(end),
    ...forLoop(offset, op.i32(0), op.get(end), 16, step),
  ];
  return { name: 'polyak', params: [I32, I32, I32, F32, F32], locals: [I32, I32, V128, V128], body };
}

/**
 * adam(p, g, m, v, count, gradScale, beta1, oneMinusBeta1, beta2, oneMinusBeta2, oneMinusAccBeta1,
 *      oneMinusAccBeta2, epsilon, negLearningRate), count a multiple of 4:
 *   g ← g·scale;  m ← m·β1 + g·(1−β1);  v ← v·β2 + g²·(1−β2);
 *   p ← (m / (1−β1ᵗ)) / (√(v / (1−β2ᵗ)) + ε) · (−lr) + p;  then the gradient is zeroed for the next pass
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
    ...at(g),
    ...op.vZero,
    ...op.vStore(0),
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
  const types = functions.map((f) => [0x60, ...uleb(f.params.length), ...f.params, ...uleb(f.results?.length ?? 0), ...(f.results ?? [])]);
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
  gatherRows(rowStart: number, ids: number, values: number, rows: number, w: number, n: number, out: number, target: number): void;
  scatterRows(rowStart: number, ids: number, values: number, rows: number, m: number, n: number, out: number, target: number): void;
  adam(...args: number[]): void;
  copyRows(out: number, io: number, a: number, ia: number, b: number, ib: number, rows: number, n: number): void;
  mulRows(out: number, io: number, a: number, ia: number, b: number, ib: number, rows: number, n: number): void;
  addRowsTo(out: number, io: number, a: number, ia: number, b: number, ib: number, rows: number, n: number): void;
  mulAddRowsTo(out: number, io: number, a: number, ia: number, b: number, ib: number, rows: number, n: number): void;
  relu(x: number, count: number): void;
  reluBackward(dy: number, y: number, count: number): void;
  sumSquares(x: number, count: number): number;
  polyak(target: number, online: number, count: number, keep: number, take: number): void;
}

/** The module's functions, in this order (profiles name wasm functions by index: see bench/cpu-profile-summary.ts). */
export const KERNEL_NAMES = [
  'gemm',
  'gatherRows',
  'scatterRows',
  'adam',
  'copyRows',
  'mulRows',
  'addRowsTo',
  'mulAddRowsTo',
  'relu',
  'reluBackward',
  'sumSquares',
  'polyak',
] as const;

function kernelFunctions(multiplyAdd: MultiplyAdd): FunctionSpec[] {
  return [
    gemmFunction(multiplyAdd),
    sparseFunction('gatherRows'),
    sparseFunction('scatterRows'),
    adamFunction(),
    ...(['copyRows', 'mulRows', 'addRowsTo', 'mulAddRowsTo'] as const).map(rowFunction),
    ...(['relu', 'reluBackward', 'sumSquares'] as const).map(elementwiseFunction),
    polyakFunction(),
  ];
}

/**
 * How the kernels' products are summed: 'fused' (one rounding per multiply-add, the CPU's FMA instruction),
 * 'separate' (a rounded product, then a rounded sum, as plain SIMD and JS do). Training gives the same
 * results bit for bit on any machine with the same arithmetic, which the run's manifest records.
 */
export type MultiplyAdd = 'fused' | 'separate';

let compiled: { module: WebAssembly.Module; arithmetic: MultiplyAdd } | null | undefined;

/**
 * The compiled module, or null where this runtime has no WebAssembly SIMD (then the JS versions run). The
 * fused multiply-add needs relaxed SIMD, which Node 20 has behind a flag (later versions ship it): the flag
 * is turned on before compiling, and a runtime that refuses it gets the module with separate products.
 */
function kernelModule(): typeof compiled {
  if (compiled === undefined) compiled = compileKernels('fused') ?? compileKernels('separate');
  return compiled;
}

function compileKernels(multiplyAdd: MultiplyAdd): { module: WebAssembly.Module; arithmetic: MultiplyAdd } | null {
  try {
    if (multiplyAdd === 'fused') setFlagsFromString('--experimental-wasm-relaxed-simd');
    const module = new WebAssembly.Module(encodeModule(kernelFunctions(multiplyAdd)));
    return { module, arithmetic: multiplyAdd === 'fused' ? probeMultiplyAdd(module) : 'separate' };
  } catch {
    return null;
  }
}

/**
 * Whether relaxed SIMD's multiply-add is fused on this CPU (it is a plain multiply then add where the CPU has
 * no FMA): (1 + 2⁻²³)(1 − 2⁻²³) − 1 is −2⁻⁴⁶ with one rounding and 0 with two.
 */
function probeMultiplyAdd(module: WebAssembly.Module): MultiplyAdd {
  const memory = new WebAssembly.Memory({ initial: 1 });
  const kernels = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as KernelExports;
  const f = new Float32Array(memory.buffer);
  // A at byte 16 (one value), B at 32 (a row of eight), C at 64 (a row of eight, accumulated onto).
  f[4] = 1 + 2 ** -23;
  f.fill(1 - 2 ** -23, 8, 16);
  f.fill(-1, 16, 24);
  kernels.gemm(16, 4, 4, 32, 64, 1, 8, 1, 1);
  return f[16] !== 0 ? 'fused' : 'separate';
}

/** The arithmetic the training kernels use here ('js' where there is no WebAssembly SIMD), for the manifest. */
export function kernelArithmetic(): MultiplyAdd | 'js' {
  return kernelModule()?.arithmetic ?? 'js';
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
    const module = options.useSimd === false ? null : (kernelModule()?.module ?? null);
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

  /**
   * out[t(r), :] += Σ values[j] · W[ids[j], :] over the CSR rows, t(r) = rows.target[r] or r (W and out have
   * n columns). With a transposed block (`transposeSparse`) this is the weight gradient of a sparse layer:
   * dW[id, :] += Σ values · dy[row, :].
   */
  gatherRows(rows: SparseBlock, w: WasmArray, n: number, out: WasmArray): void {
    if (this.exports && n % 4 === 0) {
      this.exports.gatherRows(rows.rowStart.ptr, rows.ids.ptr, rows.values.ptr, rows.rows, w.ptr, n, out.ptr, rows.target?.ptr ?? 0);
      return;
    }
    const [start, ids, values, W, O, target] = [rows.rowStart.view, rows.ids.view, rows.values.view, w.view, out.view, rows.target?.view];
    for (let r = 0; r < rows.rows; r++) {
      const o = (target ? target[r] : r) * n;
      for (let j = start[r]; j < start[r + 1]; j++) {
        const x = values[j];
        const src = ids[j] * n;
        for (let c = 0; c < n; c++) O[o + c] += Math.fround(x * W[src + c]);
      }
    }
  }

  /**
   * out[ids[j], :] += values[j] · M[t(r), :] over the CSR rows: with a transposed block (`transposeSparse`),
   * the product of the original sparse rows and M, reading M in row order.
   */
  scatterRows(rows: SparseBlock, m: WasmArray, n: number, out: WasmArray): void {
    if (this.exports && n % 4 === 0) {
      this.exports.scatterRows(rows.rowStart.ptr, rows.ids.ptr, rows.values.ptr, rows.rows, m.ptr, n, out.ptr, rows.target?.ptr ?? 0);
      return;
    }
    const [start, ids, values, M, O, target] = [rows.rowStart.view, rows.ids.view, rows.values.view, m.view, out.view, rows.target?.view];
    for (let r = 0; r < rows.rows; r++) {
      const src = (target ? target[r] : r) * n;
      for (let j = start[r]; j < start[r + 1]; j++) {
        const x = values[j];
        const o = ids[j] * n;
        for (let c = 0; c < n; c++) O[o + c] += Math.fround(x * M[src + c]);
      }
    }
  }

  /** out[r] = a[ia[r]] (ia null: row r). */
  copyRows(out: WasmArray, a: WasmArray, ia: WasmArray<Int32Array> | null, rows: number, n: number): void {
    this.rowKernel('copyRows', out, null, a, ia, null, null, rows, n);
  }

  /** out[r] = a[ia[r]] ⊙ b[ib[r]]. */
  mulRows(out: WasmArray, a: WasmArray, ia: WasmArray<Int32Array> | null, b: WasmArray, ib: WasmArray<Int32Array> | null, rows: number, n: number): void {
    this.rowKernel('mulRows', out, null, a, ia, b, ib, rows, n);
  }

  /** out[io[r]] += a[r]. */
  addRowsTo(out: WasmArray, io: WasmArray<Int32Array> | null, a: WasmArray, rows: number, n: number): void {
    this.rowKernel('addRowsTo', out, io, a, null, null, null, rows, n);
  }

  /** out[io[r]] += a[r] ⊙ b[ib[r]]. */
  mulAddRowsTo(out: WasmArray, io: WasmArray<Int32Array> | null, a: WasmArray, b: WasmArray, ib: WasmArray<Int32Array> | null, rows: number, n: number): void {
    this.rowKernel('mulAddRowsTo', out, io, a, null, b, ib, rows, n);
  }

  private rowKernel(
    name: RowKernel,
    out: WasmArray,
    io: WasmArray<Int32Array> | null,
    a: WasmArray,
    ia: WasmArray<Int32Array> | null,
    b: WasmArray | null,
    ib: WasmArray<Int32Array> | null,
    rows: number,
    n: number,
  ): void {
    if (this.exports && n % 4 === 0) {
      this.exports[name](out.ptr, io?.ptr ?? 0, a.ptr, ia?.ptr ?? 0, b?.ptr ?? 0, ib?.ptr ?? 0, rows, n);
      return;
    }
    const [O, A, B] = [out.view, a.view, b?.view];
    for (let r = 0; r < rows; r++) {
      const [o, x, y] = [(io ? io.view[r] : r) * n, (ia ? ia.view[r] : r) * n, (ib ? ib.view[r] : r) * n];
      for (let j = 0; j < n; j++) {
        const value = name === 'mulRows' || name === 'mulAddRowsTo' ? Math.fround(A[x + j] * B![y + j]) : A[x + j];
        O[o + j] = name === 'addRowsTo' || name === 'mulAddRowsTo' ? O[o + j] + value : value;
      }
    }
  }

  relu(x: WasmArray): void {
    if (this.exports && x.length % 4 === 0) {
      this.exports.relu(x.ptr, x.length);
      return;
    }
    const v = x.view;
    for (let i = 0; i < v.length; i++) if (v[i] < 0) v[i] = 0;
  }

  /** dy ← dy where the layer's output y was positive, else 0 (tfjs: dy · step(x)). */
  reluBackward(dy: WasmArray, y: WasmArray): void {
    if (this.exports && dy.length % 4 === 0) {
      this.exports.reluBackward(dy.ptr, y.ptr, dy.length);
      return;
    }
    const [d, out] = [dy.view, y.view];
    for (let i = 0; i < d.length; i++) if (!(out[i] > 0)) d[i] = 0;
  }

  /** Σ x² in float64. */
  sumSquares(x: WasmArray): number {
    if (this.exports && x.length % 4 === 0) return this.exports.sumSquares(x.ptr, x.length);
    let sum = 0;
    for (const v of x.view) sum += v * v;
    return sum;
  }

  /** target ← target·(1 − rate) + online·rate, in float32 as tfjs computes it (arrays of equal length). */
  polyak(target: WasmArray, online: WasmArray, rate: number): void {
    const f = Math.fround;
    const [keep, take] = [f(1 - rate), f(rate)];
    if (this.exports) {
      this.exports.polyak(target.ptr, online.ptr, Math.ceil(target.length / 4) * 4, keep, take);
      return;
    }
    const [t, o] = [target.view, online.view];
    for (let j = 0; j < t.length; j++) t[j] = f(f(t[j] * keep) + f(o[j] * take));
  }

  /** One Adam update of `param` from `grad`, which it then zeroes (see `adamFunction`); arrays of equal length. */
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
      G[i] = 0;
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

/**
 * Sparse rows in the workspace (CSR): row r holds ids/values [rowStart[r], rowStart[r+1]) and writes to
 * output row target[r] (row r without `target`).
 */
export interface SparseBlock {
  rows: number;
  rowStart: WasmArray<Int32Array>;
  ids: WasmArray<Int32Array>;
  values: WasmArray;
  target?: WasmArray<Int32Array> | null;
}

/** Sparse rows as plain arrays, before they are copied into a workspace. */
export interface SparseRowsData {
  rowStart: Int32Array;
  ids: Int32Array;
  values: Float32Array;
  /** Output row of each row (absent: row r). */
  target?: Int32Array;
}

/**
 * The transpose of sparse rows: one row per distinct id (in increasing order, `target` = the id), holding the
 * original rows that have it, with the same values. Entries of one id keep their original row order.
 */
export function transposeSparse(rows: SparseRowsData): SparseRowsData {
  const n = rows.ids.length;
  const sourceIds = rows.ids;
  let maxId = -1;
  for (let j = 0; j < n; j++) if (sourceIds[j] > maxId) maxId = sourceIds[j];
  // Counting sort by id: start[id] is where id's entries begin.
  const start = new Int32Array(maxId + 2);
  for (let j = 0; j < n; j++) start[sourceIds[j] + 1]++;
  let distinct = 0;
  for (let id = 0; id <= maxId; id++) {
    if (start[id + 1] > 0) distinct++;
    start[id + 1] += start[id];
  }
  const ids = new Int32Array(n);
  const values = new Float32Array(n);
  const cursor = start.slice(0, maxId + 1);
  const rowCount = rows.rowStart.length - 1;
  for (let r = 0; r < rowCount; r++) {
    const row = rows.target ? rows.target[r] : r;
    for (let j = rows.rowStart[r], end = rows.rowStart[r + 1]; j < end; j++) {
      const at = cursor[sourceIds[j]]++;
      ids[at] = row;
      values[at] = rows.values[j];
    }
  }
  const rowStart = new Int32Array(distinct + 1);
  const target = new Int32Array(distinct);
  let row = 0;
  for (let id = 0; id <= maxId; id++) {
    if (start[id + 1] > start[id]) {
      target[row] = id;
      rowStart[++row] = start[id + 1];
    }
  }
  return { rowStart, ids, values, target };
}
