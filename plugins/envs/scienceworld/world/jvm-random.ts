/**
 * The JVM's standard generator (`java.util.Random`, a 48-bit linear congruential generator), which
 * ScienceWorld's `scala.util.Random` wraps. ScienceWorld seeds it with fixed numbers (or the variation
 * index) wherever a task's variations are drawn — which animals sit outside, in what order the combinations
 * come — so the same variation index gives the same parameters only if the same numbers come out here.
 * `shuffle` is Scala's: from the last place down, swap with a place drawn below it.
 */
const MULTIPLIER = 0x5deece66dn;
const ADDEND = 0xbn;
const MASK = (1n << 48n) - 1n;

export class JvmRandom {
  private seed: bigint;

  constructor(seed: number) {
    this.seed = (BigInt(seed) ^ MULTIPLIER) & MASK;
  }

  /** The next `bits` random bits, as a signed 32-bit number (Java's `next`). */
  private next(bits: number): number {
    this.seed = (this.seed * MULTIPLIER + ADDEND) & MASK;
    return Number(BigInt.asIntN(32, this.seed >> BigInt(48 - bits)));
  }

  /** Uniform in [0, bound), with Java's rejection of the biased top range. */
  nextInt(bound: number): number {
    let r = this.next(31);
    const m = bound - 1;
    if ((bound & m) === 0) return Number((BigInt(bound) * BigInt(r)) >> 31n);
    for (let u = r; u - (r = u % bound) + m > 0x7fffffff; u = this.next(31));
    return r;
  }

  nextBoolean(): boolean {
    return this.next(1) !== 0;
  }

  /** A shuffled copy, drawn as Scala's `Random.shuffle` draws it. */
  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let n = out.length; n >= 2; n--) {
      const k = this.nextInt(n);
      [out[n - 1], out[k]] = [out[k], out[n - 1]];
    }
    return out;
  }
}
