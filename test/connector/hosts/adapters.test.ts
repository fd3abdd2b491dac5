/**
 * What the connector does for the host adapters, against the real app: the
 * pages hosts frame (Zendesk's signed-URL POST, Salesforce's Canvas POST,
 * HubSpot's modal, the embed frame) with a frame-ancestors list built from the
 * configuration, and HubSpot's v3 request signature exchanged for a launch
 * token the panel signs in with.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { checkHubspotSignature, hubspotSignatureV3, HUBSPOT_SIGNATURE_MAX_AGE_MS } from '../../../connector/auth/host-proofs/hubspot';
import { hostFrameAncestors } from '../../../connector/config/adapter-config';
import { loadConfig } from '../../../connector/config/config';
import { DomainError } from '../../../connector/domain/errors';
import { startConnector, type RunningConnector } from '../../support/connector';
import {
  CANVAS_SECRET,
  HOSTS_ENV,
  HUBSPOT_CLIENT_SECRET,
  HUBSPOT_ENV,
  HUBSPOT_HOST,
  SALESFORCE_HOST,
  ZENDESK_HOST,
  canvasRecordRequest,
  hubspotLaunchRequest,
  zendeskProof,
} from '../../support/host-proofs';
import { SHEENA } from '../../support/fixtures';

const HOST_PAGE = 'http://127.0.0.1:4100';
let running: RunningConnector;

beforeAll(async () => {
  running = await startConnector({ env: { ...HOSTS_ENV, ...HUBSPOT_ENV, ALLOWED_ORIGINS: HOST_PAGE, HOST_FRAME_ORIGINS: 'https://acme--c.vf.force.com' } });
});
afterAll(() => running?.close());

/** The JSON boot block of a host app page. */
function boot(page: string): Record<string, any> {
  const match = /<script type="application\/json" id="go2msg-boot">([^<]*)<\/script>/.exec(page);
  if (!match) throw new Error('no boot block');
  return JSON.parse(match[1]!);
}

function frameAncestors(response: Response): string[] {
  const csp = response.headers.get('content-security-policy') ?? '';
  return (/frame-ancestors ([^;]+)/.exec(csp)?.[1] ?? '').split(' ');
}

const post = (path: string, form: Record<string, string>) =>
  fetch(`${running.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form) });

const hostSession = (host: string, proof: string) =>
  fetch(`${running.url}/auth/host-session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ host, proof }) });

describe('which pages may frame the host app pages', () => {
  test('the embedding origins, each configured helpdesk, and the extra origins an admin names', () => {
    const config = loadConfig({
      ...HOSTS_ENV,
      ...HUBSPOT_ENV,
      ALLOWED_ORIGINS: HOST_PAGE,
      HOST_FRAME_ORIGINS: 'https://acme--c.vf.force.com',
      LOG_LEVEL: 'silent',
    });
    expect(hostFrameAncestors(config).sort()).toEqual(
      [
        HOST_PAGE,
        'https://acme.zendesk.com',
        'https://acme.my.salesforce.com',
        'https://acme.lightning.force.com',
        'https://app.hubspot.com',
        'https://app-eu1.hubspot.com',
        'https://acme--c.vf.force.com',
      ].sort(),
    );
  });

  test('a connector without hosts lets only its embedding origins frame them', () => {
    const config = loadConfig({ ALLOWED_ORIGINS: HOST_PAGE, LOG_LEVEL: 'silent' });
    expect(hostFrameAncestors({ ...config, hostProofs: config.hostProofs.filter((h) => h.kind !== 'host-jwt') })).toEqual([HOST_PAGE]);
  });

  test('HUBSPOT_APPS names portals by number, each with a secret long enough', () => {
    expect(() => loadConfig({ HUBSPOT_APPS: 'acme=0123456789abcdef0123456789abcdef' })).toThrow(/HUBSPOT_APPS: "acme" is not a HubSpot portal/);
    expect(() => loadConfig({ HUBSPOT_APPS: '123=short' })).toThrow(/HUBSPOT_APPS: the secret for 123 must be at least 32 characters/);
    expect(() => loadConfig({ HOST_FRAME_ORIGINS: 'https://acme.example/path' })).toThrow(/HOST_FRAME_ORIGINS/);
  });
});

describe('the Zendesk app page', () => {
  test("Zendesk's signed-URL POST: the token is checked and handed to the panel; only Zendesk may frame the page", async () => {
    const token = await zendeskProof('9001');
    const response = await post('/adapters/zendesk/app?origin=https%3A%2F%2Facme.zendesk.com&app_guid=abc', { token });
    expect(response.status).toBe(200);
    expect(frameAncestors(response)).toContain('https://acme.zendesk.com');
    expect(response.headers.get('x-frame-options')).toBeNull();
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    const page = boot(await response.text());
    expect(page).toMatchObject({ connectorUrl: running.url, hostProof: { host: ZENDESK_HOST, proof: token } });
    expect(page.notice).toBeUndefined();
  });

  test('a token that does not verify is not handed on; the page says why and the popup remains', async () => {
    const token = await zendeskProof('9001');
    const [h, p] = token.split('.');
    const forged = `${h}.${p}.${'A'.repeat(342)}`;
    const page = boot(await (await post('/adapters/zendesk/app', { token: forged })).text());
    expect(page.hostProof).toBeUndefined();
    expect(page.notice).toMatchObject({ code: 'HOST_PROOF_INVALID' });
    expect(page.notice.message).toContain('the signature does not match');
  });

  test('opened without a token (zcli apps:server, no signed URLs) it is the same page, signing in by popup', async () => {
    const response = await fetch(`${running.url}/adapters/zendesk/app`);
    expect(response.status).toBe(200);
    expect(boot(await response.text())).toEqual({ connectorUrl: running.url });
  });
});

describe('the Salesforce Canvas page', () => {
  test('a signed request from the configured org shows the record’s phone, signed in with the same request', async () => {
    const signed = canvasRecordRequest('005000000000001AAA', '+1 (650) 555-1234');
    const response = await post('/adapters/salesforce/canvas', { signed_request: signed });
    expect(response.status).toBe(200);
    expect(frameAncestors(response)).toEqual(
      expect.arrayContaining(['https://acme.my.salesforce.com', 'https://acme.lightning.force.com', 'https://acme--c.vf.force.com']),
    );
    expect(boot(await response.text())).toMatchObject({
      hostProof: { host: SALESFORCE_HOST, proof: signed },
      contact: '+1 (650) 555-1234',
      agent: { id: '005000000000001AAA', name: 'Ana Souza' },
    });
  });

  test('a request signed with another secret shows nothing but the reason', async () => {
    const response = await post('/adapters/salesforce/canvas', {
      signed_request: canvasRecordRequest('005000000000001AAA', SHEENA, { secret: `${CANVAS_SECRET}-other` }),
    });
    expect(response.status).toBe(401);
    const page = await response.text();
    expect(page).toContain('the signature does not match');
    expect(page).not.toContain('go2msg-boot');
  });
});

describe('the embed frame', () => {
  test('an allowed host page may frame it, and only that page', async () => {
    const response = await fetch(`${running.url}/adapters/embed/frame?origin=${encodeURIComponent(HOST_PAGE)}`);
    expect(response.status).toBe(200);
    expect(frameAncestors(response)).toEqual([HOST_PAGE]);
    expect(boot(await response.text())).toMatchObject({ parentOrigin: HOST_PAGE, allowedOrigins: [HOST_PAGE] });
  });

  test('any other origin is refused', async () => {
    const response = await fetch(`${running.url}/adapters/embed/frame?origin=${encodeURIComponent('https://evil.example')}`);
    expect(response.status).toBe(403);
    expect(frameAncestors(response)).toEqual(["'none'"]);
  });
});

describe("HubSpot's v3 request signature", () => {
  const now = 1_790_000_000_000;
  const request = (over: Partial<{ method: string; uri: string; body: string; timestamp: string; signature: string }> = {}) => {
    const base = {
      method: 'POST',
      uri: 'https://wa.acme.com/adapters/hubspot/launch?portalId=1&userEmail=ana%40acme.example',
      body: '{"contact":"+16505551234"}',
      timestamp: String(now - 1000),
    };
    const signed = { ...base, signature: hubspotSignatureV3(HUBSPOT_CLIENT_SECRET, { ...base, uri: base.uri.replace('%40', '@') }) };
    return { ...signed, ...over };
  };
  const refusal = (r: ReturnType<typeof request>, at = now) => {
    try {
      checkHubspotSignature(HUBSPOT_HOST, HUBSPOT_CLIENT_SECRET, r, at);
      return null;
    } catch (error) {
      return error instanceof DomainError ? String(error.details.reason) : String(error);
    }
  };
  test.each([
    ['as HubSpot signed it (escapes decoded as HubSpot does)', request(), null],
    ['another body', request({ body: '{"contact":"+16505559999"}' }), 'the signature does not match'],
    [
      'another user in the query',
      request({ uri: 'https://wa.acme.com/adapters/hubspot/launch?portalId=1&userEmail=ben%40acme.example' }),
      'the signature does not match',
    ],
    ['another method', request({ method: 'GET' }), 'the signature does not match'],
    ['signed by another app', request({ signature: hubspotSignatureV3('another-client-secret-0123456789abcdef', request()) }), 'the signature does not match'],
    ['older than five minutes', request({ timestamp: String(now - HUBSPOT_SIGNATURE_MAX_AGE_MS - 1) }), 'the proof is too old'],
    ['from the future', request({ timestamp: String(now + HUBSPOT_SIGNATURE_MAX_AGE_MS + 1) }), 'the proof is not valid yet'],
    ['unsigned', request({ signature: undefined as unknown as string }), 'the request carries no HubSpot v3 signature'],
  ])('%s', (_name, r, reason) => {
    expect(refusal(r)).toBe(reason);
  });
});

describe('the HubSpot card launch', () => {
  test('a signed launch gives the modal URL; its token signs the HubSpot user in (linked once through SSO)', async () => {
    const { url, init } = hubspotLaunchRequest(running.url, { contact: SHEENA, objectId: '501' });
    const response = await fetch(url, init);
    expect(response.status).toBe(200);
    const answer = (await response.json()) as { url: string };
    const target = new URL(answer.url);
    expect(`${target.origin}${target.pathname}`).toBe(`${running.url}/adapters/hubspot/panel`);
    expect(target.search).toBe('');
    const fragment = new URLSearchParams(target.hash.slice(1));
    expect(fragment.get('host')).toBe(HUBSPOT_HOST);
    expect(fragment.get('contact')).toBe(SHEENA);
    const session = await hostSession(HUBSPOT_HOST, fragment.get('launch')!);
    expect(session.status).toBe(409);
    expect(((await session.json()) as any).error).toMatchObject({ code: 'HOST_USER_NOT_LINKED', details: { host: HUBSPOT_HOST, hostUserId: '77001' } });
  });

  test('a launch HubSpot did not sign is refused, saying why', async () => {
    const { url, init } = hubspotLaunchRequest(running.url, { contact: SHEENA }, { secret: 'someone-else-0123456789abcdefghijkl' });
    const response = await fetch(url, init);
    expect(response.status).toBe(401);
    expect(((await response.json()) as any).error).toMatchObject({ code: 'HOST_PROOF_INVALID', details: { reason: 'the signature does not match' } });
  });

  test('a launch for a number without a country code is refused with what to do', async () => {
    const { url, init } = hubspotLaunchRequest(running.url, { contact: '650 555 1234' });
    const response = await fetch(url, init);
    expect(response.status).toBe(400);
    expect(((await response.json()) as any).error.code).toBe('INVALID_PHONE');
  });

  test("a HubSpot launch token is not accepted as another host's proof, nor after use by another portal", async () => {
    const { url, init } = hubspotLaunchRequest(running.url, { contact: SHEENA });
    const launch = new URLSearchParams(new URL(((await (await fetch(url, init)).json()) as any).url).hash.slice(1)).get('launch')!;
    expect((await hostSession(ZENDESK_HOST, launch)).status).toBe(401);
    expect((await hostSession('hubspot:99999', launch)).status).toBe(401);
  });

  test('the modal page may be framed by HubSpot', async () => {
    const response = await fetch(`${running.url}/adapters/hubspot/panel`);
    expect(frameAncestors(response)).toEqual(expect.arrayContaining(['https://app.hubspot.com', 'https://app-eu1.hubspot.com']));
  });
});
