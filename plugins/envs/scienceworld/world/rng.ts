/**
 * The world's own random stream (sfc32). Its state is four plain numbers kept inside the world, so a world
 * can be cloned mid-episode (the expert looks ahead on a copy) and the copy draws the same numbers.
 *
 * It is the same generator as the harness's `createRng`, kept apart on purpose: `createRng` holds its state
 * in a closure (a clone could not copy it) and hashes its seed first, so its numbers differ from these;
 * built on it, every variation's dynamics (bee flights, seeds in a jar) and so the golden transcripts would
 * change.
 */
export type RngState = [number, number, number, number];

export function seedRng(seed: number): RngState {
  const state: RngState = [seed ^ 0x9e3779b9, seed ^ 0x243f6a88, seed ^ 0xb7e15162, 1];
  for (let i = 0; i < 12; i++) nextFloat(state);
  return state;
}

/** Uniform in [0, 1); advances `state` in place. */
export function nextFloat(state: RngState): number {
  let [a, b, c, d] = state;
  a >>>= 0;
  b >>>= 0;
  c >>>= 0;
  d >>>= 0;
  const t = (((a + b) | 0) + d) | 0;
  d = (d + 1) | 0;
  a = b ^ (b >>> 9);
  b = (c + (c << 3)) | 0;
  c = (c << 21) | (c >>> 11);
  c = (c + t) | 0;
  state[0] = a;
  state[1] = b;
  state[2] = c;
  state[3] = d;
  return (t >>> 0) / 4294967296;
}

export function nextInt(state: RngState, n: number): number {
  return Math.floor(nextFloat(state) * n);
}

export function shuffled<T>(state: RngState, items: readonly T[]): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = nextInt(state, i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
