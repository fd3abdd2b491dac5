/**
 * The outbound webhook's signature (issue 14, "Any other CRM"), in Stripe's form so
 * receivers can use code they already trust: the header
 * `X-Go2msg-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + raw body)>`.
 * The timestamp is signed with the body, so a captured request cannot be replayed later
 * than the receiver's tolerance (5 minutes is usual); the event id in the body and in
 * `X-Go2msg-Event-Id` stays the same on every retry, so a receiver drops repeats.
 */
export const SIGNATURE_HEADER = 'X-Go2msg-Signature';
export const EVENT_ID_HEADER = 'X-Go2msg-Event-Id';
export const EVENT_TYPE_HEADER = 'X-Go2msg-Event';

/** The bytes the HMAC covers. */
export function signedPayload(timestampSeconds: number, body: string): string {
  return `${timestampSeconds}.${body}`;
}

export function signatureHeader(timestampSeconds: number, hexDigest: string): string {
  return `t=${timestampSeconds},v1=${hexDigest}`;
}
