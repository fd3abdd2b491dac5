/**
 * Number-health alerts per business number, through the real connector and the Cloud API
 * simulator's webhooks (the sandbox's Support and Sales), on SQLite and PostgreSQL. Meta rates
 * each number on its own (quality, display name review, messaging limit): a drop on Sales raises
 * an alert naming Sales (label and display number) in every panel's list, the admin's number
 * health view and GET /healthz, and leaves Support's alone.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { AccountAlert, NumberHealthResponse } from '../../../connector/domain/account-views';
import { ApiClient } from '../../support/api';
import { startConnector, type RunningConnector } from '../../support/connector';
import { DB_KINDS } from '../../support/databases';
import { signIn } from '../../support/sign-in';
import { openStream } from '../../support/sse';
import { waitFor } from '../../support/wait';
import { SALES_DISPLAY_NUMBER, SALES_NUMBER_ID, SHEENA } from '../../support/fixtures';

interface Healthz {
  status: string;
  numbers: Array<{ kind: string; severity: string; value: string; number: { id: string; label: string | null }; message: string }>;
}

const SALES = { id: SALES_NUMBER_ID, label: 'Sales', displayPhoneNumber: SALES_DISPLAY_NUMBER };

describe.each(DB_KINDS)('number-health alerts of each number on %s', (kind) => {
  let running: RunningConnector;
  let agent: ApiClient;
  const management = () => running.connector.simulator!.management;
  const alerts = async () => (await agent.call<NumberHealthResponse>('/api/number-health')).body.alerts;
  const healthz = async () => (await (await fetch(`${running.url}/healthz`)).json()) as Healthz;
  const salesAlert = (list: AccountAlert[], kind: string) => list.find((a) => a.kind === kind && a.number?.id === SALES_NUMBER_ID);

  beforeAll(async () => {
    running = await startConnector({ db: kind });
    agent = new ApiClient(running.url, await signIn(running.url, running.demoUrl, 'ana'));
  });

  afterAll(async () => {
    await running?.close();
  });

  test("Sales's quality flagged RED: an alert naming Sales reaches every panel, the health view and /healthz; Support has none", async () => {
    expect((await healthz()).numbers).toEqual([]);
    await agent.thread(SHEENA);
    const stream = openStream(`${running.url}/api/contacts/${encodeURIComponent(SHEENA)}/events`, agent.session.headers);
    try {
      expect(await stream.status).toBe(200);
      management().setNumber({ quality_rating: 'RED' }, SALES_NUMBER_ID);

      const pushed = await waitFor(() =>
        stream.events.map((e) => (e.event === 'health' ? salesAlert(e.data.alerts as AccountAlert[], 'quality') : undefined)).find(Boolean),
      );
      expect(pushed).toMatchObject({
        key: `quality:${SALES_NUMBER_ID}`,
        severity: 'critical',
        value: 'RED',
        number: SALES,
        details: `Sales +${SALES_DISPLAY_NUMBER}`,
      });

      const listed = await alerts();
      expect(salesAlert(listed, 'quality')).toMatchObject({ number: SALES, value: 'RED' });
      // Support's own quality is still GREEN: no alert without a number, i.e. the default's.
      expect(listed.filter((a) => a.kind === 'quality' && !a.number)).toEqual([]);

      const operator = await healthz();
      expect(operator.status).toBe('ok');
      expect(operator.numbers).toEqual([
        expect.objectContaining({
          kind: 'quality',
          severity: 'critical',
          value: 'RED',
          number: SALES,
          message: expect.stringContaining(`Sales +${SALES_DISPLAY_NUMBER}`),
        }),
      ]);
    } finally {
      stream.close();
    }

    management().setNumber({ quality_rating: 'GREEN' }, SALES_NUMBER_ID);
    await waitFor(async () => salesAlert(await alerts(), 'quality') === undefined);
    expect((await healthz()).numbers).toEqual([]);
  });

  test("Sales's display name rejected and its messaging limit lowered: both alerts name Sales", async () => {
    management().setNumber({ name_status: 'DECLINED', messaging_limit: 'TIER_250' }, SALES_NUMBER_ID);
    const listed = await waitFor(async () => {
      const list = await alerts();
      return salesAlert(list, 'display_name') && salesAlert(list, 'limit_lowered') ? list : null;
    });
    expect(salesAlert(listed, 'display_name')).toMatchObject({
      key: `display_name:${SALES_NUMBER_ID}`,
      value: 'DECLINED',
      number: SALES,
      details: `Sales +${SALES_DISPLAY_NUMBER}: Lucky Shrub Sales`,
    });
    expect(salesAlert(listed, 'limit_lowered')).toMatchObject({ value: 'TIER_250', previous: 'TIER_1K', number: SALES });
    expect(listed.filter((a) => (a.kind === 'display_name' || a.kind === 'limit_lowered') && !a.number)).toEqual([]);
    expect((await healthz()).numbers.map((n) => [n.kind, n.number.label]).sort()).toEqual([
      ['display_name', 'Sales'],
      ['limit_lowered', 'Sales'],
    ]);
  });

  test("the sandbox's number control plays Sales with ?number= (the demo's admin page picks the number)", async () => {
    const sandbox = (query: string, body: object) =>
      fetch(`${running.url}/sandbox/number${query}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const changed = await sandbox(`?number=${SALES_NUMBER_ID}`, { name_status: 'APPROVED' });
    expect(changed.status).toBe(200);
    expect(((await changed.json()) as { number: { name_status: string } }).number.name_status).toBe('APPROVED');
    expect(management().stateOf(SALES_NUMBER_ID).name_status).toBe('APPROVED');
    await waitFor(async () => salesAlert(await alerts(), 'display_name') === undefined);
    const unknown = await sandbox('?number=999', { quality_rating: 'RED' });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(await unknown.json())).toContain('/sandbox/numbers');
  });

  test("the default number's alerts are named on /healthz too, beside Sales's", async () => {
    // The sandbox's control for the default number: Meta sends no webhook for YELLOW, the connector reads the number again.
    const changed = await fetch(`${running.url}/sandbox/number`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ quality_rating: 'YELLOW' }),
    });
    expect(changed.status).toBe(200);
    await waitFor(async () => (await healthz()).numbers.some((n) => n.kind === 'quality'));
    const quality = (await healthz()).numbers.find((n) => n.kind === 'quality')!;
    expect(quality).toMatchObject({ value: 'YELLOW', number: { id: running.connector.simulator!.numbers[0]!.id, label: 'Support' } });
    expect(quality.message).toContain('Support +');
    // In the panels' list the default's alert stays as before: no number, no prefix.
    expect((await alerts()).find((a) => a.kind === 'quality')).toMatchObject({ key: 'quality', details: null });
    expect((await alerts()).find((a) => a.kind === 'quality')?.number).toBeUndefined();
  });
});
