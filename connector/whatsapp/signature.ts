/**
 * X-Hub-Signature-256: "sha256=" + hex HMAC-SHA256 of the raw body, keyed with the app secret.
 *
 * Checked over the exact bytes received, before any parsing, in constant time.
 * Source: Meta, webhooks/create-webhook-endpoint.
 *
 * Meta signs the body with non-ASCII characters escaped as \uXXXX (lowercase hex), and
 * sends it in that form, so the raw bytes are what it signed. The escaped form is tried
 * second only for a body that reaches us with literal UTF-8 (something between Meta and
 * us decoded the escapes; whatsapp-api-js issue #290, Meta quoted there), and only for
 * a body of at most ESCAPED_FORM_MAX_BYTES: this check runs before anyone is
 * authenticated, so its cost must stay near one HMAC of the largest body (a 3 MB body
 * of "é" escaped and hashed again cost ~0.5 s of CPU per request).
 */
import { isAscii } from 'node:buffer';
import { createHmac, timingSafeEqual } from 'node:crypto';

const HEADER = /^sha256=([0-9a-f]{64})$/i;

/**
 * Room for one customer message of the longest text WhatsApp carries (4,096 characters,
 * at most 4 bytes each in UTF-8) with its envelope and contact, several times over.
 */
export const ESCAPED_FORM_MAX_BYTES = 64 * 1024;

export function signBody(body: Buffer | string, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}`;
}

const HEX = '0123456789abcdef';

/** The bytes of `json` with every non-ASCII UTF-16 unit written as \uXXXX (one pass, no per-character strings). */
function escapedBytes(json: string): Buffer {
  const out = Buffer.allocUnsafe(json.length * 6);
  let at = 0;
  for (let i = 0; i < json.length; i++) {
    const unit = json.charCodeAt(i);
    if (unit < 0x80) {
      out[at++] = unit;
      continue;
    }
    out[at++] = 0x5c; // \
    out[at++] = 0x75; // u
    out[at++] = HEX.charCodeAt(unit >> 12);
    out[at++] = HEX.charCodeAt((unit >> 8) & 15);
    out[at++] = HEX.charCodeAt((unit >> 4) & 15);
    out[at++] = HEX.charCodeAt(unit & 15);
  }
  return out.subarray(0, at);
}

/** JSON text with every non-ASCII UTF-16 unit written as \uXXXX, the form Meta signs and sends. */
export function escapeNonAscii(json: string): string {
  return escapedBytes(json).toString('latin1');
}

function matches(expected: Buffer, body: Buffer, appSecret: string): boolean {
  const actual = createHmac('sha256', appSecret).update(body).digest();
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

export function verifySignature(rawBody: Buffer, header: string | undefined, appSecret: string): boolean {
  const match = header ? HEADER.exec(header.trim()) : null;
  if (!match?.[1]) return false;
  const expected = Buffer.from(match[1], 'hex');
  if (matches(expected, rawBody, appSecret)) return true;
  // An ASCII body is its own escaped form; a large one is not a single message decoded on the way.
  if (rawBody.length > ESCAPED_FORM_MAX_BYTES || isAscii(rawBody)) return false;
  return matches(expected, escapedBytes(rawBody.toString('utf8')), appSecret);
}
