/**
 * The real connector on port 0: the real app, the Cloud API simulator, the
 * sandbox OpenID provider and a real database. Only the clock is the sandbox's.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../connector/config/config';
import { createConnector, type Connector, type ConnectorOptions } from '../../connector/connector';
import { afterAll, beforeAll } from 'vitest';
import { createTestDatabase, type TestDatabase, type TestDbKind } from './databases';

export interface RunningConnector {
  url: string;
  /** The demo page's origin (allowed by CORS). */
  demoUrl: string;
  connector: Connector;
  close(): Promise<void>;
}

/** Listens on every interface, so both localhost (::1 or 127.0.0.1) and 127.0.0.1 reach it. */
function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, () => resolve((server.address() as AddressInfo).port));
  });
}

export const FAST_STATUSES = { sent: 20, delivered: 60, read: 120 };

export async function startConnector(
  options: { db?: TestDbKind; database?: TestDatabase; env?: Record<string, string>; connector?: ConnectorOptions; host?: string } = {},
): Promise<RunningConnector> {
  // A database given by the caller is shared (several instances) and left for the caller to drop.
  const database = options.database ?? (await createTestDatabase(options.db ?? 'sqlite'));
  const ownsDatabase = !options.database;
  const mediaDir = mkdtempSync(join(tmpdir(), 'go2msg-media-'));
  const server = createServer();
  const demoServer = createServer();
  const port = await listen(server);
  const demoPort = await listen(demoServer);
  const host = options.host ?? 'localhost';
  const config = loadConfig({
    PORT: String(port),
    DEMO_PORT: String(demoPort),
    PUBLIC_URL: `http://${host}:${port}`,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    MEDIA_DIR: mediaDir,
    ...database.env,
    ...options.env,
  });
  const connector = await createConnector(config, {
    // Tests write the saved replies they need; the demo's would shift every count of audit rows.
    demoSavedReplies: false,
    ...options.connector,
    simulator: { statusDelays: FAST_STATUSES, ...options.connector?.simulator },
  });
  server.on('request', connector.app);
  if (connector.demoApp) demoServer.on('request', connector.demoApp);
  await connector.start();
  return {
    url: config.publicUrl,
    demoUrl: config.demoUrl,
    connector,
    async close() {
      server.closeAllConnections();
      demoServer.closeAllConnections();
      await Promise.all([new Promise((r) => server.close(r)), new Promise((r) => demoServer.close(r))]);
      await connector.stop();
      if (ownsDatabase) await database.drop();
      rmSync(mediaDir, { recursive: true, force: true });
    },
  };
}

/**
 * Two connector instances sharing one fresh PostgreSQL database (behind a load
 * balancer in production), for the tests of the current block; `ALLOWED_ORIGINS`
 * and a shared `SESSION_SECRET` are set, so a token from one works on the other.
 */
export function useTwoInstances(origin: string, env: Record<string, string> = {}): { readonly a: RunningConnector; readonly b: RunningConnector } {
  let database: TestDatabase | null = null;
  let a: RunningConnector | null = null;
  let b: RunningConnector | null = null;
  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    const shared = { ALLOWED_ORIGINS: origin, SESSION_SECRET: 'a-shared-session-secret-of-32-characters!', ...env };
    a = await startConnector({ database, env: shared });
    b = await startConnector({ database, env: shared });
  }, 60_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await database?.drop();
  });
  return {
    get a() {
      if (!a) throw new Error('the instances start in beforeAll');
      return a;
    },
    get b() {
      if (!b) throw new Error('the instances start in beforeAll');
      return b;
    },
  };
}
