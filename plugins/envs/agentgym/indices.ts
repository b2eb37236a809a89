/**
 * Data indices of an AgentGym server, as a suite writes them: a range string (`"0-139"`), a list string
 * (`"0-9, 20, 30-32"`), or a list of numbers and range strings. Order is kept as written (it is the episode
 * order); repeats are an error, since an index is an episode's identity.
 */
export type IndexSpec = string | (number | string)[];

export function parseIndices(spec: IndexSpec, where: string): number[] {
  const parts = typeof spec === 'string' ? spec.split(',') : spec.map(String);
  const out: number[] = [];
  const seen = new Set<number>();
  for (const raw of parts) {
    const part = raw.trim();
    if (!part) continue;
    const range = /^(\d+)\s*-\s*(\d+)$/.exec(part);
    const single = /^\d+$/.exec(part);
    if (!range && !single) throw new Error(`${where}: "${part}" is not a data index or a range like 0-139`);
    const [from, to] = range ? [Number(range[1]), Number(range[2])] : [Number(part), Number(part)];
    if (to < from) throw new Error(`${where}: range "${part}" runs backwards`);
    for (let i = from; i <= to; i++) {
      if (seen.has(i)) throw new Error(`${where}: data index ${i} is listed twice`);
      seen.add(i);
      out.push(i);
    }
  }
  if (out.length === 0) throw new Error(`${where}: no data indices`);
  return out;
}
