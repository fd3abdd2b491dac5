import { describe, expect, test } from 'vitest';
import { CLOSING_SOON_MS, latestInbound, replyWindow, SERVICE_WINDOW_MS, type WindowState } from '@domain/reply-window';

const T = Date.UTC(2026, 10, 25, 12, 0, 0);
const H = 60 * 60 * 1000;

describe('replyWindow: the 24-hour customer service window', () => {
  test.each<{
    description: string;
    lastInboundAt: number | null;
    closedByProviderAt?: number | null;
    now: number;
    state: WindowState;
    open: boolean;
    closesAt: number | null;
    remainingMs: number;
  }>([
    {
      description: 'never opened while the customer has not written',
      lastInboundAt: null,
      now: T,
      state: 'never_opened',
      open: false,
      closesAt: null,
      remainingMs: 0,
    },
    { description: 'opens the moment the customer writes', lastInboundAt: T, now: T, state: 'open', open: true, closesAt: T + 24 * H, remainingMs: 24 * H },
    { description: 'is open 23 h later', lastInboundAt: T, now: T + 23 * H - 1, state: 'open', open: true, closesAt: T + 24 * H, remainingMs: H + 1 },
    {
      description: 'is closing soon in the last hour',
      lastInboundAt: T,
      now: T + 23 * H,
      state: 'closing_soon',
      open: true,
      closesAt: T + 24 * H,
      remainingMs: H,
    },
    {
      description: 'is still open one millisecond before 24 h',
      lastInboundAt: T,
      now: T + 24 * H - 1,
      state: 'closing_soon',
      open: true,
      closesAt: T + 24 * H,
      remainingMs: 1,
    },
    { description: 'is closed at exactly 24 h', lastInboundAt: T, now: T + 24 * H, state: 'closed', open: false, closesAt: T + 24 * H, remainingMs: 0 },
    { description: 'is closed 25 h later', lastInboundAt: T, now: T + 25 * H, state: 'closed', open: false, closesAt: T + 24 * H, remainingMs: 0 },
    {
      description: 'is closed when Meta reported 131047 after the last customer message',
      lastInboundAt: T,
      closedByProviderAt: T + 2 * H,
      now: T + 3 * H,
      state: 'closed',
      open: false,
      closesAt: T + 2 * H,
      remainingMs: 0,
    },
    {
      description: 'never has more than 24 h left when the last customer message is ahead of now',
      lastInboundAt: T + 25 * H,
      now: T,
      state: 'open',
      open: true,
      closesAt: T + 24 * H,
      remainingMs: 24 * H,
    },
    {
      description: 'a message a minute ahead of now still leaves exactly 24 h',
      lastInboundAt: T + 60_000,
      now: T,
      state: 'open',
      open: true,
      closesAt: T + 24 * H,
      remainingMs: 24 * H,
    },
    {
      description: "reopens when the customer writes after Meta's 131047",
      lastInboundAt: T + 5 * H,
      closedByProviderAt: T + 2 * H,
      now: T + 6 * H,
      state: 'open',
      open: true,
      closesAt: T + 29 * H,
      remainingMs: 23 * H,
    },
  ])('$description', ({ description: _description, lastInboundAt, closedByProviderAt, now, ...expected }) => {
    expect(replyWindow({ lastInboundAt, closedByProviderAt, now })).toEqual(expected);
  });

  test('the limits are 24 h and 1 h', () => {
    expect(SERVICE_WINDOW_MS).toBe(86_400_000);
    expect(CLOSING_SOON_MS).toBe(3_600_000);
  });
});

describe('latestInbound: only the last customer message counts', () => {
  test.each([
    { description: 'the first message sets it', current: null, incoming: T, expected: T },
    { description: 'a newer message moves it forward', current: T, incoming: T + H, expected: T + H },
    { description: 'an older message delivered late does not move it back', current: T + H, incoming: T, expected: T + H },
  ])('$description', ({ current, incoming, expected }) => {
    expect(latestInbound(current, incoming)).toBe(expected);
  });

  test('a window measured from an older, late message would close too early', () => {
    const last = latestInbound(latestInbound(null, T + 10 * H), T);
    expect(replyWindow({ lastInboundAt: last, now: T + 30 * H }).open).toBe(true);
  });
});
