/**
 * Moving one contact's history onto another when both turn out to be the same
 * person (store part; services/contacts/contact-identity.ts decides when, and audits).
 *
 * The merged contact row stays, emptied of its ids and pointing at the
 * survivor (`merged_into`): the audit trail's rows name it and must not change.
 */
import type { Executor } from './rows';

export interface MergeCounts {
  messages: number;
}

const max = (a: number | null, b: number | null): number | null => (a === null ? b : b === null ? a : Math.max(Number(a), Number(b)));
const min = (a: number | null, b: number | null): number | null => (a === null ? b : b === null ? a : Math.min(Number(a), Number(b)));

export async function mergeContactRows(trx: Executor, fromId: number, intoId: number, now: number): Promise<MergeCounts> {
  const from = await trx('contacts').where('id', fromId).first();
  const into = await trx('contacts').where('id', intoId).first();
  if (!from || !into) throw new Error(`cannot merge contact ${fromId} into ${intoId}: one is missing`);

  const messages = await trx('messages').where('contact_id', fromId).update({ contact_id: intoId });

  // One conversation per customer: the survivor's keeps its state and owner, and takes the
  // earlier wait and the later activity of the two.
  const fromConversation = await trx('conversations').where('contact_id', fromId).first();
  if (fromConversation) {
    const intoConversation = await trx('conversations').where('contact_id', intoId).first();
    if (!intoConversation) {
      await trx('conversations').where('contact_id', fromId).update({ contact_id: intoId });
    } else {
      await trx('conversations')
        .where('contact_id', intoId)
        .update({
          waiting_since: min(intoConversation.waiting_since, fromConversation.waiting_since),
          last_message_id: max(intoConversation.last_message_id, fromConversation.last_message_id),
          last_activity_at: max(intoConversation.last_activity_at, fromConversation.last_activity_at),
          updated_at: now,
        });
      await trx('conversations').where('contact_id', fromId).delete();
    }
  }
  // Read marks point at message ids, which did not change: the survivor's are kept, the others dropped.
  await trx('conversation_reads').where('contact_id', fromId).delete();
  await trx('contact_aliases').where('contact_id', fromId).update({ contact_id: intoId });

  // The ids go first: the survivor may take the merged contact's user id (both are unique).
  await trx('contacts').where('id', fromId).update({ wa_id: null, user_id: null, merged_into: intoId, updated_at: now });
  // The newer marketing preference wins, whichever contact Meta told it to.
  const preference =
    from.marketing_preference_at !== null &&
    (into.marketing_preference_at === null || Number(from.marketing_preference_at) > Number(into.marketing_preference_at))
      ? from
      : into;
  await trx('contacts')
    .where('id', intoId)
    .update({
      // The window is the same person's: the later customer message counts, as does Meta's later "closed".
      last_inbound_at: max(into.last_inbound_at, from.last_inbound_at),
      window_closed_at: max(into.window_closed_at, from.window_closed_at),
      read_up_to: max(into.read_up_to, from.read_up_to),
      user_id: into.user_id ?? from.user_id,
      username: into.username ?? from.username,
      parent_user_id: into.parent_user_id ?? from.parent_user_id,
      name: into.name ?? from.name,
      search_name: into.search_name ?? from.search_name,
      marketing_preference: preference.marketing_preference,
      marketing_preference_source: preference.marketing_preference_source,
      marketing_preference_at: preference.marketing_preference_at,
      updated_at: now,
    });
  return { messages: Number(messages) };
}
