/**
 * Safety: text from customers and from Meta — message text, names, captions,
 * file names, template text, location names, contact cards, interactive
 * titles, quoted text, ad referrals, failure reasons, the business profile —
 * is never interpreted as HTML or attributes. A corpus of attacks is rendered
 * in real Chromium; no script runs and no element or attribute appears that
 * the panel did not put there itself.
 */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { MessageView } from '@domain/views';
import { pdfFile, pngImage } from './support/files';
import { signInPanelSession, ThreadPanelHarness, until } from './support/harness';
import { H, useFakeConnector } from './support/setup';

const ctx = useFakeConnector();

const CORPUS = [
  '<img src=x onerror="window.__xss=(window.__xss||0)+1">',
  '<script>window.__xss=(window.__xss||0)+1</script>',
  '"><svg onload="window.__xss=(window.__xss||0)+1">',
  "' onmouseover='window.__xss=(window.__xss||0)+1' x='",
  '<iframe srcdoc="<script>parent.__xss=1</script>"></iframe>',
  '<a href="javascript:window.__xss=1">click</a>',
  'javascript:window.__xss=(window.__xss||0)+1',
  '{{constructor.constructor("window.__xss=1")()}}',
  '<style>*{display:none!important}</style>',
  '${window.__xss=1}',
  '<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=1>',
];

type Xss = Window & { __xss?: number };

beforeEach(() => {
  (window as Xss).__xss = undefined;
  signInPanelSession();
});

afterEach(() => {
  (window as Xss).__xss = undefined;
});

/** Every element and attribute the panel may legitimately render (go2msg-sms-reply is the panel's own SMS element). */
const ALLOWED_TAGS = new Set([
  'section',
  'header',
  'div',
  'strong',
  'span',
  'button',
  'ol',
  'ul',
  'li',
  'p',
  'time',
  'blockquote',
  'img',
  'a',
  'audio',
  'video',
  'textarea',
  'label',
  'input',
  'select',
  'option',
  'progress',
  'figure',
  'fieldset',
  'legend',
  'dialog',
  'bdi',
  'svg',
  'path',
  'circle',
  'title',
  'go2msg-sms-reply',
]);

/**
 * The marker for handlers that would run when an injected <img src=x> fails to load: our own
 * image, asked for the same address after it, has failed. Script and svg handlers run on insertion.
 */
async function afterInjectedImagesFail(): Promise<void> {
  const marker = document.createElement('img');
  const failed = new Promise((resolve) => marker.addEventListener('error', resolve, { once: true }));
  marker.src = 'x';
  document.body.append(marker);
  await failed;
  marker.remove();
}

function assertNothingInjected(panel: ThreadPanelHarness): void {
  const elements = [...panel.root.querySelectorAll('*')];
  for (const element of elements) {
    expect(ALLOWED_TAGS.has(element.localName), `unexpected <${element.localName}>`).toBe(true);
    for (const attribute of element.getAttributeNames()) {
      expect(attribute.startsWith('on'), `event handler attribute ${attribute} on <${element.localName}>`).toBe(false);
      expect(['x', 'srcdoc', 'style'].includes(attribute), `injected attribute ${attribute}`).toBe(false);
    }
    if (element.localName === 'a') expect((element as HTMLAnchorElement).protocol).toMatch(/^https?:$/);
    if (element.localName === 'img') expect((element as HTMLImageElement).src).toMatch(/^(blob:|https:)/);
  }
}

function fullText(panel: ThreadPanelHarness): string {
  return (
    [...panel.root.querySelectorAll('*')]
      .map((e) =>
        [...e.childNodes]
          .filter((n) => n.nodeType === Node.TEXT_NODE)
          .map((n) => n.textContent)
          .join(''),
      )
      .join('\n') +
    [...panel.root.querySelectorAll('[aria-label],[title],[alt]')]
      .map((e) => `${e.getAttribute('aria-label')}|${e.getAttribute('title')}|${e.getAttribute('alt')}`)
      .join('\n')
  );
}

describe('safety against markup from customers and Meta', () => {
  test.each(CORPUS.map((attack, i) => ({ attack, i })))('renders attack #$i as inert text everywhere', async ({ attack }) => {
    const f = ctx.fake;
    f.contact.name = attack;
    f.contact.lastInboundAt = f.serverNow - 60_000;
    f.businessProfile = { name: attack, about: attack, profilePictureUrl: attack, verified: true };
    f.numberHealth = { qualityRating: attack, messagingTier: attack };
    const teammate = { teammateId: 9, name: attack, host: attack } as MessageView['sender'];
    const image = f.message({ type: 'image', text: attack, content: { caption: attack } });
    image.media = f.media('image', await pngImage());
    const doc = f.message({ type: 'document', text: null, content: { filename: attack } });
    doc.media = f.media('document', pdfFile(), { filename: attack, mimeType: attack });
    const text = f.message({ text: attack, forwarded: 'forwarded', referral: { sourceUrl: attack, sourceType: attack, headline: attack, body: attack } });
    text.reactions = [{ emoji: attack, direction: 'out', sender: teammate, at: f.serverNow }];
    f.messages = [
      text,
      image,
      doc,
      f.message({ type: 'location', text: attack, content: { latitude: attack, longitude: 2, name: attack, address: attack } }),
      f.message({
        type: 'contacts',
        text: attack,
        content: { contacts: [{ name: { formatted_name: attack }, phones: [{ phone: attack }], emails: [{ email: attack }], org: { company: attack } }] },
      }),
      f.message({ type: 'interactive', text: attack, content: { type: 'list_reply', list_reply: { id: attack, title: attack } } }),
      f.message({
        direction: 'out',
        sender: teammate,
        status: 'read',
        type: 'interactive',
        text: attack,
        content: { type: 'button', body: { text: attack }, action: { buttons: [{ type: 'reply', reply: { id: 'a', title: attack } }] } },
      }),
      f.message({
        direction: 'out',
        sender: teammate,
        status: 'failed',
        text: attack,
        replyTo: { wamid: 'wamid.x', id: 1, direction: 'in', type: 'text', text: attack },
        failure: { code: 1, title: attack, details: attack, reason: attack, action: attack },
      }),
      f.message({ type: attack, text: attack, content: {} }),
    ];
    const panel = await ThreadPanelHarness.ready();
    await until(() => panel.q('.thumb img'));
    await until(() => panel.q('.business-name'));
    // Interact where content turns into attributes or dialogs: the reaction picker, the viewer, a reply quote.
    await panel.reply(attack);
    await panel.openReactions(attack);
    panel.q<HTMLButtonElement>('.thumb')!.click();
    await panel.find('dialog.viewer');
    ctx.fake.push({ type: 'message', message: f.message({ text: attack }) });
    await until(() => panel.announcement().includes(attack));
    await afterInjectedImagesFail();
    expect((window as Xss).__xss).toBeUndefined();
    assertNothingInjected(panel);
    expect(fullText(panel)).toContain(attack);
  });

  test('template names and text from Meta render as text in the picker and its preview', async () => {
    const attack = CORPUS[0]!;
    ctx.fake.contact.lastInboundAt = ctx.fake.serverNow - 30 * H;
    ctx.fake.templates = [
      {
        name: attack,
        language: attack,
        category: 'UTILITY',
        status: 'APPROVED',
        components: [
          { type: 'HEADER', format: 'TEXT', text: `${attack} {{1}}` },
          { type: 'BODY', text: `${attack} {{1}}` },
          { type: 'FOOTER', text: attack },
          { type: 'BUTTONS', buttons: [{ type: 'URL', text: attack, url: 'https://x.example/{{1}}' }] },
        ],
      },
    ];
    const panel = await ThreadPanelHarness.ready();
    await panel.openTemplates();
    await until(() => panel.templateOptions().length === 1);
    await panel.fillTemplateField(`Header: {{1}}`, attack);
    await panel.fillTemplateField(`Body: {{1}}`, attack);
    await panel.fillTemplateField(`Link of “${attack}”`, attack);
    await afterInjectedImagesFail();
    expect(panel.templateOptions()[0]).toBe(`${attack} · ${attack} · UTILITY`);
    expect(panel.text('.wa-body')).toBe(`${attack} ${attack}`);
    expect((window as Xss).__xss).toBeUndefined();
    assertNothingInjected(panel);
  });

  test('file names of attachments render as text', async () => {
    const attack = CORPUS[2]!;
    ctx.fake.contact.lastInboundAt = ctx.fake.serverNow - 60_000;
    const panel = await ThreadPanelHarness.ready();
    await panel.attach(pdfFile(`${attack}.pdf`));
    await until(() => panel.attachment()?.state === 'Ready to send');
    expect(panel.attachment()!.name).toBe(`${attack}.pdf`);
    expect((window as Xss).__xss).toBeUndefined();
    assertNothingInjected(panel);
  });
});
