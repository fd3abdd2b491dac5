/**
 * Timeline copying (issue 14, off by default): when an admin turns it on (HOST_TIMELINE), each
 * later customer message and agent reply is added to the host record's timeline as a note
 * (Zendesk internal note, Freshdesk private note, HubSpot note on the ticket, Salesforce
 * CaseComment). Every note ends with a marker naming the message, so a delivery retried after
 * a lost answer finds its note on the record and does not add it twice.
 */
import type { HostEventBody, HostEventType } from './host-events';

/** The events a record's timeline takes: a customer's message, a teammate's reply. */
export const TIMELINE_EVENTS: readonly HostEventType[] = ['message.received', 'message.sent'];
/** Hosts that keep a record per conversation, whose timeline can take notes. */
export const TIMELINE_HOSTS = ['zendesk', 'freshdesk', 'hubspot', 'salesforce'] as const;

export interface TimelineNote {
  /** The note's text: who wrote, then what (or what kind of message it was). */
  body: string;
  /** The ending that names the message, found again on the record before a retry adds anything. */
  marker: string;
}

export function timelineMarker(messageId: number): string {
  return `[go2msg message ${messageId}]`;
}

/** The note for a message event, or null for any other event. */
export function timelineNote(event: HostEventBody): TimelineNote | null {
  const m = event.message;
  if (!m || (event.type !== 'message.received' && event.type !== 'message.sent')) return null;
  const who =
    event.type === 'message.received'
      ? `${event.contact.name?.trim() || event.contact.phone || 'The customer'} (customer)`
      : `${m.sender?.name ?? 'A teammate'} (agent)`;
  const channel = m.channel === 'sms' ? 'SMS' : 'WhatsApp';
  const what = m.text?.trim() ? m.text : `[${m.type}]`;
  const marker = timelineMarker(m.id);
  return { body: `${who} on ${channel}:\n${what}\n\n${marker}`, marker };
}

/** A customer's text for a host that takes HTML (Freshdesk descriptions and notes, HubSpot notes): escaped, its lines kept. */
export function textAsHtml(text: string): string {
  const escaped = text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
  return `<div>${escaped.replace(/\n/g, '<br>')}</div>`;
}
