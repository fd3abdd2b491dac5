import type { ContactRef } from '@domain/phone';
import type { ContactView } from '@domain/views';
import { findContact, upsertContact } from '../../store/contacts';
import type { Executor } from '../../store/rows';
import type { BusinessNumbers } from '../account/business-numbers';

/**
 * The thread a panel or API request names: with a business number ("…@<id>"), that
 * number's thread with the customer; without one, the customer's most recent thread.
 * A phone number the business has not talked to yet gets its contact now, on the
 * number named or else the default number, so the panel can follow it live from the
 * first message. Null for a business-scoped id never seen.
 */
export async function threadContact(trx: Executor, ref: ContactRef, numbers: BusinessNumbers, now: number): Promise<ContactView | null> {
  const numberId = numbers.checked(ref.numberId);
  const found = await findContact(trx, { waId: ref.waId, userId: ref.userId, numberId });
  if (found || !ref.waId) return found;
  return upsertContact(trx, { waId: ref.waId, userId: null, numberId: numberId ?? numbers.defaultId }, now);
}
