/**
 * The inbox's alerts in real Chromium: which changes alert (a table), the
 * browser notification with the permission really granted to the test
 * browser (vite.config.ts `grantNotifications`; the page's Notification is the
 * real one, wrapped only to record what was shown), the permission asked only
 * from a click, the optional chime, and the count in the page's title.
 */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { commands } from 'vitest/browser';
import type { ConversationChangeCause, ConversationSummary } from '@domain/conversations';
import { alertFor } from '../../widget/components/inbox/alert-rule';
import { snoozeUntil } from '../../widget/components/inbox/durations';
import { ANA, BEN, FakeInbox } from './support/fake-inbox';
import { signInPanelSession, until } from './support/harness';
import { InboxHarness } from './support/inbox-harness';
import { useFakeConnector } from './support/setup';

declare module 'vitest/browser' {
  interface BrowserCommands {
    grantNotifications: () => Promise<void>;
    clearPermissions: () => Promise<void>;
  }
}

const T = Date.UTC(2026, 11, 7, 15, 0, 0);
const M = 60_000;

function summary(partial: Partial<ConversationSummary> = {}): ConversationSummary {
  return {
    contact: { id: 1, phone: '+15550001', waId: '15550001', userId: null, name: 'Maria', lastInboundAt: T, windowClosedAt: null },
    state: 'open',
    snoozedUntil: null,
    owner: null,
    waitingSince: T,
    lastMessage: { id: 10, at: T, direction: 'in', channel: 'whatsapp', type: 'text', text: 'hi' },
    lastActivityAt: T,
    ...partial,
  };
}
const said = (id: number, direction: 'in' | 'out' = 'in') => ({ lastMessage: { id, at: T, direction, channel: 'whatsapp' as const, type: 'text', text: 'x' } });

describe('alertFor: what calls for attention', () => {
  test.each<{
    description: string;
    before: ConversationSummary | undefined;
    after: ConversationSummary;
    cause?: ConversationChangeCause;
    lookingAt?: number;
    expected: ReturnType<typeof alertFor>;
  }>([
    { description: 'a customer never seen before, unassigned', before: undefined, after: summary(), expected: 'new' },
    {
      description: 'a customer writing again in a resolved conversation (open again, nobody’s)',
      before: summary({ state: 'resolved', waitingSince: null, ...said(9) }),
      after: summary(),
      expected: 'new',
    },
    {
      description: 'a customer whose answered conversation starts waiting again',
      before: summary({ waitingSince: null, ...said(9, 'out') }),
      after: summary(),
      expected: 'new',
    },
    { description: 'a second message while already waiting unassigned: no second alert', before: summary({ ...said(9) }), after: summary(), expected: null },
    { description: 'a customer message in one of mine', before: summary({ owner: ANA, ...said(9) }), after: summary({ owner: ANA }), expected: 'message' },
    { description: 'a customer message in Ben’s', before: summary({ owner: BEN, ...said(9) }), after: summary({ owner: BEN }), expected: null },
    { description: 'my own reply', before: summary({ owner: ANA }), after: summary({ owner: ANA, waitingSince: null, ...said(11, 'out') }), expected: null },
    { description: 'a claim, with no new message', before: summary(), after: summary({ owner: BEN }), expected: null },
    {
      description: 'the conversation I am looking at',
      before: summary({ owner: ANA, ...said(9) }),
      after: summary({ owner: ANA }),
      lookingAt: 1,
      expected: null,
    },
    {
      description: 'Ben snoozes a waiting conversation this inbox had not loaded: nobody wrote',
      before: undefined,
      after: summary({ state: 'snoozed' }),
      cause: 'change',
      expected: null,
    },
    {
      description: 'someone assigns me a conversation this inbox had not loaded: nobody wrote',
      before: undefined,
      after: summary({ owner: ANA }),
      cause: 'change',
      expected: null,
    },
  ])('$description → $expected', ({ before, after, cause = 'customer_message', lookingAt, expected }) => {
    expect(alertFor(before, after, cause, ANA.id, lookingAt ?? null, T)).toBe(expected);
  });
});

describe('snooze presets, in the teammate’s time zone', () => {
  test('1 hour, tomorrow at 9:00, next Monday at 9:00', () => {
    const wednesday = new Date(2026, 11, 9, 16, 30).getTime();
    expect(snoozeUntil('hour', wednesday)).toBe(wednesday + 60 * M);
    expect(new Date(snoozeUntil('tomorrow', wednesday))).toEqual(new Date(2026, 11, 10, 9, 0));
    expect(new Date(snoozeUntil('nextWeek', wednesday))).toEqual(new Date(2026, 11, 14, 9, 0));
    const monday = new Date(2026, 11, 14, 8, 0).getTime();
    expect(new Date(snoozeUntil('nextWeek', monday))).toEqual(new Date(2026, 11, 21, 9, 0));
  });
});

describe('alerts in the page', () => {
  const ctx = useFakeConnector();
  let inbox: FakeInbox;
  let shown: Array<{ title: string; body: string | undefined }>;
  let instances: Notification[];
  const RealNotification = window.Notification;
  const realTitle = document.title;

  beforeEach(() => {
    signInPanelSession();
    inbox = new FakeInbox(ctx.fake);
    shown = [];
    instances = [];
    // The real constructor, recorded: the browser itself decides whether it may show.
    window.Notification = class extends RealNotification {
      constructor(title: string, options?: NotificationOptions) {
        super(title, options);
        shown.push({ title, body: options?.body });
        instances.push(this);
      }
    } as typeof Notification;
  });

  afterEach(async () => {
    window.Notification = RealNotification;
    document.title = realTitle;
    await commands.clearPermissions();
  });

  test('with notifications granted: a new unassigned customer and a message in one of mine alert, with the count in the title; my own send and the open conversation do not', async () => {
    await commands.grantNotifications();
    expect(Notification.permission).toBe('granted');
    document.title = 'Acme CRM';
    const mine = inbox.conversation('Joe Park', {
      owner: ANA,
      waitingSince: null,
      lastMessage: { id: 1, at: ctx.fake.serverNow - M, direction: 'out', channel: 'whatsapp', type: 'text', text: 'Done!' },
    });
    const ui = await InboxHarness.ready();
    expect(ui.q('.alerts-on')?.textContent).toBe('Alerts on');

    inbox.newCustomer('Sam Diaz', 'Is the shop open on Sunday?');
    await until(() => shown.length === 1);
    expect(shown[0]).toEqual({ title: 'New WhatsApp conversation: Sam Diaz', body: 'Is the shop open on Sunday?' });
    expect(document.title).toBe('(1) Acme CRM');

    inbox.customerWrites(mine.contact.id, 'One more question');
    await until(() => shown.length === 2);
    expect(shown[1]).toEqual({ title: 'New message from Joe Park', body: 'One more question' });
    expect(document.title).toBe('(2) Acme CRM');

    // My own reply: a conversation event with an outbound last message, no alert.
    inbox.change(mine.contact.id, 'agent_message', {
      waitingSince: null,
      lastMessage: { id: 99_001, at: ctx.fake.serverNow, direction: 'out', channel: 'whatsapp', type: 'text', text: 'Sure' },
    });
    // Opening Sam's conversation settles its alert.
    await until(() => ui.row('Sam Diaz'));
    ui.row('Sam Diaz')!.querySelector<HTMLButtonElement>('button.open')!.click();
    await until(() => document.title === '(1) Acme CRM');
    // Joe's, opened too: nothing left, the title is the page's own again.
    await ui.tab('mine');
    await until(() => ui.row('Joe Park'));
    ui.row('Joe Park')!.querySelector<HTMLButtonElement>('button.open')!.click();
    await until(() => document.title === 'Acme CRM');
    // Joe writes while his conversation is open beside the list: no alert (it would be one otherwise, see above).
    inbox.customerWrites(mine.contact.id, 'Thanks!');
    await until(() => ui.row('Joe Park')?.querySelector('.preview')?.textContent === 'Thanks!');
    expect(shown.map((s) => s.title)).toEqual(['New WhatsApp conversation: Sam Diaz', 'New message from Joe Park']);
    expect(document.title).toBe('Acme CRM');
    // The page in a background tab: the open conversation is not being looked at, so Joe's next message alerts.
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    try {
      inbox.customerWrites(mine.contact.id, 'Still there?');
      await until(() => shown.length === 3);
      expect(shown[2]!.title).toBe('New message from Joe Park');
    } finally {
      delete (document as { visibilityState?: unknown }).visibilityState;
    }
    expect(document.visibilityState).toBe('visible');
  });

  test('clicking a notification opens its conversation, even from another tab', async () => {
    await commands.grantNotifications();
    inbox.conversation('Joe Park', { owner: ANA });
    const ui = await InboxHarness.ready();
    await ui.tab('mine');
    await until(() => ui.row('Joe Park'));
    inbox.newCustomer('Sam Diaz', 'Hi there');
    await until(() => instances.length === 1);
    instances[0]!.onclick!(new Event('click'));
    await until(() => ui.thread()?.getAttribute('contact') === inbox.conversations.find((c) => c.contact.name === 'Sam Diaz')!.contact.phone);
  });

  test('the permission is asked only when the teammate clicks Enable alerts, never on load', async () => {
    const asked: number[] = [];
    const realRequest = RealNotification.requestPermission.bind(RealNotification);
    window.Notification.requestPermission = () => {
      asked.push(Date.now());
      return realRequest();
    };
    expect(Notification.permission).toBe('default');
    inbox.conversation('Maria Lopez');
    const ui = await InboxHarness.ready();
    inbox.newCustomer('Sam Diaz', 'Hi');
    await until(() => ui.row('Sam Diaz'));
    expect(asked).toEqual([]);
    expect(shown).toEqual([]);
    ui.q<HTMLButtonElement>('.enable-alerts')!.click();
    expect(asked).toHaveLength(1);
  });

  test('the chime is off until the teammate turns Sound on', async () => {
    const contexts: AudioContext[] = [];
    const RealAudio = window.AudioContext;
    window.AudioContext = class extends RealAudio {
      constructor() {
        super();
        contexts.push(this);
      }
    };
    try {
      const ui = await InboxHarness.ready();
      const sound = ui.q<HTMLInputElement>('.alerts input[type="checkbox"]')!;
      expect(sound.checked).toBe(false);
      inbox.newCustomer('Sam Diaz', 'Hi');
      await until(() => ui.row('Sam Diaz'));
      expect(contexts).toHaveLength(0);
      sound.click();
      inbox.newCustomer('Lee Wong', 'Hello');
      await until(() => contexts.length === 1);
    } finally {
      window.AudioContext = RealAudio;
    }
  });
});
