/**
 * Hosts for connector tests: an in-house CRM (HS256), a Zendesk installation
 * (RS256 with its own key pair) and a Salesforce org (Canvas), with the
 * environment that configures them and functions that sign proofs as each
 * host's backend would.
 */
import { createHmac, generateKeyPairSync } from 'node:crypto';
import { SignJWT } from 'jose';

export const CRM_HOST = 'crm:crm.acme.example';
export const CRM_SECRET = 'in-house-crm-secret-0123456789abcdef';
export const ZENDESK_HOST = 'zendesk:acme.zendesk.com';
export const ZENDESK_AUDIENCE = 'https://acme.zendesk.com/api/v2/apps/installations/4242.json';
export const SALESFORCE_HOST = 'salesforce:acme.my.salesforce.com';
export const CANVAS_SECRET = 'canvas-consumer-secret-0123456789abcdef';

const zendeskKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });

export const HOSTS_ENV = {
  HOST_SECRETS: `${CRM_HOST}=${CRM_SECRET}`,
  ZENDESK_SIGNED_URLS: JSON.stringify({ 'acme.zendesk.com': { audience: ZENDESK_AUDIENCE, publicKey: zendeskKeys.publicKey.export({ type: 'spki', format: 'pem' }).toString() } }),
  SALESFORCE_CANVAS_SECRETS: `acme.my.salesforce.com=${CANVAS_SECRET}`,
};

const seconds = (ms: number) => Math.floor(ms / 1000);

/** What the in-house CRM's backend signs for its signed-in user. `audience` is the connector's PUBLIC_URL. */
export function crmProof(userId: string, audience: string, options: { email?: string; now?: number; secret?: string } = {}): Promise<string> {
  const now = options.now ?? Date.now();
  return new SignJWT({ ...(options.email ? { email: options.email } : {}) })
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

/** What Salesforce posts to a Canvas app. */
export function canvasProof(userId: string, options: { email?: string } = {}): string {
  const context = Buffer.from(
    JSON.stringify({
      algorithm: 'HMACSHA256',
      issuedAt: null,
      userId,
      client: { instanceUrl: 'https://acme.my.salesforce.com' },
      context: { user: { userId, email: options.email ?? null, fullName: 'Agent' } },
    }),
  ).toString('base64');
  return `${createHmac('sha256', CANVAS_SECRET).update(context).digest('base64')}.${context}`;
}
