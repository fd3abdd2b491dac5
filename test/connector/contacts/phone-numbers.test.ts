/**
 * Numbers as agents type them and host records hold them, read on the
 * connector with the numbering plan and DEFAULT_PHONE_COUNTRY; and the
 * simulator's rule for the `wa_id` Meta answers a send with.
 */
import { describe, expect, test } from 'vitest';
import { ConfigError, loadConfig } from '../../../connector/config/config';
import { readContactRef, readPhone } from '../../../connector/services/contacts/phone-numbers';
import { registeredWaId } from '../../../connector/sandbox/simulator/simulator';
import { LUCAS, LUCAS_WA_ID, SHEENA, SHEENA_WA_ID } from '../../support/fixtures';

describe('reading a typed number', () => {
  test.each([
    { input: '+1 (650) 555-1234', country: null, e164: SHEENA },
    { input: '0044 7700 900123', country: null, e164: '+447700900123' },
    // Digits written with "+" are kept as written, even where today's plan disagrees: Meta decides.
    { input: '+52 1 55 1234 5678', country: null, e164: '+5215512345678' },
    { input: '+44 (0)20 7946 0958', country: null, e164: '+442079460958' },
    { input: '(11) 98765-4321', country: 'BR', e164: LUCAS },
    { input: '06 12 34 56 78', country: 'FR', e164: '+33612345678' },
    { input: '07700 900123', country: 'GB', e164: '+447700900123' },
    { input: '650-555-1234', country: 'US', e164: SHEENA },
  ] as const)('$input (default $country) is $e164', ({ input, country, e164 }) => {
    expect(readPhone(input, country)).toEqual({ e164, waId: e164.slice(1) });
  });

  test.each([
    { input: '6505551234', country: null, why: 'no country code and no default country' },
    { input: '12', country: 'BR', why: 'too short for the country' },
    { input: 'call me', country: 'US', why: 'not a number' },
    { input: '+0 123', country: null, why: 'not E.164' },
  ] as const)('refuses $input with INVALID_PHONE: $why', ({ input, country }) => {
    expect(() => readPhone(input, country)).toThrow(expect.objectContaining({ code: 'INVALID_PHONE' }));
  });

  test('a business-scoped user id is a contact reference of its own', () => {
    expect(readContactRef('US.13491208655302741918', 'US')).toEqual({ userId: 'US.13491208655302741918', waId: null, e164: null, numberId: null });
  });

  test('DEFAULT_PHONE_COUNTRY must be a country the numbering plan knows', () => {
    expect(loadConfig({ DEFAULT_PHONE_COUNTRY: 'br' }).defaultPhoneCountry).toBe('BR');
    expect(loadConfig({}).defaultPhoneCountry).toBeNull();
    expect(() => loadConfig({ DEFAULT_PHONE_COUNTRY: 'Brazil' })).toThrow(ConfigError);
    expect(() => loadConfig({ DEFAULT_PHONE_COUNTRY: 'XX' })).toThrow(/DEFAULT_PHONE_COUNTRY/);
  });
});

describe("the simulator's wa_id for a number", () => {
  const known = new Set(['552187654321', '5215512345678', LUCAS_WA_ID]);
  test.each([
    { digits: '5521987654321', waId: '552187654321', why: 'Brazil: registered before the ninth digit' },
    { digits: '525512345678', waId: '5215512345678', why: 'Mexico: registered with the 1' },
    { digits: LUCAS_WA_ID, waId: LUCAS_WA_ID, why: 'known as typed' },
    { digits: '5531987650000', waId: '5531987650000', why: 'no older form known' },
    { digits: SHEENA_WA_ID, waId: SHEENA_WA_ID, why: 'elsewhere, as typed' },
  ])('$digits answers $waId ($why)', ({ digits, waId }) => {
    expect(registeredWaId(digits, (id) => known.has(id))).toBe(waId);
  });
});
