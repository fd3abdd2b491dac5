import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { readWebhookBody, WEBHOOK_MAX_DEPTH } from '../../connector/whatsapp/webhook-body';
import { FIXTURES_DIR, referenceFiles } from '../support/reference';

const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

describe('reading a signed webhook body', () => {
  test.each(referenceFiles('webhooks'))("accepts Meta's sample %s as it is", (file) => {
    const text = readFileSync(`${FIXTURES_DIR}webhooks/${file}`, 'utf8');
    expect(readWebhookBody(text)).toEqual({ ok: true, body: JSON.parse(text) });
  });

  test(`accepts JSON nested ${WEBHOOK_MAX_DEPTH} levels and refuses one more`, () => {
    expect(readWebhookBody(nested(WEBHOOK_MAX_DEPTH)).ok).toBe(true);
    expect(readWebhookBody(nested(WEBHOOK_MAX_DEPTH + 1))).toEqual({ ok: false, reason: expect.stringContaining(`deeper than ${WEBHOOK_MAX_DEPTH} levels`) });
  });

  test('refuses JSON nested 100,000 levels deep with a reason, without overflowing the stack', () => {
    expect(readWebhookBody(nested(100_000))).toEqual({ ok: false, reason: expect.stringContaining('deeper than') });
    expect(readWebhookBody(`${'['.repeat(100_000)}${']'.repeat(100_000)}`).ok).toBe(false);
  });

  test('refuses a body that is not JSON', () => {
    expect(readWebhookBody('{"object":"whatsapp_business_account",')).toEqual({ ok: false, reason: 'the body is not JSON' });
  });

  test('replaces U+0000 and lone surrogates written as \\u escapes, in values and keys, keeping the rest', () => {
    const reading = readWebhookBody('{"text":{"body":"hi\\u0000there \\ud83d\\udc4d \\ud83d"},"k\\u0000":1}');
    expect(reading).toEqual({ ok: true, body: { text: { body: 'hi\ufffdthere 👍 \ufffd' }, 'k\ufffd': 1 } });
  });
});
