/**
 * Accepting an agent's SMS, exactly like a WhatsApp message (send-message.ts):
 * checks, then the message (channel 'sms', queued), its audit row and its live
 * event in one transaction, attributed to the teammate; the SMS outbox sends
 * it after. The same idempotency key returns the same message; with other
 * content it is refused.
 *
 * SMS has no 24-hour window, so it is how a customer is reached when the
 * WhatsApp window is closed; the window's state is still recorded.
 */
import { ssoAttribution, type Attribution } from '@domain/attribution';
import { checkMayReply } from '@domain/conversations';
import { DomainError } from '@domain/errors';
import { replyWindow } from '@domain/reply-window';
import { checkSmsText } from '@domain/sms';
import { appendAudit } from '../../store/audit-writer';
import { conversationOwnerForChange, noteAgentMessages } from '../../store/conversations';
import { appendEvent } from '../../store/events';
import { findMessageView, insertOutbound } from '../../store/messages';
import { toJson } from '../../store/rows';
import type { Teammate } from '../../store/teammates';
import { announceConversations } from '../inbox/conversations';
import type { SendResult } from '../messaging/send-message';
import { replay, replayTaken, requestHash } from '../messaging/idempotency';
import type { SmsDeps } from './sms-deps';
import { readContactRef } from '../contacts/phone-numbers';
import { threadContact } from '../contacts/thread-contact';

export interface SendSmsRequest {
  teammate: Teammate;
  contactRef: string;
  body: string;
  idempotencyKey: string;
  /** Who sent it: the teammate, and the host that vouched for the sign-in, if any. */
  attribution?: Attribution;
}

export async function sendSms(deps: SmsDeps, request: SendSmsRequest): Promise<SendResult> {
  if (!deps.sms) throw new DomainError('SMS_NOT_CONFIGURED');
  const identity = readContactRef(request.contactRef, deps.defaultCountry);
  checkSmsText(request.body);
  const attribution = request.attribution ?? ssoAttribution(request.teammate.id);
  const hash = requestHash('sms', identity.waId ?? identity.userId ?? '', request.body);

  const earlier = await replay(deps.db, request.idempotencyKey, hash);
  if (earlier) return earlier;

  const now = deps.clock.now();
  const messageId = await deps.db.transaction(async (trx) => {
    const contact = await threadContact(trx, identity, deps.numbers, now);
    if (!contact) throw new DomainError('NOT_FOUND', { contact: request.contactRef });
    if (!contact.phone) throw new DomainError('SMS_NO_NUMBER', { contact: request.contactRef });
    if (deps.ownerOnly) checkMayReply(await conversationOwnerForChange(trx, contact.id), request.teammate, true);
    const window = replyWindow({ lastInboundAt: contact.lastInboundAt, closedByProviderAt: contact.windowClosedAt, now });
    const content = { type: 'text', text: { body: request.body } };
    const id = await insertOutbound(trx, {
      contactId: contact.id,
      channel: 'sms',
      type: 'text',
      content,
      text: request.body,
      teammateId: request.teammate.id,
      host: attribution.host,
      hostUserId: attribution.hostUserId,
      idempotencyKey: request.idempotencyKey,
      requestHash: hash,
      now,
    });
    // Taken by a request racing this one: answered below with that request's message.
    if (id === null) return null;
    await appendEvent(trx, contact.id, { type: 'message', message: await findMessageView(trx, id) }, now);
    await noteAgentMessages(trx, [{ contactId: contact.id, messageId: id, at: now, teammateId: request.teammate.id }], now);
    await announceConversations(trx, [contact.id], 'agent_message', now);
    await deps.hostEvents?.record(trx, [{ type: 'message.sent', contactId: contact.id, messageId: id }], now);
    // The trail last: its lock (PostgreSQL) is then held only until the commit right after.
    await appendAudit(trx, {
      at: now,
      action: 'message.send',
      teammateId: request.teammate.id,
      channel: 'sms',
      contactId: contact.id,
      messageId: id,
      template: null,
      content: toJson(content),
      host: attribution.host,
      hostUserId: attribution.hostUserId,
      windowState: window.state,
      details: { type: 'text', window: window.state, host: attribution.host, hostUserId: attribution.hostUserId },
    });
    return id;
  });
  if (messageId === null) return replayTaken(deps.db, request.idempotencyKey, hash);

  deps.live.notify();
  deps.smsOutbox.kick();
  return { message: await findMessageView(deps.db, messageId), replayed: false };
}
