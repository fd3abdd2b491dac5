/**
 * Several business numbers in the panel and the inbox (real Chromium, fake connector): a customer
 * who wrote to Support and to Sales has two rows, each saying which number it is with and opening
 * that thread; the thread's header says which number replies go from and lets the agent switch to
 * the customer's thread with another number. With one number, nothing of this shows.
 */
import { beforeEach, describe, expect, test } from 'vitest';
import type { BusinessNumber } from '@domain/business-numbers';
import { FakeInbox } from './support/fake-inbox';
import { signInPanelSession, ThreadPanelHarness, until } from './support/harness';
import { InboxHarness } from './support/inbox-harness';
import { useFakeConnector } from './support/setup';
import { SALES_DISPLAY_NUMBER, SALES_NUMBER_ID, SUPPORT_DISPLAY_NUMBER, SUPPORT_NUMBER_ID } from '../support/fixtures';

const NUMBERS: BusinessNumber[] = [
  { id: SUPPORT_NUMBER_ID, displayPhoneNumber: SUPPORT_DISPLAY_NUMBER, label: 'Support' },
  { id: SALES_NUMBER_ID, displayPhoneNumber: SALES_DISPLAY_NUMBER, label: 'Sales' },
];

const ctx = useFakeConnector();
let inbox: FakeInbox;

beforeEach(() => {
  signInPanelSession();
  inbox = new FakeInbox(ctx.fake);
});

/** Maria wrote to Support five minutes ago and to Sales two minutes ago: two conversations. */
function mariaOnBoth(): void {
  const support = inbox.conversation('Maria Lopez', { waitingMinutes: 5, text: 'my order is late' });
  support.contact.phoneNumberId = SUPPORT_NUMBER_ID;
  const sales = inbox.conversation('Maria Lopez', { waitingMinutes: 2, text: 'a quote, please' });
  sales.contact = { ...sales.contact, phone: support.contact.phone, waId: support.contact.waId, phoneNumberId: SALES_NUMBER_ID };
}

describe('the inbox with several numbers', () => {
  test('each of a customer’s threads is its own row saying which number it is with, and opens that thread', async () => {
    inbox.numbers = NUMBERS;
    mariaOnBoth();
    const ui = await InboxHarness.ready();
    await until(() => ui.qa('.conv .via').length === 2);
    expect(ui.qa('.conv .via').map((v) => v.textContent)).toEqual([`via Support +${SUPPORT_DISPLAY_NUMBER}`, `via Sales +${SALES_DISPLAY_NUMBER}`]);
    expect(ui.rows()[1]).toContain(`Maria Lopez, via Sales +${SALES_DISPLAY_NUMBER}`);
    ui.qa<HTMLButtonElement>('button.open')[1]!.click();
    await until(() => ui.thread()?.getAttribute('contact') === `+15550100001@${SALES_NUMBER_ID}`);
  });

  test('with one number the rows name none, and the thread is the customer’s alone', async () => {
    inbox.numbers = [NUMBERS[0]!];
    inbox.conversation('Maria Lopez');
    const ui = await InboxHarness.ready();
    await until(() => ui.rows().length === 1);
    expect(ui.qa('.conv .via')).toEqual([]);
  });
});

describe('the thread with several numbers', () => {
  async function open(): Promise<ThreadPanelHarness> {
    inbox.numbers = NUMBERS;
    mariaOnBoth();
    const support = inbox.conversations[0]!;
    ctx.fake.contact = support.contact;
    return ThreadPanelHarness.ready({ contact: `${support.contact.phone!}@${SUPPORT_NUMBER_ID}` });
  }

  test('the header says which number replies go from, and picking another opens the customer’s thread with it', async () => {
    const panel = await open();
    const select = await panel.find<HTMLSelectElement>('.owner-line .reply-from select');
    await until(() => select.options.length === 2);
    expect(panel.text('.owner-line .reply-from')).toContain('Replies go from');
    expect([...select.options].map((o) => o.textContent)).toEqual([`Support +${SUPPORT_DISPLAY_NUMBER}`, `Sales +${SALES_DISPLAY_NUMBER}`]);
    expect(select.value).toBe(SUPPORT_NUMBER_ID);
    select.value = SALES_NUMBER_ID;
    select.dispatchEvent(new Event('change'));
    await until(() => panel.element.contact === `+15550100001@${SALES_NUMBER_ID}`);
  });

  test("on the thread with Sales the header names Sales's own display name and quality, not the default number's", async () => {
    ctx.fake.businessProfile = { name: 'Acme Shop', verified: true };
    ctx.fake.numberHealth = { qualityRating: 'GREEN', messagingTier: 'TIER_1K' };
    inbox.numbers = [
      NUMBERS[0]!,
      {
        ...NUMBERS[1]!,
        health: {
          phoneNumberId: SALES_NUMBER_ID,
          displayPhoneNumber: SALES_DISPLAY_NUMBER,
          verifiedName: 'Acme Sales',
          nameStatus: 'APPROVED',
          officialBusinessAccount: false,
          qualityRating: 'RED',
          messagingLimit: { tier: 'TIER_250', perDay: 250 },
          throughput: { level: 'STANDARD', perSecond: 80 },
          status: 'CONNECTED',
          limitChange: null,
          checkedAt: 0,
        },
      } as BusinessNumber,
    ];
    mariaOnBoth();
    const [support, sales] = inbox.conversations;
    ctx.fake.contact = sales!.contact;
    const panel = await ThreadPanelHarness.ready({ contact: `${sales!.contact.phone!}@${SALES_NUMBER_ID}` });
    await until(() => panel.text('.business-name') === 'Sending as Acme Sales');
    expect(panel.q('.verified')).toBeNull();
    expect(panel.q('.health')!.dataset.quality).toBe('RED');
    // The customer's thread with Support names the default number's profile, as before.
    ctx.fake.contact = support!.contact;
    panel.element.contact = `${support!.contact.phone!}@${SUPPORT_NUMBER_ID}`;
    await until(() => panel.text('.business-name') === 'Sending as Acme Shop');
  });

  test('with one number the header offers no choice', async () => {
    inbox.numbers = [NUMBERS[0]!];
    const conversation = inbox.conversation('Maria Lopez');
    conversation.contact.phoneNumberId = SUPPORT_NUMBER_ID;
    ctx.fake.contact = conversation.contact;
    const panel = await ThreadPanelHarness.ready({ contact: conversation.contact.phone! });
    await until(() => panel.text('.owner-line .owner') === 'Unassigned');
    expect(panel.q('.reply-from')).toBeNull();
  });
});
