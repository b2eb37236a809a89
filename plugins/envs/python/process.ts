/**
 * One Python adapter process and the JSON Lines conversation with it (see `adapters/harness_adapter.py` for
 * the wire format). Every call has a deadline; a process that misses one, exits, or writes a line that is not
 * a protocol message is killed (with its children: a JVM, a game server), and every call waiting on it fails
 * with a message that says what happened and quotes the end of its stderr.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The protocol module the plugin runs; it loads the adapter named in the options. */
export const RUNNER = fileURLToPath(new URL('./adapters/harness_adapter.py', import.meta.url));
const PROTOCOL_VERSION = 1;
const STDERR_KEEP = 4000;
const EXCERPT = 200;

export interface LaunchSpec {
  python: string;
  /** A path to a `.py` file or an importable module name. */
  adapter: string;
  adapterArgs: Record<string, unknown>;
  env: Record<string, string>;
}

/** A failure of the process itself (not of the environment inside it): the process is gone after it. */
export class AdapterProcessError extends Error {
  override name = 'AdapterProcessError';
}

interface Pending {
  method: string;
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

const live = new Set<AdapterProcess>();
// A process left behind by a run that ends (or a worker thread that stops) must not outlive it.
process.once('exit', () => {
  for (const p of live) p.kill('the harness exited');
});

export class AdapterProcess {
  readonly name: string;
  private readonly child: ChildProcess;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private buffer = '';
  private stderr = '';
  private failure: Error | null = null;
  private ready: Pending | null = null;

  private constructor(spec: LaunchSpec) {
    this.name = spec.adapter;
    // detached: the process leads its own group, so a kill also reaches the JVM or server it started.
    this.child = spawn(spec.python, ['-u', RUNNER, '--adapter', spec.adapter, '--args', JSON.stringify(spec.adapterArgs)], {
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
      // No __pycache__ beside the shipped adapters (a checkout stays clean); a suite's `env` may say otherwise.
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', ...spec.env, PYTHONUNBUFFERED: '1', PYTHONIOENCODING: 'utf-8' },
    });
    live.add(this);
    this.child.stdout!.setEncoding('utf8').on('data', (chunk: string) => this.onStdout(chunk));
    this.child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-STDERR_KEEP);
    });
    this.child.stdin!.on('error', () => {}); // EPIPE after a crash is reported by the exit handler
    this.child.on('error', (e) => this.fail(new AdapterProcessError(`cannot run the Python interpreter "${spec.python}": ${e.message}`)));
    this.child.on('exit', (code, signal) => {
      live.delete(this);
      const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      const during = this.ready ? ' while starting' : this.pending.size ? ` during ${[...this.pending.values()][0].method}` : '';
      // Its last stderr lines may still be in the pipe: report once the pipes close (or soon, if a
      // grandchild keeps them open).
      this.killGroup();
      const report = () => this.fail(new AdapterProcessError(`the Python adapter ${this.name} ${how}${during}${this.stderrTail()}`));
      this.child.once('close', report);
      setTimeout(report, 300).unref();
    });
    // An idle process must not keep the harness alive; a call in flight holds a timer that does.
    this.child.unref();
    for (const stream of [this.child.stdin, this.child.stdout, this.child.stderr]) (stream as unknown as { unref?(): void }).unref?.();
  }

  /** Starts the interpreter and waits for the adapter's ready line (or its fatal message). */
  static start(spec: LaunchSpec, timeoutMs: number): Promise<AdapterProcess> {
    const proc = new AdapterProcess(spec);
    return new Promise<AdapterProcess>((resolve, reject) => {
      const timer = setTimeout(() => {
        proc.fail(new AdapterProcessError(`the Python adapter ${spec.adapter} did not start within ${timeoutMs} ms${proc.stderrTail()}`));
      }, timeoutMs);
      proc.ready = { method: 'start', resolve: () => resolve(proc), reject, timer };
      if (proc.failure) proc.fail(proc.failure);
    });
  }

  get alive(): boolean {
    return this.failure === null;
  }

  get busy(): boolean {
    return this.pending.size > 0;
  }

  /** Sends one request and waits for its reply. An adapter-side exception rejects with its message. */
  call(method: string, params: Record<string, unknown>, timeoutMs: number): Promise<unknown> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.fail(
          new AdapterProcessError(`the Python adapter ${this.name} did not answer "${method}" within ${timeoutMs} ms, so it was stopped${this.stderrTail()}`),
        );
      }, timeoutMs);
      this.pending.set(id, { method, resolve, reject, timer });
      this.child.stdin!.write(`${JSON.stringify({ id, method, params })}\n`);
    });
  }

  /**
   * Forgets the stderr of earlier episodes, so an error message quotes only what this episode's calls
   * printed (and reads the same whichever process, fresh or reused, ran it).
   */
  forgetStderr(): void {
    this.stderr = '';
  }

  /** Stops the process and its children; calls still waiting fail with `reason`. */
  kill(reason = 'the process was stopped'): void {
    this.fail(new AdapterProcessError(`the Python adapter ${this.name}: ${reason}`));
  }

  private onStdout(chunk: string): void {
    this.buffer += chunk;
    let newline: number;
    while ((newline = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, newline).trim();
      this.buffer = this.buffer.slice(newline + 1);
      if (line) this.onLine(line);
      if (this.failure) return;
    }
  }

  private onLine(line: string): void {
    let message: Record<string, unknown>;
    try {
      message = JSON.parse(line);
      if (typeof message !== 'object' || message === null || Array.isArray(message)) throw new Error('not an object');
    } catch {
      this.fail(new AdapterProcessError(`the Python adapter ${this.name} wrote a line that is not a protocol message: ${excerpt(line)}`));
      return;
    }
    if (this.ready) {
      const ready = this.ready;
      if (typeof message.fatal === 'string') {
        this.fail(new AdapterProcessError(`the Python adapter ${this.name} cannot start: ${message.fatal}`));
      } else if (message.ready === true && message.protocol === PROTOCOL_VERSION) {
        this.ready = null;
        clearTimeout(ready.timer);
        ready.resolve(undefined);
      } else {
        this.fail(
          new AdapterProcessError(`the Python adapter ${this.name} did not start with a ready message (protocol ${PROTOCOL_VERSION}): ${excerpt(line)}`),
        );
      }
      return;
    }
    const call = typeof message.id === 'number' ? this.pending.get(message.id) : undefined;
    if (!call || typeof message.ok !== 'boolean') {
      this.fail(new AdapterProcessError(`the Python adapter ${this.name} sent a reply that matches no request: ${excerpt(line)}`));
      return;
    }
    this.pending.delete(message.id as number);
    clearTimeout(call.timer);
    if (message.ok) call.resolve(message.result ?? null);
    else call.reject(new Error(`${call.method} failed in the Python adapter: ${String(message.error)}`));
  }

  private fail(error: Error): void {
    if (!this.failure) {
      this.failure = error;
      live.delete(this);
      this.killGroup();
    }
    const waiting = [...this.pending.values(), ...(this.ready ? [this.ready] : [])];
    this.pending.clear();
    this.ready = null;
    for (const call of waiting) {
      clearTimeout(call.timer);
      call.reject(this.failure);
    }
  }

  private killGroup(): void {
    try {
      if (this.child.pid !== undefined) process.kill(-this.child.pid, 'SIGKILL');
    } catch {
      // The group is gone already (or never started).
    }
  }

  private stderrTail(): string {
    const lines = this.stderr.trim().split('\n').slice(-8).join('\n');
    return lines ? `\n--- last lines of its stderr ---\n${lines}` : '';
  }
}

function excerpt(text: string): string {
  return JSON.stringify(text.length > EXCERPT ? `${text.slice(0, EXCERPT)}…` : text);
}
