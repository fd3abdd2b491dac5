import { describe, expect, test } from 'vitest';
import { compareConversations, inConversationView } from '@domain/conversation-order';
import type { ConversationSummary, ConversationViewName } from '@domain/conversations';

const T = Date.UTC(2026, 11, 6, 12, 0, 0);
const M = 60_000;
const ANA = { id: 7, name: 'Ana Souza' };
const BEN = { id: 8, name: 'Ben Carter' };

function summary(id: number, partial: Partial<ConversationSummary> = {}): ConversationSummary {
  return {
    contact: { id, phone: `+1555000${id}`, waId: `1555000${id}`, userId: null, name: null, lastInboundAt: null, windowClosedAt: null },
    state: 'open',
    snoozedUntil: null,
    owner: null,
    waitingSince: null,
    lastMessage: null,
    lastActivityAt: partial.lastMessage?.at ?? 0,
    ...partial,
  };
}

const message = (at: number) => ({ id: at, at, direction: 'in' as const, channel: 'whatsapp' as const, type: 'text', text: 'hi' });

describe('inConversationView: which tabs list a conversation', () => {
  test.each<{ description: string; c: ConversationSummary; views: ConversationViewName[] }>([
    { description: 'open and nobody’s: Unassigned and All', c: summary(1), views: ['unassigned', 'all'] },
    { description: 'open and mine: Mine and All', c: summary(1, { owner: ANA }), views: ['mine', 'all'] },
    { description: 'open and Ben’s: All only', c: summary(1, { owner: BEN }), views: ['all'] },
    { description: 'snoozed and nobody’s: All, not Unassigned', c: summary(1, { state: 'snoozed', snoozedUntil: T + M }), views: ['all'] },
    { description: 'a snooze whose time came is Unassigned again', c: summary(1, { state: 'snoozed', snoozedUntil: T - M }), views: ['unassigned', 'all'] },
    { description: 'snoozed and mine stays in Mine', c: summary(1, { state: 'snoozed', snoozedUntil: T + M, owner: ANA }), views: ['mine', 'all'] },
    { description: 'resolved: Resolved only, whoever owns it', c: summary(1, { state: 'resolved', owner: ANA }), views: ['resolved'] },
  ])('$description', ({ c, views }) => {
    const all: ConversationViewName[] = ['unassigned', 'mine', 'all', 'resolved'];
    expect(all.filter((v) => inConversationView(c, v, ANA.id, T))).toEqual(views);
  });
});

describe('compareConversations: the order of a tab', () => {
  const waitingLong = summary(1, { waitingSince: T - 60 * M, lastMessage: message(T - 5 * M) });
  const waitingShort = summary(2, { waitingSince: T - 10 * M, lastMessage: message(T - 10 * M) });
  const answeredRecently = summary(3, { lastMessage: message(T - M) });
  const answeredLongAgo = summary(4, { lastMessage: message(T - 90 * M) });
  const noMessage = summary(5);
  const rows = [noMessage, answeredLongAgo, waitingShort, answeredRecently, waitingLong];

  test('waiting: longest wait first, then the rest by latest activity, then without messages', () => {
    expect([...rows].sort(compareConversations('waiting')).map((c) => c.contact.id)).toEqual([1, 2, 3, 4, 5]);
  });

  test('activity: latest message first, waiting or not', () => {
    expect([...rows].sort(compareConversations('activity')).map((c) => c.contact.id)).toEqual([3, 1, 2, 4, 5]);
  });

  test('equal keys fall back to the contact id, as the API pages them', () => {
    const a = summary(9, { waitingSince: T });
    const b = summary(3, { waitingSince: T });
    expect([a, b].sort(compareConversations('waiting')).map((c) => c.contact.id)).toEqual([3, 9]);
  });
});
