/** Servers under test, each in its own process so the load generator does not share its core. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
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

export async function startConnectorProcess(env: Record<string, string>): Promise<ChildConnector> {
  return startChildConnector({ LOG_LEVEL: 'error', ...env }, await freePort());
}
