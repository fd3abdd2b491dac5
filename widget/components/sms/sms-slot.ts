/**
 * The thread's hook for SMS: renders <go2msg-sms-reply> and loads its code
 * the first time, so panels pay for SMS (and the error table it checks
 * against) only as a lazy chunk. Lit keeps properties set before the element
 * is defined and applies them when it upgrades.
 */
import { html } from 'lit';
import type { MessageView } from '@domain/views';
import type { ConnectorClient } from '../../api/connector-client';
import type { Locale } from '../../i18n/locale';
import type { Strings } from '../../i18n/strings';
import type { MessageSentEvent } from '../../events/message-sent';

let loading: Promise<unknown> | null = null;

/** SMS for this contact, beside the composer; a sent SMS is announced back with `onSent`. */
export function smsReply(
  client: ConnectorClient | null,
  contact: string,
  windowOpen: boolean,
  t: Strings,
  locale: Locale,
  onSent: (message: MessageView) => void,
) {
  loading ??= import('./sms-reply').catch((error: unknown) => {
    loading = null;
    console.error('go2msg: could not load the SMS reply', error);
  });
  return html`<go2msg-sms-reply .client=${client} .t=${t} .locale=${locale} contact=${contact} ?window-open=${windowOpen} @go2msg-message-sent=${(e: MessageSentEvent) => onSent(e.detail)}></go2msg-sms-reply>`;
}
