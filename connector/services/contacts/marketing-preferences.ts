/**
 * Marketing opt-outs, as Meta reports them: the user_preferences webhook (a
 * customer stops or resumes marketing messages) and error 131050 on a send
 * ("this recipient has chosen to stop receiving marketing messages"). Each
 * change is stored on the contact, audited in the same transaction and pushed
 * to open panels; sends check it (domain/template-categories.ts).
 * Source: Meta, https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/user_preferences
 */
import type { Logger } from 'pino';
import type { MarketingPreference } from '@domain/views';
import { appendAudit } from '../../store/audit-writer';
import { recordMarketingPreference } from '../../store/contacts';
import { appendEvent } from '../../store/events';
import type { Executor } from '../../store/rows';
import type { PreferenceUpdate } from '../../whatsapp/webhook-envelope';
import { contactForIdentity } from './contact-identity';

/** Stores a preference newer than the one known, audits it, and tells the contact's panels. */
async function setPreference(trx: Executor, contactId: number, preference: MarketingPreference, now: number): Promise<void> {
  const updated = await recordMarketingPreference(trx, contactId, preference, now);
  if (!updated) return;
  await appendAudit(trx, {
    at: now,
    action: 'contact.marketing_preference',
    teammateId: null,
    channel: 'whatsapp',
    contactId,
    details: { value: preference.value, at: preference.at, source: preference.source },
  });
  await appendEvent(trx, contactId, { type: 'contact', contact: updated }, now);
}

/** `numberId`: the business number the webhook is for (Meta's metadata.phone_number_id). */
export async function applyPreference(trx: Executor, numberId: string, p: PreferenceUpdate, now: number, log: Logger): Promise<void> {
  if (p.category !== 'marketing_messages' || (p.value !== 'stop' && p.value !== 'resume') || (!p.waId && !p.userId)) {
    // Kept in the webhook inbox as received; nothing go2msg acts on yet.
    log.info({ category: p.category, value: p.value }, 'webhook: a user preference go2msg does not act on');
    return;
  }
  const contact = await contactForIdentity(trx, { waId: p.waId, userId: p.userId, numberId, name: p.name }, now);
  await setPreference(trx, contact.id, { value: p.value, at: Number.isFinite(p.at) ? p.at : now, source: 'user_preferences' }, now);
}

/** Meta refused a send with 131050: the customer stopped marketing messages, whether or not the webhook said so. */
export async function markOptedOutBy131050(trx: Executor, contactId: number, at: number, now: number): Promise<void> {
  await setPreference(trx, contactId, { value: 'stop', at, source: 'error_131050' }, now);
}
