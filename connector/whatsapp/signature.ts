/**
 * X-Hub-Signature-256: "sha256=" + hex HMAC-SHA256 of the raw body, keyed with the app secret.
 *
 * Checked over the exact bytes received, before any parsing, in constant time.
 * Meta signs the body with non-ASCII characters escaped as \uXXXX (lowercase hex);
 * if a proxy ever hands us the literal UTF-8 form, the raw bytes will not match,
 * so the escaped form is tried second (whatsapp-api-js issue #290).
 * Source: Meta, webhooks/create-webhook-endpoint.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const HEADER = /^sha256=([0-9a-f]{64})$/i;

export function signBody(body: Buffer | string, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}`;
}

/** JSON text with every non-ASCII UTF-16 unit written as \uXXXX, the form Meta signs and sends. */
export function escapeNonAscii(json: string): string {
  return json.replace(/[\u0080-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function matches(expectedHex: string, body: Buffer | string, appSecret: string): boolean {
  const actual = createHmac('sha256', appSecret).update(body).digest();
  const expected = Buffer.from(expectedHex, 'hex');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

export function verifySignature(rawBody: Buffer, header: string | undefined, appSecret: string): boolean {
  const match = header ? HEADER.exec(header.trim()) : null;
  if (!match?.[1]) return false;
  if (matches(match[1], rawBody, appSecret)) return true;
  const text = rawBody.toString('utf8');
  const escaped = escapeNonAscii(text);
  return escaped !== text && matches(match[1], escaped, appSecret);
}
