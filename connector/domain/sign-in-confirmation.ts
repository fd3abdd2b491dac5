/**
 * The confirmation code of a sign-in whose popup lost its link to the panel
 * (issue 11 §1).
 *
 * Without `window.opener` the connector cannot tell the panel that started a
 * sign-in from anyone else holding its verifier: whoever builds a
 * `/auth/popup` link chooses the verifier, and may send the link to someone
 * else. So such a sign-in completes only when the person who signed in types
 * the code their sign-in window shows into the waiting panel. The link's
 * author never sees that window (it is the victim's browser, on the
 * connector's origin), and guessing is bounded: every try counts before it is
 * compared, and after MAX_TRIES the attempt is spent. With 6 digits and 3
 * tries an attacker wins one forged sign-in in 333,333, and every forged
 * sign-in needs the victim to open the link.
 */
export const CONFIRMATION_CODE_DIGITS = 6;
export const CONFIRMATION_MAX_TRIES = 3;
/** Long enough to switch windows and type six digits, short enough to leave nothing lying around. */
export const CONFIRMATION_TTL_MS = 5 * 60_000;

/** What a typed code can still do, given the attempt's tries and expiry. */
export type ConfirmationState = 'open' | 'expired' | 'burned';

export function confirmationState(attempt: { triesUsed: number; expiresAt: number }, now: number): ConfirmationState {
  if (attempt.triesUsed >= CONFIRMATION_MAX_TRIES) return 'burned';
  if (attempt.expiresAt <= now) return 'expired';
  return 'open';
}

export function triesLeft(triesUsed: number): number {
  return Math.max(0, CONFIRMATION_MAX_TRIES - triesUsed);
}

/** The digits of what someone typed ("123 456", "123-456"), or null when it cannot be a code. */
export function normaliseConfirmationCode(typed: string): string | null {
  const digits = typed.replace(/[\s-]/g, '');
  return new RegExp(`^\\d{${CONFIRMATION_CODE_DIGITS}}$`).test(digits) ? digits : null;
}

/** "123 456": two groups read more easily across windows. */
export function displayConfirmationCode(code: string): string {
  const half = Math.ceil(code.length / 2);
  return `${code.slice(0, half)} ${code.slice(half)}`;
}
