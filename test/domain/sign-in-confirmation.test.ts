import { describe, expect, test } from 'vitest';
import {
  CONFIRMATION_MAX_TRIES,
  CONFIRMATION_TTL_MS,
  confirmationState,
  displayConfirmationCode,
  normaliseConfirmationCode,
  triesLeft,
  type ConfirmationState,
} from '@domain/sign-in-confirmation';

const T = Date.UTC(2026, 11, 6, 16, 0, 0);
const expiresAt = T + CONFIRMATION_TTL_MS;

describe('confirmationState: what a typed sign-in code can still do', () => {
  test.each<{ description: string; triesUsed: number; now: number; state: ConfirmationState }>([
    { description: 'open right after SSO', triesUsed: 0, now: T, state: 'open' },
    { description: 'open one millisecond before it expires', triesUsed: 0, now: expiresAt - 1, state: 'open' },
    { description: 'expired at exactly its expiry', triesUsed: 0, now: expiresAt, state: 'expired' },
    { description: 'expired later', triesUsed: 1, now: expiresAt + 60_000, state: 'expired' },
    { description: 'open after one wrong try', triesUsed: 1, now: T, state: 'open' },
    { description: 'open with one try left', triesUsed: CONFIRMATION_MAX_TRIES - 1, now: T, state: 'open' },
    { description: 'burned once every try is used', triesUsed: CONFIRMATION_MAX_TRIES, now: T, state: 'burned' },
    { description: 'burned wins over expired (the reason is the guessing)', triesUsed: CONFIRMATION_MAX_TRIES, now: expiresAt + 1, state: 'burned' },
  ])('$description', ({ triesUsed, now, state }) => {
    expect(confirmationState({ triesUsed, expiresAt }, now)).toBe(state);
  });

  test('a few tries, a few minutes: 3 tries, 5 minutes', () => {
    expect(CONFIRMATION_MAX_TRIES).toBe(3);
    expect(CONFIRMATION_TTL_MS).toBe(300_000);
    expect([0, 1, 2, 3, 4].map(triesLeft)).toEqual([3, 2, 1, 0, 0]);
  });
});

describe('normaliseConfirmationCode: what the teammate types', () => {
  test.each([
    { typed: '123456', code: '123456' },
    { typed: '123 456', code: '123456' },
    { typed: ' 123-456 ', code: '123456' },
    { typed: '012345', code: '012345' },
    { typed: '12345', code: null },
    { typed: '1234567', code: null },
    { typed: '12345a', code: null },
    { typed: '', code: null },
    { typed: '１２３４５６', code: null },
  ])('"$typed" → $code', ({ typed, code }) => {
    expect(normaliseConfirmationCode(typed)).toBe(code);
  });

  test('shown in two groups', () => {
    expect(displayConfirmationCode('012345')).toBe('012 345');
  });
});
