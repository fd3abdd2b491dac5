/** jose's verification errors, told in words an agent or admin can act on. */
import { errors } from 'jose';

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
