/**
 * What the SMS provider reports: status callbacks for our messages, and
 * messages customers text to our number.
 *
 * Both are applied at once in one transaction (Twilio keeps every message in
 * its own log, so a callback that fails here can be looked up again; a
 * repeated one changes nothing). A customer's SMS joins the same thread as
 * their WhatsApp messages, but does not open the WhatsApp window: only a
 * WhatsApp message does.
 */
import { advanceStatus, type OutboundStatus } from '@domain/message-status';
import type { MessageFailure } from '@domain/meta-errors';
import { parsePhone } from '@domain/phone';
import { mmsNotice, smsStatusToOutbound } from '@domain/sms';
import { storableText } from '@domain/stored-text';
import { describeTwilioFailure } from '@domain/twilio-errors';
import { upsertContact } from '../store/contacts';
import { noteCustomerMessage } from '../store/conversations';
import { appendEvent } from '../store/events';
import { findByWamid, findMessageView, insertInbound, updateStatus, type InboundInsert } from '../store/messages';
import { findMessageStateForChange } from '../store/message-state';
import { recordSmsProviderId } from '../store/sms-outbox';
import type { InboundSms, SmsStatusReport } from '../sms/provider';
import { announceConversations } from './conversations';
import type { ServiceDeps } from './deps';
import { recordStatusAudit } from './status-audit';

function failureOf(report: SmsStatusReport): MessageFailure {
  if (report.errorCode !== null) return describeTwilioFailure(report.errorCode, report.errorMessage);
  return { code: null, title: `Reported ${report.status}`, details: report.errorMessage, reason: 'The SMS was not delivered, and no reason was given.', action: 'Try again later, or reach the customer on WhatsApp.' };
}

/**
 * Applies a status report. `messageId` is our id, carried in the callback URL,
 * so a report that overtakes the provider's answer to the send still finds
 * its message.
 */
export async function applySmsStatus(deps: ServiceDeps, messageId: number | null, report: SmsStatusReport): Promise<void> {
  const next = smsStatusToOutbound(report.status);
  if (!next) return;
  const now = deps.clock.now();
  const changed = await deps.db.transaction(async (trx) => {
    const id = messageId ?? (await findByWamid(trx, report.providerId))?.id;
    // Locked: Twilio's callbacks for one message can arrive together.
    const message = id ? await findMessageStateForChange(trx, id) : null;
    if (!message || message.channel !== 'sms' || message.direction !== 'out') {
      deps.log.debug({ providerId: report.providerId }, 'sms: status for a message this connector did not send');
      return false;
    }
    if (message.providerMessageId && message.providerMessageId !== report.providerId) {
      deps.log.warn({ messageId: message.id }, 'sms: status callback names another provider id; ignored');
      return false;
    }
    if (!message.providerMessageId) await recordSmsProviderId(trx, message.id, report.providerId, now);
    const current = message.status as OutboundStatus;
    const status = advanceStatus(current, next);
    if (status === current) return false;
    await updateStatus(trx, message.id, status, status === 'failed' ? failureOf(report) : null, now);
    await recordStatusAudit(trx, message.id, now);
    await appendEvent(trx, message.contactId, { type: 'message', message: await findMessageView(trx, message.id) }, now);
    return true;
  });
  if (changed) deps.live.notify();
}

/** A text, or an MMS: its files named (types only; the provider's URLs stay out of the view) and the notice in the text. */
function inboundContent(sms: InboundSms): Pick<InboundInsert, 'type' | 'content' | 'text'> {
  if (sms.media.length === 0) return { type: 'text', content: { type: 'text', text: { body: sms.body } }, text: sms.body || null };
  const contentTypes = sms.media.map((m) => m.contentType);
  const notice = mmsNotice(contentTypes, sms.providerId);
  return { type: 'mms', content: { type: 'mms', mms: { body: sms.body, media: contentTypes.map((contentType) => ({ contentType })) } }, text: sms.body ? `${sms.body}\n\n${notice}` : notice };
}

/** Stores a customer's SMS once (by the provider's id) in their thread. */
export async function receiveSms(deps: ServiceDeps, sms: InboundSms): Promise<void> {
  let waId: string;
  try {
    waId = parsePhone(sms.from).waId;
  } catch {
    deps.log.warn('sms: inbound message from a sender that is not a phone number; ignored');
    return;
  }
  const now = deps.clock.now();
  const stored = await deps.db.transaction(async (trx) => {
    const contact = await upsertContact(trx, { waId, userId: null }, now);
    // The text as both databases can keep it (PostgreSQL refuses U+0000).
    const id = await insertInbound(trx, { contactId: contact.id, channel: 'sms', wamid: sms.providerId, ...inboundContent({ ...sms, body: storableText(sms.body) }), at: now, now });
    if (id === null) return false; // already stored: the provider repeated it
    await appendEvent(trx, contact.id, { type: 'message', message: await findMessageView(trx, id) }, now);
    await noteCustomerMessage(trx, { contactId: contact.id, messageId: id, at: now }, now);
    await announceConversations(trx, [contact.id], now);
    return true;
  });
  if (stored) deps.live.notify();
}
