import { pathToFileURL } from 'node:url';

/** How long a plugin module may take to import, its top-level code included, unless the environment says otherwise. */
export const DEFAULT_IMPORT_TIMEOUT_MS = 60_000;

/** The environment variable that changes the import time limit (milliseconds). */
export const IMPORT_TIMEOUT_VARIABLE = 'HARNESS_IMPORT_TIMEOUT_MS';

/** A module whose import did not settle in time; the message says what to look at. */
export class ImportTimeoutError extends Error {
  override name = 'ImportTimeoutError';
}

export function importTimeoutMs(): number {
  const value = Number(process.env[IMPORT_TIMEOUT_VARIABLE]);
  return Number.isFinite(value) && value > 0 ? value : DEFAULT_IMPORT_TIMEOUT_MS;
}

/**
 * Imports a module file, giving up after `ms`. A module whose top-level `await` never settles would
 * otherwise hang the harness (while a timer of its own keeps the process alive) or end it with exit code 13
 * and no word (once nothing else is pending): the timer here keeps the process alive until the verdict.
 */
export async function importWithTimeout(file: string, ms = importTimeoutMs()): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new ImportTimeoutError(
            `did not finish importing within ${ms} ms (${file}): its top-level code waits on something that never comes ` +
              `(${IMPORT_TIMEOUT_VARIABLE} sets the limit)`,
          ),
        ),
      ms,
    );
  });
  try {
    return await Promise.race([import(pathToFileURL(file).href), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
