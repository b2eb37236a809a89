/** Starts the AgentGym-protocol fixture server as a real process on 127.0.0.1 and stops it after the test. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const script = join(import.meta.dirname, 'fixtures/agentgym_server.py');

export interface FixtureServer {
  url: string;
  stats(): Promise<{ created: number; closed: number; resets: number; open: number[] }>;
  stop(): void;
}

export async function startServer(args: string[]): Promise<FixtureServer> {
  const child = spawn('python3', ['-u', script, ...args], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
  const first = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => {
      lines.close();
      resolve(line);
    });
    child.once('exit', (code) => reject(new Error(`fixture server exited with code ${code}`)));
  });
  const url = `http://127.0.0.1:${JSON.parse(first).port}`;
  return {
    url,
    stats: async () => (await fetch(`${url}/stats`)).json(),
    stop: () => child.kill('SIGKILL'),
  };
}
