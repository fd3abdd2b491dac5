/**
 * Exporting the audit trail: a million rows through the real connector's
 * export link, read by a client that keeps nothing, in CSV and JSON Lines.
 * Memory is sampled while the export streams: the goal is that it stays
 * bounded (one batch at a time), so the peak at a million rows should be no
 * higher than at a hundred thousand. Also times `audit:verify` over the trail.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../connector/config/config';
import { createConnector } from '../connector/connector';
import { signExportLink } from '../connector/services/audit/audit-export-link';
import { verifyAuditTrail } from '../connector/store/audit-verifier';
import { appendAuditMany, type AuditEntry } from '../connector/store/audit-writer';
import { upsertContact } from '../connector/store/contacts';
import { upsertTeammate } from '../connector/store/teammates';
import type { Bench, BenchRow } from './support/report';
import { SUPPORT_NUMBER_ID } from '../test/support/fixtures';

const SIZES = [100_000, 1_000_000];
const CHUNK = 10_000;
const MB = 1024 * 1024;

function entry(i: number, teammateId: number, contactId: number): AuditEntry {
  const sms = i % 3 === 0;
  return {
    at: 1_790_000_000_000 + i * 1000,
    action: i % 4 === 0 ? 'message.status' : 'message.send',
    teammateId,
    channel: sms ? 'sms' : 'whatsapp',
    contactId,
    host: 'acme.zendesk.com',
    hostUserId: String(1000 + (i % 50)),
    windowState: sms ? 'closed' : 'open',
    template: i % 5 === 0 ? { name: 'order_update', category: 'UTILITY' } : null,
    content: `{"type":"text","text":{"body":"Your order #${i} ships today"}}`,
    providerMessageId: sms ? `SM${i.toString(16).padStart(32, '0')}` : `wamid.${i}`,
    status: i % 4 === 0 ? 'delivered' : null,
    details: { type: 'text', window: sms ? 'closed' : 'open' },
  };
}

/** Reads the whole download, keeping only its size, while sampling this process's memory. */
async function measureExport(url: string): Promise<{ bytes: number; seconds: number; peakRss: number; peakHeap: number; lines: number }> {
  let peakRss = process.memoryUsage().rss;
  let peakHeap = process.memoryUsage().heapUsed;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 20);
  const started = performance.now();
  const response = await fetch(url);
  if (!response.ok) throw new Error(`export: HTTP ${response.status}`);
  let bytes = 0;
  let lines = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.byteLength;
    for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) lines += 1;
  }
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  return { bytes, seconds, peakRss, peakHeap, lines };
}

export const auditExport: Bench = {
  name: 'audit-export',
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'go2msg-bench-audit-'));
    const config = loadConfig({ PORT: '0', SQLITE_FILE: join(dir, 'audit.sqlite'), LOG_LEVEL: 'silent' });
    const connector = await createConnector(config);
    const server = createServer(connector.app);
    await new Promise<void>((resolve) => server.listen(0, resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const rows: BenchRow[] = [];
    const notes: string[] = [];
    try {
      const admin = await upsertTeammate(
        connector.db,
        { issuer: 'https://bench', subject: 'admin', email: 'admin@bench.test', name: 'Bench Admin', role: 'admin' },
        Date.now(),
      );
      const contact = await upsertContact(connector.db, { waId: '16505551234', userId: null, name: 'Sheena Nelson', numberId: SUPPORT_NUMBER_ID }, Date.now());
      let written = 0;
      for (const size of SIZES) {
        const started = performance.now();
        while (written < size) {
          const n = Math.min(CHUNK, size - written);
          await appendAuditMany(
            connector.db,
            Array.from({ length: n }, (_, k) => entry(written + k, admin.id, contact.id)),
          );
          written += n;
        }
        notes.push(
          `Filled to ${size.toLocaleString('en-US')} rows (chained, in batches of ${CHUNK.toLocaleString('en-US')}) in ${((performance.now() - started) / 1000).toFixed(1)} s.`,
        );
        for (const format of ['csv', 'jsonl'] as const) {
          global.gc?.();
          const baseline = process.memoryUsage();
          const token = signExportLink(config.sessionSecret, { teammateId: admin.id, format, filters: {}, expiresAt: Date.now() + 60_000 });
          const result = await measureExport(`${base}/audit/download?token=${token}`);
          const label = `${format.toUpperCase()} export of ${size.toLocaleString('en-US')} rows`;
          rows.push({
            metric: `${label}: throughput (${(result.bytes / MB).toFixed(0)} MB in ${result.seconds.toFixed(1)} s)`,
            value: Math.round(result.lines / result.seconds),
            unit: 'rows/s',
          });
          rows.push({
            metric: `${label}: peak RSS growth while streaming (server and client in one process)`,
            value: Math.round(((result.peakRss - baseline.rss) / MB) * 10) / 10,
            unit: 'MB',
            goal: 'bounded: no growth with rows',
            met: result.peakRss - baseline.rss < 128 * MB,
          });
          rows.push({ metric: `${label}: peak JS heap while streaming`, value: Math.round((result.peakHeap / MB) * 10) / 10, unit: 'MB' });
        }
        const verifyStarted = performance.now();
        const verified = await verifyAuditTrail(connector.db);
        const verifySeconds = (performance.now() - verifyStarted) / 1000;
        if (verified.broken) throw new Error(`the bench trail is broken: ${verified.broken.reason}`);
        rows.push({
          metric: `audit:verify over ${verified.rows.toLocaleString('en-US')} rows (${verifySeconds.toFixed(1)} s)`,
          value: Math.round(verified.rows / verifySeconds),
          unit: 'rows/s',
        });
      }
      notes.push(
        'SQLite file database; the export streams keyset batches of 1,000 rows with backpressure; every row passes the same column mapping the API uses.',
      );
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await connector.stop();
      rmSync(dir, { recursive: true, force: true });
    }
    return { title: 'Audit trail export (streamed) and verification', rows, notes };
  },
};
