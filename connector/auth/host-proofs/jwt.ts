/** Verifies a host's JWT with jose and words a refusal so an agent or admin can act on it. */
import { errors, jwtVerify, type JWTPayload, type JWTVerifyOptions, type KeyObject } from 'jose';
import { proofRefused } from './types';

export const CLOCK_TOLERANCE_SECONDS = 30;

export function jwtRefusalReason(error: unknown): string {
  if (error instanceof errors.JWTExpired) return error.claim === 'iat' ? 'the proof is too old' : 'the proof expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    switch (error.claim) {
      case 'aud':
        return 'the proof is meant for another audience';
      case 'iss':
        return 'the proof names another issuer';
      case 'nbf':
        return 'the proof is not valid yet';
      default:
        return `the proof's "${error.claim}" claim is ${error.reason === 'missing' ? 'missing' : 'not acceptable'}`;
    }
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the signature does not match';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'the proof is signed with an algorithm this host does not use';
  return 'the proof is not a well-formed signed token';
}

/** The proof's claims, checked at `now` (epoch ms); a refusal names the host and the reason. */
export async function verifyHostJwt(host: string, proof: string, key: Uint8Array | KeyObject, now: number, options: JWTVerifyOptions): Promise<JWTPayload> {
  try {
    const { payload } = await jwtVerify(proof, key, { clockTolerance: CLOCK_TOLERANCE_SECONDS, ...options, currentDate: new Date(now) });
    return payload;
  } catch (error) {
    throw proofRefused(host, jwtRefusalReason(error));
  }
}
