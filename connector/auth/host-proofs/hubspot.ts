/**
 * HubSpot CRM card (adapters/hubspot). The card's `hubspot.fetch()` reaches
 * the connector through HubSpot, which signs each request with the app's
 * client secret (X-HubSpot-Signature-v3):
 *
 *   base64(HMAC-SHA256(client secret, METHOD + URI + body + timestamp))
 *
 * with X-HubSpot-Request-Timestamp in epoch ms, refused when older than five
 * minutes, and the URI with a few percent-escapes decoded before hashing
 * (developers.hubspot.com/docs/apps/developer-platform/build-apps/authentication/request-validation).
 * HubSpot adds the portal and the signed-in user to the URL's query, so the
 * signature vouches for them.
 *
 * The iframe modal the card opens is a plain GET HubSpot does not sign, so
 * the verified launch request is exchanged for a launch token the connector
 * signs itself (HS256, a key derived from the client secret, two minutes),
 * which the panel presents at POST /auth/host-session like any host proof.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { SignJWT } from 'jose';
import { hs256Verifier } from './host-jwt';
import { proofRefused, type HostProofVerifier } from './types';

export const HUBSPOT_SIGNATURE_MAX_AGE_MS = 5 * 60_000;
export const HUBSPOT_LAUNCH_TTL_SECONDS = 120;

/** HubSpot's list of escapes to decode in the URI before hashing. */
const DECODED: Record<string, string> = {
  '%3A': ':',
  '%2F': '/',
  '%3F': '?',
  '%40': '@',
  '%21': '!',
  '%24': '$',
  '%27': "'",
  '%28': '(',
  '%29': ')',
  '%2A': '*',
  '%2C': ',',
  '%3B': ';',
};

export function hubspotCanonicalUri(uri: string): string {
  return uri.replace(/%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi, (escape) => DECODED[escape.toUpperCase()] ?? escape);
}

export function hubspotSignatureV3(secret: string, request: { method: string; uri: string; body: string; timestamp: string }): string {
  return createHmac('sha256', secret)
    .update(`${request.method.toUpperCase()}${hubspotCanonicalUri(request.uri)}${request.body}${request.timestamp}`, 'utf8')
    .digest('base64');
}

export interface HubspotSignedRequest {
  method: string;
  /** The full URL HubSpot called, with its query, as HubSpot saw it (https://…). */
  uri: string;
  body: string;
  signature: string | undefined;
  timestamp: string | undefined;
}

/**
 * Why a request is not HubSpot's, fresh and intact (null when it is). The card's launch
 * requests and HubSpot's webhooks (POST /webhooks/hubspot) are both signed this way.
 */
export function hubspotSignatureProblem(secret: string, request: HubspotSignedRequest, now: number): string | null {
  if (!request.signature || !request.timestamp) return 'the request carries no HubSpot v3 signature';
  const timestamp = Number(request.timestamp);
  if (!Number.isFinite(timestamp)) return 'the request timestamp is not a number';
  if (now - timestamp > HUBSPOT_SIGNATURE_MAX_AGE_MS) return 'the proof is too old';
  if (timestamp - now > HUBSPOT_SIGNATURE_MAX_AGE_MS) return 'the proof is not valid yet';
  const expected = Buffer.from(hubspotSignatureV3(secret, { ...request, timestamp: request.timestamp }), 'base64');
  const given = Buffer.from(request.signature, 'base64');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'the signature does not match';
  return null;
}

/** Throws HOST_PROOF_INVALID with the reason when the request is not HubSpot's, fresh and intact. */
export function checkHubspotSignature(host: string, secret: string, request: HubspotSignedRequest, now: number): void {
  const problem = hubspotSignatureProblem(secret, request, now);
  if (problem) throw proofRefused(host, problem);
}

/** The launch token's key: derived, so a token can never be mistaken for (or turned into) a HubSpot signature. */
function launchKey(clientSecret: string): Uint8Array {
  return createHmac('sha256', clientSecret).update('go2msg hubspot launch token v1').digest();
}

export interface HubspotLaunch {
  userId: string;
  email: string | null;
  contact: string;
}

export function mintHubspotLaunch(config: { host: string; clientSecret: string }, audience: string, launch: HubspotLaunch, now: number): Promise<string> {
  const iat = Math.floor(now / 1000);
  return new SignJWT({ ...(launch.email ? { email: launch.email } : {}), contact: launch.contact })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(config.host)
    .setAudience(audience)
    .setSubject(launch.userId)
    .setIssuedAt(iat)
    .setExpirationTime(iat + HUBSPOT_LAUNCH_TTL_SECONDS)
    .sign(launchKey(config.clientSecret));
}

/** `audience` is where launch tokens are meant for: PUBLIC_URL/adapters/hubspot. */
export function hubspotVerifier(config: { host: string; clientSecret: string }, audience: string): HostProofVerifier {
  return hs256Verifier(config.host, launchKey(config.clientSecret), audience, HUBSPOT_LAUNCH_TTL_SECONDS, 'HubSpot user');
}

export const hubspotLaunchAudience = (publicUrl: string) => `${publicUrl}/adapters/hubspot`;
