import { relative } from 'node:path';

/** One thing wrong with a suite or a plugin, at a place in a file. */
export interface Problem {
  file: string;
  line: number;
  col: number;
  message: string;
}

/** Thrown when a suite cannot be used; carries every problem found, not just the first. */
export class SuiteError extends Error {
  constructor(readonly problems: Problem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'SuiteError';
  }
}

export function formatProblem(p: Problem): string {
  const file = relative(process.cwd(), p.file) || p.file;
  return `${file}:${p.line}:${p.col}: ${p.message}`;
}

export function sortProblems(problems: Problem[]): Problem[] {
  return [...problems].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col);
}
