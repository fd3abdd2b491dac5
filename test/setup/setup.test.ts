/**
 * `npm run setup` against the simulator of a running sandbox connector: each
 * step, the two problems it fixes (subscription, registration), the ones it
 * explains, and the command itself in a child process without a terminal.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { SANDBOX_DEFAULTS } from '../../connector/config/config';
import { MIGRATION_GUIDE } from '../../connector/setup/migration-guide';
import { runSetup, type SetupConfig, type StepId, type StepStatus } from '../../connector/setup/setup';
import { startConnector, type RunningConnector } from '../support/connector';
import { SALES_DISPLAY_NUMBER, SALES_NUMBER_ID, SUPPORT_DISPLAY_NUMBER, SUPPORT_NUMBER_ID } from '../support/fixtures';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

let running: RunningConnector;
const management = () => running.connector.simulator!.management;

beforeAll(async () => {
  running = await startConnector();
});

afterAll(async () => {
  await running?.close();
});

beforeEach(() => {
  const m = management();
  for (const { state } of m.numbers.values()) {
    state.status = 'CONNECTED';
    state.pin = null;
  }
  m.subscribed = true;
  m.override = null;
  m.number.status = 'CONNECTED';
  m.number.pin = null;
  m.registrations.length = 0;
  m.token.scopes = ['whatsapp_business_management', 'whatsapp_business_messaging', 'business_management'];
});

function config(overrides: Partial<SetupConfig> = {}): SetupConfig {
  return {
    graphApiUrl: `${running.url}/graph/v24.0`,
    accessToken: SANDBOX_DEFAULTS.accessToken,
    wabaId: SANDBOX_DEFAULTS.wabaId,
    phoneNumberId: SANDBOX_DEFAULTS.phoneNumberId,
    verifyToken: SANDBOX_DEFAULTS.verifyToken,
    publicUrl: running.url,
    pin: null,
    ...overrides,
  };
}

async function setup(overrides: Partial<SetupConfig> = {}, askPin: (() => Promise<string | null>) | null = null) {
  const lines: string[] = [];
  const result = await runSetup(config(overrides), { write: (l) => lines.push(l), askPin });
  const status = Object.fromEntries(result.steps.map((s) => [s.id, s.status])) as Record<StepId, StepStatus>;
  return { ...result, status, output: lines.join('\n'), step: (id: StepId) => result.steps.find((s) => s.id === id)! };
}

describe('npm run setup, against the simulator', () => {
  test('a good configuration passes every step, with progress, and Meta verifies the webhook from outside', async () => {
    const run = await setup();
    expect(run.ok).toBe(true);
    expect(run.status).toEqual({
      config: 'ok',
      token: 'ok',
      waba: 'ok',
      number: 'ok',
      subscription: 'ok',
      registration: 'ok',
      webhook: 'warning',
      reachable: 'ok',
    });
    expect(run.step('webhook').fix).toMatch(/not https/);
    expect(run.output).toMatch(/^\[1\/8\] Configuration ✓/m);
    expect(run.output).toMatch(/^\[4\/8\] Phone number ✓ 15550783881, Lucky Shrub \(name APPROVED\), quality GREEN, limit TIER_2K$/m);
    expect(run.output).toContain('Ready.');
    expect(run.output).not.toContain(SANDBOX_DEFAULTS.accessToken);
    expect(management().override?.uri).toBe(`${running.url}/webhooks/whatsapp`);
  });

  test('subscribes the app when it is not subscribed to the account’s webhooks', async () => {
    management().unsubscribe();
    const run = await setup();
    expect(run.status.subscription).toBe('fixed');
    expect(management().subscribed).toBe(true);
    expect(run.ok).toBe(true);
  });

  test('registers an unregistered number with WHATSAPP_REGISTRATION_PIN', async () => {
    management().number.status = 'PENDING';
    const run = await setup({ pin: '246810' });
    expect(run.status.registration).toBe('fixed');
    expect(management().number).toMatchObject({ status: 'CONNECTED', pin: '246810' });
  });

  test('asks for the PIN when a person is at the terminal', async () => {
    management().number.status = 'PENDING';
    let asked = 0;
    const run = await setup({}, async () => {
      asked += 1;
      return '135790';
    });
    expect(asked).toBe(1);
    expect(run.status.registration).toBe('fixed');
  });

  test('without a PIN and without a terminal, it says what to set instead of waiting, and checks the rest', async () => {
    management().number.status = 'PENDING';
    const run = await setup();
    expect(run.ok).toBe(false);
    expect(run.status.registration).toBe('failed');
    expect(run.step('registration').fix).toContain('WHATSAPP_REGISTRATION_PIN');
    expect(run.status.reachable).toBe('ok');
    expect(run.output).toContain('Not ready yet.');
  });

  test("explains a PIN that does not match the number's two-step PIN", async () => {
    management().number.status = 'PENDING';
    management().number.pin = '111111';
    const run = await setup({ pin: '222222' });
    expect(run.step('registration')).toMatchObject({
      status: 'failed',
      summary: expect.stringContaining('#133005'),
      fix: expect.stringContaining('Two-step verification'),
    });
  });

  test('a verify token that differs from the connector’s fails the webhook step, and Meta is not asked', async () => {
    const run = await setup({ verifyToken: 'not-the-connector-token' });
    expect(run.step('webhook')).toMatchObject({ status: 'failed', fix: expect.stringContaining('WHATSAPP_VERIFY_TOKEN') });
    expect(run.status.reachable).toBe('skipped');
    expect(management().override).toBeNull();
  });

  test('a webhook URL nobody answers on fails with what to do', async () => {
    const run = await setup({ publicUrl: 'http://127.0.0.1:9' });
    expect(run.step('webhook')).toMatchObject({
      status: 'failed',
      summary: expect.stringContaining('Nothing answered'),
      fix: expect.stringContaining('npm start'),
    });
  });

  test('a token Meta refuses stops every step that needs it, with how to make a new one', async () => {
    const run = await setup({ accessToken: 'expired-or-wrong-token' });
    expect(run.status).toMatchObject({
      config: 'ok',
      token: 'failed',
      waba: 'skipped',
      number: 'skipped',
      subscription: 'skipped',
      registration: 'skipped',
      webhook: 'warning',
      reachable: 'skipped',
    });
    expect(run.step('token')).toMatchObject({ summary: expect.stringContaining('#190'), fix: expect.stringContaining('system-user token') });
    expect(run.output).not.toContain('expired-or-wrong-token');
  });

  test('a token without the WhatsApp permissions is named', async () => {
    management().token.scopes = ['whatsapp_business_messaging'];
    const run = await setup();
    expect(run.step('token')).toMatchObject({ status: 'failed', summary: 'The token lacks whatsapp_business_management.' });
  });

  test('a number id not in the account lists the numbers found and explains moving a number from the WhatsApp app', async () => {
    const run = await setup({ phoneNumberId: '999999999999999' });
    expect(run.step('number').status).toBe('failed');
    expect(run.step('number').summary).toContain(`Numbers found: ${SANDBOX_DEFAULTS.phoneNumberId} (15550783881, Lucky Shrub)`);
    expect(run.output).toContain('Delete my account');
    expect(run.step('number').fix).toContain(MIGRATION_GUIDE);
  });

  test('several numbers: each is checked and described, and a configured number missing from the account is named', async () => {
    const numbers = [
      { id: SUPPORT_NUMBER_ID, displayPhoneNumber: SUPPORT_DISPLAY_NUMBER, label: 'Support' },
      { id: SALES_NUMBER_ID, displayPhoneNumber: SALES_DISPLAY_NUMBER, label: 'Sales' },
    ];
    const run = await setup({ numbers });
    expect(run.ok).toBe(true);
    expect(run.step('config').summary).toContain(`numbers ${SUPPORT_NUMBER_ID}, ${SALES_NUMBER_ID}`);
    expect(run.step('number').summary).toBe(
      `Support: ${SUPPORT_DISPLAY_NUMBER}, Lucky Shrub (name APPROVED), quality GREEN, limit TIER_2K; Sales: ${SALES_DISPLAY_NUMBER}, Lucky Shrub Sales (name APPROVED), quality GREEN, limit TIER_1K`,
    );
    expect(run.step('registration').summary).toBe('all 2 numbers CONNECTED');

    const missing = await setup({ numbers: [...numbers, { id: '999999999999', displayPhoneNumber: null, label: 'Brazil' }] });
    expect(missing.status.number).toBe('failed');
    expect(missing.step('number').summary).toContain('Number id 999999999999 is not in account');
    expect(missing.step('number').fix).toContain('WHATSAPP_PHONE_NUMBERS');
  });

  test('with one number configured, the account’s other numbers are listed with how to add them', async () => {
    const run = await setup();
    expect(run.step('number').details).toEqual([
      `The account also holds ${SALES_NUMBER_ID} (${SALES_DISPLAY_NUMBER}, Lucky Shrub Sales): add it to WHATSAPP_PHONE_NUMBERS to answer there too.`,
    ]);
    expect(run.output).toContain(`      The account also holds ${SALES_NUMBER_ID}`);
  });

  test('registers each configured number that is not registered yet', async () => {
    management().numbers.get(SALES_NUMBER_ID)!.state.status = 'PENDING';
    const numbers = [
      { id: SUPPORT_NUMBER_ID, displayPhoneNumber: SUPPORT_DISPLAY_NUMBER, label: 'Support' },
      { id: SALES_NUMBER_ID, displayPhoneNumber: SALES_DISPLAY_NUMBER, label: 'Sales' },
    ];
    const run = await setup({ numbers, pin: '123456' });
    expect(run.status.registration).toBe('fixed');
    expect(run.step('registration').summary).toBe(`Sales +${SALES_DISPLAY_NUMBER} was PENDING; registered now with the PIN`);
    expect(management().numbers.get(SALES_NUMBER_ID)!.state.status).toBe('CONNECTED');
    expect(management().number.pin).toBeNull();
  });

  test('missing variables are named before anything is asked of Meta', async () => {
    const run = await setup({ accessToken: '', wabaId: 'my-waba' });
    expect(run.step('config').summary).toContain('WHATSAPP_ACCESS_TOKEN is not set');
    expect(run.step('config').summary).toContain('WHATSAPP_WABA_ID must be the numeric');
    expect(run.steps.filter((s) => s.status === 'skipped')).toHaveLength(7);
  });

  test('`npm run setup` itself exits, without a terminal, with the steps on stdout', async () => {
    management().number.status = 'PENDING';
    const env = {
      ...process.env,
      WHATSAPP_ACCESS_TOKEN: SANDBOX_DEFAULTS.accessToken,
      WHATSAPP_WABA_ID: SANDBOX_DEFAULTS.wabaId,
      WHATSAPP_PHONE_NUMBER_ID: SANDBOX_DEFAULTS.phoneNumberId,
      WHATSAPP_VERIFY_TOKEN: SANDBOX_DEFAULTS.verifyToken,
      PUBLIC_URL: running.url,
      GRAPH_API_URL: `${running.url}/graph/v24.0`,
      WHATSAPP_REGISTRATION_PIN: '',
    };
    const child = spawn(process.execPath, ['--import', 'tsx', 'connector/setup/main.ts'], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(1);
    expect(stdout).toMatch(/\[6\/8\] Number registered with the Cloud API ✗/);
    expect(stdout).toContain('WHATSAPP_REGISTRATION_PIN');
  }, 60_000);
});
