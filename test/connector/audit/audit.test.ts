/**
 * The audit trail through the real connector: exactly one row per send on
 * every send path, the admin API's filters and pages, the exports, and
 * `npm run audit:verify` naming the first broken row.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { AuditPage, AuditRowView } from '../../../connector/domain/audit';
import { verifyAuditTrail } from '../../../connector/store/audit-verifier';
import { ApiClient, customerWrites } from '../../support/api';
import { startConnector, type RunningConnector } from '../../support/connector';
import { DB_KINDS } from '../../support/databases';
import { signIn } from '../../support/sign-in';
import { sendSms } from '../../support/sms';
import { waitFor } from '../../support/wait';
import { LUCAS, SHEENA } from '../../support/fixtures';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

async function page(api: ApiClient, query = ''): Promise<AuditPage> {
  const { status, body } = await api.call<AuditPage>(`/api/audit${query}`);
  if (status !== 200) throw new Error(`audit: HTTP ${status} ${JSON.stringify(body)}`);
  return body;
}

/** Every row matching `query`, walking the pages `limit` at a time. */
async function allPages(api: ApiClient, query: string, limit: number): Promise<AuditRowView[][]> {
  const pages: AuditRowView[][] = [];
  let before: string | null = null;
  do {
    const p = await page(api, `?${query}${query ? '&' : ''}limit=${limit}${before ? `&before=${before}` : ''}`);
    pages.push(p.data);
    before = p.next;
  } while (before);
  return pages;
}

/** Minimal RFC 4180 reader for the test: quoted cells with doubled quotes and CRLF rows. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  return rows;
}

describe.each(DB_KINDS)('the audit trail through the connector on %s', (kind) => {
  let running: RunningConnector;
  let ana: ApiClient;
  let ben: ApiClient;
  let alex: ApiClient;
  const sends: Record<string, number> = {};

  beforeAll(async () => {
    running = await startConnector({ db: kind, connector: { smsSimulator: { statusDelays: { sent: 20, delivered: 60 } } } });
    ana = new ApiClient(running.url, await signIn(running.url, running.demoUrl, 'ana'));
    ben = new ApiClient(running.url, await signIn(running.url, running.demoUrl, 'ben'));
    alex = new ApiClient(running.url, await signIn(running.url, running.demoUrl, 'alex'));

    await customerWrites(running.url, SHEENA.slice(1), 'Hi!');
    await waitFor(async () => (await ana.thread(SHEENA)).contact.lastInboundAt !== null);
    sends.text = (await ana.send(SHEENA, { type: 'text', text: { body: 'Hello Sheena' } }, 'audit-text-0001')).body.message.id;
    sends.template = (
      await ana.send(SHEENA, { type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } }, 'audit-template-01')
    ).body.message.id;
    sends.sms = (await sendSms(ben, LUCAS, 'Hi Lucas, by SMS', 'audit-sms-00001')).body.message.id;
    // The same request again: a replay, not a send.
    expect((await ana.send(SHEENA, { type: 'text', text: { body: 'Hello Sheena' } }, 'audit-text-0001')).body.replayed).toBe(true);
    expect((await sendSms(ben, LUCAS, 'Hi Lucas, by SMS', 'audit-sms-00001')).body.replayed).toBe(true);
    // Let every status arrive so the trail is settled for the tests below.
    await waitFor(async () => (await ana.thread(SHEENA)).messages.filter((m) => m.direction === 'out').every((m) => m.status === 'read'));
    await waitFor(async () => (await ben.thread(LUCAS)).messages.every((m) => m.status === 'delivered'));
  });

  afterAll(async () => {
    await running?.close();
  });

  test('exactly one message.send row per send, on every send path, and none for a replay', async () => {
    const rows = (await page(alex, '?action=message.send&limit=500')).data;
    expect(rows.map((r) => r.messageId).sort()).toEqual([sends.text, sends.template, sends.sms].sort());
    const byMessage = Object.fromEntries(rows.map((r) => [r.messageId, r]));
    expect(byMessage[sends.text!]).toMatchObject({
      channel: 'whatsapp',
      teammate: { name: 'Ana Souza' },
      windowState: 'open',
      template: null,
      content: { sha256: expect.stringMatching(/^[0-9a-f]{64}$/), bytes: expect.any(Number) },
    });
    expect(byMessage[sends.template!]).toMatchObject({ channel: 'whatsapp', template: { name: 'hello_world', category: 'UTILITY' } });
    expect(byMessage[sends.sms!]).toMatchObject({ channel: 'sms', teammate: { name: 'Ben Carter' }, contact: { phone: LUCAS } });
  });

  test('each status change is on the trail with the provider id', async () => {
    const rows = (await page(alex, '?action=message.status&limit=500')).data.filter((r) => r.messageId === sends.text);
    expect(rows.map((r) => r.status).reverse()).toEqual(expect.arrayContaining(['accepted', 'read']));
    expect(rows[0]).toMatchObject({ status: 'read', providerMessageId: expect.stringMatching(/^wamid\./), teammate: { name: 'Ana Souza' } });
  });

  test('sign-in and sign-out are recorded', async () => {
    const session = await signIn(running.url, running.demoUrl, 'ana');
    await fetch(`${running.url}/auth/logout`, { method: 'POST', headers: session.headers });
    const rows = (await page(alex, `?teammate=${ana.session.teammate.id}&limit=500`)).data;
    expect(rows.filter((r) => r.action === 'teammate.sign_in').length).toBeGreaterThanOrEqual(2);
    expect(rows[0]).toMatchObject({ action: 'teammate.sign_out', teammate: { id: ana.session.teammate.id } });
  });

  test('only admins can read or export the trail', async () => {
    for (const path of ['/api/audit', '/api/audit/facets', '/api/audit/export?format=csv']) {
      const response = await ana.call<{ error: { code: string } }>(path);
      expect(response.status, path).toBe(403);
      expect(response.body.error.code).toBe('FORBIDDEN');
    }
    const link = await ana.call<{ error: { code: string } }>('/api/audit/export-links', { method: 'POST', body: JSON.stringify({ format: 'csv' }) });
    expect(link.status).toBe(403);
  });

  test.each([
    { filter: 'teammate', query: () => `teammate=${ben.session.teammate.id}`, holds: (r: AuditRowView) => r.teammate?.id === ben.session.teammate.id },
    { filter: 'contact', query: () => `contact=${encodeURIComponent(SHEENA)}`, holds: (r: AuditRowView) => r.contact?.phone === SHEENA },
    { filter: 'channel', query: () => 'channel=sms', holds: (r: AuditRowView) => r.channel === 'sms' },
    { filter: 'action', query: () => 'action=teammate.sign_in', holds: (r: AuditRowView) => r.action === 'teammate.sign_in' },
  ])('filters by $filter: every row matches, and no matching row is left out', async ({ query, holds }) => {
    const everything = (await page(alex, '?limit=500')).data;
    const filtered = (await page(alex, `?${query()}&limit=500`)).data;
    expect(filtered.length).toBeGreaterThan(0);
    expect(filtered.every(holds)).toBe(true);
    expect(filtered.map((r) => r.id)).toEqual(everything.filter(holds).map((r) => r.id));
  });

  test('filters by date range, from inclusive and to exclusive, in ISO 8601 or epoch milliseconds', async () => {
    const everything = (await page(alex, '?limit=500')).data;
    const times = [...new Set(everything.map((r) => r.at))].sort((a, b) => a - b);
    const from = times[1]!;
    const to = times[times.length - 2]!;
    const expected = everything.filter((r) => r.at >= from && r.at < to).map((r) => r.id);
    expect((await page(alex, `?from=${from}&to=${to}&limit=500`)).data.map((r) => r.id)).toEqual(expected);
    const iso = (await page(alex, `?from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}&limit=500`)).data.map((r) => r.id);
    expect(iso).toEqual(expected);
  });

  test('a contact the connector never saw matches nothing', async () => {
    expect((await page(alex, `?contact=${encodeURIComponent('+4930123456789')}`)).data).toEqual([]);
  });

  test('pages by keyset, newest first, each row once', async () => {
    const everything = (await page(alex, '?limit=500')).data;
    const pages = await allPages(alex, '', 3);
    expect(pages.length).toBeGreaterThan(2);
    expect(pages.slice(0, -1).every((p) => p.length === 3)).toBe(true);
    const ids = pages.flat().map((r) => r.id);
    expect(ids).toEqual(everything.map((r) => r.id));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
  });

  test.each([
    { query: '?channel=fax', field: 'channel' },
    { query: '?from=yesterday', field: 'from' },
    { query: '?limit=0', field: 'limit' },
    { query: '?before=abc', field: 'before' },
    { query: '?colour=red', field: '' },
  ])('refuses $query with VALIDATION_FAILED naming the field', async ({ query, field }) => {
    const response = await alex.call<{ error: { code: string; details: { fields: Array<{ path: string }> } } }>(`/api/audit${query}`);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
    if (field) expect(response.body.error.details.fields.map((f) => f.path)).toContain(field);
  });

  test('exports CSV: a header, one line per row, the digest and the chain hashes', async () => {
    const response = await fetch(`${running.url}/api/audit/export?format=csv&action=message.send`, { headers: alex.session.headers });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="go2msg-audit-.*\.csv"$/);
    const [header, ...rows] = parseCsv(await response.text());
    expect(header).toEqual(
      expect.arrayContaining([
        'id',
        'at',
        'action',
        'teammate_name',
        'channel',
        'contact_phone',
        'window_state',
        'template_name',
        'template_category',
        'content_sha256',
        'content_bytes',
        'provider_message_id',
        'status',
        'prev_hash',
        'row_hash',
      ]),
    );
    expect(rows).toHaveLength(3);
    const column = (name: string) => rows.map((r) => r[header!.indexOf(name)]);
    expect(column('message_id').map(Number)).toEqual([sends.text, sends.template, sends.sms]);
    expect(column('channel')).toEqual(['whatsapp', 'whatsapp', 'sms']);
    expect(column('contact_phone')).toEqual([SHEENA, SHEENA, LUCAS]);
    expect(column('content_sha256').every((h) => /^[0-9a-f]{64}$/.test(h!))).toBe(true);
  });

  test('exports JSON Lines, oldest first, the same rows the API pages show', async () => {
    const response = await fetch(`${running.url}/api/audit/export?format=jsonl&channel=whatsapp`, { headers: alex.session.headers });
    expect(response.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    const lines = (await response.text())
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as AuditRowView);
    const paged = (await page(alex, '?channel=whatsapp&limit=500')).data;
    expect(lines.map((r) => r.id)).toEqual(paged.map((r) => r.id).reverse());
    expect(lines[0]).toEqual(paged.at(-1));
  });

  test('an export link downloads without the bearer token, once signed by the connector; a forged one is refused; the export is audited', async () => {
    const { status, body } = await alex.call<{ url: string; expiresAt: number }>('/api/audit/export-links', {
      method: 'POST',
      body: JSON.stringify({ format: 'jsonl', filters: { channel: 'sms' } }),
    });
    expect(status).toBe(201);
    expect(body.url.startsWith(`${running.url}/audit/download?token=`)).toBe(true);
    const download = await fetch(body.url);
    expect(download.status).toBe(200);
    const rows = (await download.text())
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as AuditRowView);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.channel === 'sms')).toBe(true);

    const [payload] = new URL(body.url).searchParams.get('token')!.split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), filters: {} })).toString('base64url');
    const refused = await fetch(`${running.url}/audit/download?token=${forged}.${new URL(body.url).searchParams.get('token')!.split('.')[1]}`);
    expect(refused.status).toBe(401);
    expect((await fetch(`${running.url}/audit/download`)).status).toBe(401);

    const exports = (await page(alex, '?action=audit.export')).data;
    expect(exports[0]).toMatchObject({ teammate: { id: alex.session.teammate.id }, details: { format: 'jsonl', filters: { channel: 'sms' } } });
  });

  test('the whole trail still verifies after all of this', async () => {
    expect((await verifyAuditTrail(running.connector.db)).broken).toBeNull();
  });
});

describe('npm run audit:verify', () => {
  let running: RunningConnector;

  beforeAll(async () => {
    running = await startConnector({ db: 'sqlite' });
    await signIn(running.url, running.demoUrl, 'ana');
    await signIn(running.url, running.demoUrl, 'ben');
    await signIn(running.url, running.demoUrl, 'alex');
  });

  afterAll(async () => {
    await running?.close();
  });

  /** Runs the command as `npm run audit:verify` does, in a process of its own. */
  function verify(...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
    const config = running.connector.config.database as { filename: string };
    return new Promise((resolve) => {
      execFile(
        `${ROOT}node_modules/.bin/tsx`,
        ['connector/main.ts', 'audit:verify', ...args],
        { cwd: ROOT, env: { ...process.env, SQLITE_FILE: config.filename, DATABASE_URL: '', LOG_LEVEL: 'silent' }, timeout: 60_000 },
        (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, out: stdout, err: stderr }),
      );
    });
  }

  test('says the trail is intact and prints its head; then names the first row edited in the database', { timeout: 90_000 }, async () => {
    const intact = await verify();
    expect(intact.code).toBe(0);
    const head = /head: row #(\d+) ([0-9a-f]{64})/.exec(intact.out);
    expect(head?.[1]).toBe('3');
    expect((await verify('--head', head![2]!)).code).toBe(0);

    await running.connector.db.raw('DROP TRIGGER audit_log_no_update');
    await running.connector.db('audit_log').where('id', 2).update({ action: 'teammate.sign_out' });
    const broken = await verify();
    expect(broken.code).toBe(1);
    expect(broken.err).toContain('BROKEN at row #2');
  });
});
