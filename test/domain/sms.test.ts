import { describe, expect, test } from 'vitest';
import { isDomainError } from '@domain/errors';
import { checkSmsText, SMS_BODY_MAX, smsSegments, smsStatusToOutbound } from '@domain/sms';
import { describeTwilioFailure, explainTwilioError } from '@domain/twilio-errors';

describe('smsSegments', () => {
  test.each([
    { description: 'an empty body', body: '', encoding: 'GSM-7', units: 0, segments: 0 },
    { description: '160 GSM characters in one segment', body: 'a'.repeat(160), encoding: 'GSM-7', units: 160, segments: 1 },
    { description: '161 GSM characters in two segments of 153', body: 'a'.repeat(161), encoding: 'GSM-7', units: 161, segments: 2 },
    { description: '307 GSM characters in three segments', body: 'a'.repeat(307), encoding: 'GSM-7', units: 307, segments: 3 },
    { description: 'extension characters counted twice', body: '€'.repeat(80), encoding: 'GSM-7', units: 160, segments: 1 },
    { description: 'one extension character too many', body: `${'a'.repeat(159)}[`, encoding: 'GSM-7', units: 161, segments: 2 },
    { description: "accented letters of GSM's own table, and the euro sign twice", body: 'Où est ma commande? 5 €', encoding: 'GSM-7', units: 24, segments: 1 },
    { description: 'one letter outside the GSM table (û) switching to UCS-2', body: 'Ça coûte 5 £?', encoding: 'UCS-2', units: 13, segments: 1 },
    { description: 'an emoji switching to UCS-2', body: `${'a'.repeat(69)}😀`, encoding: 'UCS-2', units: 71, segments: 2 },
    { description: '70 UCS-2 units in one segment', body: 'д'.repeat(70), encoding: 'UCS-2', units: 70, segments: 1 },
    { description: '71 UCS-2 units in two segments of 67', body: 'д'.repeat(71), encoding: 'UCS-2', units: 71, segments: 2 },
  ])('counts $description', ({ body, encoding, units, segments }) => {
    expect(smsSegments(body)).toEqual({ encoding, units, segments });
  });
});

describe('checkSmsText', () => {
  test.each([
    { description: 'an empty text', body: '  ', code: 'TEXT_EMPTY' },
    { description: 'a text over 1,600 characters', body: 'x'.repeat(SMS_BODY_MAX + 1), code: 'SMS_TOO_LONG' },
  ])('refuses $description with $code', ({ body, code }) => {
    expect(() => checkSmsText(body)).toThrow(expect.objectContaining({ code }));
    try {
      checkSmsText(body);
    } catch (error) {
      expect(isDomainError(error)).toBe(true);
    }
  });

  test('accepts 1,600 characters, counted as characters not UTF-16 units', () => {
    expect(() => checkSmsText('😀'.repeat(SMS_BODY_MAX))).not.toThrow();
  });
});

describe('smsStatusToOutbound', () => {
  test.each([
    ['queued', 'accepted'],
    ['accepted', 'accepted'],
    ['sending', 'accepted'],
    ['sent', 'sent'],
    ['delivered', 'delivered'],
    ['read', 'read'],
    ['undelivered', 'failed'],
    ['failed', 'failed'],
    ['canceled', 'failed'],
    ['received', null],
    ['something-new', null],
  ])("Twilio's %s is %s", (twilio, ours) => {
    expect(smsStatusToOutbound(twilio)).toBe(ours);
  });
});

describe("Twilio's error codes", () => {
  test.each([
    { code: 20003, retry: 'token' },
    { code: 20429, retry: 'backoff' },
    { code: 30001, retry: 'backoff' },
    { code: 21211, retry: 'never' },
    { code: 21610, retry: 'never' },
    { code: 30007, retry: 'never' },
  ])('$code is retried as $retry', ({ code, retry }) => {
    expect(explainTwilioError(code).retry).toBe(retry);
  });

  test('an opted-out customer is explained with what to do', () => {
    expect(describeTwilioFailure(21610, 'Attempt to send to unsubscribed recipient')).toMatchObject({
      code: 21610,
      details: 'Attempt to send to unsubscribed recipient',
      reason: expect.stringMatching(/STOP/),
      action: expect.stringMatching(/WhatsApp/),
    });
  });

  test('an unknown code is explained as unknown, never dropped', () => {
    expect(describeTwilioFailure(99999)).toMatchObject({ code: 99999, title: 'Error 99999', reason: expect.stringMatching(/does not know/) });
  });
});
