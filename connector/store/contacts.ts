import type { Knex } from 'knex';
import { foldForSearch } from '@domain/conversations';
import type { ContactView, MarketingPreference } from '@domain/views';
import { fitColumn, type Executor } from './rows';

interface ContactRow {
  id: number;
  wa_id: string | null;
  user_id: string | null;
  phone: string | null;
  name: string | null;
  last_inbound_at: number | null;
  window_closed_at: number | null;
  username: string | null;
  parent_user_id: string | null;
  merged_into: number | null;
  marketing_preference: string | null;
  marketing_preference_at: number | null;
  marketing_preference_source: string | null;
  phone_number_id: string | null;
  address_book_name: string | null;
  address_book_at: number | null;
}

function marketingOf(row: ContactRow): MarketingPreference | null {
  if ((row.marketing_preference !== 'stop' && row.marketing_preference !== 'resume') || row.marketing_preference_at === null) return null;
  return {
    value: row.marketing_preference,
    at: Number(row.marketing_preference_at),
    source: row.marketing_preference_source === 'error_131050' ? 'error_131050' : 'user_preferences',
  };
}

function toView(row: ContactRow): ContactView {
  return {
    id: row.id,
    phone: row.phone,
    waId: row.wa_id,
    userId: row.user_id,
    name: row.name,
    lastInboundAt: row.last_inbound_at,
    windowClosedAt: row.window_closed_at,
    username: row.username ?? null,
    parentUserId: row.parent_user_id ?? null,
    marketing: marketingOf(row),
    phoneNumberId: row.phone_number_id ?? null,
    addressBookName: row.address_book_name ?? null,
    ...(row.merged_into ? { mergedInto: row.merged_into } : {}),
  };
}

export interface ContactIdentity {
  waId: string | null;
  userId: string | null;
  /**
   * The business number of the thread (Meta's phone number id). Absent or null on a look-up:
   * the customer's most recent thread, whichever number it is with.
   */
  numberId?: string | null;
}

/** Creating a contact needs the business number it is with. */
export type NumberedIdentity = ContactIdentity & { numberId: string };

/** A customer's threads, most recent first: the one a reference without a number means. */
function mostRecentFirst(query: Knex.QueryBuilder): void {
  query.orderByRaw('coalesce(last_inbound_at, 0) desc').orderBy('updated_at', 'desc').orderBy('id', 'desc');
}

/**
 * Contacts of one business number keep NULL from before several numbers
 * (migration 202612070000); the connector gives them its default number at start.
 */
export async function assignContactsWithoutNumber(db: Executor, numberId: string): Promise<number> {
  const contacts = Number(await db('contacts').whereNull('phone_number_id').update({ phone_number_id: numberId }));
  // Their corrected numbers' aliases (migration 202612070030 keyed them by number, '' while unknown).
  await db('contact_aliases').where('phone_number_id', '').update({ phone_number_id: numberId });
  return contacts;
}

/** What Meta reports about a person beside their ids. */
export interface ContactProfile {
  name?: string | null;
  username?: string | null;
  parentUserId?: string | null;
}

/**
 * The contact with this `wa_id` (or, without one, this business-scoped user
 * id). A number Meta corrected on a send (contact_aliases) finds the contact
 * it reaches.
 */
export async function findContact(db: Executor, identity: ContactIdentity): Promise<ContactView | null> {
  const query = db<ContactRow>('contacts');
  if (identity.waId) query.where('wa_id', identity.waId);
  else if (identity.userId) query.where('user_id', identity.userId);
  else return null;
  if (identity.numberId) query.where('phone_number_id', identity.numberId);
  else mostRecentFirst(query);
  const row = await query.first();
  if (row) return toView(row);
  if (!identity.waId) return null;
  const alias = db<ContactRow>('contacts').join('contact_aliases', 'contact_aliases.contact_id', 'contacts.id').where('contact_aliases.wa_id', identity.waId);
  if (identity.numberId) alias.where('contacts.phone_number_id', identity.numberId);
  const found = await alias.first('contacts.*');
  return found ? toView(found) : null;
}

/**
 * The threads of these customers, read in one query (no aliases: a number not found here is
 * looked up alone): for each wa_id, the thread with the number asked for, or, when none is
 * asked for, the most recent. Keyed by `threadKey`.
 */
export async function findContactsByWaIds(db: Executor, wanted: Array<{ waId: string; numberId: string | null }>): Promise<Map<string, ContactView>> {
  if (wanted.length === 0) return new Map();
  const query = db<ContactRow>('contacts').whereIn('wa_id', [...new Set(wanted.map((w) => w.waId))]);
  mostRecentFirst(query);
  const rows = (await query).map(toView);
  const found = new Map<string, ContactView>();
  for (const w of wanted) {
    const hit = rows.find((c) => c.waId === w.waId && (w.numberId === null || c.phoneNumberId === w.numberId));
    if (hit) found.set(threadKey(w.waId, w.numberId), hit);
  }
  return found;
}

/**
 * The contacts these numbers reach through an alias (a number Meta corrected on a send, or a
 * merged contact's), read in one query: for each wa_id, the contact on the number asked for,
 * or, when none is asked for, on any. Keyed by `threadKey`, like findContactsByWaIds.
 */
export async function findContactsByAliases(db: Executor, wanted: Array<{ waId: string; numberId: string | null }>): Promise<Map<string, ContactView>> {
  if (wanted.length === 0) return new Map();
  const rows = (await db<ContactRow>('contacts')
    .join('contact_aliases', 'contact_aliases.contact_id', 'contacts.id')
    .whereIn('contact_aliases.wa_id', [...new Set(wanted.map((w) => w.waId))])
    .select('contacts.*', 'contact_aliases.wa_id as alias_wa_id')) as Array<ContactRow & { alias_wa_id: string }>;
  const found = new Map<string, ContactView>();
  for (const w of wanted) {
    const hit = rows.find((r) => r.alias_wa_id === w.waId && (w.numberId === null || r.phone_number_id === w.numberId));
    if (hit) found.set(threadKey(w.waId, w.numberId), toView(hit));
  }
  return found;
}

/**
 * Contacts for numbers no thread or alias knows yet, each on its business number, in one
 * multi-row upsert (per 500): what upsertContact does for a bare number, for a batch of sends.
 * A contact created meanwhile by another instance meets on the unique key and is returned.
 * Keyed by `threadKey(waId, numberId)`.
 */
export async function createContactsForNumbers(
  db: Executor,
  wanted: Array<{ waId: string; numberId: string }>,
  now: number,
): Promise<Map<string, ContactView>> {
  const unique = [...new Map(wanted.map((w) => [threadKey(w.waId, w.numberId), w])).values()];
  const created = new Map<string, ContactView>();
  for (let i = 0; i < unique.length; i += 500) {
    const rows = unique.slice(i, i + 500).map((w) => ({
      wa_id: w.waId,
      user_id: null,
      phone: `+${w.waId}`,
      name: null,
      search_name: null,
      username: null,
      parent_user_id: null,
      phone_number_id: w.numberId,
      created_at: now,
      updated_at: now,
    }));
    const saved = (await db('contacts').insert(rows).onConflict(['wa_id', 'phone_number_id']).merge({ updated_at: now }).returning('*')) as ContactRow[];
    for (const row of saved) created.set(threadKey(row.wa_id!, row.phone_number_id), toView(row));
  }
  return created;
}

/** How findContactsByWaIds names a wanted thread. */
export function threadKey(waId: string, numberId: string | null): string {
  return `${numberId ?? '*'}:${waId}`;
}

/**
 * Every contact a wa_id and a user id name (one read; the aliases only when no
 * contact holds the wa_id): more than one means the same person was seen twice.
 */
export async function findContactsForIdentity(db: Executor, identity: { waId: string; userId: string; numberId: string }): Promise<ContactView[]> {
  const rows = await db<ContactRow>('contacts')
    .where('phone_number_id', identity.numberId)
    .andWhere((q) => q.where('wa_id', identity.waId).orWhere('user_id', identity.userId))
    .orderBy('id');
  const found = rows.map(toView);
  if (!found.some((c) => c.waId === identity.waId)) {
    const alias = await findContact(db, { waId: identity.waId, userId: null, numberId: identity.numberId });
    if (alias && !found.some((c) => c.id === alias.id)) found.push(alias);
  }
  return found.sort((a, b) => a.id - b.id);
}

export async function findContactsByIds(db: Executor, ids: number[]): Promise<Map<number, ContactView>> {
  if (ids.length === 0) return new Map();
  const rows = await db<ContactRow>('contacts').whereIn('id', [...new Set(ids)]);
  return new Map(rows.map((r) => [r.id, toView(r)]));
}

export async function findContactById(db: Executor, id: number): Promise<ContactView | null> {
  const row = await db<ContactRow>('contacts').where('id', id).first();
  return row ? toView(row) : null;
}

/**
 * Finds or creates the contact with this identity, keyed on wa_id, else user_id,
 * refreshing the name, username and parent id Meta reports. Concurrent webhooks
 * for a new customer meet on the unique key instead of creating two contacts.
 * The common case (known, unchanged) is a single read.
 */
/** What a webhook's news about a person changes on the contact known for them (nothing: an empty object). */
export function contactChanges(existing: ContactView | null, identity: ContactIdentity & ContactProfile): Record<string, unknown> {
  // As the columns hold them (varchar(255)), so an unchanged value is seen as unchanged.
  const name = identity.name ? fitColumn(identity.name, 255) : identity.name;
  const username = identity.username ? fitColumn(identity.username, 255) : null;
  const parentUserId = identity.parentUserId ? fitColumn(identity.parentUserId, 64) : null;
  const update: Record<string, unknown> = {};
  if (name && name !== existing?.name) Object.assign(update, { name, search_name: foldForSearch(name) });
  if (identity.waId && identity.userId && identity.userId !== existing?.userId) update.user_id = identity.userId;
  if (username && username !== existing?.username) update.username = username;
  if (parentUserId && parentUserId !== existing?.parentUserId) update.parent_user_id = parentUserId;
  return update;
}

export async function upsertContact(db: Executor, identity: NumberedIdentity & ContactProfile, now: number): Promise<ContactView> {
  const name = identity.name ? fitColumn(identity.name, 255) : identity.name;
  const username = identity.username ? fitColumn(identity.username, 255) : null;
  const parentUserId = identity.parentUserId ? fitColumn(identity.parentUserId, 64) : null;
  const existing = await findContact(db, identity);
  const update = contactChanges(existing, identity);
  if (existing) {
    if (Object.keys(update).length === 0) return existing;
    // By id: the contact may have been found through an alias, whose number must not become a second contact.
    const [saved] = (await db('contacts')
      .where('id', existing.id)
      .update({ ...update, updated_at: now })
      .returning('*')) as ContactRow[];
    return toView(saved!);
  }
  const key = identity.waId ? 'wa_id' : 'user_id';
  const row = {
    wa_id: identity.waId,
    user_id: identity.userId,
    phone: identity.waId ? `+${identity.waId}` : null,
    name: name ?? null,
    search_name: name ? foldForSearch(name) : null,
    username,
    parent_user_id: parentUserId,
    phone_number_id: identity.numberId,
    created_at: now,
    updated_at: now,
  };
  const [saved] = (await db('contacts')
    .insert(row)
    .onConflict([key, 'phone_number_id'])
    .merge({ ...update, updated_at: now })
    .returning('*')) as ContactRow[];
  if (!saved) throw new Error('contact vanished after upsert');
  return toView(saved);
}

/**
 * Remembers that `waId` reaches this contact (a number Meta corrected, or a merged contact's
 * number) on the contact's business number: the same typed number may reach the customer's
 * thread on each number it is used from.
 */
export async function addContactAlias(db: Executor, waId: string, contactId: number, source: 'send_response' | 'merge', now: number): Promise<void> {
  const contact = await db('contacts').where('id', contactId).first('phone_number_id');
  await db('contact_aliases')
    .insert({ wa_id: waId, phone_number_id: contact?.phone_number_id ?? '', contact_id: contactId, source, created_at: now })
    .onConflict(['wa_id', 'phone_number_id'])
    .merge({ contact_id: contactId, source });
}

/** Meta's own `wa_id` for a contact first known by the number typed for it. */
export async function rekeyContact(db: Executor, contactId: number, waId: string, now: number): Promise<ContactView> {
  const [saved] = (await db('contacts')
    .where('id', contactId)
    .update({ wa_id: waId, phone: `+${waId}`, updated_at: now })
    .returning('*')) as ContactRow[];
  return toView(saved!);
}

/** Records a marketing preference unless a newer one is already known, or it is already the one known; returns the contact when it changed. */
export async function recordMarketingPreference(db: Executor, contactId: number, preference: MarketingPreference, now: number): Promise<ContactView | null> {
  const [row] = (await db('contacts')
    .where('id', contactId)
    .andWhere((q) => q.whereNull('marketing_preference_at').orWhere('marketing_preference_at', '<=', preference.at))
    // The same word again (a repeated webhook, a 131050 after the webhook already said stop) changes nothing.
    .andWhere((q) => q.whereNull('marketing_preference').orWhereNot('marketing_preference', preference.value))
    .update({ marketing_preference: preference.value, marketing_preference_at: preference.at, marketing_preference_source: preference.source, updated_at: now })
    .returning('*')) as ContactRow[];
  return row ? toView(row) : null;
}

/**
 * The business's address-book name for the customer (null: removed from it), unless a newer
 * change is known already or it is the name already kept; returns the contact when it changed.
 */
export async function recordAddressBookName(db: Executor, contactId: number, name: string | null, at: number, now: number): Promise<ContactView | null> {
  const kept = name ? fitColumn(name, 255) : null;
  const [row] = (await db('contacts')
    .where('id', contactId)
    .andWhere((q) => q.whereNull('address_book_at').orWhere('address_book_at', '<=', at))
    .andWhere((q) => (kept === null ? q.whereNotNull('address_book_name') : q.whereNull('address_book_name').orWhereNot('address_book_name', kept)))
    .update({ address_book_name: kept, address_book_at: at, updated_at: now })
    .returning('*')) as ContactRow[];
  return row ? toView(row) : null;
}

/** The contact a merged contact's messages now live under (itself when never merged). */
export async function currentContactId(db: Executor, contactId: number): Promise<number> {
  let id = contactId;
  for (let hops = 0; hops < 8; hops++) {
    const row = await db('contacts').where('id', id).first('merged_into');
    if (!row?.merged_into) return id;
    id = row.merged_into;
  }
  return id;
}

/**
 * Records a customer message time; an older message never moves the window
 * back. Returns the contact as it now is, or null when a newer message was
 * already recorded (nothing changed).
 */
export async function recordInbound(db: Executor, contactId: number, at: number, now: number): Promise<ContactView | null> {
  const [changed] = await recordInboundMany(db, [{ contactId, at }], now);
  return changed ?? null;
}

/**
 * recordInbound for many contacts in one statement: each contact's window reopens from its
 * newest customer message, unless a later one is already recorded. Returns the contacts changed.
 */
export async function recordInboundMany(db: Executor, latest: Array<{ contactId: number; at: number }>, now: number): Promise<ContactView[]> {
  if (latest.length === 0) return [];
  // One CASE names each contact's time; cast so PostgreSQL reads the bound values as numbers.
  const atOf = `CASE id ${latest.map(() => 'WHEN ? THEN CAST(? AS BIGINT)').join(' ')} END`;
  const bindings = latest.flatMap((l) => [l.contactId, l.at]);
  const rows = (await db('contacts')
    .whereIn(
      'id',
      latest.map((l) => l.contactId),
    )
    .andWhere((q) => q.whereNull('last_inbound_at').orWhereRaw(`last_inbound_at < ${atOf}`, bindings))
    .update({ last_inbound_at: db.raw(atOf, bindings), updated_at: now })
    .returning('*')) as ContactRow[];
  return rows.map(toView);
}

/** Meta said the window is closed (131047); remembered until the customer writes again. */
export async function recordWindowClosed(db: Executor, contactId: number, at: number, now: number): Promise<void> {
  await db('contacts')
    .where('id', contactId)
    .andWhere((q) => q.whereNull('window_closed_at').orWhere('window_closed_at', '<', at))
    .update({ window_closed_at: at, updated_at: now });
}

/** The newest customer message the business told Meta it read. */
export async function readUpToOf(db: Executor, contactId: number): Promise<number | null> {
  const row = await db('contacts').where({ id: contactId }).first('read_up_to');
  return row?.read_up_to ?? null;
}

export async function recordReadUpTo(db: Executor, contactId: number, messageId: number): Promise<void> {
  await db('contacts')
    .where({ id: contactId })
    .andWhere((q) => q.whereNull('read_up_to').orWhere('read_up_to', '<', messageId))
    .update({ read_up_to: messageId });
}
