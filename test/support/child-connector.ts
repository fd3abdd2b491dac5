/**
 * The connector as its own process (`node --import tsx connector/main.ts`, or
 * the compiled dist-connector/main.js that `npm start` runs), so a test can kill
 * it with SIGKILL — a real crash — and start another on the same database.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { waitFor } from './wait';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface ChildConnector {
  url: string;
  process: ChildProcess;
  output: () => string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** `script` is the entry point: connector/main.ts, a bench's own that wraps the same connector, or a compiled .js one (run without tsx). */
export async function startChildConnector(
  env: Record<string, string>,
  port: number,
  script = 'connector/main.ts',
  nodeArgs: string[] = [],
): Promise<ChildConnector> {
  let output = '';
  const child = spawn(process.execPath, [...nodeArgs, ...(script.endsWith('.js') ? [script] : ['--import', 'tsx', script])], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      PORT: String(port),
      DEMO_PORT: String(await freePort()),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`connector exited: ${output}`);
      return (
        (await fetch(`${url}/healthz`)
          .then((r) => r.ok)
          .catch(() => false)) && output.includes('go2msg connector')
      );
    },
    { timeout: 30_000, interval: 100, what: 'the connector process to start' },
  );
  return {
    url,
    process: child,
    output: () => output,
    async kill(signal = 'SIGKILL') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill(signal);
      await exited;
    },
  };
}
