/**
 * The hosts that may vouch for their signed-in user, read from three
 * variables, one per kind of proof (see docs/ARCHITECTURE.md, "Host-vouched
 * sign-in"):
 *
 *   HOST_SECRETS               in-house CRMs signing an HS256 JWT with a shared secret
 *                              `crm:crm.acme.example=<secret>,…` or `{"crm:crm.acme.example":"<secret>"}`
 *   ZENDESK_SIGNED_URLS        Zendesk signed URLs (RS256, the app's pinned public key)
 *                              `{"acme.zendesk.com":{"audience":"…","publicKey":"-----BEGIN PUBLIC KEY-----\n…"}}`
 *   SALESFORCE_CANVAS_SECRETS  Salesforce Canvas signed_request (HMAC-SHA256, the consumer secret)
 *                              `acme.my.salesforce.com=<secret>,…` or JSON
 *   HUBSPOT_APPS               HubSpot portals running the CRM card (v3 request signatures, the app's client secret)
 *                              `<portal id>=<client secret>,…` or JSON
 *
 * Every problem names its variable and never echoes a secret.
 */
import { createPublicKey } from 'node:crypto';
import { HOST_ID } from '@domain/attribution';
import { DEFAULT_SIGNATURE_FORMATS, type SignatureConfig, type SignatureMode } from '@domain/signature';

export type HostProofConfig =
  | { kind: 'host-jwt'; host: string; secret: string }
  | { kind: 'zendesk'; host: string; issuer: string; audience: string; publicKeyPem: string }
  | { kind: 'salesforce-canvas'; host: string; instanceHost: string; consumerSecret: string }
  | { kind: 'hubspot'; host: string; portalId: string; clientSecret: string };

const DOMAIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
/** RFC 7518 §3.2: an HS256 key must be at least as long as the hash (256 bits). */
const MIN_SECRET_LENGTH = 32;

/** `key=value,key=value`, or a JSON object of strings. */
function readPairs(name: string, raw: string, problems: string[]): Array<[string, string]> {
  const text = raw.trim();
  if (text.startsWith('{')) {
    try {
      const parsed = JSON.parse(text) as unknown;
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed) && Object.values(parsed).every((v) => typeof v === 'string')) {
        return Object.entries(parsed as Record<string, string>);
      }
    } catch {
      // reported below
    }
    problems.push(`${name}: must be a JSON object of strings, or key=value pairs separated by commas`);
    return [];
  }
  const pairs: Array<[string, string]> = [];
  for (const item of text
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean)) {
    const eq = item.indexOf('=');
    if (eq <= 0) {
      problems.push(`${name}: "${item.slice(0, 40).split('=')[0]}" has no "=<secret>"`);
      continue;
    }
    pairs.push([item.slice(0, eq).trim(), item.slice(eq + 1).trim()]);
  }
  return pairs;
}

function checkSecret(name: string, key: string, secret: string, problems: string[]): boolean {
  if (secret.length < MIN_SECRET_LENGTH) {
    problems.push(`${name}: the secret for ${key} must be at least ${MIN_SECRET_LENGTH} characters`);
    return false;
  }
  return true;
}

interface ZendeskEntry {
  audience?: unknown;
  publicKey?: unknown;
  issuer?: unknown;
}

function readZendesk(raw: string, problems: string[]): HostProofConfig[] {
  const name = 'ZENDESK_SIGNED_URLS';
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    problems.push(`${name}: must be JSON like {"acme.zendesk.com":{"audience":"…","publicKey":"-----BEGIN PUBLIC KEY-----\\n…"}}`);
    return [];
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    problems.push(`${name}: must be a JSON object keyed by the Zendesk subdomain (acme.zendesk.com)`);
    return [];
  }
  const hosts: HostProofConfig[] = [];
  for (const [subdomain, value] of Object.entries(parsed as Record<string, ZendeskEntry>)) {
    if (!DOMAIN.test(subdomain)) {
      problems.push(`${name}: "${subdomain}" is not a domain like acme.zendesk.com`);
      continue;
    }
    const audience = value?.audience;
    const publicKey = value?.publicKey;
    const issuer = value?.issuer ?? subdomain;
    if (typeof audience !== 'string' || !audience) problems.push(`${name}: ${subdomain} needs "audience" (the app installation the token is for)`);
    if (typeof issuer !== 'string' || !issuer) problems.push(`${name}: ${subdomain} has an empty "issuer"`);
    if (typeof publicKey !== 'string') {
      problems.push(`${name}: ${subdomain} needs "publicKey" (the app's RS256 public key, PEM)`);
      continue;
    }
    try {
      const key = createPublicKey(publicKey);
      if (key.asymmetricKeyType !== 'rsa') throw new Error('not RSA');
    } catch {
      problems.push(`${name}: the publicKey of ${subdomain} is not an RSA public key in PEM form`);
      continue;
    }
    if (typeof audience === 'string' && audience && typeof issuer === 'string' && issuer) {
      hosts.push({ kind: 'zendesk', host: `zendesk:${subdomain.toLowerCase()}`, issuer, audience, publicKeyPem: publicKey });
    }
  }
  return hosts;
}

export function parseHostProofs(env: { HOST_SECRETS?: string; ZENDESK_SIGNED_URLS?: string; SALESFORCE_CANVAS_SECRETS?: string; HUBSPOT_APPS?: string }): {
  hosts: HostProofConfig[];
  problems: string[];
} {
  const problems: string[] = [];
  const hosts: HostProofConfig[] = [];
  if (env.HOST_SECRETS) {
    for (const [host, secret] of readPairs('HOST_SECRETS', env.HOST_SECRETS, problems)) {
      if (!HOST_ID.test(host)) {
        problems.push(`HOST_SECRETS: "${host}" is not a host id like crm:crm.acme.example (lowercase product, a colon, the domain)`);
        continue;
      }
      if (checkSecret('HOST_SECRETS', host, secret, problems)) hosts.push({ kind: 'host-jwt', host, secret });
    }
  }
  if (env.ZENDESK_SIGNED_URLS) hosts.push(...readZendesk(env.ZENDESK_SIGNED_URLS, problems));
  if (env.SALESFORCE_CANVAS_SECRETS) {
    for (const [instance, secret] of readPairs('SALESFORCE_CANVAS_SECRETS', env.SALESFORCE_CANVAS_SECRETS, problems)) {
      if (!DOMAIN.test(instance)) {
        problems.push(`SALESFORCE_CANVAS_SECRETS: "${instance}" is not a domain like acme.my.salesforce.com`);
        continue;
      }
      if (checkSecret('SALESFORCE_CANVAS_SECRETS', instance, secret, problems)) {
        hosts.push({ kind: 'salesforce-canvas', host: `salesforce:${instance.toLowerCase()}`, instanceHost: instance.toLowerCase(), consumerSecret: secret });
      }
    }
  }
  if (env.HUBSPOT_APPS) {
    for (const [portalId, secret] of readPairs('HUBSPOT_APPS', env.HUBSPOT_APPS, problems)) {
      if (!/^\d{1,20}$/.test(portalId)) {
        problems.push(`HUBSPOT_APPS: "${portalId.slice(0, 40)}" is not a HubSpot portal (hub) id, which is a number`);
        continue;
      }
      // HubSpot client secrets are UUIDs (36 characters), above the HS256 minimum.
      if (checkSecret('HUBSPOT_APPS', portalId, secret, problems)) hosts.push({ kind: 'hubspot', host: `hubspot:${portalId}`, portalId, clientSecret: secret });
    }
  }
  const seen = new Set<string>();
  for (const { host } of hosts) {
    if (seen.has(host)) problems.push(`${host}: configured twice`);
    seen.add(host);
  }
  return { hosts, problems };
}

/** SIGNATURE_FORMAT may spell a line break as \n, since most env files cannot hold one. */
export function parseSignature(mode: SignatureMode, format: string | undefined): SignatureConfig {
  if (mode === 'off') return { mode, format: '' };
  return { mode, format: format ? format.replace(/\\n/g, '\n') : DEFAULT_SIGNATURE_FORMATS[mode] };
}
