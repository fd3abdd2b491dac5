/**
 * The team inbox rendered in Chromium and saved under docs/images/ for the
 * README: a full 1366×768 page in light and dark with a thread open, and a
 * 400 px host frame (list alone, then the thread alone with its back link).
 * Each test checks the state it pictures.
 */
import { beforeEach, describe, expect, test } from 'vitest';
import { page } from 'vitest/browser';
import { ANA, BEN, FakeInbox } from './support/fake-inbox';
import { drawn, signInPanelSession, until } from './support/harness';
import { InboxHarness } from './support/inbox-harness';
import { H, useFakeConnector } from './support/setup';

const ctx = useFakeConnector();
let inbox: FakeInbox;
const M = 60_000;

beforeEach(() => {
  signInPanelSession();
  inbox = new FakeInbox(ctx.fake);
  const now = ctx.fake.serverNow;
  inbox.conversation('Maria Lopez', { waitingMinutes: 42, unread: 3, text: 'Hola, my parcel says delivered but it is not here.' });
  inbox.conversation('Sheena Nelson', { waitingMinutes: 18, unread: 1, text: 'Can I change the delivery address?' });
  inbox.conversation(null, { waitingMinutes: 23 * 60 + 20, unread: 1, text: 'Do you ship to Lisbon?' });
  inbox.conversation('Joe Park', { owner: ANA, waitingMinutes: 6, unread: 2, text: 'The tracking link does not open' });
  inbox.conversation('Rita Ng', {
    owner: BEN,
    waitingSince: null,
    unread: 0,
    lastMessage: { id: 77, at: now - 2 * H, direction: 'out', channel: 'whatsapp', type: 'text', text: 'Your refund is on its way.' },
  });
  inbox.conversation('Kenji Sato', {
    waitingSince: null,
    unread: 0,
    contact: { id: 99, phone: '+819012345678', waId: '819012345678', userId: null, name: 'Kenji Sato', lastInboundAt: now - 30 * H, windowClosedAt: null },
    lastMessage: { id: 78, at: now - 30 * H, direction: 'in', channel: 'whatsapp', type: 'text', text: 'Thanks, all good!' },
  });
});

async function shoot(ui: InboxHarness, name: string, viewport: { width: number; height: number }): Promise<void> {
  await page.viewport(viewport.width, viewport.height);
  await ui.element.updateComplete;
  await drawn();
  await page.screenshot({ element: ui.element, path: `../../docs/images/${name}.png` });
}

async function openMaria(ui: InboxHarness): Promise<void> {
  const maria = inbox.conversations[0]!;
  ctx.fake.contact = maria.contact;
  ctx.fake.messages = [
    ctx.fake.message({ text: 'Hi, I ordered a lamp last week (#4821).', at: maria.lastMessage!.at - 2 * M }),
    ctx.fake.message({ text: maria.lastMessage!.text, at: maria.lastMessage!.at }),
  ];
  ui.row('Maria Lopez')!.querySelector<HTMLButtonElement>('button.open')!.click();
  const thread = await until(() => ui.thread());
  await until(() => thread.shadowRoot?.querySelectorAll('.msg').length === 2 && thread.shadowRoot.querySelector('.owner-line'));
}

describe('what the inbox looks like', () => {
  for (const theme of ['light', 'dark'] as const) {
    test(`1366×768, ${theme}: All, a thread open beside the list`, async () => {
      const ui = await InboxHarness.ready({ theme }, document.body, { width: 1340, height: 740 });
      await ui.tab('all');
      await until(() => ui.rows().length === 6);
      await openMaria(ui);
      expect(ui.q('.thread-pane go2msg-thread')!.getBoundingClientRect().width).toBeGreaterThan(800);
      await shoot(ui, `inbox-${theme}`, { width: 1366, height: 768 });
    });
  }

  test('a 400 px host frame: the list alone, then the thread alone with a way back', async () => {
    const ui = await InboxHarness.ready({}, document.body, { width: 400, height: 700 });
    await until(() => ui.rows().length === 4);
    expect(ui.q('.list-pane')!.getBoundingClientRect().width).toBeGreaterThan(390);
    await shoot(ui, 'inbox-narrow-list', { width: 424, height: 724 });
    await openMaria(ui);
    await until(() => ui.q('.list-pane')!.getBoundingClientRect().width === 0);
    expect(ui.q('.close-thread')!.getBoundingClientRect().width).toBeGreaterThan(0);
    await shoot(ui, 'inbox-narrow-thread', { width: 424, height: 724 });
    ui.q<HTMLButtonElement>('.close-thread')!.click();
    await until(() => ui.q('.list-pane')!.getBoundingClientRect().width > 390);
  });
});
