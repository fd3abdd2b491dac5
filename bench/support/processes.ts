/** Servers under test, each in its own process so the load generator does not share its core. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { nodeEntryBuild } from '../../build/connector.vite.config';
import { freePort, startChildConnector, type ChildConnector } from '../../test/support/child-connector';
import { waitFor } from '../../test/support/wait';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export async function startBareExpress(): Promise<{ url: string; kill(): Promise<void> }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/support/bare-server.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  await waitFor(() => out.includes('bare express'), { timeout: 20_000, what: 'the bare Express server' });
  return {
    url: `http://127.0.0.1:${port}`,
    async kill() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** The connector as `npm start` runs it: compiled (`npm run bench` builds it first), no TypeScript loader in the process. */
export const CONNECTOR_ENTRY = 'dist-connector/main.js';

/**
 * With BENCH_PROFILE_DIR set, the connector writes a CPU profile there when it stops
 * (stop it with SIGTERM), to say where its time went when a goal is missed.
 */
export function profiling(): string[] {
  const dir = process.env.BENCH_PROFILE_DIR;
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}

export async function startConnectorProcess(env: Record<string, string>): Promise<ChildConnector> {
  return startChildConnector({ LOG_LEVEL: 'error', ...env }, await freePort(), CONNECTOR_ENTRY, profiling());
}

/** A benchmark's own wrapper of the connector, compiled the way `npm start`'s connector is, so the two weigh the same. */
export async function compiledEntry(source: string, name: string): Promise<string> {
  const outDir = `dist-bench/${name}`;
  await build(nodeEntryBuild(source, outDir));
  return `${outDir}/main.js`;
}
