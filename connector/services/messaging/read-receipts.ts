/**
 * Telling the customer their messages were seen (blue ticks) and that an
 * agent is typing. Both go straight to the Cloud API, not through the outbox:
 * they are not messages, repeating them is harmless, and a late one is useless.
 * Source: Meta, messages/mark-message-as-read and typing-indicators.
 */
import { DomainError } from '@domain/errors';
import { findContact, readUpToOf, recordReadUpTo } from '../../store/contacts';
import { markConversationSeen } from '../../store/conversations';
import { latestInbound } from '../../store/messages';
import type { CloudApi } from '../../whatsapp/cloud-api';
import type { ServiceDeps } from '../runtime/deps';
import { readContactRef } from '../contacts/phone-numbers';

/** WhatsApp shows "typing…" for 25 s; asking again sooner than this changes nothing the customer sees. */
export const TYPING_INTERVAL_MS = 20_000;

export interface ReceiptDeps extends ServiceDeps {
  cloudApi: CloudApi;
  /** When typing was last shown per contact (per instance; a repeat is harmless). */
  typingShownAt: Map<number, number>;
}

async function contactFor(deps: ServiceDeps, ref: string) {
  const contact = await findContact(deps.db, readContactRef(ref, deps.defaultCountry));
  if (!contact) throw new DomainError('NOT_FOUND', { contact: ref });
  return contact;
}

/**
 * The teammate has seen the customer's messages: their unread count for this
 * conversation drops, and the customer sees blue ticks up to the newest one
 * (nothing is sent when they already do).
 */
export async function markThreadRead(deps: ReceiptDeps, ref: string, teammateId: number): Promise<{ marked: boolean }> {
  const contact = await contactFor(deps, ref);
  const latest = await latestInbound(deps.db, contact.id);
  if (!latest) return { marked: false };
  await markConversationSeen(deps.db, contact.id, teammateId, latest.id);
  const readUpTo = await readUpToOf(deps.db, contact.id);
  if (readUpTo !== null && readUpTo >= latest.id) return { marked: false };
  // From the number the customer wrote to: Meta knows the message under that number only.
  await deps.cloudApi.markRead(latest.wamid, { from: contact.phoneNumberId });
  await recordReadUpTo(deps.db, contact.id, latest.id);
  return { marked: true };
}

/** Shows "typing…" to the customer, at most once per TYPING_INTERVAL_MS per contact. */
export async function showTyping(deps: ReceiptDeps, ref: string, wallNow: number): Promise<{ shown: boolean }> {
  const contact = await contactFor(deps, ref);
  const last = deps.typingShownAt.get(contact.id);
  if (last !== undefined && wallNow - last < TYPING_INTERVAL_MS) return { shown: false };
  const latest = await latestInbound(deps.db, contact.id);
  if (!latest) return { shown: false };
  deps.typingShownAt.set(contact.id, wallNow);
  await deps.cloudApi.markRead(latest.wamid, { typing: true, from: contact.phoneNumberId });
  return { shown: true };
}
