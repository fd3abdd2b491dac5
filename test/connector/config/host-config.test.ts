import { rsaKeyPair } from '../../../connector/sandbox/rsa-keys';
import { describe, expect, test } from 'vitest';
import { loadConfig } from '../../../connector/config/config';
import { configProblems, LIVE_ENV } from '../../support/live-env';

const SECRET = 'in-house-crm-secret-0123456789abcdef';
const LIVE = LIVE_ENV;
const PEM = rsaKeyPair().publicKey.export({ type: 'spki', format: 'pem' }).toString();

const problems = (env: Record<string, string | undefined>): string => configProblems(env).join('\n');

describe('host and session configuration', () => {
  test('sessions last a shift: 12 hours at most, ending after an hour without renewal; no signature', () => {
    expect(loadConfig({})).toMatchObject({ sessionMaxSeconds: 12 * 3600, sessionIdleSeconds: 3600, signature: { mode: 'off' } });
  });

  test('the sandbox demo CRM vouches for its users; live mode trusts no host unless configured', () => {
    expect(loadConfig({}).hostProofs).toEqual([{ kind: 'host-jwt', host: 'crm:crm.acme.example', secret: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) }]);
    expect(loadConfig(LIVE).hostProofs).toEqual([]);
  });

  test('reads in-house hosts as host=secret pairs or as JSON', () => {
    expect(loadConfig({ ...LIVE, HOST_SECRETS: `crm:crm.acme.example=${SECRET}, crm:b.acme.example=${SECRET}x` }).hostProofs).toEqual([
      { kind: 'host-jwt', host: 'crm:crm.acme.example', secret: SECRET },
      { kind: 'host-jwt', host: 'crm:b.acme.example', secret: `${SECRET}x` },
    ]);
    expect(loadConfig({ ...LIVE, HOST_SECRETS: JSON.stringify({ 'crm:crm.acme.example': SECRET }) }).hostProofs).toEqual([
      { kind: 'host-jwt', host: 'crm:crm.acme.example', secret: SECRET },
    ]);
  });

  test('reads Zendesk installations with their pinned key, and Salesforce orgs with their consumer secret', () => {
    const config = loadConfig({
      ...LIVE,
      ZENDESK_SIGNED_URLS: JSON.stringify({ 'acme.zendesk.com': { audience: 'https://acme.zendesk.com/api/v2/apps/installations/1.json', publicKey: PEM } }),
      SALESFORCE_CANVAS_SECRETS: `acme.my.salesforce.com=${SECRET}`,
    });
    expect(config.hostProofs).toEqual([
      {
        kind: 'zendesk',
        host: 'zendesk:acme.zendesk.com',
        issuer: 'acme.zendesk.com',
        audience: 'https://acme.zendesk.com/api/v2/apps/installations/1.json',
        publicKeyPem: PEM,
      },
      { kind: 'salesforce-canvas', host: 'salesforce:acme.my.salesforce.com', instanceHost: 'acme.my.salesforce.com', consumerSecret: SECRET },
    ]);
  });

  test('a signature mode takes its default format, and \\n in SIGNATURE_FORMAT is a line break', () => {
    expect(loadConfig({ SIGNATURE_MODE: 'suffix' }).signature).toEqual({ mode: 'suffix', format: '\n\n— {firstName}' });
    expect(loadConfig({ SIGNATURE_MODE: 'prefix', SIGNATURE_FORMAT: '{name}:\\n' }).signature).toEqual({ mode: 'prefix', format: '{name}:\n' });
  });

  test.each([
    { description: 'a host id without product', env: { HOST_SECRETS: `crm.acme.example=${SECRET}` }, name: 'HOST_SECRETS', says: /not a host id/ },
    { description: 'a short secret', env: { HOST_SECRETS: 'crm:crm.acme.example=short' }, name: 'HOST_SECRETS', says: /at least 32/ },
    { description: 'a pair without secret', env: { HOST_SECRETS: 'crm:crm.acme.example' }, name: 'HOST_SECRETS', says: /no "=<secret>"/ },
    {
      description: 'Zendesk settings that are not JSON',
      env: { ZENDESK_SIGNED_URLS: 'acme.zendesk.com=key' },
      name: 'ZENDESK_SIGNED_URLS',
      says: /must be JSON/,
    },
    {
      description: 'a Zendesk key that is not a public key',
      env: { ZENDESK_SIGNED_URLS: JSON.stringify({ 'acme.zendesk.com': { audience: 'a', publicKey: 'nope' } }) },
      name: 'ZENDESK_SIGNED_URLS',
      says: /not an RSA public key/,
    },
    {
      description: 'a Zendesk installation without audience',
      env: { ZENDESK_SIGNED_URLS: JSON.stringify({ 'acme.zendesk.com': { publicKey: PEM } }) },
      name: 'ZENDESK_SIGNED_URLS',
      says: /needs "audience"/,
    },
    {
      description: 'a Salesforce org that is not a domain',
      env: { SALESFORCE_CANVAS_SECRETS: `https://acme.my.salesforce.com=${SECRET}` },
      name: 'SALESFORCE_CANVAS_SECRETS',
      says: /not a domain/,
    },
    { description: 'an unknown signature mode', env: { SIGNATURE_MODE: 'footer' }, name: 'SIGNATURE_MODE', says: /./ },
    { description: 'a session limit over a day', env: { SESSION_MAX_HOURS: '48' }, name: 'SESSION_MAX_HOURS', says: /./ },
    { description: 'an idle limit shorter than a bearer token', env: { SESSION_IDLE_MINUTES: '10' }, name: 'SESSION_IDLE_MINUTES', says: /./ },
  ])('fails fast on $description, naming the variable and not the secret', ({ env, name, says }) => {
    const found = problems(env);
    expect(found).toContain(name);
    expect(found).toMatch(says);
    expect(found).not.toContain(SECRET);
  });
});
