/**
 * axe-core on <go2msg-inbox> in light and dark: signed out; the list with
 * every kind of row, a row's menu open and a refused action; a thread open
 * beside the list. No violation.
 */
import { beforeEach, describe, expect, test } from 'vitest';
import { axeViolations } from './support/axe';
import { ANA, BEN, FakeInbox } from './support/fake-inbox';
import { signInPanelSession, until } from './support/harness';
import { InboxHarness } from './support/inbox-harness';
import { H, useFakeConnector } from './support/setup';

const ctx = useFakeConnector();
let inbox: FakeInbox;
const THEMES = ['light', 'dark'] as const;

beforeEach(() => {
  inbox = new FakeInbox(ctx.fake);
  const now = ctx.fake.serverNow;
  inbox.conversation('Maria Lopez', { waitingMinutes: 5, unread: 2 });
  inbox.conversation(null, { waitingMinutes: 23 * 60 + 10 });
  inbox.conversation('Joe Park', {
    owner: ANA,
    waitingSince: null,
    unread: 0,
    lastMessage: { id: 1, at: now - H, direction: 'out', channel: 'whatsapp', type: 'text', text: 'Done!' },
  });
  inbox.conversation('Rita Ng', { owner: BEN, state: 'snoozed', snoozedUntil: now + 2 * H, waitingMinutes: 26 * 60 });
});

describe('the inbox, checked by axe-core', () => {
  test.each(THEMES)('signed out, %s theme: no violation', async (theme) => {
    const ui = await InboxHarness.mount({ theme });
    await until(() => ui.q('.signin button'));
    expect(await axeViolations(ui.element)).toEqual([]);
  });

  test.each(THEMES)('every kind of row, a menu open and a refused action, %s theme: no violation', async (theme) => {
    signInPanelSession();
    const ui = await InboxHarness.ready({ theme });
    await ui.tab('all');
    await until(() => ui.rows().length === 4);
    inbox.failNextAction = { status: 409, code: 'CONVERSATION_OWNED', message: 'Ben Carter owns this conversation.', action: 'Ask Ben, or take it over.' };
    ui.row('Rita Ng')!.querySelector<HTMLButtonElement>('.claim')!.click();
    await until(() => ui.row('Rita Ng')?.querySelector('.error'));
    ui.row('Maria Lopez')!.querySelector<HTMLButtonElement>('.more')!.click();
    await until(() => ui.row('Maria Lopez')?.querySelector('[role="menu"] [data-action="assign-8"]'));
    expect(await axeViolations(ui.element)).toEqual([]);
  });

  test.each(THEMES)('a thread open beside the list, %s theme: no violation', async (theme) => {
    signInPanelSession();
    ctx.fake.contact = { ...inbox.conversations[0]!.contact };
    ctx.fake.messages = [ctx.fake.message({ text: inbox.conversations[0]!.lastMessage!.text, at: inbox.conversations[0]!.lastMessage!.at })];
    const ui = await InboxHarness.ready({ theme });
    ui.row('Maria Lopez')!.querySelector<HTMLButtonElement>('button.open')!.click();
    const thread = await until(() => ui.thread());
    await until(() => thread.shadowRoot?.querySelector('.msg'));
    expect(await axeViolations(ui.element)).toEqual([]);
  });
});
