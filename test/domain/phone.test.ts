import { describe, expect, test } from 'vitest';
import { isDomainError } from '@domain/errors';
import { contactKey, isBsuid, parseContactRef, parsePhone, phoneFromWaId } from '@domain/phone';
import { LUCAS, SHEENA, SHEENA_WA_ID } from '../support/fixtures';

describe('parsePhone', () => {
  test.each([
    { input: SHEENA, e164: SHEENA },
    { input: '+1 (650) 555-1234', e164: SHEENA },
    { input: '  +55 11 98765-4321 ', e164: LUCAS },
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
    expect(phoneFromWaId(SHEENA_WA_ID).e164).toBe(SHEENA);
  });
});

describe('contact identity', () => {
  test('recognises business-scoped user ids', () => {
    expect(isBsuid('US.13491208655302741918')).toBe(true);
    expect(isBsuid('US.ENT.13491208655302741918')).toBe(true);
    expect(isBsuid(SHEENA_WA_ID)).toBe(false);
  });

  test('keys a contact on wa_id when present, else on the business-scoped user id', () => {
    expect(contactKey({ waId: SHEENA_WA_ID, userId: 'US.1349120865530' })).toBe(SHEENA_WA_ID);
    expect(contactKey({ waId: null, userId: 'US.1349120865530' })).toBe('US.1349120865530');
    expect(() => contactKey({ waId: null, userId: null })).toThrow();
  });

  test('reads a contact reference as a number or a user id', () => {
    expect(parseContactRef('+1 650 555 1234')).toEqual({ waId: SHEENA_WA_ID, userId: null, e164: SHEENA, numberId: null });
    expect(parseContactRef('US.13491208655302741918')).toEqual({ waId: null, userId: 'US.13491208655302741918', e164: null, numberId: null });
  });

  test('a contact reference may name the business number after "@": that customer’s thread with that number', () => {
    expect(parseContactRef('+1 650 555 1234@106540352242923')).toEqual({ waId: SHEENA_WA_ID, userId: null, e164: SHEENA, numberId: '106540352242923' });
    expect(parseContactRef('US.13491208655302741918@106540352242922')).toMatchObject({ userId: 'US.13491208655302741918', numberId: '106540352242922' });
    expect(() => parseContactRef('+16505551234@sales')).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED', details: expect.objectContaining({ reason: expect.stringContaining('phone number id') }) }),
    );
  });
});
