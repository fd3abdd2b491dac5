/**
 * A WhatsApp conversation as plain text, for a helpdesk's internal note (the
 * Zendesk app's "Add to ticket"). Plain text on purpose: a note is read by
 * people and searched by the helpdesk, and customer text never becomes markup.
 * Times are UTC, written out, since the note outlives the agent's time zone.
 */
import type { ContactView, MessageView } from './views';

const MEDIA_LABELS: Record<string, string> = {
  image: 'image',
  video: 'video',
  audio: 'audio',
  document: 'document',
  sticker: 'sticker',
  location: 'location',
  contacts: 'contact card',
};

export function utcMinute(at: number): string {
  return `${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function said(m: MessageView): string {
  if (m.contentDeleted) return `[content deleted after ${m.contentDeleted.afterDays} days]`;
  if (m.channel === 'sms') return `[SMS] ${m.text ?? ''}`.trimEnd();
  const label = MEDIA_LABELS[m.type];
  if (label) return m.text ? `[${label}] ${m.text}` : `[${label}]`;
  if (m.type === 'template') return m.text ? `[template] ${m.text}` : '[template]';
  return m.text ?? `[${m.type}]`;
}

function speaker(m: MessageView, customer: string): string {
  if (m.direction === 'in') return customer;
  return m.sender?.name ?? 'Business';
}

export function formatTranscript(contact: Pick<ContactView, 'name' | 'phone' | 'userId'>, messages: MessageView[]): string {
  const who = contact.phone ?? contact.userId ?? 'unknown';
  const customer = contact.name ? `${contact.name} (${who})` : who;
  const lines = [`WhatsApp conversation with ${customer}`, ''];
  const shown = messages.filter((m) => m.type !== 'reaction');
  for (const m of shown) {
    const failed = m.status === 'failed' ? ' (not delivered)' : '';
    lines.push(`${utcMinute(m.at)} · ${speaker(m, contact.name ?? who)}: ${said(m)}${failed}`);
  }
  if (!shown.length) lines.push('(no messages yet)');
  return lines.join('\n');
}
