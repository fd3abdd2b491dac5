/**
 * X-Twilio-Signature: base64 HMAC-SHA1, keyed with the account's auth token,
 * of the full URL Twilio requested (scheme, host, path and query) followed by
 * each POST parameter's name and value, sorted by name, with no separators.
 * Compared in constant time.
 * Source: Twilio, "Webhooks security" (docs/usage/webhooks/webhooks-security)
 * and "Security" (docs/usage/security#validating-requests).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const TWILIO_SIGNATURE_HEADER = 'x-twilio-signature';

export function twilioSignature(authToken: string, url: string, params: URLSearchParams | Record<string, string>): string {
  const entries = params instanceof URLSearchParams ? [...params] : Object.entries(params);
  // Sorted by name; a name given twice keeps its values in order (stable sort).
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const data = entries.reduce((text, [name, value]) => text + name + value, url);
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

export function verifyTwilioSignature(authToken: string, url: string, params: URLSearchParams, header: string | undefined): boolean {
  if (!header) return false;
  const expected = Buffer.from(twilioSignature(authToken, url, params));
  const actual = Buffer.from(header.trim());
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
