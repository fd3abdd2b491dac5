/**
 * Text from outside (a customer's message, a profile name, an SMS body) as both databases
 * can keep it.
 *
 * PostgreSQL cannot store the character U+0000 in text ("invalid byte sequence for encoding
 * "UTF8": 0x00"; PostgreSQL manual, Character Types: "the character with code zero cannot be
 * stored"); SQLite can. A lone UTF-16 surrogate has no UTF-8 form at all, and the two drivers
 * write it differently. Both become U+FFFD, the replacement character, so the rest of the
 * text is kept and reads the same on SQLite and PostgreSQL. Webhook bodies themselves are
 * stored as received (JSON text, where these characters are written as \u escapes).
 */
// The NUL character is exactly what is matched here: neither SQLite's text nor PostgreSQL's can hold it.
// oxlint-disable-next-line no-control-regex
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export const REPLACEMENT_CHARACTER = '\ufffd';

export function storableText(text: string): string {
  return text.replace(UNSTORABLE, REPLACEMENT_CHARACTER);
}

/** A parsed JSON value with every string and key made storable; the value must be shallow (it recurses). */
export function storableJson(value: unknown): unknown {
  if (typeof value === 'string') return storableText(value);
  if (Array.isArray(value)) return value.map(storableJson);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [storableText(key), storableJson(item)]));
  }
  return value;
}
