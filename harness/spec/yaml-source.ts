import { readFileSync } from 'node:fs';
import { type Document, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import type { Problem } from './problems.ts';

export type DataPath = (string | number)[];

/** A parsed YAML file that can say where any value (or key) of it was written. */
export interface YamlSource {
  file: string;
  text: string;
  data: unknown;
  problems: Problem[];
  /** Line and column of the value at `path` (or of its key with `at: 'key'`); the nearest existing parent otherwise. */
  locate(path: DataPath, at?: 'key' | 'value'): { line: number; col: number };
}

export function readYamlSource(file: string, text = readFileSync(file, 'utf8')): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const problems: Problem[] = [...doc.errors, ...doc.warnings].map((e) => {
    const pos = e.linePos?.[0] ?? { line: 1, col: 1 };
    return { file, line: pos.line, col: pos.col, message: `YAML: ${firstLine(e.message)}` };
  });
  const data = doc.errors.length ? undefined : doc.toJS({ maxAliasCount: 1000 });
  const position = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, col };
  };
  return {
    file,
    text,
    data,
    problems,
    locate(path, at = 'value') {
      const found = walk(doc, path);
      const node = at === 'key' && found.key ? found.key : found.node;
      return position(node?.range?.[0] ?? 0);
    },
  };
}

/** Follows `path` through maps and sequences as far as it goes. */
function walk(doc: Document, path: DataPath): { node: Node | null; key: Node | null } {
  let node = doc.contents as Node | null;
  let key: Node | null = null;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === segment);
      if (!pair) return { node, key: null };
      key = pair.key as Node;
      node = (pair.value as Node | null) ?? key;
    } else if (isSeq(node) && typeof segment === 'number' && node.items[segment]) {
      key = null;
      node = node.items[segment] as Node;
    } else {
      return { node, key: null };
    }
  }
  return { node, key };
}

function firstLine(message: string): string {
  return message.split('\n')[0];
}
