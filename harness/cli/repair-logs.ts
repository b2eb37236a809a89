import { relative } from 'node:path';
import { runFiles } from '../store/files.ts';
import { repairRunLogs } from '../store/log-repair.ts';

/**
 * Sets aside the lines of a run's logs that cannot be decoded (see repairRunLogs) and says how many, which,
 * and where they went. `episodesNote` says what becomes of the episodes whose records were set aside.
 */
export async function repairLogsAndWarn(dir: string, episodesNote: string): Promise<void> {
  const files = runFiles(dir);
  for (const repair of await repairRunLogs(files)) {
    const count = repair.lines.length;
    const which = count > 5 ? `${repair.lines.slice(0, 5).join(', ')}, …` : repair.lines.join(', ');
    console.error(
      `harness: ${shown(repair.file)}: ${count} line${count === 1 ? '' : 's'} that could not be decoded (line${count === 1 ? '' : 's'} ${which}) ` +
        `moved to ${shown(repair.rejectedFile)}${repair.file === files.episodes ? `; ${episodesNote}` : ''}`,
    );
  }
}

function shown(file: string): string {
  return relative(process.cwd(), file) || file;
}
