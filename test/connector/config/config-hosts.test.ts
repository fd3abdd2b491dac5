/** Host records are configured whole or not at all, and the sandbox simulators only in sandbox mode. */
import { describe, expect, test } from 'vitest';
import { ConfigError, loadConfig } from '../../../connector/config/config';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

const LIVE = {
  WHATSAPP_ACCESS_TOKEN: 'live-token',
  WHATSAPP_PHONE_NUMBER_ID: '1',
  WHATSAPP_WABA_ID: '2',
  WHATSAPP_APP_SECRET: 'app-secret-0123',
  WHATSAPP_VERIFY_TOKEN: 'verify-0123',
  OIDC_ISSUER: 'https://idp.example',
  OIDC_CLIENT_ID: 'c',
  OIDC_CLIENT_SECRET: 's',
  PUBLIC_URL: 'https://wa.acme.example',
  ALLOWED_ORIGINS: 'https://crm.acme.example',
};

describe('host records configuration', () => {
  test('nothing configured: no host', () => {
    expect(loadConfig({}).hosts).toMatchObject({ webhook: null, zendesk: null, freshdesk: null, hubspot: null, salesforce: null });
  });

  test.each([
    [{ HOST_WEBHOOK_URL: 'https://crm.example/hook' }, 'HOST_WEBHOOK_SECRET: required with HOST_WEBHOOK_URL (receivers verify every event with it)'],
    [
      { HOST_WEBHOOK_URL: 'https://crm.example/hook', HOST_WEBHOOK_SECRET: 'short' },
      'HOST_WEBHOOK_SECRET: must be at least 32 characters (e.g. openssl rand -hex 32)',
    ],
    [{ ZENDESK_URL: 'https://acme.zendesk.com', ZENDESK_EMAIL: 'a@acme.example' }, 'ZENDESK_API_TOKEN: required with ZENDESK_URL'],
    [{ ZENDESK_API_TOKEN: 'token-0123' }, 'ZENDESK_URL: required with ZENDESK_API_TOKEN'],
    [{ ZENDESK_URL: 'http://acme.zendesk.com' }, 'ZENDESK_URL: must be https://<subdomain>.zendesk.com (or sandbox)'],
    [{ FRESHDESK_URL: 'https://acme.freshdesk.com' }, 'FRESHDESK_API_KEY: required with FRESHDESK_URL'],
    [
      { HUBSPOT_ACCESS_TOKEN: 'pat-na1-0123' },
      "HUBSPOT_CLIENT_SECRET: required with HUBSPOT_ACCESS_TOKEN (the app's client secret verifies HubSpot's webhooks)",
    ],
    [{ HUBSPOT_CLIENT_SECRET: 'secret-0123' }, 'HUBSPOT_ACCESS_TOKEN: required with HUBSPOT_CLIENT_SECRET'],
    [{ SALESFORCE_URL: 'https://acme.my.salesforce.com', SALESFORCE_CLIENT_ID: '3MVG9abcdef' }, 'SALESFORCE_CLIENT_SECRET: required with SALESFORCE_URL'],
    [{ SALESFORCE_CLIENT_SECRET: 'secret-0123' }, 'SALESFORCE_URL: required with SALESFORCE_CLIENT_SECRET'],
    [{ HOST_TIMELINE: 'zendesk,intercom' }, 'HOST_TIMELINE: must be on, off, or host names among zendesk, freshdesk, hubspot, salesforce (comma-separated)'],
  ])('%o is refused: %s', (env, problem) => {
    expect(problems(env)).toContain(problem);
  });

  test('timeline copying is off unless turned on, for every helpdesk or the ones named', () => {
    expect(loadConfig({}).hosts.timeline).toEqual([]);
    expect(loadConfig({ HOST_TIMELINE: 'off' }).hosts.timeline).toEqual([]);
    expect(loadConfig({ HOST_TIMELINE: 'on' }).hosts.timeline).toEqual(['zendesk', 'freshdesk', 'hubspot', 'salesforce']);
    expect(loadConfig({ HOST_TIMELINE: 'Zendesk, salesforce' }).hosts.timeline).toEqual(['zendesk', 'salesforce']);
  });

  test('the simulators are for sandbox mode only', () => {
    expect(problems({ ...LIVE, ZENDESK_URL: 'sandbox' })).toContain(
      'ZENDESK_URL: sandbox is the simulator, for sandbox mode only; set your https://<subdomain>.zendesk.com',
    );
    expect(problems({ ...LIVE, FRESHDESK_URL: 'sandbox' })).toContain(
      'FRESHDESK_URL: sandbox is the simulator, for sandbox mode only; set your https://<domain>.freshdesk.com',
    );
    expect(problems({ ...LIVE, HUBSPOT_URL: 'sandbox' })).toContain(
      'HUBSPOT_URL: sandbox is the simulator, for sandbox mode only; unset it for https://api.hubapi.com',
    );
    expect(problems({ ...LIVE, SALESFORCE_URL: 'sandbox' })).toContain(
      "SALESFORCE_URL: sandbox is the simulator, for sandbox mode only; set your org's https://<domain>.my.salesforce.com",
    );
    expect(loadConfig({ SALESFORCE_URL: 'sandbox', PORT: '9000' }).hosts.salesforce).toMatchObject({
      url: 'http://localhost:9000/sandbox/salesforce',
      sandbox: true,
    });
    expect(loadConfig({ HUBSPOT_URL: 'sandbox', PORT: '9000' }).hosts.hubspot).toMatchObject({
      url: 'http://localhost:9000/sandbox/hubspot',
      pipeline: '0',
      sandbox: true,
    });
    expect(loadConfig({ HUBSPOT_ACCESS_TOKEN: 'pat-na1-0123', HUBSPOT_CLIENT_SECRET: 'secret-0123' }).hosts.hubspot).toMatchObject({
      url: 'https://api.hubapi.com',
      sandbox: false,
    });
    expect(loadConfig({ ZENDESK_URL: 'sandbox', PORT: '9000' }).hosts.zendesk).toMatchObject({ url: 'http://localhost:9000/sandbox/zendesk', sandbox: true });
  });
});
