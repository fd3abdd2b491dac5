/**
 * Coexistence with the WhatsApp Business app: a number onboarded to the Cloud
 * API can stay in the business's phone app, and Meta then tells the connector
 * what happens there.
 *
 * - `smb_message_echoes`: a message the business sent from the phone app (or a
 *   linked device) goes into the customer's thread as outgoing, marked
 *   `origin: 'phone_app'` ("from the WhatsApp Business app" in the panel), and
 *   audited (`message.echo`, no teammate). It ends the customer's wait, as an
 *   agent's reply does, but never opens or extends the 24-hour window (only the
 *   customer writing does, and Meta bills nothing for it).
 * - `history`: the app's chat history (up to 180 days before onboarding, in
 *   phases and chunks that may come out of order) is imported once: each message
 *   is stored by its wamid, so a chunk Meta repeats, or a message an echo or a
 *   live webhook already brought, is not stored again. Imported messages change
 *   neither the window nor the conversation's wait (they are the past), and are
 *   audited as one `message.history_imported` row per customer and webhook.
 * Source: Meta, webhooks/reference/smb_message_echoes and webhooks/reference/history
 * (test/fixtures/cloud-api/webhooks/webhook-smb-message-echoes.json, webhook-history.json).
 */
import type { MessageOrigin } from '@domain/views';
import { isProviderStatus, type OutboundStatus } from '@domain/message-status';
import { appendAuditEntries, type AuditEntry } from '../../store/audit-writer';
import { noteAgentMessages } from '../../store/conversations';
import { appendEvents } from '../../store/events';
import { findByWamid, findMessageViews, insertFromPhoneApp } from '../../store/messages';
import type { Executor } from '../../store/rows';
import type { PhoneAppMessage } from '../../whatsapp/webhook-envelope';
import { contactForIdentity } from '../contacts/contact-identity';
import { INBOUND_MEDIA, recordInboundMedia } from './inbound-media';
import { displayTime, readableText } from '../messaging/message-text';

/** The status a message the business sent in the app last had, as the history reports it ("READ"); sent when it says nothing we know. */
function historyStatus(reported: string | null): OutboundStatus {
  const status = reported?.toLowerCase() ?? '';
  return isProviderStatus(status) ? status : 'sent';
}

/** What one batch of webhooks brought from the phone app: audited and announced once at its end. */
export class PhoneAppMessages {
  private readonly audits: AuditEntry[] = [];
  private readonly imported = new Map<number, { count: number; chunks: Set<string> }>();
  private readonly stored: Array<{ contactId: number; id: number }> = [];
  /** Files to fetch from Meta were recorded (the caller wakes the media worker). */
  mediaPending = false;
  /** Customers whose conversation an echo changed (the caller announces them). */
  readonly answered = new Set<number>();

  /** Stores one message from the phone app; false when its wamid was already known. */
  async apply(
    trx: Executor,
    numberId: string,
    m: PhoneAppMessage,
    origin: MessageOrigin,
    now: number,
    chunk?: { phase: number | null; chunkOrder: number | null; progress: number | null },
  ): Promise<boolean> {
    const contact = await contactForIdentity(trx, { waId: m.customer, userId: null, numberId }, now);
    // A live echo is ordered by when it arrived within Meta's second; the history keeps the device's times.
    const at = !Number.isFinite(m.at) ? now : origin === 'phone_app' ? displayTime(m.at, now) : m.at;
    const content = { ...m.raw, type: m.type };
    delete (content as { history_context?: unknown }).history_context;
    const direction = m.fromBusiness ? 'out' : 'in';
    // A repeated echo or history message with a file is caught first, so no second file record is made.
    if (INBOUND_MEDIA.has(m.type) && (await findByWamid(trx, m.wamid))) return false;
    // A photo or voice note sent from the phone is fetched from Meta like a customer's (history brings media ids only for its last 14 days).
    const mediaId = await recordInboundMedia(trx, m, now);
    if (mediaId) this.mediaPending = true;
    const id = await insertFromPhoneApp(trx, {
      mediaId,
      contactId: contact.id,
      wamid: m.wamid,
      direction,
      type: m.type,
      content,
      text: readableText(content),
      status: !m.fromBusiness ? 'received' : origin === 'history' ? historyStatus(m.status) : 'sent',
      origin,
      at,
      now,
      replyTo: (m.raw.context as { id?: string } | undefined)?.id ?? null,
    });
    if (id === null) return false;
    this.stored.push({ contactId: contact.id, id });
    if (origin === 'phone_app') {
      this.audits.push({
        at: now,
        action: 'message.echo',
        teammateId: null,
        channel: 'whatsapp',
        contactId: contact.id,
        messageId: id,
        providerMessageId: m.wamid,
        status: 'sent',
        details: { origin, type: m.type },
      });
      await noteAgentMessages(trx, [{ contactId: contact.id, messageId: id, at, teammateId: null }], now);
      this.answered.add(contact.id);
    } else {
      const seen = this.imported.get(contact.id) ?? { count: 0, chunks: new Set<string>() };
      seen.count += 1;
      if (chunk) seen.chunks.add(`${chunk.phase ?? '?'}/${chunk.chunkOrder ?? '?'}`);
      this.imported.set(contact.id, seen);
    }
    return true;
  }

  /** The batch's live events and audit rows, in its transaction. */
  async record(trx: Executor, now: number): Promise<void> {
    const views = await findMessageViews(
      trx,
      this.stored.map((s) => s.id),
    );
    await appendEvents(
      trx,
      views.map((message, i) => ({ contactId: this.stored[i]!.contactId, event: { type: 'message' as const, message } })),
      now,
    );
    for (const [contactId, seen] of this.imported) {
      this.audits.push({
        at: now,
        action: 'message.history_imported',
        teammateId: null,
        channel: 'whatsapp',
        contactId,
        details: { messages: seen.count, chunks: [...seen.chunks] },
      });
    }
    if (this.audits.length > 0) await appendAuditEntries(trx, this.audits);
  }
}
