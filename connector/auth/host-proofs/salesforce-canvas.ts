/**
 * Salesforce Canvas `signed_request`: base64(HMAC-SHA256(consumer secret,
 * base64 context)) + "." + base64 context, POSTed by Salesforce to the canvas
 * app (developer.salesforce.com, canvas_app_signed_req_authentication and
 * canvas_request_object).
 *
 * Checked: the HMAC in constant time, `algorithm` HMACSHA256, and that the
 * request comes from the configured org (`client.instanceUrl`'s host), since
 * one External Client App (or older connected app) can be installed in several orgs. The agent is
 * `context.user.userId`. A signed request carries no expiry; `issuedAt`, when
 * Salesforce fills it, is when its OAuth token was issued, so a request older
 * than CANVAS_MAX_AGE_MS is refused.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { hostUserIdFrom, optionalString, proofRefused, type HostIdentity, type HostProofVerifier } from './types';

/** Salesforce sessions last at most 24 h; our sessions at most 12 h. */
export const CANVAS_MAX_AGE_MS = 12 * 3600_000;

interface CanvasRequest {
  algorithm?: unknown;
  issuedAt?: unknown;
  userId?: unknown;
  client?: { instanceUrl?: unknown };
  context?: { user?: { userId?: unknown; email?: unknown; fullName?: unknown } };
}

function decode(part: string): Buffer {
  return Buffer.from(part.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
}

function instanceHost(url: unknown): string | null {
  if (typeof url !== 'string') return null;
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return null;
  }
}

export function salesforceCanvasVerifier(config: { host: string; instanceHost: string; consumerSecret: string }): HostProofVerifier {
  return {
    host: config.host,
    async verify(proof: string, now: number): Promise<HostIdentity> {
      const dot = proof.indexOf('.');
      if (dot <= 0 || dot === proof.length - 1) throw proofRefused(config.host, 'the proof is not a Canvas signed request');
      const signature = decode(proof.slice(0, dot));
      const encodedContext = proof.slice(dot + 1);
      const expected = createHmac('sha256', config.consumerSecret).update(encodedContext).digest();
      if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) {
        throw proofRefused(config.host, 'the signature does not match');
      }
      let request: CanvasRequest;
      try {
        request = JSON.parse(decode(encodedContext).toString('utf8')) as CanvasRequest;
      } catch {
        throw proofRefused(config.host, 'the signed context is not JSON');
      }
      if (request.algorithm !== 'HMACSHA256') throw proofRefused(config.host, 'the proof is signed with an algorithm this host does not use');
      if (instanceHost(request.client?.instanceUrl) !== config.instanceHost) throw proofRefused(config.host, 'the proof comes from another Salesforce org');
      if (typeof request.issuedAt === 'number') {
        const issuedAtMs = request.issuedAt > 1e12 ? request.issuedAt : request.issuedAt * 1000;
        if (now - issuedAtMs > CANVAS_MAX_AGE_MS) throw proofRefused(config.host, 'the proof expired');
      }
      const user = request.context?.user;
      const hostUserId = hostUserIdFrom(user?.userId);
      if (!hostUserId) throw proofRefused(config.host, 'the proof names no Salesforce user');
      if (request.userId !== undefined && request.userId !== hostUserId) throw proofRefused(config.host, 'the proof names two different users');
      return { host: config.host, hostUserId, email: optionalString(user?.email), name: optionalString(user?.fullName) };
    },
  };
}
