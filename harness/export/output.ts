/**
 * The export folder. Everything is written into a hidden staging folder beside it and renamed into place only
 * when the export is complete, so a folder at the `--out` path is always a whole export; a failed or
 * interrupted export leaves nothing behind. Files are JSON Lines, written as they come through a bounded buffer.
 */
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, renameSync, rmdirSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { writeJsonAtomic } from '../store/files.ts';
import { ExportInputError } from './export.ts';

/** Bytes kept before a write. */
const BUFFER_BYTES = 1 << 20;

/** A JSON Lines file being written. */
export class JsonlWriter {
  lines = 0;
  bytes = 0;
  private pending: string[] = [];
  private pendingBytes = 0;
  private readonly fd: number;

  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.fd = openSync(path, 'w');
  }

  write(value: unknown): void {
    const line = JSON.stringify(value) + '\n';
    const size = Buffer.byteLength(line);
    this.pending.push(line);
    this.pendingBytes += size;
    this.bytes += size;
    this.lines++;
    if (this.pendingBytes >= BUFFER_BYTES) this.flush();
  }

  flush(): void {
    if (this.pending.length === 0) return;
    writeSync(this.fd, this.pending.join(''));
    this.pending = [];
    this.pendingBytes = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

export class ExportFolder {
  private readonly writers = new Map<string, JsonlWriter>();

  private constructor(
    /** Where the export ends up. */
    readonly dir: string,
    /** Where it is written until it is complete. */
    private readonly staging: string,
  ) {}

  /** Checks that `out` is free (absent, or an empty folder) and prepares the staging folder. Throws an input error saying why not. */
  static create(out: string): ExportFolder {
    const dir = resolve(out);
    if (existsSync(dir)) {
      if (!statSync(dir).isDirectory()) throw new ExportInputError(`--out ${out} is a file, not a folder`);
      if (readdirSync(dir).length > 0) throw new ExportInputError(`--out ${out} is not empty: choose a new folder (an export never mixes with other files)`);
    }
    const staging = join(dirname(dir), `.${basename(dir)}.partial-${process.pid}`);
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    return new ExportFolder(dir, staging);
  }

  /** The writer of a file (by path relative to the export folder), opened on first use. */
  file(path: string): JsonlWriter {
    let writer = this.writers.get(path);
    if (!writer) {
      writer = new JsonlWriter(join(this.staging, path));
      this.writers.set(path, writer);
    }
    return writer;
  }

  /** Lines and bytes of every file written, by relative path, in the order they were opened. */
  sizes(): Record<string, { lines: number; bytes: number }> {
    return Object.fromEntries([...this.writers].map(([path, w]) => [path, { lines: w.lines, bytes: w.bytes }]));
  }

  /** Closes every file, writes the manifest and moves the export into place. */
  finish(manifest: unknown): void {
    for (const writer of this.writers.values()) writer.close();
    writeJsonAtomic(join(this.staging, 'manifest.json'), manifest);
    // An empty folder given as --out is replaced (rmdir refuses if something appeared in it meanwhile).
    if (existsSync(this.dir)) rmdirSync(this.dir);
    renameSync(this.staging, this.dir);
  }

  /** Drops everything written so far. */
  abandon(): void {
    for (const writer of this.writers.values()) {
      try {
        writer.close();
      } catch {
        // Already closed, or the disk is gone: the folder is removed anyway.
      }
    }
    rmSync(this.staging, { recursive: true, force: true });
  }
}
