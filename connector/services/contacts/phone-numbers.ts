/**
 * Phone numbers as agents type them and host records hold them, read on the
 * connector (the panel's core bundle stays small: it passes the number on as
 * typed).
 *
 * A number with "+" (or "00") keeps the digits written (only notation the
 * numbering plan knows is read, such as the UK's "(0)"): Meta alone decides
 * whom they reach and answers with the customer's own `wa_id` (which may
 * differ: Brazil's ninth digit, Mexico's "1"; see contact-identity.ts), so the
 * connector never "corrects" them. A number without a country code is read
 * as a number of DEFAULT_PHONE_COUNTRY with Google's numbering plan
 * (libphonenumber-js: national prefixes such as the UK's or France's 0, the
 * number's length); without that setting it is refused rather than guessed, as
 * Meta would otherwise prefix the business number's own country and reach a
 * stranger.
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/min';
import { DomainError } from '@domain/errors';
import { parseContactRef, parsePhone, type ContactRef, type PhoneNumber } from '@domain/phone';

export type { CountryCode };

/** Numbers read lately: every API request names its customer, and the phone plan's parsing is the costliest step of a send's checks. */
const recentlyRead = new Map<string, PhoneNumber>();
const RECENTLY_READ_MAX = 10_000;
/** Longer inputs are not kept: no phone number is this long, and a cache should not hold what a client made up. */
const KEPT_INPUT_MAX = 40;

export function readPhone(input: string, defaultCountry: CountryCode | null | undefined): PhoneNumber {
  const trimmed = input.trim();
  if (trimmed.length > KEPT_INPUT_MAX) return readPhoneOnce(input, defaultCountry);
  const key = `${defaultCountry ?? ''}\u0000${trimmed}`;
  const known = recentlyRead.get(key);
  if (known) return known;
  // Frozen: every caller with the same input shares it.
  const read = Object.freeze(readPhoneOnce(input, defaultCountry));
  // First in, first out: a full map lets go of the number first kept.
  if (recentlyRead.size >= RECENTLY_READ_MAX) recentlyRead.delete(recentlyRead.keys().next().value!);
  recentlyRead.set(key, read);
  return read;
}

function readPhoneOnce(input: string, defaultCountry: CountryCode | null | undefined): PhoneNumber {
  const trimmed = input.trim();
  const international = /^(\+|00)/.test(trimmed.replace(/^[\s(]+/, ''));
  if (international) {
    // A number the plan knows as valid is read by it ("+44 (0)20 …" drops the trunk 0, "ext. 5" goes);
    // any other E.164 keeps its digits as written (Mexico's old "+52 1 …" is not in today's plan, yet reaches people).
    const parsed = parsePhoneNumberFromString(trimmed.replace(/^\s*00/, '+'));
    if (parsed?.isValid()) return { e164: parsed.number, waId: parsed.number.slice(1) };
    return parsePhone(trimmed);
  }
  if (!defaultCountry) throw new DomainError('INVALID_PHONE', { input, reason: 'no country code, and DEFAULT_PHONE_COUNTRY is not set' });
  const parsed = parsePhoneNumberFromString(trimmed, { defaultCountry });
  if (!parsed?.isPossible()) throw new DomainError('INVALID_PHONE', { input, country: defaultCountry });
  return { e164: parsed.number, waId: parsed.number.slice(1) };
}

/** The contact reference the panel uses in URLs: a number in any typed form, or a business-scoped user id. */
export function readContactRef(ref: string, defaultCountry: CountryCode | null | undefined): ContactRef {
  return parseContactRef(ref, (input) => readPhone(input, defaultCountry));
}
