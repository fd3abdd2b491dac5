/**
 * Presence and the collision warning in the thread panel (lazy/presence.ts),
 * in real Chromium against the fake connector: who else is on the thread
 * with their host, typing, leaving; what the panel reports; and the warning
 * before a reply crosses a teammate's answer, in Spanish and Portuguese too,
 * with the draft kept. The two-browser version against the real connector is
 * test/e2e/presence.test.ts.
 */
import { beforeEach, describe, expect, test } from 'vitest';
import type { PresenceView } from '@domain/presence';
import { BEN, FakeInbox } from './support/fake-inbox';
import { signInPanelSession, ThreadPanelHarness, until } from './support/harness';
import { useFakeConnector } from './support/setup';

const ctx = useFakeConnector();
let reports: Array<{ panel: string; typing: boolean; leaving: boolean }>;
let present: PresenceView[];

beforeEach(() => {
  signInPanelSession();
  new FakeInbox(ctx.fake);
  reports = [];
  present = [];
  ctx.fake.routes.push(async (request, path) => {
    if (!path.endsWith('/presence') || request.method !== 'POST') return null;
    reports.push(await request.json());
    return ctx.fake.json(200, { serverNow: ctx.fake.serverNow, present });
  });
});

const ben = (over: Partial<PresenceView> = {}): PresenceView => {
  const now = Date.now();
  return { panel: 'panel-ben', teammate: BEN, host: 'zendesk:acme.zendesk.com', viewingUntil: now + 45_000, typingUntil: null, at: now, ...over };
};
const presenceText = (panel: ThreadPanelHarness) =>
  panel
    .qa('.presence .who')
    .map((e) => e.textContent)
    .join(' | ');

/** A panel on a thread with the window open, once its presence part (a lazy chunk) has reported itself. */
async function open(lang = 'en'): Promise<ThreadPanelHarness> {
  ctx.fake.messages = [ctx.fake.message({ text: 'Hola, ¿dónde está mi pedido?', at: ctx.fake.serverNow - 60_000 })];
  ctx.fake.contact.lastInboundAt = ctx.fake.serverNow - 60_000;
  const panel = await ThreadPanelHarness.ready({ attributes: { lang } });
  await until(() => reports.length > 0);
  return panel;
}

describe('who else is on the thread', () => {
  test('the panel says it is here when it opens, and shows who already was, with their host', async () => {
    present = [ben()];
    const panel = await open();
    await until(() => presenceText(panel) === 'Ben Carter (Zendesk) is viewing');
    expect(reports[0]).toMatchObject({ typing: false, leaving: false });
    expect(reports[0]!.panel).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('live: Ben starts typing, then leaves; my own reports never show', async () => {
    const panel = await open();
    ctx.fake.push({ type: 'presence', presence: { ...ben(), teammate: { id: 7, name: 'Ana Souza' }, panel: reports[0]!.panel } });
    ctx.fake.push({ type: 'presence', presence: ben({ typingUntil: Date.now() + 8_000 }) });
    await until(() => presenceText(panel) === 'Ben Carter (Zendesk) is typing…');
    ctx.fake.push({ type: 'presence', presence: ben({ viewingUntil: Date.now(), at: Date.now() + 1 }) });
    await until(() => presenceText(panel) === '');
  });

  test('typing a reply reports typing; emptying the box reports it stopped', async () => {
    const panel = await open();
    await panel.typeMessage('Un momento');
    await until(() => reports.at(-1)?.typing === true);
    await panel.typeMessage('');
    await until(() => reports.at(-1)?.typing === false && reports.length === 3);
  });
});

describe('the warning before a reply crosses a teammate’s answer', () => {
  test('a draft typed as the panel opens (maybe before its presence part listens) is guarded too', async () => {
    ctx.fake.messages = [ctx.fake.message({ text: 'Hello?', at: ctx.fake.serverNow - 60_000 })];
    ctx.fake.contact.lastInboundAt = ctx.fake.serverNow - 60_000;
    const panel = await ThreadPanelHarness.ready();
    await panel.typeMessage('Typed at once');
    await until(() => reports.length > 0);
    ctx.fake.push({
      type: 'message',
      message: ctx.fake.message({
        text: 'Ben was faster',
        direction: 'out',
        status: 'sent',
        sender: { teammateId: BEN.id, name: BEN.name },
        at: Date.now() + 1,
      }),
    });
    await until(() => panel.qa('.msg.out').length === 1);
    await panel.pressEnter();
    await panel.find('[role="alertdialog"]');
    expect(ctx.fake.sent).toEqual([]);
  });

  const benReplies = (text: string) =>
    ctx.fake.push({
      type: 'message',
      message: ctx.fake.message({ text, direction: 'out', status: 'sent', sender: { teammateId: BEN.id, name: BEN.name }, at: Date.now() + 1 }),
    });

  test.each([
    { lang: 'en', question: /^Ben Carter replied \d+ sec\. ago — send anyway\?$/, sendAnyway: 'Send anyway', cancel: 'Cancel' },
    { lang: 'es', question: /^Ben Carter respondió hace \d+ s: ¿enviar de todos modos\?$/, sendAnyway: 'Enviar de todos modos', cancel: 'Cancelar' },
    { lang: 'pt-BR', question: /^Ben Carter respondeu há \d+ seg\.: enviar mesmo assim\?$/, sendAnyway: 'Enviar mesmo assim', cancel: 'Cancelar' },
  ])('$lang: held with Ben’s reply shown; Cancel keeps the draft, Send anyway sends it', async ({ lang, question, sendAnyway, cancel }) => {
    const panel = await open(lang);
    await panel.typeMessage('Ya lo reviso');
    benReplies('Ya salió esta mañana.');
    await until(() => panel.qa('.msg.out').length === 1);

    await panel.pressEnter();
    const dialog = await panel.find('[role="alertdialog"]');
    expect(dialog.querySelector('.question')!.textContent).toMatch(question);
    expect(dialog.querySelector('blockquote')!.textContent).toBe('Ya salió esta mañana.');
    await until(() => panel.root.activeElement?.textContent === cancel);
    expect(ctx.fake.sent).toEqual([]);

    await panel.click(cancel);
    await until(() => !panel.q('[role="alertdialog"]'));
    expect(panel.draft.value).toBe('Ya lo reviso');
    await until(() => panel.root.activeElement?.id === 'draft');

    benReplies('Llega mañana.');
    await until(() => panel.qa('.msg.out').length === 2);
    await panel.pressEnter();
    await panel.click(sendAnyway);
    await until(() => ctx.fake.sent.length === 1);
    expect(ctx.fake.sent[0]!.body).toMatchObject({ type: 'text', text: { body: 'Ya lo reviso' } });
  });

  test('Escape cancels and Tab stays between the two choices', async () => {
    const panel = await open();
    await panel.typeMessage('On it');
    benReplies('Done already.');
    await until(() => panel.qa('.msg.out').length === 1);
    await panel.pressEnter();
    await until(() => panel.root.activeElement?.textContent === 'Cancel');
    const key = (k: string, shiftKey = false) =>
      panel.root.activeElement!.dispatchEvent(new KeyboardEvent('keydown', { key: k, shiftKey, bubbles: true, composed: true, cancelable: true }));
    key('Tab');
    expect(panel.root.activeElement?.textContent).toBe('Send anyway');
    key('Tab', true);
    expect(panel.root.activeElement?.textContent).toBe('Cancel');
    key('Escape');
    await until(() => !panel.q('[role="alertdialog"]'));
    expect(panel.draft.value).toBe('On it');
    expect(ctx.fake.sent).toEqual([]);
  });
});
