import cliProgress from 'cli-progress';

/** Where the runner reports progress: bars on a terminal, a line per finished group elsewhere. */
export interface ProgressDisplay {
  /** A group of work (training an agent, or one env × agent × split of episodes) begins. */
  begin(id: string, label: string, total: number): void;
  update(id: string, done: number, total?: number, status?: string): void;
  end(id: string, status: string): void;
  log(message: string): void;
  stop(): void;
}

export function createProgress(options: { quiet: boolean; stream?: NodeJS.WriteStream }): ProgressDisplay {
  const stream = options.stream ?? process.stderr;
  if (options.quiet) return silent;
  return stream.isTTY ? new BarProgress(stream) : new LineProgress(stream);
}

const silent: ProgressDisplay = { begin() {}, update() {}, end() {}, log() {}, stop() {} };

class BarProgress implements ProgressDisplay {
  private readonly bars = new Map<string, cliProgress.SingleBar>();
  private readonly multi: cliProgress.MultiBar;

  constructor(stream: NodeJS.WriteStream) {
    this.multi = new cliProgress.MultiBar(
      {
        stream,
        format: ' {label} |{bar}| {value}/{total} {status} eta {eta_formatted}',
        barsize: 24,
        hideCursor: true,
        clearOnComplete: false,
        etaBuffer: 50,
        autopadding: true,
      },
      cliProgress.Presets.shades_grey,
    );
  }

  begin(id: string, label: string, total: number) {
    this.bars.set(id, this.multi.create(Math.max(total, 1), 0, { label: label.padEnd(40).slice(0, 40), status: '' }));
  }

  update(id: string, done: number, total?: number, status = '') {
    const bar = this.bars.get(id);
    if (!bar) return;
    if (total !== undefined) bar.setTotal(Math.max(total, 1));
    bar.update(done, { status });
  }

  end(id: string, status: string) {
    const bar = this.bars.get(id);
    if (!bar) return;
    bar.update(bar.getTotal(), { status });
    bar.stop();
    this.bars.delete(id);
  }

  log(message: string) {
    this.multi.log(message + '\n');
  }

  stop() {
    this.multi.stop();
  }
}

/** For logs and CI: no redraws, one line when a group starts and one when it ends. */
class LineProgress implements ProgressDisplay {
  private readonly labels = new Map<string, { label: string; started: number }>();

  constructor(private readonly stream: NodeJS.WriteStream) {}

  begin(id: string, label: string, total: number) {
    this.labels.set(id, { label, started: performance.now() });
    this.stream.write(`▶ ${label} (${total})\n`);
  }

  update() {}

  end(id: string, status: string) {
    const entry = this.labels.get(id);
    if (!entry) return;
    const seconds = ((performance.now() - entry.started) / 1000).toFixed(1);
    this.stream.write(`✓ ${entry.label}: ${status} in ${seconds}s\n`);
    this.labels.delete(id);
  }

  log(message: string) {
    this.stream.write(message + '\n');
  }

  stop() {}
}
