import { describe, expect, test } from 'vitest';
import { isDomainError } from '@domain/errors';
import { contactKey, isBsuid, parseContactRef, parsePhone, phoneFromWaId } from '@domain/phone';

describe('parsePhone', () => {
  test.each([
    { input: '+16505551234', e164: '+16505551234' },
    { input: '+1 (650) 555-1234', e164: '+16505551234' },
    { input: '  +55 11 98765-4321 ', e164: '+5511987654321' },
    { input: '0044 20 7946 0958', e164: '+442079460958' },
    { input: '+49.30.1234567', e164: '+49301234567' },
  ])('reads $input as $e164', ({ input, e164 }) => {
    expect(parsePhone(input)).toEqual({ e164, waId: e164.slice(1) });
  });

  test.each([
    { input: '6505551234', why: 'no country code: Meta would prefix the business number’s own' },
    { input: '+0650555123', why: 'country codes never start with 0' },
    { input: '+1234567', why: 'too short' },
    { input: '+1234567890123456', why: 'longer than E.164 allows' },
    { input: '+1650abc1234', why: 'letters' },
    { input: '', why: 'empty' },
  ])('refuses $input ($why) with INVALID_PHONE', ({ input }) => {
    let caught: unknown;
    try {
      parsePhone(input);
    } catch (error) {
      caught = error;
    }
    expect(isDomainError(caught, 'INVALID_PHONE')).toBe(true);
  });

  test('a wa_id from a webhook is the number without +', () => {
    expect(phoneFromWaId('16505551234').e164).toBe('+16505551234');
  });
});

describe('contact identity', () => {
  test('recognises business-scoped user ids', () => {
    expect(isBsuid('US.13491208655302741918')).toBe(true);
    expect(isBsuid('US.ENT.13491208655302741918')).toBe(true);
    expect(isBsuid('16505551234')).toBe(false);
  });

  test('keys a contact on wa_id when present, else on the business-scoped user id', () => {
    expect(contactKey({ waId: '16505551234', userId: 'US.1349120865530' })).toBe('16505551234');
    expect(contactKey({ waId: null, userId: 'US.1349120865530' })).toBe('US.1349120865530');
    expect(() => contactKey({ waId: null, userId: null })).toThrow();
  });

  test('reads a contact reference as a number or a user id', () => {
    expect(parseContactRef('+1 650 555 1234')).toEqual({ waId: '16505551234', userId: null, e164: '+16505551234' });
    expect(parseContactRef('US.13491208655302741918')).toEqual({ waId: null, userId: 'US.13491208655302741918', e164: null });
  });
});
