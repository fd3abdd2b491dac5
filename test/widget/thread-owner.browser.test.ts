/**
 * The thread's header says who owns the conversation and offers "Assign to
 * me" when it is not mine (lazy/ownership.ts), kept current by the
 * `conversation` events on the thread's own stream. Real Chromium, fake connector.
 */
import { beforeEach, describe, expect, test } from 'vitest';
import { BEN, FakeInbox } from './support/fake-inbox';
import { signInPanelSession, ThreadPanelHarness, until } from './support/harness';
import { useFakeConnector } from './support/setup';

const ctx = useFakeConnector();
let inbox: FakeInbox;

beforeEach(() => {
  signInPanelSession();
  inbox = new FakeInbox(ctx.fake);
});

async function open(owner: typeof BEN | null): Promise<ThreadPanelHarness> {
  const conversation = inbox.conversation('Maria Lopez', { owner });
  ctx.fake.contact = conversation.contact;
  ctx.fake.messages = [ctx.fake.message({ text: conversation.lastMessage!.text, at: conversation.lastMessage!.at })];
  return ThreadPanelHarness.ready({ contact: conversation.contact.phone! });
}

describe('the owner in the thread header', () => {
  test('unassigned: Assign to me claims it, and the header then says it is mine', async () => {
    const panel = await open(null);
    await until(() => panel.text('.owner-line .owner') === 'Unassigned');
    await panel.click('Assign to me');
    await until(() => panel.text('.owner-line .owner') === 'Assigned to you');
    expect(inbox.actions).toEqual([{ contact: '+15550100001', type: 'assign', body: { teammateId: 7 } }]);
    expect(panel.button('Assign to me')).toBeUndefined();
  });

  test('Ben’s: the header names him, and follows live when he hands it back', async () => {
    const panel = await open(BEN);
    await until(() => panel.text('.owner-line .owner') === 'Assigned to Ben Carter');
    expect(panel.button('Assign to me')).toBeDefined();
    inbox.change(1, 'change', { owner: null });
    await until(() => panel.text('.owner-line .owner') === 'Unassigned');
  });

  test('a refused claim says why, in the panel’s words', async () => {
    const panel = await open(BEN);
    await until(() => panel.button('Assign to me'));
    inbox.failNextAction = { status: 403, code: 'FORBIDDEN', message: 'You cannot change this conversation.', action: 'Ask an admin.' };
    await panel.click('Assign to me');
    const { catalog } = await import('../../widget/i18n/errors/en');
    const words = catalog.describe({ code: 'FORBIDDEN', message: 'You cannot change this conversation.', action: 'Ask an admin.' });
    await until(() => panel.text('.owner-line .error') === words);
    expect(panel.q('.owner-line .error')!.getAttribute('role')).toBe('alert');
    expect(panel.text('.owner-line .owner')).toBe('Assigned to Ben Carter');
  });

  test('a Zendesk ticket for the conversation shows as a link beside the owner, live when it is created', async () => {
    const panel = await open(null);
    await until(() => panel.text('.owner-line .owner') === 'Unassigned');
    expect(panel.q('.owner-line .host-record')).toBeNull();
    inbox.change(1, 'change', { records: [{ host: 'zendesk', id: '1234', url: 'https://acme.zendesk.com/agent/tickets/1234' }] });
    await until(() => panel.text('.owner-line .host-record') === 'Ticket #1234');
    const link = panel.q('.owner-line .host-record') as HTMLAnchorElement;
    expect(link.href).toBe('https://acme.zendesk.com/agent/tickets/1234');
    expect(link.target).toBe('_blank');
    expect(link.rel).toBe('noopener noreferrer');
  });
});
