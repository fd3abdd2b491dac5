/**
 * Where an operator gets the audit trail's head to anchor (issue 11 §7): the
 * admin API, and `npm run audit:verify` with AUDIT_ANCHOR_FILE, which prints
 * the head and keeps it in the operator's file.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { auditHead } from '../../../connector/store/audit-verifier';
import { startConnector, type RunningConnector } from '../../support/connector';
import { signIn, type SignedIn } from '../../support/sign-in';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
let running: RunningConnector;
let alex: SignedIn;
let ana: SignedIn;
const dir = mkdtempSync(join(tmpdir(), 'go2msg-anchor-'));

beforeAll(async () => {
  running = await startConnector({ db: 'sqlite' });
  alex = await signIn(running.url, running.demoUrl, 'alex');
  ana = await signIn(running.url, running.demoUrl, 'ana');
});

afterAll(async () => {
  await running?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('an admin reads the head to anchor; an agent may not', async () => {
  const response = await fetch(`${running.url}/api/admin/audit/head`, { headers: alex.headers });
  expect(response.status).toBe(200);
  expect(response.headers.get('cache-control')).toBe('no-store');
  const head = await auditHead(running.connector.db);
  expect(await response.json()).toEqual({ id: head!.id, hash: head!.hash, at: head!.at });
  expect((await fetch(`${running.url}/api/admin/audit/head`, { headers: ana.headers })).status).toBe(403);
});

test('npm run audit:verify prints the head and keeps it in AUDIT_ANCHOR_FILE', { timeout: 60_000 }, async () => {
  const file = join(dir, 'anchors.jsonl');
  const database = running.connector.config.database as { filename: string };
  const out = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
    execFile(
      `${ROOT}node_modules/.bin/tsx`,
      ['connector/main.ts', 'audit:verify'],
      { cwd: ROOT, env: { ...process.env, SQLITE_FILE: database.filename, DATABASE_URL: '', LOG_LEVEL: 'silent', AUDIT_ANCHOR_FILE: file }, timeout: 60_000 },
      (error, stdout) => resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout }),
    );
  });
  const head = await auditHead(running.connector.db);
  expect(out.code).toBe(0);
  expect(out.stdout).toContain(`head: row #${head!.id} ${head!.hash}`);
  expect(JSON.parse(readFileSync(file, 'utf8').trim())).toMatchObject({ id: head!.id, hash: head!.hash });
});
