/**
 * An in-house CRM vouches for its user with an HS256 JWT its backend signs
 * with a secret shared with the connector (HOST_SECRETS), the pattern
 * Intercom and Zendesk messaging use for identity (reference/embedding.md §3.2).
 *
 *   header  {"alg":"HS256","typ":"JWT"}
 *   claims  {"iss":"<host id>","aud":"<PUBLIC_URL>","sub":"<host user id>","iat":…,"exp":…,
 *            "email"?:"ana@acme.example","name"?:"Ana Souza"}
 *
 * The token must be young (at most five minutes since iat) and unexpired:
 * it is minted for one sign-in, not stored.
 */
import { verifyHostJwt } from './jwt';
import { hostUserIdFrom, optionalString, proofRefused, type HostIdentity, type HostProofVerifier } from './types';

export const HOST_JWT_MAX_AGE_SECONDS = 300;

export function hostJwtVerifier(config: { host: string; secret: string }, audience: string): HostProofVerifier {
  return hs256Verifier(config.host, new TextEncoder().encode(config.secret), audience, HOST_JWT_MAX_AGE_SECONDS, 'user');
}

/** A young HS256 JWT from `host` for `audience`, naming its user in `sub` (also HubSpot's launch tokens). */
export function hs256Verifier(host: string, key: Uint8Array, audience: string, maxAgeSeconds: number, userWord: string): HostProofVerifier {
  return {
    host,
    async verify(proof: string, now: number): Promise<HostIdentity> {
      const payload = await verifyHostJwt(host, proof, key, now, {
        algorithms: ['HS256'],
        issuer: host,
        audience,
        requiredClaims: ['sub', 'iat', 'exp'],
        maxTokenAge: maxAgeSeconds,
      });
      const hostUserId = hostUserIdFrom(payload.sub);
      if (!hostUserId) throw proofRefused(host, `the proof names no ${userWord}`);
      return { host, hostUserId, email: optionalString(payload.email), name: optionalString(payload.name) };
    },
  };
}
