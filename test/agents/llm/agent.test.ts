import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ROLE_LINES, stepHighPrompt, stepLowPrompt } from '../../../plugins/agents/common/prompts.ts';
import { createChatClient } from '../../../plugins/agents/llm/chat-client.ts';
import { ANSWER_FORMATS } from '../../../plugins/agents/llm/chat-prompt.ts';
import { createLlmAgent } from '../../../plugins/agents/llm/index.ts';
import { type LlmOptions, resolveOptions } from '../../../plugins/agents/llm/options.ts';
import { type ChatServer, corridorExpert, startChatServer, TEMPLATE_OVERHEAD, words } from './chat-server.ts';
import { agentContext, driveEpisode } from './drive.ts';

let server: ChatServer;
const options = (extra: Partial<LlmOptions> = {}) => ({ baseURL: server.baseURL, model: 'scripted', ...extra });

beforeAll(async () => {
  server = await startChatServer(corridorExpert);
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  server.script = corridorExpert;
});

describe('the llm agent talking to a chat-completions server', () => {
  it('sends exactly the text it reports: the shared builders, the answer format, the options', async () => {
    const { decisions, steps } = await driveEpisode(options({ strategy: 'step-hrl', listCandidateSubtasks: true }));
    expect(steps.at(-1)).toMatchObject({ done: true, success: true });
    const calls = decisions.flatMap((d) => d.calls);
    expect(calls.map((c) => c.role)).toEqual(['high', 'low', 'progress', 'low']);
    expect(server.requests).toHaveLength(calls.length);

    calls.forEach((call, i) => {
      const sent = server.requests[i];
      const parts = call.prompt as string[];
      expect(sent.text).toBe(parts.join(''));
      expect(parts.every((p) => p.endsWith('\n'))).toBe(true);
      // The role line and the answer format are the system message; the state is the user message.
      expect(sent.body.messages).toEqual([
        { role: 'system', content: parts[0] + parts[1] },
        { role: 'user', content: parts.slice(2).join('') },
      ]);
      expect(call.completion).toBe((corridorExpert(sent) as { content: string }).content);
      expect(call.usage).toEqual({ prompt: words(sent.text) + TEMPLATE_OVERHEAD, completion: words(call.completion) });
      expect(sent.body).toMatchObject({ model: 'scripted', temperature: 0, max_tokens: call.role === 'progress' ? 64 : 32 });
      expect(typeof sent.body.seed).toBe('number');
    });

    const task = 'Your task is to reach room 2.';
    const high = stepHighPrompt({ task, completedSubtasks: [], lastProgress: 'None', current: { observation: 'You are in room 0 of 3.' } });
    expect(calls[0].prompt).toEqual([high[0], `${ANSWER_FORMATS.high}\n`, ...high.slice(1), 'Candidate subtasks:\n- walk east\n- walk west\n']);
    const low = stepLowPrompt({ subtask: 'walk east', current: { observation: 'You are in room 1 of 3.' }, progress: 'Walked east to room 1 of 3.' });
    expect(calls[3].prompt).toEqual([low[0], `${ANSWER_FORMATS.low}\n`, ...low.slice(1), 'Valid actions:\n- go east\n- go west\n- wait\n']);
    expect(decisions[1].note).toMatchObject({ subtask: 'walk east', progress: 'Walked east to room 1 of 3.', subtaskFinished: true });
  });

  it('can put everything in one user message, for chat templates without a system role', async () => {
    const { decisions } = await driveEpisode(options({ strategy: 'vanilla', systemMessage: false }));
    const parts = decisions[0].calls[0].prompt as string[];
    expect(server.requests[0].body.messages).toEqual([{ role: 'user', content: parts.join('') }]);
    expect(parts[0]).toBe(`${ROLE_LINES.vanilla}\n`);
  });

  it('sends the key named by apiKeyEnv as a bearer token, and no Authorization header to a keyless server', async () => {
    process.env.LLM_AGENT_TEST_KEY = 'sk-agent-test-0123456789';
    try {
      await driveEpisode(options({ strategy: 'vanilla', apiKeyEnv: 'LLM_AGENT_TEST_KEY' }));
      expect(server.requests[0].headers.authorization).toBe('Bearer sk-agent-test-0123456789');
    } finally {
      delete process.env.LLM_AGENT_TEST_KEY;
    }
    server.requests.length = 0;
    await driveEpisode(options({ strategy: 'vanilla' }));
    expect(server.requests[0].headers.authorization).toBeUndefined();
  });

  it('refuses to start when the named key variable is not set, naming the variable only', () => {
    expect(() => createLlmAgent(resolveOptions(options({ apiKeyEnv: 'LLM_AGENT_TEST_MISSING' })), agentContext())).toThrow(
      'apiKeyEnv names the environment variable LLM_AGENT_TEST_MISSING, which is not set (or empty)',
    );
  });

  it('hrl: asks the high level again after the low level says the subtask is finished, with the whole history', async () => {
    server.script = (r) => (r.role === 'high' ? { content: 'walk east' } : { content: 'go east; True' });
    const { decisions, steps } = await driveEpisode(options({ strategy: 'hrl' }));
    expect(steps.at(-1)).toMatchObject({ success: true });
    expect(decisions.map((d) => d.calls.map((c) => c.role))).toEqual([
      ['high', 'low'],
      ['high', 'low'],
    ]);
    const secondHigh = (decisions[1].calls[0].prompt as string[]).join('');
    expect(secondHigh).toContain('Observation 0: You are in room 0 of 3.\nAction 0: go east\n');
    // The low level's history restarts with the subtask.
    expect((decisions[1].calls[1].prompt as string[]).join('')).not.toContain('Observation 0');
  });

  it('vanilla: historyWindow keeps only the latest steps', async () => {
    const { decisions } = await driveEpisode(options({ strategy: 'vanilla', historyWindow: 1 }), 3);
    const third = (decisions[2].calls[0].prompt as string[]).join('');
    expect(third).toContain('Observation 1: You are in room 1 of 6.');
    expect(third).not.toContain('Observation 0');
  });

  it('step-hrl: keeps the local progress within progressTokens tokens of the suite tokenizer', async () => {
    const chatty = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');
    server.script = (r) => (r.role === 'progress' ? { content: chatty } : corridorExpert(r));
    const { decisions } = await driveEpisode(options({ strategy: 'step-hrl', progressTokens: 5 }));
    expect(decisions[1].note?.progress).toBe('word0 word1 word2 word3 word4');
    expect(server.requests.find((r) => r.role === 'progress')!.body.max_tokens).toBe(5);
    expect((decisions[1].calls[1].prompt as string[]).join('')).toContain('Local progress: word0 word1 word2 word3 word4\n');
  });

  it('sends an action that is not valid as it is, or maps it to the closest valid action on request', async () => {
    server.script = (r) => (r.role === 'low' ? { content: 'Go East.; False' } : corridorExpert(r));
    const plain = await driveEpisode(options({ strategy: 'step-hrl' }), 0, agentContext(), 2);
    expect(plain.decisions[0].action).toBe('Go East.');
    expect(plain.steps[0].invalid).toBe(true);
    const mapped = await driveEpisode(options({ strategy: 'step-hrl', mapToValidAction: true }), 0, agentContext(), 2);
    expect(mapped.decisions[0].action).toBe('go east');
    expect(mapped.decisions[0].note).toMatchObject({ mappedFrom: 'Go East.' });
    expect(mapped.steps[0].invalid).toBeUndefined();
  });

  it('maps a free-text subtask to the closest candidate on request', async () => {
    server.script = (r) => (r.role === 'high' ? { content: 'Walk towards the east' } : corridorExpert(r));
    const { decisions } = await driveEpisode(options({ strategy: 'hrl', mapToCandidateSubtask: true }), 0, agentContext(), 1);
    expect(decisions[0].note).toMatchObject({ subtask: 'walk east', subtaskMappedFrom: 'Walk towards the east' });
  });

  it('retries a 5xx and a 429 as long as the server asks, then gives up with a clear message', async () => {
    let failures = 2;
    server.script = (r) =>
      failures-- > 0 ? { status: 503, json: { error: { message: 'loading model' } }, headers: { 'retry-after': '0' } } : corridorExpert(r);
    const { steps } = await driveEpisode(options({ strategy: 'vanilla', retries: 2 }));
    expect(steps.at(-1)?.success).toBe(true);
    expect(server.requests[0].text).toBe(server.requests[2].text);

    server.script = () => ({ status: 429, json: { error: { message: 'slow down' } }, headers: { 'retry-after-ms': '1' } });
    await expect(driveEpisode(options({ strategy: 'vanilla', retries: 1 }))).rejects.toThrow(
      /^policy \(step 0\) call to http:\/\/127\.0\.0\.1:\d+\/v1 failed after 2 attempts: HTTP 429 slow down$/,
    );
  });

  it('does not retry a request the server rejects', async () => {
    server.script = () => ({ status: 400, json: { error: { message: "This model's maximum context length is 8192 tokens" } } });
    await expect(driveEpisode(options({ strategy: 'vanilla', retries: 3 }))).rejects.toThrow(
      /failed after 1 attempt: HTTP 400 This model's maximum context length/,
    );
    expect(server.requests).toHaveLength(1);
  });

  it('gives up on a server that does not answer within timeoutMs', async () => {
    server.script = () => ({ hang: true });
    await expect(driveEpisode(options({ strategy: 'vanilla', timeoutMs: 150, retries: 0 }))).rejects.toThrow(/failed after 1 attempt: no reply within 150 ms/);
  });

  it('in a dry run never contacts the server, and answers with the task as the subtask and the first valid action', async () => {
    const { decisions, steps } = await driveEpisode(
      options({ strategy: 'step-hrl', baseURL: 'http://127.0.0.1:9/v1', apiKeyEnv: 'LLM_AGENT_TEST_MISSING' }),
      0,
      agentContext({ dryRun: true }),
    );
    expect(server.requests).toHaveLength(0);
    expect(steps.at(-1)?.success).toBe(true);
    expect(decisions[0].calls.map((c) => [c.role, c.completion])).toEqual([
      ['high', 'Your task is to reach room 2.'],
      ['low', 'go east; False'],
    ]);
    expect(decisions[0].calls[0].prompt[0]).toBe(`${ROLE_LINES.stepHigh}\n`);
    expect(decisions[1].calls.map((c) => [c.role, c.completion])).toEqual([
      ['progress', 'None'],
      ['low', 'go east; False'],
    ]);
    expect(decisions.flatMap((d) => d.calls).every((c) => c.usage === undefined)).toBe(true);
  });
});

describe('the concurrency limit', () => {
  it('keeps at most `concurrency` requests in flight to one server from one thread', async () => {
    const slow = await startChatServer(() => ({ content: 'ok' }), 40);
    try {
      const complete = createChatClient({ ...resolveOptions({ model: 'scripted', baseURL: slow.baseURL, concurrency: 2 }), apiKey: null });
      const replies = await Promise.all(
        Array.from({ length: 6 }, (_, i) => complete({ label: `call ${i}`, messages: [{ role: 'user', content: `hello ${i}` }], maxTokens: 4 })),
      );
      expect(replies.map((r) => r.text)).toEqual(Array(6).fill('ok'));
      expect(slow.requests).toHaveLength(6);
      expect(slow.maxInFlight).toBe(2);
    } finally {
      await slow.close();
    }
  });
});

describe('an unreachable server', () => {
  it('fails the call naming the system error, after the retries', async () => {
    const gone = await startChatServer(() => ({ content: 'never' }));
    await gone.close();
    await expect(driveEpisode({ baseURL: gone.baseURL, model: 'scripted', strategy: 'vanilla', retries: 0 })).rejects.toThrow(
      /^policy \(step 0\) call to http:\/\/127\.0\.0\.1:\d+\/v1 failed after 1 attempt: could not reach the server \(ECONNREFUSED\)$/,
    );
  });
});
