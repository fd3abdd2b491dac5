/**
 * `go2msg-open-conversation`: a row of <go2msg-inbox open="event"> was chosen;
 * the host opens its own record for `detail.contact` (an E.164 number or a
 * business-scoped user id). `detail.thread` names that customer's thread with
 * the business number of the row ("+16505551234@106540352242923"), for a
 * <go2msg-thread contact> when the business has several numbers. Bubbles and composed.
 */
export const OPEN_CONVERSATION_EVENT = 'go2msg-open-conversation';

export class OpenConversationEvent extends CustomEvent<{ contact: string; thread: string }> {
  constructor(contact: string, thread: string = contact) {
    super(OPEN_CONVERSATION_EVENT, { detail: { contact, thread }, bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    [OPEN_CONVERSATION_EVENT]: OpenConversationEvent;
  }
}
