/**
 * A hostile host page: `!important` rules on every element and on the panel's own
 * tag. Inherited properties cross a shadow boundary, and a host's `!important` on
 * the element beats the panel's :host rules, so the panel resets them on its
 * inner root. Deliberate theming (the documented --go2msg-* properties and
 * ::part) must still work.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { signInPanelSession, ThreadPanelHarness, until } from './support/harness';
import { useFakeConnector } from './support/setup';
import { SHEENA } from '../support/fixtures';

const ctx = useFakeConnector();

const HOSTILE = `
  * { font-size: 40px !important; }
  go2msg-thread {
    font-family: 'Courier New', monospace !important;
    font-style: italic !important;
    font-weight: 900 !important;
    letter-spacing: 12px !important;
    word-spacing: 30px !important;
    line-height: 6 !important;
    text-transform: uppercase !important;
    text-align: right !important;
    text-indent: 80px !important;
    white-space: nowrap !important;
    direction: rtl !important;
    color: rgb(255, 0, 0) !important;
  }
`;

const styles: HTMLStyleElement[] = [];
function addPageStyle(text: string): void {
  const style = document.createElement('style');
  style.textContent = text;
  document.head.append(style);
  styles.push(style);
}

afterEach(() => {
  for (const style of styles.splice(0)) style.remove();
});

/** Where a character of a text node is drawn, left to right. */
function xOf(node: Text, offset: number): number {
  const range = document.createRange();
  range.setStart(node, offset);
  range.setEnd(node, offset + 1);
  return range.getBoundingClientRect().left;
}

function textNodeOf(element: Element, text: string): Text {
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) if (node.textContent?.includes(text)) return node as Text;
  throw new Error(`no text node with ${text}`);
}

describe('inside a hostile host page', () => {
  test('signed out: the text keeps its own size, spacing and direction, and Sign in stays inside the panel', async () => {
    addPageStyle(HOSTILE);
    const panel = await ThreadPanelHarness.mount({ width: 360, height: 480 });
    const button = await panel.find<HTMLButtonElement>('.signin button');
    const style = getComputedStyle(button);
    expect(style.fontSize).toBe('14px');
    expect(style.letterSpacing).toBe('normal');
    expect(style.wordSpacing).toBe('0px');
    expect(style.textTransform).toBe('none');
    expect(style.fontStyle).toBe('normal');
    expect(style.direction).toBe('ltr');
    expect(style.fontFamily).not.toMatch(/Courier/);
    const prompt = getComputedStyle(panel.q('.signin p')!);
    expect(prompt.fontSize).toBe('14px');
    expect(Number.parseFloat(prompt.lineHeight)).toBeLessThan(25);
    expect(prompt.textIndent).toBe('0px');
    expect(prompt.color).not.toBe('rgb(255, 0, 0)');
    const box = panel.element.getBoundingClientRect();
    const at = button.getBoundingClientRect();
    expect(at.left).toBeGreaterThanOrEqual(box.left);
    expect(at.right).toBeLessThanOrEqual(box.right);
    expect(at.bottom).toBeLessThanOrEqual(box.bottom);
  });

  test('the customer number reads +1 650… under a right-to-left host, and an Arabic name stays whole', async () => {
    addPageStyle(HOSTILE);
    signInPanelSession();
    ctx.fake.contact.name = 'سارة';
    ctx.fake.messages = [ctx.fake.message({ text: 'hello' })];
    const panel = await ThreadPanelHarness.ready({ width: 420 });
    const who = await panel.find('.who');
    const number = textNodeOf(who, SHEENA);
    const start = number.textContent!.indexOf('+');
    // Left to right: the + before the 1, the 1 before the 6.
    expect(xOf(number, start)).toBeLessThan(xOf(number, start + 1));
    expect(xOf(number, start + 1)).toBeLessThan(xOf(number, start + 2));
    expect(getComputedStyle(who).fontSize).toBe('14px');
    // The name is isolated from the text around it (bdi), so its letters cannot reorder the number beside it.
    expect(who.querySelector('bdi')?.textContent).toBe('سارة');
    const message = await panel.waitForMessage('hello');
    expect(getComputedStyle(message).fontSize).toBe('14px');
    expect(getComputedStyle(message).direction).toBe('ltr');
  });

  test('the documented theming still reaches in: --go2msg-font, --go2msg-accent and ::part(panel)', async () => {
    addPageStyle(HOSTILE);
    addPageStyle(`
      go2msg-thread.themed { --go2msg-font: Georgia, serif; --go2msg-accent: rgb(1, 2, 3); --go2msg-accent-fg: rgb(250, 250, 250); }
      go2msg-thread.themed::part(panel) { border-color: rgb(4, 5, 6); }
    `);
    const panel = await ThreadPanelHarness.mount({ width: 360, height: 480 });
    panel.element.classList.add('themed');
    const button = await panel.find<HTMLButtonElement>('.signin button');
    await until(() => getComputedStyle(button).backgroundColor === 'rgb(1, 2, 3)');
    expect(getComputedStyle(button).fontFamily).toMatch(/Georgia/);
    expect(getComputedStyle(button).fontSize).toBe('14px');
    expect(getComputedStyle(panel.q('.panel')!).borderTopColor).toBe('rgb(4, 5, 6)');
  });
});
