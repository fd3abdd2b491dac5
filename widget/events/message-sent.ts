/**
 * `go2msg-message-sent`: a message the teammate sent from the panel was
 * accepted by the connector, on any channel (WhatsApp text, media, template,
 * voice note; SMS). The detail is the message as the thread shows it
 * (`channel` says which). It bubbles and is composed, so the host page hears
 * it on <go2msg-thread> (or on the inbox around it). Reactions are not
 * messages and fire nothing.
 */
import type { MessageView } from '@domain/views';

export const MESSAGE_SENT_EVENT = 'go2msg-message-sent';

export class MessageSentEvent extends CustomEvent<MessageView> {
  constructor(message: MessageView) {
    super(MESSAGE_SENT_EVENT, { detail: message, bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    [MESSAGE_SENT_EVENT]: MessageSentEvent;
  }
}
