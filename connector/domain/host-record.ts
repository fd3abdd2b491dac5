/**
 * A helpdesk's record of a conversation, as the conversation API and the panel
 * show it ("Ticket #1234"). A module of its own so the conversation view can
 * name it without importing the host events, which name the conversation's
 * states (that was an import cycle).
 */
export interface HostRecordView {
  /** The host outbox's name: "zendesk". */
  host: string;
  id: string;
  /** Its page for agents, when the host has one. */
  url: string | null;
}
