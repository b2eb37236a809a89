import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';

/**
 * Streams the records of a JSON Lines file, one parsed object at a time, so a log of any size is read in
 * bounded memory. A torn last line (a process killed mid-write) is skipped; a bad line elsewhere is an error.
 */
export async function* readJsonl<T>(file: string): AsyncGenerator<T> {
  if (!existsSync(file)) return;
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let pending: { text: string; number: number } | null = null;
  let number = 0;
  for await (const line of lines) {
    number++;
    if (pending) yield parse<T>(pending.text, file, pending.number);
    pending = line.trim() ? { text: line, number } : null;
  }
  if (pending) {
    try {
      yield JSON.parse(pending.text) as T;
    } catch {
      // The last line was being written when the process died: it is not a finished record.
    }
  }
}

function parse<T>(text: string, file: string, line: number): T {
  try {
    return JSON.parse(text) as T;
  } catch (e) {
    throw new Error(`${file}:${line}: not a JSON record (${(e as Error).message})`);
  }
}
