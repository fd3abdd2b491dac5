import { describe, expect, test } from 'vitest';
import { advanceStatus, type OutboundStatus } from '@domain/message-status';

describe('advanceStatus: statuses only move forward', () => {
  test.each<{ current: OutboundStatus; incoming: OutboundStatus; expected: OutboundStatus; description: string }>([
    { description: 'sent after acceptance', current: 'accepted', incoming: 'sent', expected: 'sent' },
    { description: 'delivered after sent', current: 'sent', incoming: 'delivered', expected: 'delivered' },
    { description: 'read after delivered', current: 'delivered', incoming: 'read', expected: 'read' },
    { description: 'read without delivered (read at once)', current: 'sent', incoming: 'read', expected: 'read' },
    { description: 'played after read (voice)', current: 'read', incoming: 'played', expected: 'played' },
    { description: 'delivered arriving before sent', current: 'accepted', incoming: 'delivered', expected: 'delivered' },
    { description: 'a late sent after delivered is ignored', current: 'delivered', incoming: 'sent', expected: 'delivered' },
    { description: 'a late delivered after read is ignored', current: 'read', incoming: 'delivered', expected: 'read' },
    { description: 'a repeated status changes nothing', current: 'read', incoming: 'read', expected: 'read' },
    { description: 'failed after sent', current: 'sent', incoming: 'failed', expected: 'failed' },
    { description: 'failed before sent', current: 'accepted', incoming: 'failed', expected: 'failed' },
    { description: 'failed is final', current: 'failed', incoming: 'delivered', expected: 'failed' },
    { description: 'a delivered message cannot fail', current: 'delivered', incoming: 'failed', expected: 'delivered' },
  ])('$description', ({ current, incoming, expected }) => {
    expect(advanceStatus(current, incoming)).toBe(expected);
  });
});
