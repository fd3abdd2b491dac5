import { foldForSearch } from '@domain/conversations';
import type { ContactView } from '@domain/views';
import { fitColumn, type Executor } from './rows';

interface ContactRow {
  id: number;
  wa_id: string | null;
  user_id: string | null;
  phone: string | null;
  name: string | null;
  last_inbound_at: number | null;
  window_closed_at: number | null;
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
  };
}

export interface ContactIdentity {
  waId: string | null;
  userId: string | null;
}

export async function findContact(db: Executor, identity: ContactIdentity): Promise<ContactView | null> {
  const query = db<ContactRow>('contacts');
  if (identity.waId) query.where('wa_id', identity.waId);
  else if (identity.userId) query.where('user_id', identity.userId);
  else return null;
  const row = await query.first();
  return row ? toView(row) : null;
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
 * refreshing the name Meta reports. Concurrent webhooks for a new customer meet
 * on the unique key instead of creating two contacts. The common case (known,
 * unchanged) is a single read.
 */
export async function upsertContact(
  db: Executor,
  identity: ContactIdentity & { name?: string | null },
  now: number,
): Promise<ContactView> {
  // The profile name as the column holds it (varchar(255)), so an unchanged name is seen as unchanged.
  const name = identity.name ? fitColumn(identity.name, 255) : identity.name;
  const existing = await findContact(db, identity);
  const changed = (name && name !== existing?.name) || (identity.waId && identity.userId && identity.userId !== existing?.userId);
  if (existing && !changed) return existing;
  const key = identity.waId ? 'wa_id' : 'user_id';
  const row = {
    wa_id: identity.waId,
    user_id: identity.userId,
    phone: identity.waId ? `+${identity.waId}` : null,
    name: name ?? null,
    search_name: name ? foldForSearch(name) : null,
    created_at: now,
    updated_at: now,
  };
  const update: Record<string, unknown> = { updated_at: now };
  if (name) Object.assign(update, { name, search_name: foldForSearch(name) });
  if (identity.waId && identity.userId) update.user_id = identity.userId;
  const [saved] = (await db('contacts').insert(row).onConflict(key).merge(update).returning('*')) as ContactRow[];
  if (!saved) throw new Error('contact vanished after upsert');
  return toView(saved);
}

/**
 * Records a customer message time; an older message never moves the window
 * back. Returns the contact as it now is, or null when a newer message was
 * already recorded (nothing changed).
 */
export async function recordInbound(db: Executor, contactId: number, at: number, now: number): Promise<ContactView | null> {
  const [row] = (await db('contacts')
    .where('id', contactId)
    .andWhere((q) => q.whereNull('last_inbound_at').orWhere('last_inbound_at', '<', at))
    .update({ last_inbound_at: at, updated_at: now })
    .returning('*')) as ContactRow[];
  return row ? toView(row) : null;
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
