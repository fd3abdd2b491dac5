/** The build's css`` minifier (build/minify-css.ts) in real Chromium: every stylesheet of the panel and its chunks parses to the same rules with and without it. */
import type { CSSResult } from 'lit';
import { describe, expect, test } from 'vitest';
import { minifyCssTemplate } from '../../build/minify-css';
import { adminStyles } from '../../widget/components/admin/admin.styles';
import { auditLogStyles } from '../../widget/components/audit-log/audit-log.styles';
import { inboxStyles } from '../../widget/components/inbox/inbox.styles';
import { Go2msgSmsReply } from '../../widget/components/sms/sms-reply';
import { accountAlertStyles } from '../../widget/components/thread/account-alerts';
import { threadStyles } from '../../widget/components/thread/thread.styles';
import { attachmentStyles } from '../../widget/lazy/attachments';
import { viewerStyles } from '../../widget/lazy/media-viewer';
import { presenceStyles } from '../../widget/lazy/presence';
import { quickReplyStyles } from '../../widget/lazy/quick-replies';
import { savedReplyStyles } from '../../widget/lazy/saved-replies';
import { pickerStyles } from '../../widget/lazy/template-picker';
import { voiceStyles } from '../../widget/lazy/voice-recorder';

const sheets: Record<string, CSSResult> = {
  threadStyles,
  accountAlertStyles,
  adminStyles,
  auditLogStyles,
  inboxStyles,
  smsReply: Go2msgSmsReply.styles as CSSResult,
  attachmentStyles,
  viewerStyles,
  presenceStyles,
  quickReplyStyles,
  savedReplyStyles,
  pickerStyles,
  voiceStyles,
};

/**
 * The rules as Chromium parsed them, in its own serialisation. Values holding var() are kept as
 * written, so `var(--x, #fff)` and `var(--x,#fff)` serialise apart though they mean the same (the
 * whitespace around a comma is no token of its own); only that spacing is evened out.
 */
function parsed(text: string): string[] {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(text);
  return Array.from(sheet.cssRules, (rule) => rule.cssText.replace(/,\s+/g, ','));
}

describe('the build minifies css`` templates', () => {
  test.each(Object.keys(sheets))('%s parses to the same rules, in fewer characters', (name) => {
    const text = sheets[name]!.cssText;
    const minified = minifyCssTemplate(text);
    expect(minified.length).toBeLessThan(text.length);
    expect(parsed(minified)).toEqual(parsed(text));
    expect(parsed(text).length).toBeGreaterThan(0);
  });

  test('keeps quoted strings and the spaces CSS needs', () => {
    expect(
      minifyCssTemplate(`.a  .b > c { content: ' a ,  b ';  border: 1px  solid red; }\n/* gone */ :host([theme="dark"]) .x :focus { margin: 0 auto }`),
    ).toBe(`.a .b > c{content:' a ,  b ';border:1px solid red;}:host([theme="dark"]) .x :focus{margin:0 auto}`);
  });
});
