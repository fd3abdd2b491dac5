/**
 * `go2msg-open-conversation`: a row of <go2msg-inbox open="event"> was chosen;
 * the host opens its own record for `detail.contact` (an E.164 number or a
 * business-scoped user id). Bubbles and composed.
 */
export const OPEN_CONVERSATION_EVENT = 'go2msg-open-conversation';

export class OpenConversationEvent extends CustomEvent<{ contact: string }> {
  constructor(contact: string) {
    super(OPEN_CONVERSATION_EVENT, { detail: { contact }, bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    [OPEN_CONVERSATION_EVENT]: OpenConversationEvent;
  }
}
