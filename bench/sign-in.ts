/**
 * The cost of sign-in on the connector: verifying each kind of host proof
 * in-process, and a silent renewal (POST /auth/refresh) and an authenticated
 * request through the real connector on SQLite.
 */
import { performance } from 'node:perf_hooks';
import { HostProofs } from '../connector/auth/host-proofs/index';
import type { TokenResponse } from '../connector/domain/sign-in';
import { startConnector } from '../test/support/connector';
import { canvasProof, CRM_HOST, crmProof, HOSTS_ENV, SALESFORCE_HOST, ZENDESK_HOST, zendeskProof } from '../test/support/host-proofs';
import { signIn } from '../test/support/sign-in';
import { loadConfig } from '../connector/config/config';
import type { Bench, BenchRow } from './support/report';

const AUDIENCE = 'https://wa.acme.example';

async function rate(label: string, count: number, run: () => Promise<unknown>): Promise<BenchRow> {
  await run();
  const start = performance.now();
  for (let i = 0; i < count; i++) await run();
  const ms = performance.now() - start;
  return { metric: label, value: (count / ms) * 1000, unit: '/s' };
}

async function latency(label: string, count: number, run: () => Promise<unknown>): Promise<BenchRow> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return {
    metric: `${label} (p50 / p95 of ${count})`,
    value: `${times[Math.floor(count / 2)]!.toFixed(1)} / ${times[Math.floor(count * 0.95)]!.toFixed(1)}`,
    unit: 'ms',
  };
}

export const signInBench: Bench = {
  name: 'sign-in',
  async run() {
    const proofs = new HostProofs(loadConfig({ ...HOSTS_ENV, PUBLIC_URL: AUDIENCE }).hostProofs, AUDIENCE);
    const crm = await crmProof('crm-1', AUDIENCE);
    const zendesk = await zendeskProof('123');
    const canvas = canvasProof('005x0000001SyyEAAS');
    const now = Date.now();
    const rows = [
      await rate('host proof verified: in-house CRM (HS256)', 2_000, () => proofs.verify(CRM_HOST, crm, now)),
      await rate('host proof verified: Zendesk signed URL (RS256)', 2_000, () => proofs.verify(ZENDESK_HOST, zendesk, now)),
      await rate('host proof verified: Salesforce Canvas (HMAC-SHA256)', 2_000, () => proofs.verify(SALESFORCE_HOST, canvas, now)),
    ];

    const running = await startConnector();
    try {
      let issued = (await signIn(running.url, running.demoUrl)).issued;
      rows.push(
        await latency('silent renewal, POST /auth/refresh over HTTP, SQLite', 200, async () => {
          const response = await fetch(`${running.url}/auth/refresh`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', origin: running.demoUrl },
            body: JSON.stringify({ refreshToken: issued.refreshToken }),
          });
          issued = (await response.json()) as TokenResponse;
        }),
        await latency('authenticated GET /api/me over HTTP, SQLite', 200, () =>
          fetch(`${running.url}/api/me`, { headers: { authorization: `Bearer ${issued.accessToken}` } }).then((r) => r.arrayBuffer()),
        ),
      );
    } finally {
      await running.close();
    }
    return { title: 'Sign-in', rows, notes: ['One connection at a time, on this machine, with the sandbox OpenID provider; no goal is set by the issue.'] };
  },
};
