/**
 * The connector as its own process (`node --import tsx connector/main.ts`, or
 * the compiled dist-connector/main.js that `npm start` runs), so a test can kill
 * it with SIGKILL — a real crash — and start another on the same database.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { waitFor } from './wait';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The Node flags `npm start` gives the compiled connector (package.json's start
 * script, the one place they are written), so a compiled child runs as it does
 * and the benchmarks weigh the same process.
 */
function startFlags(): string[] {
  const { scripts } = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { scripts: { start: string } };
  const flags = /\bnode((?: --[^\s]+)*) dist-connector\/main\.js/.exec(scripts.start);
  if (!flags) throw new Error(`package.json's start script does not run dist-connector/main.js: ${scripts.start}`);
  return flags[1]!.split(' ').filter(Boolean);
}

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

/**
 * `script` is the entry point: connector/main.ts, a bench's own that wraps the same connector, or a
 * compiled .js one (run without tsx, with `npm start`'s Node flags).
 */
export async function startChildConnector(
  env: Record<string, string>,
  port: number,
  script = 'connector/main.ts',
  nodeArgs: string[] = [],
): Promise<ChildConnector> {
  let output = '';
  const compiled = script.endsWith('.js');
  const child = spawn(process.execPath, [...(compiled ? startFlags() : []), ...nodeArgs, ...(compiled ? [script] : ['--import', 'tsx', script])], {
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
