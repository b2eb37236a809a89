/**
 * One episode on an AgentGym server: a server-side instance made by `create`, loaded with the episode's data
 * index by `reset`, played by `step`, and closed by `close` whatever happened (the runner calls it after an
 * error too). Closing first cancels any request still in flight, so a stalled request cannot outlive its
 * episode.
 */
import type { Env, EpisodeSpec, ResetResult, StepResult } from '../../../harness/api.ts';
import { type Dialect, dialects, expandTemplates } from './dialects.ts';
import { indexOf } from './episodes.ts';
import { type HttpSettings, type RequestOptions, requestJson, ServerError } from './http.ts';
import type { AgentGymOptions } from './options.ts';
import { sciworldGame } from './sciworld-tasks.ts';

/** Makes the server-side instance; the returned env owns it and must be closed. */
export async function createAgentGymEnv(episode: EpisodeSpec, options: AgentGymOptions): Promise<AgentGymEnv> {
  const dialect = dialects[options.server];
  const index = indexOf(episode, options.server);
  const http = { baseURL: options.baseURL, retries: options.retries, retryBackoffMs: options.retryBackoffMs };
  const reply = await requestJson(http, 'POST', '/create', { timeoutMs: options.createTimeoutMs, idempotent: false });
  const id = typeof reply === 'object' && reply !== null ? (reply as { id?: unknown }).id : undefined;
  if (typeof id !== 'number' && typeof id !== 'string') {
    throw new Error(`POST /create sent no instance id: ${JSON.stringify(reply)?.slice(0, 200)}`);
  }
  return new AgentGymEnv(id, index, episode, dialect, http, options);
}

export class AgentGymEnv implements Env {
  private readonly inFlight = new AbortController();
  private actions: string[] | undefined;
  private previous = { score: 0, won: false };
  private closed = false;

  constructor(
    readonly instance: number | string,
    private readonly index: number,
    private readonly episode: EpisodeSpec,
    private readonly dialect: Dialect,
    private readonly http: HttpSettings,
    private readonly options: AgentGymOptions,
  ) {}

  async reset(): Promise<ResetResult> {
    const body = { id: this.instance, ...this.dialect.resetBody(this.index, this.options.worldType) };
    const reading = this.dialect.readReset(await this.post('/reset', body, this.options.resetTimeoutMs, true));
    this.checkLoaded(reading.loaded);
    this.actions = reading.actions;
    this.previous = { score: 0, won: false };
    return { observation: reading.observation ?? (await this.observation()), task: reading.task };
  }

  async step(action: string): Promise<StepResult> {
    const reading = this.dialect.readStep(await this.post('/step', { id: this.instance, action }, this.options.requestTimeoutMs, false), this.previous);
    this.previous = { score: reading.score, won: this.previous.won || reading.success };
    this.actions = reading.actions;
    const { actions: _, ...result } = reading;
    return result;
  }

  async validActions(): Promise<string[]> {
    if (this.actions) return this.actions.slice();
    if (this.dialect.actionSource !== 'hint') return [];
    const hint = await this.get('/action_hint');
    const fields = hint as { possible_actions?: unknown; possible_objects?: unknown };
    if (!isStrings(fields?.possible_actions) || !isStrings(fields?.possible_objects)) {
      throw new Error(`GET /action_hint: expected {possible_actions: [...], possible_objects: [...]}, got ${JSON.stringify(hint)?.slice(0, 200)}`);
    }
    return expandTemplates(fields.possible_actions, fields.possible_objects, this.options.maxValidActions);
  }

  private async observation(): Promise<string> {
    const reply = await this.get('/observation');
    const text = typeof reply === 'string' ? reply : (reply as { observation?: unknown })?.observation;
    if (typeof text !== 'string') throw new Error(`GET /observation: expected the observation text, got ${JSON.stringify(reply)?.slice(0, 200)}`);
    return text;
  }

  /** Closes the server-side instance, once; never throws (the episode's outcome is already decided). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.inFlight.abort();
    try {
      await requestJson(this.http, 'POST', '/close', { body: { id: this.instance }, timeoutMs: this.options.closeTimeoutMs, idempotent: true });
    } catch (e) {
      // agentenv-alfworld has no /close route: its instances live until the server stops.
      const missingRoute = e instanceof ServerError && (e.status === 404 || e.status === 405) && !this.dialect.hasClose;
      if (!missingRoute) {
        process.emitWarning(`agentgym: could not close instance ${this.instance} of ${this.options.baseURL}: ${(e as Error).message}`);
      }
    }
  }

  private checkLoaded(loaded: { task: string; variation: number } | undefined): void {
    const expected = this.options.server === 'sciworld' ? sciworldGame(this.index) : undefined;
    if (!loaded || !expected || this.episode.task !== expected.task) return;
    if (!loaded.task.endsWith(expected.name) || loaded.variation !== expected.variation) {
      throw new Error(
        `data index ${this.index} is ${loaded.task} variation ${loaded.variation} on this server, but the plugin labels it ` +
          `${expected.task} variation ${expected.variation}; the server's ScienceWorld numbers its games differently — set taskLabels: none`,
      );
    }
  }

  private post(path: string, body: Record<string, unknown>, timeoutMs: number, idempotent: boolean): Promise<unknown> {
    return this.request('POST', path, { body, timeoutMs, idempotent });
  }

  private get(path: string): Promise<unknown> {
    return this.request('GET', path, { query: { id: this.instance }, timeoutMs: this.options.requestTimeoutMs, idempotent: true });
  }

  private request(method: 'GET' | 'POST', path: string, opts: Omit<RequestOptions, 'signal'>): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error(`${method} ${path} after the episode was closed`));
    return requestJson(this.http, method, path, { ...opts, signal: this.inFlight.signal });
  }
}

function isStrings(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}
