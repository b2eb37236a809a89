import { type Document, isAlias, isMap, isPair, isSeq, type Node } from 'yaml';

/**
 * At most this many values in a suite once its aliases are expanded. A few hundred bytes of nested aliases
 * (an "alias bomb") expand to billions of values, which schema validation and the manifest would then walk;
 * real suites stay in the thousands.
 */
export const MAX_EXPANDED_VALUES = 100_000;

/** Something wrong with a document's aliases, at the offset of the alias. */
export interface AliasProblem {
  offset: number;
  message: string;
}

/**
 * Checks a document's aliases before it is turned into data: each must follow its anchor and must not sit
 * inside the value it names, and the whole document must expand to at most `limit` values. An oversized
 * document is reported at its largest alias, where a reader can see what multiplies.
 */
export function aliasProblems(doc: Document, limit = MAX_EXPANDED_VALUES): AliasProblem[] {
  const anchors = new Map<string, Node>();
  const sizes = new Map<Node, number>();
  const open = new Set<Node>();
  const problems: AliasProblem[] = [];
  const largest: { node: Node | null; source: string; size: number } = { node: null, source: '', size: 0 };

  const measure = (node: unknown): number => {
    if (isAlias(node)) {
      const offset = node.range?.[0] ?? 0;
      const target = anchors.get(node.source);
      if (!target) {
        problems.push({ offset, message: `the alias *${node.source} comes before its anchor &${node.source} (or there is no such anchor)` });
        return 1;
      }
      if (open.has(target)) {
        problems.push({ offset, message: `the alias *${node.source} is inside the value it names, which would never end` });
        return 1;
      }
      const size = sizes.get(target) ?? 1;
      if (size > largest.size) Object.assign(largest, { node, source: node.source, size });
      return size;
    }
    if (isPair(node)) return measure(node.key) + measure(node.value);
    if (!node || typeof node !== 'object') return 0;
    const anchored = node as Node;
    if (anchored.anchor) anchors.set(anchored.anchor, anchored);
    if (!isMap(anchored) && !isSeq(anchored)) return 1;
    open.add(anchored);
    let size = 1;
    for (const item of anchored.items) size += measure(item);
    open.delete(anchored);
    sizes.set(anchored, size);
    return size;
  };

  if (measure(doc.contents) > limit && largest.node) {
    problems.push({
      offset: largest.node.range?.[0] ?? 0,
      message: `the alias *${largest.source} expands to ${largest.size} values; a suite may expand to at most ${limit} (a resource limit against alias bombs)`,
    });
  }
  return problems;
}
