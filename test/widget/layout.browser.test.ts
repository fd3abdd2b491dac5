/**
 * The panel inside small host frames: however long the thread, the controls
 * stay on screen (only the message log scrolls), and the template picker opens
 * over the thread with its Send button in view.
 */
import { page } from 'vitest/browser';
import { beforeEach, describe, expect, test } from 'vitest';
import type { Template } from '@domain/templates';
import { signInPanelSession, ThreadPanelHarness, until } from './support/harness';
import { H, useFakeConnector } from './support/setup';
import { HELLO_WORLD_TEMPLATE, ORDER_UPDATE_TEMPLATE } from '../support/fixtures';

const ctx = useFakeConnector();
const HEIGHTS = [400, 500, 600, 700, 900];
const WIDTHS = [320, 400, 480];
const SIZES = HEIGHTS.flatMap((height) => WIDTHS.map((width) => ({ height, width })));

const TEMPLATES: Template[] = [ORDER_UPDATE_TEMPLATE, HELLO_WORLD_TEMPLATE];

beforeEach(() => {
  signInPanelSession();
  ctx.fake.templates = TEMPLATES;
  ctx.fake.businessProfile = { name: 'Acme Shop', verified: true };
  ctx.fake.numberHealth = { qualityRating: 'GREEN', messagingTier: 'TIER_1K' };
  ctx.fake.routes.push((_request, path) =>
    path === '/api/channels'
      ? ctx.fake.json(200, {
          channels: [
            { channel: 'whatsapp', enabled: true },
            { channel: 'sms', enabled: true, sender: '+15550783881' },
          ],
        })
      : null,
  );
  // A thread far taller than any frame.
  ctx.fake.messages = Array.from({ length: 40 }, (_, i) =>
    ctx.fake.message({
      direction: i % 2 ? 'out' : 'in',
      status: i % 2 ? 'read' : 'received',
      text: `Message ${i + 1}: where is my parcel, and when will it arrive?`,
      at: ctx.fake.serverNow - (40 - i) * 60_000,
    }),
  );
});

/** True when the control is drawn on screen at its centre: inside the panel, not scrolled away, not covered. */
function onScreen(root: ShadowRoot, control: Element | null | undefined, panel: DOMRect): boolean {
  if (!control) return false;
  const box = control.getBoundingClientRect();
  if (box.width === 0 || box.height === 0) return false;
  if (box.top < panel.top || box.bottom > panel.bottom + 0.5 || box.left < panel.left || box.right > panel.right + 0.5) return false;
  const hit = root.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
  return hit !== null && (hit === control || control.contains(hit));
}

async function mount(size: { height: number; width: number }): Promise<ThreadPanelHarness> {
  await page.viewport(size.width + 40, size.height + 40);
  const panel = await ThreadPanelHarness.ready(size);
  await until(() => panel.messages().length === 40);
  return panel;
}

describe('in a small host frame', () => {
  test.each(SIZES)('$width × $height px: Send, attach, Templates and the SMS link stay in view; only the log scrolls', async (size) => {
    ctx.fake.contact.lastInboundAt = ctx.fake.serverNow - H;
    const panel = await mount(size);
    const sms = await until(() => panel.q('go2msg-sms-reply')?.shadowRoot?.querySelector('button.link'), 4000, 'the SMS link');
    const box = panel.q('.panel')!.getBoundingClientRect();
    const controls = { send: panel.sendButton(), attach: panel.q('button.attach'), templates: panel.q('button.templates-open'), draft: panel.draft };
    for (const [name, control] of Object.entries(controls)) expect(onScreen(panel.root, control, box), name).toBe(true);
    expect(onScreen(panel.q('go2msg-sms-reply')!.shadowRoot!, sms, box), 'the SMS link').toBe(true);
    const log = panel.q('.scroll')!;
    expect(log.scrollHeight).toBeGreaterThan(log.clientHeight);
    const composer = panel.q('.composer')!;
    expect(composer.scrollHeight, 'the composer does not scroll').toBeLessThanOrEqual(composer.clientHeight + 1);
  });
});

describe('with the window closed', () => {
  test.each(SIZES.filter((s) => s.height <= 700))(
    '$width × $height px: the template sheet covers the thread and its Send template button stays in view',
    async (size) => {
      ctx.fake.contact.lastInboundAt = ctx.fake.serverNow - 30 * H;
      const panel = await mount(size);
      await panel.pickTemplate('order_update · en_US · UTILITY');
      const box = panel.q('.panel')!.getBoundingClientRect();
      const sheet = panel.q('.sheet')!;
      expect(sheet.getBoundingClientRect().height, 'the sheet is more than a strip').toBeGreaterThan(Math.min(300, box.height / 2));
      expect(onScreen(panel.root, panel.sendTemplateButton(), box), 'Send template').toBe(true);
      expect(onScreen(panel.root, panel.q('.close-templates'), box), 'Close templates').toBe(true);
      // Its body scrolls; the button does not move with it.
      const body = panel.q('.sheet-body')!;
      body.scrollTop = body.scrollHeight;
      expect(onScreen(panel.root, panel.sendTemplateButton(), box)).toBe(true);
    },
  );

  test.each([
    {
      state: 'closed',
      lastInboundAt: () => ctx.fake.serverNow - 30 * H,
      says: 'The 24-hour window is closed, so only an approved template can be sent. The customer’s reply opens the window again.',
    },
    { state: 'never written', lastInboundAt: () => null, says: 'The customer has not written yet, so only an approved template can start the conversation.' },
  ])('320 px wide, $state: the reason is shown whole, and says "again" only after the customer wrote', async ({ lastInboundAt, says }) => {
    ctx.fake.contact.lastInboundAt = lastInboundAt();
    const panel = await mount({ width: 320, height: 400 });
    const reason = await panel.find('.composer .reason');
    expect(panel.text('.composer .reason')).toBe(says);
    expect(reason.scrollHeight).toBeLessThanOrEqual(reason.clientHeight + 1);
    expect(reason.scrollWidth).toBeLessThanOrEqual(reason.clientWidth + 1);
    expect(onScreen(panel.root, reason, panel.q('.panel')!.getBoundingClientRect())).toBe(true);
    if (lastInboundAt() === null) expect(panel.q('.composer')!.textContent).not.toMatch(/again/);
    expect(onScreen(panel.root, panel.button('Templates'), panel.q('.panel')!.getBoundingClientRect())).toBe(true);
  });
});
