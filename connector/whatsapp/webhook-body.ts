/**
 * Reads a signed webhook body before it is kept for processing.
 *
 * Meta's payloads nest about a dozen levels (envelope → entry → change → value → message →
 * interactive → reply; the deepest of Meta's samples, a contact card, has 12). A body nested
 * far deeper cannot come from Meta and would overflow the stack of every recursive step that
 * handles it later (JSON.stringify of 100,000 levels throws RangeError), so it is refused here,
 * measured without recursion.
 */
import { storableJson } from '@domain/stored-text';

export const WEBHOOK_MAX_DEPTH = 32;

export type WebhookBodyReading = { ok: true; body: unknown } | { ok: false; reason: string };

/** How deep `value` nests (a scalar is 0), counting no further than `limit + 1`. */
function depthOf(value: unknown, limit: number): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    const inner = depth + 1;
    deepest = Math.max(deepest, inner);
    if (inner > limit) return inner;
    for (const child of Object.values(node)) stack.push([child, inner]);
  }
  return deepest;
}

/** An escaped U+0000 or surrogate in the text: only then does any string need replacing. */
const ESCAPED_UNSTORABLE = /\\u(?:0000|d[89a-f])/i;

/** The parsed body, its text made storable on both databases (`storableJson`), or why it cannot be used. */
export function readWebhookBody(text: string): WebhookBodyReading {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'the body is not JSON' };
  }
  if (depthOf(body, WEBHOOK_MAX_DEPTH) > WEBHOOK_MAX_DEPTH) {
    return { ok: false, reason: `the JSON nests deeper than ${WEBHOOK_MAX_DEPTH} levels (Meta's payloads nest about 12)` };
  }
  return { ok: true, body: ESCAPED_UNSTORABLE.test(text) ? storableJson(body) : body };
}
