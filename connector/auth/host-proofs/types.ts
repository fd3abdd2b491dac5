/**
 * A host's proof of who its signed-in user is. Each kind of host signs its
 * own way; every verifier answers the same question: which user of which
 * host is this, or why the proof is refused.
 */
import { DomainError } from '@domain/errors';

export interface HostIdentity {
  host: string;
  hostUserId: string;
  /** When the host says it; compared with the teammate's email when the link is made. */
  email: string | null;
  name: string | null;
}

export interface HostProofVerifier {
  readonly host: string;
  /** `now` in epoch ms, so expiry is tested without waiting. */
  verify(proof: string, now: number): Promise<HostIdentity>;
}

/** A refusal that names why, never what the secret or the token was. */
export function proofRefused(host: string, reason: string): DomainError {
  return new DomainError('HOST_PROOF_INVALID', { host, reason });
}

/** Host user ids are opaque strings of reasonable size. */
export function hostUserIdFrom(value: unknown): string | null {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  return typeof value === 'string' && value.length > 0 && value.length <= 255 ? value : null;
}

export function optionalString(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}
