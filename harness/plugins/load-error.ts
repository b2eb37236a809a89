import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Why a module failed to import, in one line that says where and what: the compiler's own location for a
 * TypeScript syntax error, the file and line of a JavaScript one, the first frame in the plugin's code for an
 * error thrown while it loads. Node's message alone often has none of these.
 */
export function describeLoadError(error: unknown, file: string): string {
  if (!(error instanceof Error)) return String(error);
  const lines = error.message
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  // esbuild (through tsx): "Transform failed with 1 error:" then "<file>:<line>:<col>: ERROR: <what>".
  if (/^Transform failed with \d+ errors?:$/.test(lines[0] ?? '')) {
    return lines
      .slice(1)
      .map((line) => line.replace(/: ERROR: /, ': '))
      .join('; ');
  }
  const what = `${error.name}: ${lines[0] ?? ''}${lines.length > 1 ? ` (${lines.slice(1).join(' ')})` : ''}`;
  // A syntax error found while compiling has no frame of the plugin's own; one thrown by its code (JSON.parse) has.
  const where = syntaxErrorPlace(error) ?? firstUserFrame(error) ?? (error instanceof SyntaxError ? checkSyntax(file) : null);
  return where ? `${where}: ${what}` : what;
}

/** Node puts "<file>:<line>" above the stack of a CommonJS module's syntax error. */
function syntaxErrorPlace(error: Error): string | null {
  const first = error.stack?.split('\n')[0] ?? '';
  return /^[^\s].*:\d+$/.test(first) && !first.startsWith(`${error.name}:`) ? first : null;
}

/** An ES module's syntax error carries no place at all: `node --check` gives it (line, and column from the caret). */
function checkSyntax(file: string): string | null {
  if (!/\.[cm]?js$/.test(file)) return null;
  const result = spawnSync(process.execPath, ['--check', file], { encoding: 'utf8', timeout: 10_000 });
  const lines = (result.stderr ?? '').split('\n');
  const place = /^(.*):(\d+)$/.exec(lines[0] ?? '');
  if (!place) return null;
  const caret = (lines[2] ?? '').indexOf('^');
  return `${place[1]}:${place[2]}${caret >= 0 ? `:${caret + 1}` : ''}`;
}

/** The first stack frame outside Node's internals and installed packages: where the plugin's own code threw. */
function firstUserFrame(error: Error): string | null {
  for (const line of (error.stack ?? '').split('\n').slice(1)) {
    const frame = /(?:^at |\()((?:file:\/\/)?\/[^()\s]+):(\d+):(\d+)\)?$/.exec(line.trim());
    if (!frame || frame[1].includes('/node_modules/')) continue;
    const path = frame[1].startsWith('file://') ? fileURLToPath(frame[1]) : frame[1];
    return `${path}:${frame[2]}:${frame[3]}`;
  }
  return null;
}
