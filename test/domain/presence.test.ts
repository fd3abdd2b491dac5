import { describe, expect, test } from 'vitest';
import {
  collisionSince,
  mergePresence,
  presenceTimes,
  presenceWriteDue,
  TYPING_FOR_MS,
  VIEWING_FOR_MS,
  whoIsHere,
  type PresenceView,
  type SentMessage,
} from '@domain/presence';

const T = Date.UTC(2026, 11, 6, 12, 0, 0);
const ANA = { id: 1, name: 'Ana Souza' };
const BEN = { id: 2, name: 'Ben Carter' };
const ME = { id: 3, name: 'Maya Patel' };

function report(over: Partial<PresenceView> & { teammate: PresenceView['teammate'] }): PresenceView {
  return { panel: `p-${over.teammate.id}`, host: null, viewingUntil: T + VIEWING_FOR_MS, typingUntil: null, at: T, ...over };
}

describe('presenceTimes: how long a report holds', () => {
  test.each([
    {
      description: 'an open panel counts as viewing for a while, not typing',
      report: { typing: false, leaving: false },
      expected: { viewingUntil: T + VIEWING_FOR_MS, typingUntil: null },
    },
    {
      description: 'a typing panel counts as typing for a few seconds',
      report: { typing: true, leaving: false },
      expected: { viewingUntil: T + VIEWING_FOR_MS, typingUntil: T + TYPING_FOR_MS },
    },
    { description: 'a leaving panel is over now, typing or not', report: { typing: true, leaving: true }, expected: { viewingUntil: T, typingUntil: null } },
  ])('$description', ({ report: r, expected }) => {
    expect(presenceTimes(r, T)).toEqual(expected);
  });
});

describe('presenceWriteDue: repeats are not written again while the last one holds', () => {
  const viewing = { typing: false, leaving: false };
  const typing = { typing: true, leaving: false };
  test.each([
    { description: 'the first report is written', last: undefined, next: viewing, now: T, expected: true },
    { description: 'the same report a moment later is not', last: { typing: false, at: T }, next: viewing, now: T + 1_000, expected: false },
    {
      description: 'the same report a third of its life later is (it keeps the panel shown)',
      last: { typing: false, at: T },
      next: viewing,
      now: T + VIEWING_FOR_MS / 3,
      expected: true,
    },
    { description: 'starting to type is written at once', last: { typing: false, at: T }, next: typing, now: T + 100, expected: true },
    { description: 'stopping typing is written at once', last: { typing: true, at: T }, next: viewing, now: T + 100, expected: true },
    { description: 'still typing a moment later is not', last: { typing: true, at: T }, next: typing, now: T + 1_000, expected: false },
    {
      description: 'still typing a third of the typing life later is',
      last: { typing: true, at: T },
      next: typing,
      now: T + TYPING_FOR_MS / 3,
      expected: true,
    },
    { description: 'leaving is always written', last: { typing: false, at: T }, next: { typing: false, leaving: true }, now: T + 1, expected: true },
  ])('$description', ({ last, next, now, expected }) => {
    expect(presenceWriteDue(last, next, now)).toBe(expected);
  });
});

describe('whoIsHere: who a panel shows', () => {
  test('never me, never a report that ran out, typing first, then by name', () => {
    const shown = whoIsHere(
      [
        report({ teammate: ME }),
        report({ teammate: BEN, host: 'crm:acme.example' }),
        report({ teammate: ANA, host: 'zendesk:acme.zendesk.com', typingUntil: T + TYPING_FOR_MS }),
        report({ teammate: { id: 4, name: 'Zoe Left' }, viewingUntil: T }),
      ],
      ME.id,
      T + 1,
    );
    expect(shown).toEqual([
      { teammateId: ANA.id, name: 'Ana Souza', host: 'zendesk:acme.zendesk.com', typing: true },
      { teammateId: BEN.id, name: 'Ben Carter', host: 'crm:acme.example', typing: false },
    ]);
  });

  test('typing ends by the clock while the panel stays', () => {
    expect(whoIsHere([report({ teammate: ANA, typingUntil: T + TYPING_FOR_MS })], ME.id, T + TYPING_FOR_MS)).toEqual([
      { teammateId: ANA.id, name: 'Ana Souza', host: null, typing: false },
    ]);
  });

  test('two panels of one teammate on one host are one line, typing if either is; another host is another line', () => {
    const shown = whoIsHere(
      [
        report({ teammate: BEN, panel: 'a' }),
        report({ teammate: BEN, panel: 'b', typingUntil: T + TYPING_FOR_MS }),
        report({ teammate: BEN, panel: 'c', host: 'zendesk:acme.zendesk.com' }),
      ],
      ME.id,
      T,
    );
    expect(shown).toEqual([
      { teammateId: BEN.id, name: 'Ben Carter', host: null, typing: true },
      { teammateId: BEN.id, name: 'Ben Carter', host: 'zendesk:acme.zendesk.com', typing: false },
    ]);
  });
});

describe('mergePresence: the newest report of each panel wins', () => {
  test('an older report arriving late (a replayed event) does not undo a newer one', () => {
    const left = report({ teammate: BEN, viewingUntil: T + 5_000, at: T + 5_000 });
    const merged = mergePresence(mergePresence(new Map(), left), report({ teammate: BEN, at: T }));
    expect(merged.get(left.panel)).toBe(left);
  });
});

describe('collisionSince: someone else answered after I started my draft', () => {
  const out = (at: number, sender: SentMessage['sender']): SentMessage => ({ direction: 'out', at, sender });
  const started = T;
  test.each<{ description: string; messages: SentMessage[]; startedAt: number | null; expected: number | null }>([
    { description: 'nothing sent since: no warning', messages: [out(T - 1_000, BEN_SENDER())], startedAt: started, expected: null },
    {
      description: "another teammate's reply after I started: warned with the latest",
      messages: [out(T + 1_000, BEN_SENDER()), out(T + 5_000, { teammateId: ANA.id, name: ANA.name })],
      startedAt: started,
      expected: T + 5_000,
    },
    { description: 'my own messages never warn', messages: [out(T + 1_000, { teammateId: ME.id, name: ME.name })], startedAt: started, expected: null },
    { description: "the customer's messages never warn", messages: [{ direction: 'in', at: T + 1_000, sender: null }], startedAt: started, expected: null },
    { description: 'messages with no teammate (the connector’s own) never warn', messages: [out(T + 1_000, null)], startedAt: started, expected: null },
    { description: 'no draft started: no warning', messages: [out(T + 1_000, BEN_SENDER())], startedAt: null, expected: null },
  ])('$description', ({ messages, startedAt, expected }) => {
    expect(collisionSince(messages, ME.id, startedAt)?.at ?? null).toBe(expected);
  });
});

function BEN_SENDER() {
  return { teammateId: BEN.id, name: BEN.name };
}
