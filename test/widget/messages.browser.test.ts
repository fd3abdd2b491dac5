/** The thread: what each message shows, pages, virtualization, live updates, read receipts, keyboard. */
import { beforeEach, describe, expect, test } from 'vitest';
import { describeFailure, META_ERRORS } from '@domain/meta-errors';
import type { MessageView } from '@domain/views';
import { VIRTUALIZE_FROM } from '../../widget/components/thread/thread';
import { oggOpusFile, pdfFile, pngImage } from './support/files';
import { signInPanelSession, ThreadPanelHarness, until } from './support/harness';
import { useFakeConnector } from './support/setup';
import { SHEENA } from '../support/fixtures';

const ctx = useFakeConnector();
const ana = { teammateId: 7, name: 'Ana Souza' };

beforeEach(() => {
  signInPanelSession();
  ctx.fake.contact.lastInboundAt = ctx.fake.serverNow - 60_000;
});

describe('each message', () => {
  test('shows direction, sender, time and status ticks with a label', async () => {
    ctx.fake.messages = [
      ctx.fake.message({ text: 'hi' }),
      ctx.fake.message({ direction: 'out', text: 'hello', status: 'read', sender: ana }),
      ctx.fake.message({ direction: 'out', text: 'oops', status: 'failed', sender: ana, failure: describeFailure(131026, 'Message undeliverable') }),
    ];
    const panel = await ThreadPanelHarness.ready();
    const log = await panel.find('[role="log"]');
    expect(log.getAttribute('aria-label')).toBe('Messages with Sheena Nelson');
    expect(panel.messages().map((m) => (m.classList.contains('out') ? 'out' : 'in'))).toEqual(['in', 'out', 'out']);
    const time = new Intl.DateTimeFormat('en', { hour: '2-digit', minute: '2-digit' }).format(ctx.fake.serverNow);
    expect(panel.qa('.ticks').map((t) => t.getAttribute('aria-label'))).toEqual([`Read at ${time}`, `Not delivered at ${time}`]);
    expect(panel.text('.failure')).toBe(`${META_ERRORS[131026]!.reason} ${META_ERRORS[131026]!.action}`);
    expect(panel.qa('.msg.out .sender').map((s) => s.textContent)).toEqual(['Ana Souza', 'Ana Souza']);
    expect(panel.q('.msg time')!.getAttribute('datetime')).toBe(new Date(ctx.fake.serverNow).toISOString());
  });

  test('draws ticks at least as large as WhatsApp’s (16 × 11 px), named with when the status came: "Read at 4:36 PM"', async () => {
    const readAt = ctx.fake.serverNow + 7 * 60_000;
    ctx.fake.messages = [
      ctx.fake.message({ direction: 'out', text: 'read one', status: 'read', statusAt: readAt, sender: ana }),
      ctx.fake.message({ direction: 'out', text: 'delivered one', status: 'delivered', statusAt: ctx.fake.serverNow, sender: ana }),
      ctx.fake.message({ direction: 'out', text: 'queued one', status: 'queued', sender: ana }),
    ];
    const panel = await ThreadPanelHarness.ready();
    await panel.waitForMessage('queued one');
    const clock = new Intl.DateTimeFormat('en', { hour: '2-digit', minute: '2-digit' });
    const ticks = panel.qa('.msg .ticks');
    expect(ticks.map((t) => t.getAttribute('aria-label'))).toEqual([
      `Read at ${clock.format(readAt)}`,
      `Delivered at ${clock.format(ctx.fake.serverNow)}`,
      `Waiting to send at ${clock.format(ctx.fake.serverNow)}`,
    ]);
    for (const tick of ticks) {
      expect(tick.getAttribute('role')).toBe('img');
      const box = tick.getBoundingClientRect();
      expect(box.width).toBeGreaterThanOrEqual(16);
      expect(box.height).toBeGreaterThanOrEqual(11);
      // Drawn, not typed: nothing that needs an emoji font.
      expect(tick.textContent!.trim()).toBe('');
    }
  });

  test('shows a sent template as the customer saw it: header, body with its values, footer and buttons', async () => {
    ctx.fake.messages = [
      ctx.fake.message({
        direction: 'out',
        type: 'template',
        status: 'delivered',
        sender: ana,
        text: 'Hi Sheena, your order was shipped.',
        content: { name: 'order_update', language: { code: 'en_US' } },
        template: {
          header: { text: 'Order #4821' },
          body: 'Hi Sheena, your order was shipped.',
          footer: 'Lucky Shrub',
          buttons: [
            { type: 'URL', text: 'Track order' },
            { type: 'QUICK_REPLY', text: 'Talk to an agent' },
          ],
        },
      }),
      ctx.fake.message({
        direction: 'out',
        type: 'template',
        status: 'sent',
        sender: ana,
        text: 'Your invoice is attached.',
        content: { name: 'invoice_ready' },
        template: { header: { media: 'document' }, body: 'Your invoice is attached.', footer: null, buttons: [] },
      }),
    ];
    const panel = await ThreadPanelHarness.ready();
    const order = await until(() => panel.message('Order #4821'));
    expect(order.querySelector('.tpl-header')!.textContent).toBe('Order #4821');
    expect(order.querySelector('.text')!.textContent).toBe('Hi Sheena, your order was shipped.');
    expect(order.querySelector('.tpl-footer')!.textContent).toBe('Lucky Shrub');
    expect([...order.querySelectorAll('.offered li')].map((b) => b.textContent)).toEqual(['Track order', 'Talk to an agent']);
    const invoice = panel.message('Your invoice is attached.')!;
    expect(invoice.querySelector('.media-note')!.textContent).toBe('Document');
  });

  test('names a sender the host vouched for as "name via host"', async () => {
    ctx.fake.messages = [
      ctx.fake.message({ direction: 'out', text: 'from the helpdesk', status: 'sent', sender: { ...ana, host: 'Zendesk' } as MessageView['sender'] }),
    ];
    const panel = await ThreadPanelHarness.ready();
    await until(() => panel.text('.sender') === 'Ana Souza via Zendesk');
  });

  test('names a reply the business sent from the WhatsApp Business app (coexistence) as such, not as "You"', async () => {
    ctx.fake.messages = [
      ctx.fake.message({ direction: 'out', text: 'typed on the phone', status: 'delivered', sender: null, origin: 'phone_app' }),
      ctx.fake.message({ direction: 'out', text: "from the app's history", status: 'read', sender: null, origin: 'history' }),
      ctx.fake.message({ direction: 'out', text: 'from go2msg', status: 'sent', sender: null }),
    ];
    const panel = await ThreadPanelHarness.ready({ attributes: { lang: 'es' } });
    await until(() => panel.qa('.msg.out .sender')[0]?.textContent === 'Desde la app WhatsApp Business');
    expect(panel.qa('.msg.out .sender').map((s) => s.textContent)).toEqual(['Desde la app WhatsApp Business', 'Desde la app WhatsApp Business', 'Tú']);
  });

  test('shows an image thumbnail fetched with the bearer token, and opens it in a viewer', async () => {
    const image = await pngImage();
    const m = ctx.fake.message({ type: 'image', text: 'the label', content: { caption: 'the label' } });
    m.media = ctx.fake.media('image', image);
    ctx.fake.messages = [m];
    const panel = await ThreadPanelHarness.ready();
    const thumb = await until(() => panel.q<HTMLImageElement>('.thumb img'));
    expect(thumb.src).toMatch(/^blob:/);
    expect(thumb.alt).toBe('the label');
    expect(panel.text('.msg .text')).toBe('the label');
    panel.q<HTMLButtonElement>('.thumb')!.click();
    const dialog = await panel.find<HTMLDialogElement>('dialog.viewer');
    await until(() => dialog.open);
    expect(dialog.querySelector('img')!.src).toBe(thumb.src);
    expect(getComputedStyle(dialog).backgroundColor).toBe('rgb(0, 0, 0)');
    dialog.querySelector<HTMLButtonElement>('.viewer-close')!.click();
    await until(() => !panel.q('dialog.viewer'));
  });

  test('plays voice notes and audio, and loads a video only when asked', async () => {
    const voice = ctx.fake.message({ type: 'audio', text: null, content: {} });
    voice.media = ctx.fake.media('audio', oggOpusFile(), { voice: true });
    const video = ctx.fake.message({ type: 'video', text: null, content: {} });
    video.media = ctx.fake.media('video', new Blob([new Uint8Array(2048)], { type: 'video/mp4' }));
    ctx.fake.messages = [voice, video];
    const panel = await ThreadPanelHarness.ready();
    const audio = await until(() => panel.q<HTMLAudioElement>('.audio audio'));
    expect(audio.getAttribute('aria-label')).toBe('Voice message');
    expect(audio.src).toMatch(/^blob:/);
    expect(panel.q('video')).toBeNull();
    await panel.click(/Play video/);
    const player = await until(() => panel.q<HTMLVideoElement>('video.video'));
    expect(player.controls).toBe(true);
  });

  test('shows a document as a card with its name and size, downloadable', async () => {
    const m = ctx.fake.message({ type: 'document', text: null, content: { filename: 'invoice-4821.pdf' } });
    m.media = ctx.fake.media('document', pdfFile(), { filename: 'invoice-4821.pdf', mimeType: 'application/pdf', size: 48_000 });
    ctx.fake.messages = [m];
    const panel = await ThreadPanelHarness.ready();
    await panel.find('.doc');
    expect(panel.text('.doc-name')).toBe('invoice-4821.pdf');
    expect(panel.text('.doc-size')).toBe('47 KB · PDF');
    expect(panel.button('Download')).toBeDefined();
  });

  test('says when a file is still arriving or could not be fetched', async () => {
    const pending = ctx.fake.message({ type: 'image', text: null, content: {} });
    pending.media = { ...ctx.fake.media('image', new Blob()), status: 'pending' };
    const failed = ctx.fake.message({ type: 'image', text: null, content: {} });
    failed.media = { ...ctx.fake.media('image', new Blob()), status: 'failed', failure: 'Meta answered 404.' };
    ctx.fake.messages = [pending, failed];
    const panel = await ThreadPanelHarness.ready();
    await until(() => panel.qa('.media-note').length === 2);
    expect(panel.qa('.media-note').map((n) => n.textContent!.trim())).toEqual([
      'The file is still arriving from WhatsApp.',
      'The file could not be fetched from WhatsApp. Meta answered 404.',
    ]);
  });

  test('shows a location as a map link, a contact as a card, interactive replies and what buttons were offered', async () => {
    ctx.fake.messages = [
      ctx.fake.message({
        type: 'location',
        text: null,
        content: { latitude: 38.8977, longitude: -77.0365, name: 'Pickup point', address: '1600 Pennsylvania Ave' },
      }),
      ctx.fake.message({
        type: 'contacts',
        text: null,
        content: {
          contacts: [
            {
              name: { formatted_name: 'Barbara Johnson' },
              phones: [{ phone: '+1 (650) 555-1234', type: 'CELL' }],
              emails: [{ email: 'bjohnson@example.com' }],
              org: { company: 'Acme' },
            },
          ],
        },
      }),
      ctx.fake.message({ type: 'interactive', text: 'Yes', content: { type: 'button_reply', button_reply: { id: 'option-1', title: 'Yes' } } }),
      ctx.fake.message({
        direction: 'out',
        sender: ana,
        status: 'read',
        type: 'interactive',
        text: 'Did it arrive?',
        content: {
          type: 'button',
          body: { text: 'Did it arrive?' },
          action: {
            buttons: [
              { type: 'reply', reply: { id: 'a', title: 'Yes' } },
              { type: 'reply', reply: { id: 'b', title: 'No' } },
            ],
          },
        },
      }),
    ];
    const panel = await ThreadPanelHarness.ready();
    const map = await panel.find<HTMLAnchorElement>('a.map');
    expect(map.href).toBe('https://www.openstreetmap.org/?mlat=38.8977&mlon=-77.0365#map=16/38.8977/-77.0365');
    expect(map.rel).toBe('noopener noreferrer');
    expect(panel.text('.loc-title')).toBe('📍 Pickup point');
    expect(panel.text('.card')).toBe('👤 Barbara Johnson Acme +1 (650) 555-1234 bjohnson@example.com');
    expect(panel.text('.choice')).toBe('Replied with a button: Yes');
    expect(panel.qa('.offered li').map((b) => b.textContent)).toEqual(['Yes', 'No']);
  });

  test('shows reactions, quoted replies, forwarded and ad referrals', async () => {
    const question = ctx.fake.message({ text: 'Can I change the address?' });
    question.reactions = [
      { emoji: '👍', direction: 'out', sender: ana, at: ctx.fake.serverNow },
      { emoji: '🙏', direction: 'in', sender: null, at: ctx.fake.serverNow },
    ];
    const answer = ctx.fake.message({
      direction: 'out',
      sender: ana,
      status: 'delivered',
      text: 'Yes, until it ships.',
      replyTo: { wamid: question.wamid!, id: question.id, direction: 'in', type: 'text', text: 'Can I change the address?' },
    });
    const forwarded = ctx.fake.message({
      text: 'Look at this deal',
      forwarded: 'frequently_forwarded',
      referral: { sourceUrl: 'https://fb.me/ad1', sourceType: 'ad', headline: 'Spring sale', body: '20% off' },
    });
    const unknownQuote = ctx.fake.message({ text: 'and this?', replyTo: { wamid: 'wamid.elsewhere', id: null, direction: null, type: null, text: null } });
    ctx.fake.messages = [question, answer, forwarded, unknownQuote];
    const panel = await ThreadPanelHarness.ready();
    await panel.find('.reactions');
    expect(panel.qa('.reactions li').map((r) => r.getAttribute('aria-label'))).toEqual(['👍 from Ana Souza', '🙏 from Sheena Nelson']);
    expect(panel.message('Yes, until it ships.')!.querySelector('.quote')!.textContent!.replace(/\s+/g, ' ').trim()).toBe(
      'Sheena Nelson Can I change the address?',
    );
    expect(panel.text('.forwarded')).toBe('↪ Forwarded many times');
    expect(panel.text('.referral')).toBe('From an ad Spring sale 20% off https://fb.me/ad1');
    expect(panel.message('and this?')!.querySelector('.quote-text')!.textContent).toBe('A message that is not shown here');
  });

  test('shows types the panel does not know as a clear placeholder', async () => {
    ctx.fake.messages = [
      ctx.fake.message({ type: 'unsupported', text: null, content: {} }),
      ctx.fake.message({ type: 'call_permission_reply', text: null, content: {} }),
    ];
    const panel = await ThreadPanelHarness.ready();
    await until(() => panel.qa('.placeholder').length === 2);
    expect(panel.qa('.placeholder').map((p) => p.textContent)).toEqual([
      'This unsupported message cannot be shown here.',
      'This call_permission_reply message cannot be shown here.',
    ]);
  });
});

describe('pages of the thread', () => {
  const seed = (n: number) => {
    ctx.fake.messages = Array.from({ length: n }, (_, i) => ctx.fake.message({ text: `message ${i + 1}`, at: ctx.fake.serverNow - (n - i) * 60_000 }));
  };

  test('shows the last 50, then loads earlier pages by keyset cursor, keeping the reading position', async () => {
    seed(120);
    const panel = await ThreadPanelHarness.ready();
    expect(panel.messages()).toHaveLength(50);
    expect(panel.messages()[0]!.textContent).toContain('message 71');
    // The header's owner line arrives with its own lazy chunk and moves the log down a line: measured after it.
    await until(() => panel.text('.owner-line .owner') === 'Unassigned');
    await new Promise(requestAnimationFrame);
    const scroll = panel.q('.scroll')!;
    const anchor = panel.message('message 71')!;
    const before = anchor.getBoundingClientRect().top;
    await panel.click('Load earlier messages');
    await until(() => panel.messages().length === 100);
    // The reading position is restored after layout: two frames later it has been drawn.
    await new Promise(requestAnimationFrame);
    await new Promise(requestAnimationFrame);
    expect(ctx.fake.threadRequests.map((r) => r.before)).toEqual([null, String(ctx.fake.messages[70]!.id)]);
    // The message the agent was reading stays where it was (within a line), instead of jumping 50 messages.
    expect(Math.abs(panel.message('message 71')!.getBoundingClientRect().top - before)).toBeLessThan(24);
    expect(panel.message('message 71')).toBe(anchor);
    expect(scroll.scrollTop).toBeGreaterThan(0);
    await panel.click('Load earlier messages');
    await until(() => panel.messages().length === 120);
    expect(panel.button('Load earlier messages')).toBeUndefined();
    expect(panel.text('.beginning')).toBe('This is the beginning of the conversation.');
  });

  test(`virtualizes only threads of ${VIRTUALIZE_FROM} messages or more, with the position of each in the whole`, async () => {
    seed(260);
    const panel = await ThreadPanelHarness.ready();
    for (let loaded = 50; loaded < 260; loaded = panel.messages().length) {
      expect(panel.q('.log')!.dataset.virtual).toBe('false');
      await panel.click('Load earlier messages');
      await until(() => panel.messages().length > loaded || panel.q('.log')!.dataset.virtual === 'true');
      if (panel.q('.log')!.dataset.virtual === 'true') break;
    }
    await until(() => panel.q('.log')!.dataset.virtual === 'true');
    await until(() => panel.messages().length > 0);
    const rendered = panel.messages();
    expect(rendered.length).toBeLessThan(VIRTUALIZE_FROM);
    const total = Number(rendered[0]!.getAttribute('aria-setsize'));
    expect(total).toBeGreaterThanOrEqual(VIRTUALIZE_FROM);
    for (const item of rendered) {
      const position = Number(item.getAttribute('aria-posinset'));
      expect(item.textContent).toContain(`message ${260 - total + position}`);
    }
  });
});

describe('live, and honest about it', () => {
  test('a new customer message appears without a reload and is announced in a separate live region', async () => {
    const panel = await ThreadPanelHarness.ready();
    expect(panel.q('[role="log"]')!.getAttribute('aria-live')).toBe('off');
    ctx.fake.push({ type: 'message', message: ctx.fake.message({ text: 'Is anyone there?' }) });
    await panel.waitForMessage('Is anyone there?');
    await until(() => panel.announcement() === 'New message from Sheena Nelson: Is anyone there?');
    expect(panel.q('#announcer')!.getAttribute('aria-live')).toBe('polite');
  });

  test('shows that it is reconnecting after a network loss, then resumes after the last event seen with no gap', async () => {
    const panel = await ThreadPanelHarness.ready();
    const seen = ctx.fake.push({ type: 'message', message: ctx.fake.message({ text: 'before the loss' }) });
    await panel.waitForMessage('before the loss');
    ctx.fake.offline = true;
    ctx.fake.dropStreams();
    await until(() => panel.connection() === 'reconnecting');
    expect(panel.text('.connection')).toBe('Connection lost · reconnecting…');
    ctx.fake.push({ type: 'message', message: ctx.fake.message({ text: 'during the loss' }) });
    ctx.fake.offline = false;
    await until(() => panel.connection() === 'live', 10_000);
    await panel.waitForMessage('during the loss');
    expect(ctx.fake.streamRequests.at(-1)!.lastEventId).toBe(String(seen));
    expect(panel.messages().map((m) => m.querySelector('.text')?.textContent)).toEqual(['before the loss', 'during the loss']);
  }, 20_000);

  test('tells WhatsApp the agent read the thread on opening it, and again when new messages arrive', async () => {
    ctx.fake.messages = [ctx.fake.message({ text: 'unread question' })];
    const panel = await ThreadPanelHarness.ready();
    await until(() => ctx.fake.reads.length === 1);
    expect(ctx.fake.reads).toEqual([SHEENA]);
    ctx.fake.push({ type: 'message', message: ctx.fake.message({ text: 'another one' }) });
    await panel.waitForMessage('another one');
    await until(() => ctx.fake.reads.length === 2);
    // Our own messages are not "unread customer messages".
    ctx.fake.push({ type: 'message', message: ctx.fake.message({ direction: 'out', sender: ana, status: 'sent', text: 'answer' }) });
    await panel.waitForMessage('answer');
    // The marker: one more customer message, which is marked read. A read for "answer" would have started before it.
    ctx.fake.push({ type: 'message', message: ctx.fake.message({ text: 'marker' }) });
    await until(() => ctx.fake.reads.length === 3);
    expect(ctx.fake.startedTo('POST', '/read')).toBe(3);
    expect(ctx.fake.reads).toHaveLength(3);
  });

  test('does not mark a thread with no customer message as read', async () => {
    const panel = await ThreadPanelHarness.ready();
    // The marker: a customer message arrives and is marked read; a read on opening would have started before it.
    ctx.fake.push({ type: 'message', message: ctx.fake.message({ text: 'marker' }) });
    await panel.waitForMessage('marker');
    await until(() => ctx.fake.reads.length === 1);
    expect(ctx.fake.startedTo('POST', '/read')).toBe(1);
    expect(ctx.fake.reads).toHaveLength(1);
  });
});

describe('keyboard', () => {
  test('the log is one Tab stop; arrows move between messages and Tab reaches their actions', async () => {
    ctx.fake.messages = ['one', 'two', 'three'].map((text) => ctx.fake.message({ text }));
    const panel = await ThreadPanelHarness.ready();
    const items = panel.messages();
    expect(items.map((m) => m.tabIndex)).toEqual([-1, -1, 0]);
    items[2]!.focus();
    items[2]!.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowUp', bubbles: true, composed: true }));
    await until(() => panel.root.activeElement === panel.message('two'));
    expect(panel.messages().map((m) => m.tabIndex)).toEqual([-1, 0, -1]);
    const actions = [...panel.message('two')!.querySelectorAll<HTMLButtonElement>('.act')];
    expect(actions.map((a) => a.tabIndex)).toEqual([0, 0]);
    panel.root.activeElement!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Home', bubbles: true, composed: true }));
    await until(() => panel.root.activeElement === panel.message('one'));
    // The reaction picker opens on Enter/Space (a button) and closes on Escape.
    const picker = await panel.openReactions('one');
    expect(panel.root.activeElement).toBe(picker.querySelector('.emoji'));
    picker.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    await until(() => !panel.q('.picker'));
  });
});
