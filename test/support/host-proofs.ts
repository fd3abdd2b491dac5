/**
 * Hosts for connector tests: an in-house CRM (HS256), a Zendesk installation
 * (RS256 with its own key pair) and a Salesforce org (Canvas), with the
 * environment that configures them and functions that sign proofs as each
 * host's backend would.
 */
import { createHmac } from 'node:crypto';
import { rsaKeyPair } from '../../connector/sandbox/rsa-keys';
import { SignJWT } from 'jose';

export const CRM_HOST = 'crm:crm.acme.example';
export const CRM_SECRET = 'in-house-crm-secret-0123456789abcdef';
export const ZENDESK_HOST = 'zendesk:acme.zendesk.com';
export const ZENDESK_AUDIENCE = 'https://acme.zendesk.com/api/v2/apps/installations/4242.json';
export const SALESFORCE_HOST = 'salesforce:acme.my.salesforce.com';
export const CANVAS_SECRET = 'canvas-consumer-secret-0123456789abcdef';

const zendeskKeys = rsaKeyPair();

export const HOSTS_ENV = {
  HOST_SECRETS: `${CRM_HOST}=${CRM_SECRET}`,
  ZENDESK_SIGNED_URLS: JSON.stringify({
    'acme.zendesk.com': { audience: ZENDESK_AUDIENCE, publicKey: zendeskKeys.publicKey.export({ type: 'spki', format: 'pem' }).toString() },
  }),
  SALESFORCE_CANVAS_SECRETS: `acme.my.salesforce.com=${CANVAS_SECRET}`,
};

const seconds = (ms: number) => Math.floor(ms / 1000);

/** What the in-house CRM's backend signs for its signed-in user. `audience` is the connector's PUBLIC_URL. */
export function crmProof(userId: string, audience: string, options: { email?: string; now?: number; secret?: string } = {}): Promise<string> {
  const now = options.now ?? Date.now();
  return new SignJWT(options.email ? { email: options.email } : {})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(CRM_HOST)
    .setAudience(audience)
    .setSubject(userId)
    .setIssuedAt(seconds(now))
    .setExpirationTime(seconds(now + 120_000))
    .sign(new TextEncoder().encode(options.secret ?? CRM_SECRET));
}

/** What Zendesk posts to a signed-URL app page. */
export function zendeskProof(userId: string, options: { now?: number } = {}): Promise<string> {
  const now = options.now ?? Date.now();
  return new SignJWT({ context: { product: 'support', location: 'ticket_sidebar' } })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
    .setIssuer('acme.zendesk.com')
    .setAudience(ZENDESK_AUDIENCE)
    .setSubject(`https://acme.zendesk.com/api/v2/users/${userId}.json`)
    .setIssuedAt(seconds(now))
    .setExpirationTime(seconds(now + 300_000))
    .sign(zendeskKeys.privateKey);
}

/** A Canvas signed_request: base64 HMAC-SHA256 of the base64 context, a dot, the context. */
function signedCanvasRequest(user: { userId: string; email: string | null; fullName: string }, extra: Record<string, unknown>, secret: string): string {
  const context = Buffer.from(
    JSON.stringify({
      algorithm: 'HMACSHA256',
      issuedAt: null,
      userId: user.userId,
      client: { instanceUrl: 'https://acme.my.salesforce.com' },
      context: { user, ...extra },
    }),
  ).toString('base64');
  return `${createHmac('sha256', secret).update(context).digest('base64')}.${context}`;
}

/** What Salesforce posts to a Canvas app. */
export function canvasProof(userId: string, options: { email?: string } = {}): string {
  return signedCanvasRequest({ userId, email: options.email ?? null, fullName: 'Agent' }, {}, CANVAS_SECRET);
}

export const HUBSPOT_PORTAL = '24681357';
export const HUBSPOT_HOST = `hubspot:${HUBSPOT_PORTAL}`;
export const HUBSPOT_CLIENT_SECRET = '8f0e5f5e-5c2a-4f6e-9b51-2f2b8c1d7a43';
export const HUBSPOT_ENV = { HUBSPOT_APPS: `${HUBSPOT_PORTAL}=${HUBSPOT_CLIENT_SECRET}` };

/** What HubSpot sends for the card's hubspot.fetch(): the portal and user in the query, a v3 signature. */
export function hubspotLaunchRequest(connectorUrl: string, body: unknown, options: { userId?: string; email?: string; now?: number; secret?: string } = {}) {
  const query = new URLSearchParams({
    portalId: HUBSPOT_PORTAL,
    userId: options.userId ?? '77001',
    userEmail: options.email ?? 'ana@acme.example',
    appId: '3141592',
  });
  const url = `${connectorUrl}/adapters/hubspot/launch?${query}`;
  const text = JSON.stringify(body);
  const timestamp = String(options.now ?? Date.now());
  // HubSpot hashes the URI with %3A, %2F, %40… decoded (request-validation, v3).
  const uri = url.replace(/%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi, (e) => decodeURIComponent(e));
  const signature = createHmac('sha256', options.secret ?? HUBSPOT_CLIENT_SECRET)
    .update(`POST${uri}${text}${timestamp}`)
    .digest('base64');
  return {
    url,
    init: {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hubspot-signature-v3': signature, 'x-hubspot-request-timestamp': timestamp },
      body: text,
    },
  };
}

/** What Salesforce posts to a Canvas app placed on a contact record. */
export function canvasRecordRequest(userId: string, phone: string, options: { secret?: string } = {}): string {
  const environment = { parameters: { phone }, record: { Id: '003000000000001', Phone: phone } };
  return signedCanvasRequest({ userId, email: 'ana@acme.example', fullName: 'Ana Souza' }, { environment }, options.secret ?? CANVAS_SECRET);
}
