import { describe, expect, test } from 'vitest';
import {
  DEFAULT_RETRY_AFTER_MS,
  HOST_DELIVERY_ATTEMPTS,
  hostRetryDelayMs,
  nextDeliveryStep,
  outcomeOfStatus,
  redactSecrets,
  retryAfterMs,
} from '@domain/host-delivery';
import { deliversTo } from '@domain/host-events';
import { SHEENA } from '../support/fixtures';

const NOW = Date.parse('2026-12-06T20:00:00Z');

describe('what a host answer means', () => {
  test.each([
    { status: 200, kind: 'delivered' },
    { status: 201, kind: 'delivered' },
    { status: 429, kind: 'rate-limited' },
    { status: 401, kind: 'credentials-refused' },
    { status: 403, kind: 'credentials-refused' },
    { status: 408, kind: 'transient' },
    { status: 500, kind: 'transient' },
    { status: 503, kind: 'transient' },
    { status: 400, kind: 'permanent' },
    { status: 404, kind: 'permanent' },
    { status: 422, kind: 'permanent' },
  ])('$status is $kind', ({ status, kind }) => {
    expect(outcomeOfStatus(status, null, NOW).kind).toBe(kind);
  });
});

describe('Retry-After', () => {
  test.each([
    { header: '7', expected: 7_000 },
    { header: ' 0 ', expected: 0 },
    { header: 'Sun, 06 Dec 2026 20:00:30 GMT', expected: 30_000 },
    { header: 'Sun, 06 Dec 2026 19:59:00 GMT', expected: 0 },
    { header: null, expected: DEFAULT_RETRY_AFTER_MS },
    { header: 'soon', expected: DEFAULT_RETRY_AFTER_MS },
    { header: '999999', expected: 3_600_000 },
  ])('"$header" → $expected ms', ({ header, expected }) => {
    expect(retryAfterMs(header, NOW)).toBe(expected);
  });
});

describe('the next step after an answer', () => {
  test('a 429 waits for the whole host and is not counted as an attempt', () => {
    expect(nextDeliveryStep({ kind: 'rate-limited', retryAfterMs: 5_000 }, 3, NOW, 0)).toEqual({
      next: 'retry',
      at: NOW + 5_000,
      countsAsAttempt: false,
      holdHostUntil: NOW + 5_000,
    });
  });

  test('a refused credential pauses the host', () => {
    expect(nextDeliveryStep({ kind: 'credentials-refused', status: 401 }, 1, NOW, 0)).toEqual({ next: 'pause-host' });
  });

  test('a transient failure backs off exponentially with jitter, then becomes a dead letter', () => {
    expect(hostRetryDelayMs(1, 0)).toBe(500);
    expect(hostRetryDelayMs(1, 0.999)).toBe(1_000);
    expect(hostRetryDelayMs(4, 0.5)).toBe(6_000);
    expect(hostRetryDelayMs(9, 0)).toBe(128_000);
    expect(nextDeliveryStep({ kind: 'transient', status: 503, reason: 'the host answered 503' }, 2, NOW, 0)).toEqual({
      next: 'retry',
      at: NOW + 1_000,
      countsAsAttempt: true,
      holdHostUntil: null,
    });
    expect(nextDeliveryStep({ kind: 'transient', status: 503, reason: 'the host answered 503' }, HOST_DELIVERY_ATTEMPTS, NOW, 0)).toEqual({
      next: 'dead',
      reason: `the host answered 503; gave up after ${HOST_DELIVERY_ATTEMPTS} attempts`,
    });
  });

  test('a refusal of the event itself is a dead letter at once', () => {
    expect(nextDeliveryStep({ kind: 'permanent', status: 422, reason: 'the host refused the call with 422' }, 1, NOW, 0)).toEqual({
      next: 'dead',
      reason: 'the host refused the call with 422',
    });
  });
});

test('secrets are taken out of any text kept or logged', () => {
  expect(redactSecrets('token abc123secret refused; again abc123secret', ['abc123secret'])).toBe('token [redacted] refused; again [redacted]');
});

test('a change that came from a host is not told back to it', () => {
  expect(deliversTo('zendesk', { cause: { teammateId: null, host: 'zendesk' } })).toBe(false);
  expect(deliversTo('webhook', { cause: { teammateId: null, host: 'zendesk' } })).toBe(true);
  expect(deliversTo('zendesk', {})).toBe(true);
});

describe('Zendesk', async () => {
  const { conversationActionForTicket, zendeskSubject, zendeskTicketExternalId } = await import('@domain/zendesk');

  test.each([
    { text: 'My order has not arrived', expected: 'My order has not arrived' },
    { text: '\n  Where is it?\nsecond line', expected: 'Where is it?' },
    { text: 'word '.repeat(30), expected: `${'word '.repeat(15).trim()}…` },
    { text: null, expected: 'WhatsApp: +16505551234' },
    { text: '   ', expected: 'WhatsApp: +16505551234' },
  ])('the subject of "$text" is "$expected"', ({ text, expected }) => {
    expect(zendeskSubject(text, SHEENA)).toBe(expected);
  });

  test.each([
    { status: 'SOLVED', action: 'resolve' },
    { status: 'closed', action: 'resolve' },
    { status: 'open', action: 'reopen' },
    { status: 'NEW', action: 'reopen' },
    { status: 'pending', action: null },
    { status: 'hold', action: null },
  ])('a ticket turning $status asks the conversation to $action', ({ status, action }) => {
    expect(conversationActionForTicket(status)).toBe(action);
  });

  test('the ticket names its conversation', () => {
    expect(zendeskTicketExternalId(17)).toBe('go2msg:17');
  });
});

describe('Freshdesk', async () => {
  const { conversationActionForFreshdesk, freshdeskDescription, freshdeskConversationTag } = await import('@domain/freshdesk');

  test.each([
    { status: 'Resolved', action: 'resolve' },
    { status: 'Closed', action: 'resolve' },
    { status: 4, action: 'resolve' },
    { status: 'Open', action: 'reopen' },
    { status: '2', action: 'reopen' },
    { status: 'Pending', action: null },
  ])('a ticket turning $status asks the conversation to $action', ({ status, action }) => {
    expect(conversationActionForFreshdesk(status)).toBe(action);
  });

  test('the description is the text as HTML, escaped, its lines kept', () => {
    expect(freshdeskDescription('<b>hi</b> & "you"\nbye')).toBe('<div>&lt;b&gt;hi&lt;/b&gt; &amp; &quot;you&quot;<br>bye</div>');
  });

  test('the ticket names its conversation by a tag', () => {
    expect(freshdeskConversationTag(17)).toBe('go2msg-17');
  });
});
