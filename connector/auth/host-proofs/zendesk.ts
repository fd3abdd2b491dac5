/**
 * Zendesk signed URLs (reference/embedding.md §1.4): with `"signedUrls": true`
 * in the app manifest, Zendesk POSTs the app's first page with a `token` form
 * field, a JWT signed RS256 with the app's key.
 *
 * Checked: the signature against the app's public key pinned in configuration
 * (never the key a token points to with `cnf.jku`), `exp`/`nbf`, `iss` (the
 * account, e.g. "acme.zendesk.com") and `aud` (this installation). The agent is
 * `sub`: a user id, or the user's API URL ending in /users/{id}.json, both
 * seen in the wild.
 */
import { createPublicKey } from 'node:crypto';
import { verifyHostJwt } from './jwt';
import { hostUserIdFrom, optionalString, proofRefused, type HostIdentity, type HostProofVerifier } from './types';

const USER_URL = /\/users\/(\d+)(?:\.json)?$/;

export function zendeskUserId(sub: unknown): string | null {
  if (typeof sub === 'string') {
    const match = USER_URL.exec(sub);
    if (match) return match[1]!;
    if (/^\d+$/.test(sub)) return sub;
    return null;
  }
  return hostUserIdFrom(sub);
}

export function zendeskVerifier(config: { host: string; issuer: string; audience: string; publicKeyPem: string }): HostProofVerifier {
  const key = createPublicKey(config.publicKeyPem);
  return {
    host: config.host,
    async verify(proof: string, now: number): Promise<HostIdentity> {
      const payload = await verifyHostJwt(config.host, proof, key, now, {
        algorithms: ['RS256'],
        issuer: config.issuer,
        audience: config.audience,
        requiredClaims: ['sub', 'exp'],
      });
      const hostUserId = zendeskUserId(payload.sub);
      if (!hostUserId) throw proofRefused(config.host, 'the proof names no Zendesk user');
      return { host: config.host, hostUserId, email: optionalString(payload.email), name: optionalString(payload.name) };
    },
  };
}
