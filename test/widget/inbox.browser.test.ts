/**
 * <go2msg-inbox> in real Chromium against the in-page fake connector (its
 * conversation routes answer in @domain's types): tabs and counts, live
 * arrival and order, unread, claim / resolve / snooze and their errors,
 * search, pages, keys, opening a thread or telling the host.
 */
import { beforeEach, describe, expect, test } from 'vitest';
import { FakeInbox, BEN } from './support/fake-inbox';
import { signInPanelSession, signOutPanelSession, until } from './support/harness';
import { InboxHarness } from './support/inbox-harness';
import { useFakeConnector } from './support/setup';

const ctx = useFakeConnector();
let inbox: FakeInbox;
const M = 60_000;

beforeEach(() => {
  signInPanelSession();
  inbox = new FakeInbox(ctx.fake);
});

/** Three customers: Maria waits longest, Joe is Ben's, and one without a name. */
function seed(): void {
  inbox.conversation('Maria Lopez', { waitingMinutes: 5, unread: 2 });
  inbox.conversation(null, { waitingMinutes: 2 });
  inbox.conversation('Joe Park', { waitingMinutes: 30, owner: BEN });
  inbox.conversation('Rita Ng', { waitingMinutes: 60, state: 'resolved', waitingSince: null });
}

describe('signed out', () => {
  test('the inbox asks to sign in with its own words, on the panel’s sign-in screen', async () => {
    signOutPanelSession();
    const ui = await InboxHarness.mount();
    await until(() => ui.q('.signin button.sign-in'));
    expect(ui.q('.signin p')!.textContent).toBe('Sign in with your company account to see the team’s WhatsApp conversations.');
    expect(inbox.pageRequests).toEqual([]);
  });
});

describe('tabs and rows', () => {
  test('Unassigned lists who waits longest first, with names a screen reader can use, and every tab has its count', async () => {
    seed();
    const ui = await InboxHarness.ready();
    expect(ui.rows()).toEqual(['Maria Lopez, waiting 5 minutes, 2 unread, unassigned', '+15550100002, waiting 2 minutes, 1 unread, unassigned']);
    expect(ui.tabs()).toEqual([
      { name: 'Unassigned', selected: true, count: '2' },
      { name: 'Mine', selected: false, count: '0' },
      { name: 'All', selected: false, count: '3' },
      { name: 'Resolved', selected: false, count: '1' },
    ]);
    // A number is isolated left-to-right, a name as its own text direction.
    expect(ui.row('+15550100002')!.querySelector('.name bdi')!.getAttribute('dir')).toBe('ltr');
    expect(ui.row('Maria')!.querySelector('.badge')!.getAttribute('data-state')).toBe('open');
    expect(ui.row('Maria')!.querySelector('.unread')!.textContent).toBe('2');
  });

  test('the tabs are a tablist: arrows move to the next tab and show it', async () => {
    seed();
    const ui = await InboxHarness.ready();
    const tablist = ui.q('[role="tablist"]')!;
    ui.q<HTMLButtonElement>('#tab-unassigned')!.focus();
    ui.key(ui.focused()!, 'ArrowRight');
    await until(() => ui.focused()?.id === 'tab-mine');
    ui.key(ui.focused()!, 'ArrowRight');
    await until(() => ui.focused()?.id === 'tab-all');
    await until(() => ui.rows()[0]?.startsWith('Joe Park'));
    expect(ui.tabs().find((t) => t.selected)?.name).toBe('All');
    expect(inbox.pageRequests.at(-1)!.get('view')).toBe('all');
    expect(ui.q('#inbox-list')!.getAttribute('aria-labelledby')).toBe('tab-all');
    expect(tablist.querySelectorAll('[tabindex="0"]')).toHaveLength(1);
    expect(ui.label(ui.row('Joe Park'))).toContain('Ben Carter’s');
  });
});

describe('live', () => {
  test('a new customer appears at once, the counts follow, and a customer writing again moves up with one more unread', async () => {
    seed();
    const ui = await InboxHarness.ready({ open: 'event' });
    inbox.newCustomer('Sam Diaz', 'Is the shop open on Sunday?');
    await until(() => ui.row('Sam Diaz'));
    expect(ui.rows().map((r) => r.split(',')[0])).toEqual(['Maria Lopez', '+15550100002', 'Sam Diaz']);
    await until(() => ui.count('unassigned') === 3);

    // The unnamed customer writes again: still waiting since their first message, one more unread.
    ctx.fake.serverNow += M;
    inbox.change(2, 'change', { waitingSince: ctx.fake.serverNow - 10 * M });
    inbox.customerWrites(2, 'Hello??');
    await until(() => ui.rows()[0]?.startsWith('+15550100002'));
    expect(ui.rows()[0]).toContain('2 unread');
    expect(ui.row('+15550100002')!.querySelector('.preview')!.textContent).toBe('Hello??');
  });

  test('a conversation Ben claims leaves Unassigned live; one resolved elsewhere leaves All', async () => {
    seed();
    const ui = await InboxHarness.ready();
    inbox.change(1, 'change', { owner: BEN });
    await until(() => !ui.row('Maria'));
    await until(() => ui.count('unassigned') === 1);
    await ui.tab('all');
    await until(() => ui.row('Maria'));
    inbox.change(1, 'change', { state: 'resolved', waitingSince: null });
    await until(() => !ui.row('Maria'));
    await until(() => ui.count('resolved') === 2);
  });

  test('the open conversation has no unread: its thread opens beside the list and its new messages are read there', async () => {
    seed();
    const ui = await InboxHarness.ready();
    ui.row('Maria')!.querySelector<HTMLButtonElement>('button.open')!.click();
    const thread = await until(() => ui.thread());
    expect(thread.getAttribute('contact')).toBe('+15550100001');
    expect(ui.row('Maria')!.querySelector('.unread')).toBeNull();
    inbox.customerWrites(1, 'Are you there?');
    inbox.customerWrites(2, 'And me?');
    await until(() => ui.rows()[1]?.includes('2 unread'));
    expect(ui.rows()[0]).not.toContain('unread');
  });
});

describe('acting on a conversation', () => {
  test('Assign to me claims it: the connector is asked, the row moves to Mine', async () => {
    seed();
    const ui = await InboxHarness.ready();
    ui.row('Maria')!.querySelector<HTMLButtonElement>('.claim')!.click();
    await until(() => !ui.row('Maria'));
    expect(inbox.actions).toEqual([{ contact: '+15550100001', type: 'assign', body: { teammateId: 7 } }]);
    await until(() => ui.count('mine') === 1);
    await ui.tab('mine');
    await until(() => ui.row('Maria'));
    expect(ui.rows()[0]).toContain('yours');
  });

  test('assign to a teammate, unassign and resolve from the row menu', async () => {
    seed();
    const ui = await InboxHarness.ready();
    await ui.tab('all');
    await until(() => ui.row('Maria'));
    await ui.menu('Maria', `assign-${BEN.id}`);
    await until(() => ui.label(ui.row('Maria'))?.includes('Ben Carter’s'));
    await ui.menu('Maria', 'unassign');
    await until(() => ui.label(ui.row('Maria'))?.endsWith('unassigned'));
    await ui.menu('Maria', 'resolve');
    await until(() => !ui.row('Maria'));
    expect(inbox.actions.map((a) => [a.type, a.body])).toEqual([
      ['assign', { teammateId: BEN.id }],
      ['assign', { teammateId: null }],
      ['resolve', undefined],
    ]);
    await ui.tab('resolved');
    await ui.menu('Maria', 'reopen');
    await until(() => !ui.row('Maria'));
    expect(inbox.actions.at(-1)!.type).toBe('reopen');
  });

  test('snooze for an hour sends a time an hour ahead of the connector’s clock; the row leaves Unassigned', async () => {
    seed();
    const ui = await InboxHarness.ready();
    await ui.menu('Maria', 'snooze-hour');
    await until(() => !ui.row('Maria'));
    const until1h = (inbox.actions[0]!.body as { until: number }).until;
    expect(Math.abs(until1h - (ctx.fake.serverNow + 60 * M))).toBeLessThan(5_000);
  });

  test('when the snooze’s time comes, the conversation is back in Unassigned by itself (here the sandbox clock jumps)', async () => {
    seed();
    const ui = await InboxHarness.ready();
    await ui.menu('Maria', 'snooze-hour');
    await until(() => !ui.row('Maria'));
    ctx.fake.push({ type: 'clock', now: ctx.fake.serverNow + 61 * M });
    await until(() => ui.row('Maria'));
    expect(ui.rows()[0]).toMatch(/^Maria Lopez, waiting 1 hour/);
  });

  test('a conversation snoozed elsewhere comes back into view when its time comes (the counts are read again each minute)', async () => {
    seed();
    inbox.conversation('Nina Ortiz', { state: 'snoozed', snoozedUntil: ctx.fake.serverNow + 10 * M, waitingMinutes: 90 });
    const ui = await InboxHarness.ready();
    expect(ui.rows()).toHaveLength(2);
    ctx.fake.serverNow += 11 * M;
    ctx.fake.push({ type: 'clock', now: ctx.fake.serverNow });
    await until(() => ui.row('Nina Ortiz'));
    expect(ui.count('unassigned')).toBe(3);
    expect(ui.rows()[0]).toMatch(/^Nina Ortiz/);
  });

  test('a refused action says why and what to do, on its row', async () => {
    seed();
    const ui = await InboxHarness.ready();
    const refusal = { status: 403, code: 'FORBIDDEN', message: 'You cannot change this conversation.', action: 'Ask an admin.' };
    inbox.failNextAction = refusal;
    ui.row('Maria')!.querySelector<HTMLButtonElement>('.claim')!.click();
    // The connector's English shows at once; the panel's own words replace it when the table has loaded.
    const { catalog } = await import('../../widget/i18n/errors/en');
    const words = catalog.describe(refusal);
    const error = await until(() => {
      const shown = ui.row('Maria')?.querySelector('.error[role="alert"]');
      return shown?.textContent === words ? shown : null;
    });
    expect(error.getAttribute('data-code')).toBe('FORBIDDEN');
  });

  test('in Spanish, the tabs, the rows and a refusal are in Spanish (the panel’s error tables)', async () => {
    seed();
    const ui = await InboxHarness.ready({ lang: 'es' });
    expect(ui.tabs().map((t) => t.name)).toEqual(['Sin asignar', 'Mías', 'Todas', 'Resueltas']);
    expect(ui.rows()[0]).toBe('Maria Lopez, esperando 5 minutos, 2 sin leer, sin asignar');
    inbox.failNextAction = { status: 403, code: 'FORBIDDEN', message: 'You cannot change this conversation.', action: 'Ask an admin.' };
    ui.row('Maria')!.querySelector<HTMLButtonElement>('.claim')!.click();
    await until(() => ui.row('Maria')?.querySelector('.error')?.textContent === 'No tienes permiso para hacer esto. Pide acceso a un administrador.');
  });

  test("with no lang of its own it follows the host page's <html lang>, live, as the panel does", async () => {
    seed();
    const before = document.documentElement.lang;
    try {
      document.documentElement.lang = 'pt-BR';
      const ui = await InboxHarness.ready();
      expect(ui.tabs().map((t) => t.name)).toEqual(['Sem responsável', 'Minhas', 'Todas', 'Resolvidas']);
      document.documentElement.lang = 'es';
      await until(() => ui.tabs()[0]?.name === 'Sin asignar');
    } finally {
      document.documentElement.lang = before;
    }
  });

  test('the row menu follows the menu pattern: first item focused, arrows move, Escape closes back to its button', async () => {
    seed();
    const ui = await InboxHarness.ready();
    const row = ui.row('Maria')!;
    const more = row.querySelector<HTMLButtonElement>('.more')!;
    more.click();
    await until(() => ui.focused()?.getAttribute('role') === 'menuitem');
    expect(more.getAttribute('aria-expanded')).toBe('true');
    const first = ui.focused()!;
    ui.key(first, 'ArrowDown');
    expect(ui.focused()).not.toBe(first);
    ui.key(ui.focused()!, 'Escape');
    await until(() => ui.focused() === more);
    expect(row.querySelector('[role="menu"]')).toBeNull();
    // Going elsewhere (here, the search box) closes it too, and focus stays where the teammate went.
    more.click();
    await until(() => ui.focused()?.getAttribute('role') === 'menuitem');
    const search = ui.q<HTMLInputElement>('input.search')!;
    search.focus();
    await until(() => !row.querySelector('[role="menu"]'));
    expect(ui.focused()).toBe(search);
  });
});

describe('search, pages and keys', () => {
  test('search waits for a pause in typing, then asks the connector once', async () => {
    seed();
    const ui = await InboxHarness.ready();
    const before = inbox.pageRequests.length;
    await ui.search('m');
    await ui.search('ma');
    await ui.search('mar');
    await until(() => ui.rows().length === 1);
    expect(
      inbox.pageRequests
        .slice(before)
        .filter((p) => p.get('q') !== null)
        .map((p) => p.get('q')),
    ).toEqual(['mar']);
    expect(ui.rows()[0]).toMatch(/^Maria Lopez/);
    await ui.search('zebra');
    await until(() => ui.q('.empty')?.textContent === 'No conversation matches “zebra”.');
  });

  test('the end of the list loads the next page; no row shows twice', async () => {
    for (let i = 0; i < 7; i++) inbox.conversation(`Customer ${i}`, { waitingMinutes: 60 - i });
    inbox.pageSize = 3;
    const ui = await InboxHarness.ready({}, document.body, { width: 1100, height: 2000 });
    await until(() => ui.rows().length === 7);
    expect(new Set(ui.rows()).size).toBe(7);
    expect(ui.q('.load-more')).toBeNull();
    expect(inbox.pageRequests.filter((p) => p.get('cursor')).map((p) => p.get('cursor'))).toEqual(['3', '6']);
  });

  test('arrow keys and j/k move between rows, Enter opens the one reached', async () => {
    seed();
    const ui = await InboxHarness.ready();
    const first = ui.q<HTMLButtonElement>('button.open')!;
    expect(ui.qa('button.open[tabindex="0"]')).toEqual([first]);
    first.focus();
    ui.key(first, 'j');
    await until(() => ui.label(ui.focused())?.startsWith('+15550100002'));
    ui.key(ui.focused()!, 'k');
    await until(() => ui.label(ui.focused())?.startsWith('Maria'));
    ui.key(ui.focused()!, 'ArrowDown');
    await until(() => ui.label(ui.focused())?.startsWith('+15550100002'));
    // Enter on a button is a click, as the browser does it.
    (ui.focused() as HTMLButtonElement).click();
    await until(() => ui.thread()?.getAttribute('contact') === '+15550100002');
    expect(ui.focused()?.getAttribute('aria-current')).toBe('true');
  });
});

describe('opening a conversation in the host', () => {
  test('open="event" fires a composed, bubbling go2msg-open-conversation with the contact, and opens no thread', async () => {
    seed();
    const host = document.createElement('div');
    document.body.append(host);
    const shadow = host.attachShadow({ mode: 'open' });
    const ui = await InboxHarness.ready({ open: 'event' }, shadow);
    const seen: string[] = [];
    document.addEventListener('go2msg-open-conversation', (e) => seen.push(e.detail.contact), { once: true });
    ui.row('Maria')!.querySelector<HTMLButtonElement>('button.open')!.click();
    expect(seen).toEqual(['+15550100001']);
    await ui.element.updateComplete;
    expect(ui.thread()).toBeNull();
  });
});
