/**
 * Who a customer is.
 *
 * The panel addresses customers by E.164 number (+16505551234). Meta's webhooks
 * carry `wa_id`, the same digits without "+", and, since 2026, may carry only a
 * business-scoped user id (BSUID, e.g. "US.13491208655302741918") when the user
 * hides their number behind a username. A contact is therefore keyed on
 * `wa_id ?? user_id` and both are stored.
 * Source: Meta, https://developers.facebook.com/documentation/business-messaging/whatsapp/business-scoped-user-ids
 * (sample: test/fixtures/cloud-api/responses/send-success-bsuid.json).
 */
import { DomainError } from './errors';

/** E.164 allows at most 15 digits; the shortest real numbers have 8 with the country code. */
const E164 = /^\+[1-9]\d{7,14}$/;
const BSUID = /^[A-Z]{2}\.(?:ENT\.)?\d{5,40}$/;

/** Characters people type around numbers that carry no meaning. */
const SEPARATORS = /[\s\-().\u00a0]/g;

export interface PhoneNumber {
  /** "+16505551234" */
  e164: string;
  /** "16505551234", the form Meta uses as `wa_id`. */
  waId: string;
}

/**
 * Reads a number typed by a person or stored by a CRM.
 * A number without "+" (or "00") is refused rather than guessed: Meta would
 * prefix the business number's own country code and reach a stranger.
 */
export function parsePhone(input: string): PhoneNumber {
  const compact = input.trim().replace(SEPARATORS, '').replace(/^00/, '+');
  if (!E164.test(compact)) {
    throw new DomainError('INVALID_PHONE', { input });
  }
  return { e164: compact, waId: compact.slice(1) };
}

/** The E.164 form of a `wa_id` from a webhook. */
export function phoneFromWaId(waId: string): PhoneNumber {
  return parsePhone(`+${waId}`);
}

export function isBsuid(value: string): boolean {
  return BSUID.test(value);
}

export interface ContactIdentity {
  waId?: string | null;
  userId?: string | null;
}

/** The key that identifies one customer across webhooks: `wa_id`, else the BSUID. */
export function contactKey({ waId, userId }: ContactIdentity): string {
  const key = waId || userId;
  if (!key) throw new DomainError('VALIDATION_FAILED', { reason: 'a contact needs a wa_id or a user_id' });
  return key;
}

/** A customer as the panel names them: by number (`waId` and `e164`) or by business-scoped user id. */
export interface ContactRef {
  waId: string | null;
  userId: string | null;
  e164: string | null;
  /** The business number named after "@" ("+16505551234@106540352242923"); null: the customer's most recent thread. */
  numberId: string | null;
}

/**
 * Reads the contact reference the panel uses in URLs and attributes: a phone
 * number in any typed form (read by `readNumber`: the connector's reader knows
 * the default country), or a BSUID, optionally followed by "@" and the business
 * number's id: a customer has one thread per business number they wrote to.
 */
export function parseContactRef(ref: string, readNumber: (input: string) => PhoneNumber = parsePhone): ContactRef {
  const at = ref.lastIndexOf('@');
  const customer = (at < 0 ? ref : ref.slice(0, at)).trim();
  const numberId = at < 0 ? null : ref.slice(at + 1).trim();
  if (numberId !== null && !/^\d{1,32}$/.test(numberId))
    throw new DomainError('VALIDATION_FAILED', {
      field: 'contact',
      reason: `after "@" comes the business number's phone number id (digits), not "${numberId}"`,
    });
  if (isBsuid(customer)) return { userId: customer, waId: null, e164: null, numberId };
  const phone = readNumber(customer);
  return { waId: phone.waId, userId: null, e164: phone.e164, numberId };
}
