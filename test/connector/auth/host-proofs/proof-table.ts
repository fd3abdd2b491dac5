/** Runs a verifier over a table of proofs: each either names a host user or is refused with a reason. */
import { expect } from 'vitest';
import { isDomainError } from '../../../../connector/domain/errors';
import type { HostProofVerifier } from '../../../../connector/auth/host-proofs/index';

export interface ProofCase {
  description: string;
  proof: () => Promise<string> | string;
  /** When the verifier checks it; defaults to the time the proofs were made. */
  at?: number;
  hostUserId?: string;
  email?: string | null;
  refused?: RegExp;
}

export async function checkProof(verifier: HostProofVerifier, row: ProofCase, now: number): Promise<void> {
  const proof = await row.proof();
  let outcome: unknown;
  try {
    outcome = await verifier.verify(proof, row.at ?? now);
  } catch (error) {
    outcome = error;
  }
  if (row.refused) {
    expect(isDomainError(outcome, 'HOST_PROOF_INVALID'), String(outcome)).toBe(true);
    const details = (outcome as { details: { reason: string; host: string } }).details;
    expect(details.host).toBe(verifier.host);
    expect(details.reason).toMatch(row.refused);
    // The refusal never echoes the proof.
    expect(JSON.stringify(details)).not.toContain(proof.slice(-16));
  } else {
    expect(outcome).toMatchObject({ host: verifier.host, hostUserId: row.hostUserId, ...(row.email !== undefined ? { email: row.email } : {}) });
  }
}

/** Flips one character of the signature part, keeping it valid base64url. */
export function tamperSignature(token: string): string {
  const i = token.length - 5;
  const c = token[i] === 'A' ? 'B' : 'A';
  return token.slice(0, i) + c + token.slice(i + 1);
}

/** Replaces a claim in the payload, keeping the original signature. */
export function tamperPayload(token: string, change: Record<string, unknown>): string {
  const [header, payload, signature] = token.split('.');
  const claims = { ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), ...change };
  return `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
}
