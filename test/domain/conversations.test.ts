import { describe, expect, test } from 'vitest';
import {
  applyConversationAction,
  checkMayReply,
  effectiveState,
  searchDigits,
  searchTerms,
  SEARCH_TERMS_MAX,
  SNOOZE_MAX_MS,
  type ConversationAction,
  type ConversationState,
} from '@domain/conversations';
import { isDomainError } from '@domain/errors';
import { SHEENA_WA_ID } from '../support/fixtures';

const T = Date.UTC(2026, 11, 6, 12, 0, 0);
const H = 60 * 60 * 1000;

describe('effectiveState: a snooze ends by itself', () => {
  test.each<{ description: string; state: ConversationState; snoozedUntil: number | null; now: number; expected: ConversationState }>([
    { description: 'open stays open', state: 'open', snoozedUntil: null, now: T, expected: 'open' },
    { description: 'resolved stays resolved', state: 'resolved', snoozedUntil: null, now: T, expected: 'resolved' },
    { description: 'snoozed until later is snoozed', state: 'snoozed', snoozedUntil: T + H, now: T, expected: 'snoozed' },
    { description: 'snoozed is open again the moment its time comes', state: 'snoozed', snoozedUntil: T, now: T, expected: 'open' },
    { description: 'snoozed with no time (never written so) counts as open', state: 'snoozed', snoozedUntil: null, now: T, expected: 'open' },
  ])('$description', ({ state, snoozedUntil, now, expected }) => {
    expect(effectiveState({ state, snoozedUntil }, now)).toBe(expected);
  });
});

describe('applyConversationAction: what a teammate changes', () => {
  const open = { state: 'open' as const, snoozedUntil: null, ownerId: null };
  test.each<{
    description: string;
    current: { state: ConversationState; snoozedUntil: number | null; ownerId: number | null };
    action: ConversationAction;
    expected: object | null;
  }>([
    {
      description: 'resolving an open conversation resolves it',
      current: open,
      action: { type: 'resolve' },
      expected: { state: 'resolved', snoozedUntil: null },
    },
    {
      description: 'resolving a snoozed one resolves it and drops the snooze',
      current: { state: 'snoozed', snoozedUntil: T + H, ownerId: 3 },
      action: { type: 'resolve' },
      expected: { state: 'resolved', snoozedUntil: null },
    },
    { description: 'resolving a resolved one changes nothing', current: { ...open, state: 'resolved' }, action: { type: 'resolve' }, expected: null },
    {
      description: 'reopening a resolved one opens it',
      current: { ...open, state: 'resolved' },
      action: { type: 'reopen' },
      expected: { state: 'open', snoozedUntil: null },
    },
    { description: 'reopening an open one changes nothing', current: open, action: { type: 'reopen' }, expected: null },
    {
      description: 'reopening one whose snooze has ended changes nothing',
      current: { state: 'snoozed', snoozedUntil: T - 1, ownerId: null },
      action: { type: 'reopen' },
      expected: null,
    },
    { description: 'snoozing sets the time', current: open, action: { type: 'snooze', until: T + H }, expected: { state: 'snoozed', snoozedUntil: T + H } },
    {
      description: 'snoozing again to another time moves it',
      current: { state: 'snoozed', snoozedUntil: T + H, ownerId: null },
      action: { type: 'snooze', until: T + 2 * H },
      expected: { state: 'snoozed', snoozedUntil: T + 2 * H },
    },
    {
      description: 'snoozing again to the same time changes nothing',
      current: { state: 'snoozed', snoozedUntil: T + H, ownerId: null },
      action: { type: 'snooze', until: T + H },
      expected: null,
    },
    {
      description: 'snoozing as far as 90 days is allowed',
      current: open,
      action: { type: 'snooze', until: T + SNOOZE_MAX_MS },
      expected: { state: 'snoozed', snoozedUntil: T + SNOOZE_MAX_MS },
    },
    { description: 'assigning sets the owner', current: open, action: { type: 'assign', teammateId: 7 }, expected: { ownerId: 7 } },
    { description: 'unassigning clears it', current: { ...open, ownerId: 7 }, action: { type: 'assign', teammateId: null }, expected: { ownerId: null } },
    { description: 'assigning to the owner changes nothing', current: { ...open, ownerId: 7 }, action: { type: 'assign', teammateId: 7 }, expected: null },
    {
      description: 'assigning leaves a resolved conversation resolved',
      current: { ...open, state: 'resolved' },
      action: { type: 'assign', teammateId: 7 },
      expected: { ownerId: 7 },
    },
  ])('$description', ({ current, action, expected }) => {
    expect(applyConversationAction(current, action, T)).toEqual(expected);
  });

  test.each([
    { description: 'a snooze into the past is refused', until: T - 1 },
    { description: 'a snooze to now is refused', until: T },
    { description: 'a snooze beyond 90 days is refused', until: T + SNOOZE_MAX_MS + 1 },
    { description: 'a snooze to a time that is not a whole number is refused', until: T + 0.5 },
  ])('$description, naming the field', ({ until }) => {
    try {
      applyConversationAction({ state: 'open', snoozedUntil: null, ownerId: null }, { type: 'snooze', until }, T);
      expect.unreachable();
    } catch (error) {
      expect(isDomainError(error) && error.code).toBe('VALIDATION_FAILED');
      expect(isDomainError(error) && error.details).toMatchObject({ field: 'until' });
    }
  });
});

describe('searchTerms: the words of a search, never search syntax', () => {
  test.each([
    { q: 'parcel arrived', expected: ['parcel', 'arrived'] },
    { q: '  Parcel   PARCEL ', expected: ['parcel'] },
    { q: '"parcel" OR * NEAR(x', expected: ['parcel', 'or', 'near', 'x'] },
    { q: 'São Paulo', expected: ['sao', 'paulo'] },
    { q: 'ÁNGELA Núñez', expected: ['angela', 'nunez'] },
    { q: 'ｆｕｌｌ width', expected: ['full', 'width'] },
    { q: '%_\'";--', expected: [] },
    { q: '', expected: [] },
  ])('"$q" → $expected', ({ q, expected }) => {
    expect(searchTerms(q)).toEqual(expected);
  });

  test(`keeps at most ${SEARCH_TERMS_MAX} words`, () => {
    expect(searchTerms('a b c d e f g h i j k')).toHaveLength(SEARCH_TERMS_MAX);
  });
});

describe('searchDigits: a search that looks like a phone number', () => {
  test.each([
    { q: '+1 (650) 555-1234', expected: SHEENA_WA_ID },
    { q: '5551234', expected: '5551234' },
    { q: '555', expected: '555' },
    { q: '55', expected: null },
    { q: 'ana 555', expected: null },
    { q: '1234567890123456', expected: null },
  ])('"$q" → $expected', ({ q, expected }) => {
    expect(searchDigits(q)).toBe(expected);
  });
});

describe('checkMayReply: the optional owner-only rule', () => {
  const ben = { id: 2, name: 'Ben Carter' };
  test.each([
    { description: 'anyone replies when the rule is off', owner: ben, sender: { id: 1, role: 'agent' }, ownerOnly: false, refused: false },
    { description: 'anyone replies to an unassigned conversation', owner: null, sender: { id: 1, role: 'agent' }, ownerOnly: true, refused: false },
    { description: 'the owner replies', owner: ben, sender: { id: 2, role: 'agent' }, ownerOnly: true, refused: false },
    { description: 'an admin replies to anyone’s conversation', owner: ben, sender: { id: 3, role: 'admin' }, ownerOnly: true, refused: false },
    { description: 'another agent is refused', owner: ben, sender: { id: 1, role: 'agent' }, ownerOnly: true, refused: true },
  ])('$description', ({ owner, sender, ownerOnly, refused }) => {
    const attempt = () => checkMayReply(owner, sender, ownerOnly);
    if (!refused) expect(attempt).not.toThrow();
    else {
      try {
        attempt();
        expect.unreachable();
      } catch (error) {
        expect(isDomainError(error) && error.code).toBe('CONVERSATION_OWNED');
        expect(isDomainError(error) && error.details).toEqual({ owner: 'Ben Carter', ownerId: 2 });
      }
    }
  });
});
