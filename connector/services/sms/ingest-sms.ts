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
import { mmsKind, smsStatusToOutbound } from '@domain/sms';
import { storableText } from '@domain/stored-text';
import { describeTwilioFailure } from '@domain/twilio-errors';
import { noteCustomerMessage } from '../../store/conversations';
import { appendEvent } from '../../store/events';
import { findByWamid, findMessageView, insertInbound, updateStatus, type InboundInsert } from '../../store/messages';
import { findMessageStateForChange } from '../../store/message-state';
import { recordSmsProviderId } from '../../store/sms-outbox';
import type { InboundMedia, InboundSms, SmsStatusReport } from '../../sms/provider';
import { insertMedia, newMediaId } from '../../store/media';
import type { Executor } from '../../store/rows';
import { announceConversations } from '../inbox/conversations';
import { CustomerMessageEvents, statusEvents } from '../hosts/host-events';
import type { ServiceDeps } from '../runtime/deps';
import { recordStatusAudit } from '../messaging/status-audit';
import { threadContact } from '../contacts/thread-contact';

function failureOf(report: SmsStatusReport): MessageFailure {
  if (report.errorCode !== null) return describeTwilioFailure(report.errorCode, report.errorMessage);
  return {
    code: null,
    title: `Reported ${report.status}`,
    details: report.errorMessage,
    reason: 'The SMS was not delivered, and no reason was given.',
    action: 'Try again later, or reach the customer on WhatsApp.',
  };
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
    const statuses = await recordStatusAudit(trx, message.id, now);
    await deps.hostEvents?.record(trx, statusEvents(statuses), now);
    await appendEvent(trx, message.contactId, { type: 'message', message: await findMessageView(trx, message.id) }, now);
    return true;
  });
  if (changed) deps.live.notify();
}

interface InboundPart extends Pick<InboundInsert, 'wamid' | 'type' | 'content' | 'text'> {
  file: InboundMedia | null;
}

/**
 * A text, or an MMS as one message per file (the first carrying the text as
 * its caption), each with an id of its own derived from the SID, so a
 * repeated callback stores none of them twice.
 */
function inboundParts(sms: InboundSms, body: string): InboundPart[] {
  if (sms.media.length === 0) return [{ wamid: sms.providerId, type: 'text', content: { type: 'text', text: { body } }, text: body || null, file: null }];
  return sms.media.map((file, i) => {
    const kind = mmsKind(file.contentType);
    const caption = i === 0 && body ? body : null;
    return {
      wamid: i === 0 ? sms.providerId : `${sms.providerId}/${i}`,
      type: kind,
      content: { type: kind, [kind]: { ...(caption ? { caption } : {}), mime_type: file.contentType } },
      text: caption,
      file,
    };
  });
}

/** Stores a customer's SMS once (by the provider's id) in their thread. */
export async function receiveSms(deps: ServiceDeps, sms: InboundSms, options: { onMediaPending?: () => void } = {}): Promise<void> {
  let waId: string;
  try {
    waId = parsePhone(sms.from).waId;
  } catch {
    deps.log.warn('sms: inbound message from a sender that is not a phone number; ignored');
    return;
  }
  const now = deps.clock.now();
  const stored = await deps.db.transaction(async (trx) => {
    // The customer's most recent WhatsApp thread, whichever business number it is with; a new customer's starts on the default number.
    const contact = await threadContact(trx, { waId, userId: null, e164: null, numberId: null }, deps.numbers, now);
    if (!contact) throw new Error(`no thread for ${waId}`);
    const hosts = new CustomerMessageEvents(deps.hostEvents);
    let added = 0;
    // The text as both databases can keep it (PostgreSQL refuses U+0000).
    for (const part of inboundParts(sms, storableText(sms.body))) {
      // A repeated callback: its files are not recorded again.
      if (part.file && (await findByWamid(trx, part.wamid))) continue;
      const mediaId = part.file ? await recordMmsFile(trx, part.type as 'image' | 'video' | 'audio' | 'document', part.file, now) : null;
      const id = await insertInbound(trx, {
        contactId: contact.id,
        channel: 'sms',
        wamid: part.wamid,
        type: part.type,
        content: part.content,
        text: part.text,
        mediaId,
        at: now,
        now,
      });
      if (id === null) continue; // already stored: the provider repeated it
      await appendEvent(trx, contact.id, { type: 'message', message: await findMessageView(trx, id) }, now);
      await hosts.before(trx, contact.id);
      hosts.noteReceived(contact.id, id);
      await noteCustomerMessage(trx, { contactId: contact.id, messageId: id, at: now }, now);
      added += 1;
    }
    if (added === 0) return { notify: false, files: false };
    await announceConversations(trx, [contact.id], 'customer_message', now);
    await hosts.record(trx, now);
    return { notify: true, files: sms.media.length > 0 };
  });
  if (stored.notify) deps.live.notify();
  if (stored.files) options.onMediaPending?.();
}

/** An MMS's file, recorded pending: the media worker fetches it from the provider's URL with the account's credentials. */
async function recordMmsFile(trx: Executor, kind: 'image' | 'video' | 'audio' | 'document', file: InboundMedia, now: number): Promise<string> {
  const id = newMediaId();
  await insertMedia(trx, {
    id,
    direction: 'in',
    kind,
    mimeType: file.contentType,
    filename: null,
    size: null,
    sha256: null,
    status: 'pending',
    providerUrl: file.url,
    now,
  });
  return id;
}
