import { readFileSync } from 'node:fs';
import { type Document, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument, type YAMLError } from 'yaml';
import type { Problem } from './problems.ts';
import { aliasProblems } from './yaml-aliases.ts';

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
  const position = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, col };
  };
  const problemAt = (offset: number, message: string): Problem => ({ file, ...position(offset), message: `YAML: ${message}` });
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const problems = parserProblems([...doc.errors, ...doc.warnings]).map((p) => problemAt(p.offset, p.message));
  if (!problems.length) problems.push(...aliasProblems(doc).map((p) => problemAt(p.offset, p.message)));
  // Aliases are checked above, so the library's own count (which refuses large but harmless reuse) is off.
  const data = problems.length ? undefined : doc.toJS({ maxAliasCount: -1 });
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

/**
 * The parser's errors in file order. A stack overflow on deep nesting, which the parser reports once per
 * level it unwinds, is given once, at the outermost level, in words a suite's author can act on.
 */
function parserProblems(errors: YAMLError[]): { offset: number; message: string }[] {
  const found = errors.map((e) => ({ offset: e.pos[0], code: e.code, message: firstLine(e.message) })).sort((a, b) => a.offset - b.offset);
  const deep = found.find((e) => e.code === 'RESOURCE_EXHAUSTION');
  return found
    .filter((e) => e.code !== 'RESOURCE_EXHAUSTION' || e === deep)
    .map((e) => (e === deep ? { ...e, message: `nested too deeply to read (${e.message})` } : e));
}

function firstLine(message: string): string {
  return message.split('\n')[0];
}
