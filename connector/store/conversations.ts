/**
 * Conversations: state, owner, wait and latest message per customer, each
 * teammate's read mark, and the inbox's pages and search.
 *
 * The wait and the latest message are kept up to date in the transaction that
 * stores each message (noteCustomerMessage, noteAgentMessages), so a page of
 * the inbox is one indexed read however many messages the threads hold.
 */
import type { Knex } from 'knex';
import type { Channel } from '@domain/channel';
import { NOT_WAITING_BASE } from '@domain/conversation-order';
import { CONVERSATION_VIEWS, NOT_WRITING } from '@domain/conversations';
import type {
  ConversationMessageView,
  ConversationOrder,
  ConversationState,
  ConversationSummary,
  ConversationViewName,
  StoredConversationState,
} from '@domain/conversations';
import type { Direction } from '@domain/views';
import { findContactsByIds } from './contacts';
import { findRecordLinks } from './host-deliveries';
import type { HostRecordView } from '@domain/host-events';
import { dbKind } from './db';
import { forChange, type Executor } from './rows';

interface ConversationRow {
  contact_id: number;
  state: ConversationState;
  snoozed_until: number | null;
  owner_id: number | null;
  owner_name: string | null;
  waiting_since: number | null;
  last_message_id: number | null;
  last_activity_at: number;
}

/** The order keys, as in domain/conversation-order.ts: waiting conversations by how long they waited, then the rest by latest activity. */
const WAITING_KEY = `(CASE WHEN conversations.waiting_since IS NULL THEN ${NOT_WAITING_BASE} - conversations.last_activity_at ELSE conversations.waiting_since END)`;
const ACTIVITY_KEY = `(${NOT_WAITING_BASE} - conversations.last_activity_at)`;
const ORDER_KEYS: Record<ConversationOrder, string> = { waiting: WAITING_KEY, activity: ACTIVITY_KEY };

/** A keyset cursor: the order key and contact id of the last row of a page. */
export interface ConversationCursor {
  key: number;
  contactId: number;
}

export function encodeConversationCursor(cursor: ConversationCursor): string {
  return `${cursor.key}.${cursor.contactId}`;
}

export function decodeConversationCursor(text: string): ConversationCursor | null {
  const match = /^(\d+)\.(\d+)$/.exec(text);
  return match ? { key: Number(match[1]), contactId: Number(match[2]) } : null;
}

/** A new, open conversation whose first message is this one. */
/** A multi-row upsert's columns for "the row's message (`excluded`), if it is newer than the one shown". */
function latestFromRow(trx: Executor) {
  const newer =
    'conversations.last_activity_at < excluded.last_activity_at OR (conversations.last_activity_at = excluded.last_activity_at AND coalesce(conversations.last_message_id, 0) < excluded.last_message_id)';
  return {
    last_message_id: trx.raw(`CASE WHEN ${newer} THEN excluded.last_message_id ELSE conversations.last_message_id END`),
    last_activity_at: trx.raw(`CASE WHEN ${newer} THEN excluded.last_activity_at ELSE conversations.last_activity_at END`),
  };
}

function firstMessageRow(m: { contactId: number; messageId: number; at: number }, now: number) {
  return {
    contact_id: m.contactId,
    state: 'open',
    last_message_id: m.messageId,
    last_activity_at: m.at,
    state_changed_at: now,
    created_at: now,
    updated_at: now,
  };
}

/**
 * A customer wrote: the conversation opens (whatever its state), starts
 * waiting unless it already was, and shows this message if it is the latest.
 */
export async function noteCustomerMessage(trx: Executor, m: { contactId: number; messageId: number; at: number }, now: number): Promise<void> {
  await noteCustomerMessages(trx, [m], now);
}

/**
 * Several customers wrote (a batch of webhooks): as noteCustomerMessage for each message, in
 * one upsert per 500 customers. A customer's messages become one row: waiting since the
 * earliest, showing the latest (the same outcome as applying them one after another).
 */
export async function noteCustomerMessages(trx: Executor, messages: Array<{ contactId: number; messageId: number; at: number }>, now: number): Promise<void> {
  const byContact = new Map<number, { contactId: number; messageId: number; at: number; waitingSince: number }>();
  for (const m of messages) {
    const seen = byContact.get(m.contactId);
    const newer = !seen || m.at > seen.at || (m.at === seen.at && m.messageId > seen.messageId);
    const waitingSince = Math.min(seen?.waitingSince ?? m.at, m.at);
    byContact.set(m.contactId, newer ? { ...m, waitingSince } : { ...seen, waitingSince });
  }
  const rows = [...byContact.values()];
  for (let i = 0; i < rows.length; i += 500) {
    await trx('conversations')
      .insert(rows.slice(i, i + 500).map((m) => ({ ...firstMessageRow(m, now), waiting_since: m.waitingSince, auto_assign_due: true })))
      .onConflict('contact_id')
      .merge({
        // New or reopened with nobody owning it: automatic assignment (when on) gives it an owner.
        auto_assign_due: trx.raw(`CASE WHEN conversations.owner_id IS NULL AND conversations.state <> 'open' THEN ? ELSE conversations.auto_assign_due END`, [
          true,
        ]),
        state: 'open',
        snoozed_until: null,
        state_changed_at: trx.raw(`CASE WHEN conversations.state = 'open' THEN conversations.state_changed_at ELSE ? END`, [now]),
        waiting_since: trx.raw(
          'CASE WHEN conversations.waiting_since IS NULL OR conversations.waiting_since > excluded.waiting_since THEN excluded.waiting_since ELSE conversations.waiting_since END',
        ),
        ...latestFromRow(trx),
        updated_at: now,
      });
  }
}

/**
 * Agents answered: each conversation stops waiting for the messages before its
 * answer and shows the latest one. A conversation an agent starts (a template
 * to a customer who never wrote) is the sender's from the start.
 */
export async function noteAgentMessages(
  trx: Executor,
  /** `teammateId` null: the business answered from the WhatsApp Business app (coexistence), so nobody becomes the owner. */
  messages: Array<{ contactId: number; messageId: number; at: number; teammateId: number | null }>,
  now: number,
): Promise<void> {
  // One row per customer: PostgreSQL refuses to upsert the same row twice in one statement.
  const newest = new Map<number, (typeof messages)[number]>();
  for (const m of messages) {
    const seen = newest.get(m.contactId);
    if (!seen || m.at > seen.at || (m.at === seen.at && m.messageId > seen.messageId)) newest.set(m.contactId, m);
  }
  // One statement per 500 customers (a batch of accepts); each row's own values are `excluded`'s.
  const rows = [...newest.values()];
  for (let i = 0; i < rows.length; i += 500) {
    await trx('conversations')
      .insert(rows.slice(i, i + 500).map((m) => ({ ...firstMessageRow(m, now), owner_id: m.teammateId })))
      .onConflict('contact_id')
      .merge({
        waiting_since: trx.raw('CASE WHEN conversations.waiting_since <= excluded.last_activity_at THEN NULL ELSE conversations.waiting_since END'),
        ...latestFromRow(trx),
        updated_at: now,
      });
  }
}

/** The conversation of a customer who has none yet (an agent acts before anyone wrote): open, unassigned. */
export async function ensureConversation(trx: Executor, contactId: number, now: number): Promise<void> {
  await trx('conversations')
    .insert({ contact_id: contactId, state: 'open', last_activity_at: now, state_changed_at: now, created_at: now, updated_at: now })
    .onConflict('contact_id')
    .ignore();
}

/** The conversation's state and owner, locked on PostgreSQL until the transaction ends. */
export async function conversationStateForChange(trx: Executor, contactId: number): Promise<(StoredConversationState & { ownerId: number | null }) | null> {
  const row = await forChange(trx, trx('conversations').where('contact_id', contactId).first('state', 'snoozed_until', 'owner_id'));
  return row ? { state: row.state, snoozedUntil: row.snoozed_until, ownerId: row.owner_id } : null;
}

/**
 * Who owns the customer's conversation; null when nobody does (or there is none
 * yet). The row stays locked on PostgreSQL until the transaction ends, so an
 * assignment committing meanwhile cannot let a send through that it forbids.
 */
export async function conversationOwnerForChange(trx: Executor, contactId: number): Promise<{ id: number; name: string } | null> {
  const ownerId = (await conversationStateForChange(trx, contactId))?.ownerId ?? null;
  if (ownerId === null) return null;
  const owner = await trx('teammates').where('id', ownerId).first('id', 'name');
  return owner ? { id: owner.id, name: owner.name } : null;
}

/**
 * Writes a change. Any change of owner, and resolving, ends a wait for an
 * automatic owner; `autoAssignDue` starts one (reopening what nobody owns).
 */
export async function updateConversation(
  trx: Executor,
  contactId: number,
  change: Partial<StoredConversationState & { ownerId: number | null }>,
  now: number,
  autoAssignDue = false,
): Promise<void> {
  const update: Record<string, unknown> = { updated_at: now };
  if (autoAssignDue) update.auto_assign_due = true;
  else if (change.ownerId !== undefined || change.state === 'resolved') update.auto_assign_due = false;
  if (change.state !== undefined) Object.assign(update, { state: change.state, state_changed_at: now });
  if (change.snoozedUntil !== undefined) update.snoozed_until = change.snoozedUntil;
  if (change.ownerId !== undefined) update.owner_id = change.ownerId;
  await trx('conversations').where('contact_id', contactId).update(update);
}

function summaryQuery(db: Executor) {
  return db<ConversationRow>('conversations')
    .leftJoin('teammates', 'teammates.id', 'conversations.owner_id')
    .select(
      'conversations.contact_id',
      'conversations.state',
      'conversations.snoozed_until',
      'conversations.owner_id',
      'teammates.name as owner_name',
      'conversations.waiting_since',
      'conversations.last_message_id',
      'conversations.last_activity_at',
    );
}

async function toSummaries(db: Executor, rows: ConversationRow[]): Promise<ConversationSummary[]> {
  const contacts = await findContactsByIds(
    db,
    rows.map((r) => r.contact_id),
  );
  const messageIds = rows.flatMap((r) => (r.last_message_id === null ? [] : [r.last_message_id]));
  const messages = new Map<number, ConversationMessageView>();
  if (messageIds.length) {
    const found: Array<{ id: number; at: number; direction: Direction; channel: Channel; type: string; text: string | null }> = await db('messages')
      .whereIn('id', messageIds)
      .select('id', 'at', 'direction', 'channel', 'type', 'text');
    for (const m of found) messages.set(m.id, { id: m.id, at: Number(m.at), direction: m.direction, channel: m.channel, type: m.type, text: m.text });
  }
  const records = await hostRecords(
    db,
    rows.map((r) => r.contact_id),
  );
  return rows.flatMap((row) => {
    const contact = contacts.get(row.contact_id);
    if (!contact) return [];
    return [
      {
        contact,
        state: row.state,
        snoozedUntil: row.snoozed_until === null ? null : Number(row.snoozed_until),
        owner: row.owner_id === null ? null : { id: row.owner_id, name: row.owner_name ?? 'Unknown teammate' },
        waitingSince: row.waiting_since === null ? null : Number(row.waiting_since),
        lastMessage: row.last_message_id === null ? null : (messages.get(row.last_message_id) ?? null),
        lastActivityAt: Number(row.last_activity_at),
        ...(records.has(row.contact_id) ? { records: records.get(row.contact_id) } : {}),
      },
    ];
  });
}

/** The helpdesk records (a Zendesk ticket) of these conversations, when hosts made any. */
async function hostRecords(db: Executor, contactIds: number[]): Promise<Map<number, HostRecordView[]>> {
  const byContact = new Map<number, HostRecordView[]>();
  for (const link of await findRecordLinks(db, contactIds)) {
    const list = byContact.get(link.contactId) ?? [];
    list.push({ host: link.host, id: link.recordId!, url: link.recordUrl });
    byContact.set(link.contactId, list);
  }
  return byContact;
}

/** Summaries of these customers' conversations, in the order given (those without one are left out). */
export async function findConversationSummaries(db: Executor, contactIds: number[]): Promise<ConversationSummary[]> {
  if (contactIds.length === 0) return [];
  const rows = (await summaryQuery(db).whereIn('conversations.contact_id', [...new Set(contactIds)])) as ConversationRow[];
  const byContact = new Map((await toSummaries(db, rows)).map((s) => [s.contact.id, s]));
  return contactIds.flatMap((id) => (byContact.has(id) ? [byContact.get(id)!] : []));
}

/** "Open now": open, or snoozed until a time that has come (domain/conversations.ts, effectiveState). */
const OPEN_NOW = `(conversations.state = 'open' OR (conversations.state = 'snoozed' AND (conversations.snoozed_until IS NULL OR conversations.snoozed_until <= ?)))`;

/** Each tab as SQL with its bindings: the one definition the pages and the counts share (domain twin: inConversationView). */
function viewSql(view: ConversationViewName, teammateId: number, now: number): { sql: string; bindings: number[] } {
  switch (view) {
    case 'unassigned':
      return { sql: `(conversations.owner_id IS NULL AND ${OPEN_NOW})`, bindings: [now] };
    case 'mine':
      return { sql: `(conversations.owner_id = ? AND conversations.state <> 'resolved')`, bindings: [teammateId] };
    case 'all':
      return { sql: `(conversations.state <> 'resolved')`, bindings: [] };
    case 'resolved':
      return { sql: `(conversations.state = 'resolved')`, bindings: [] };
  }
}

export interface ConversationSearch {
  /** Words that must each appear (as a prefix) in a message, or in the name or number. */
  terms: string[];
  /** Digits to find in the customer's number. */
  digits: string | null;
}

type Filter = (q: Knex.QueryBuilder) => void;

/** Conversations whose customer matches by name, business-scoped username or number (the contacts table). */
function byCustomer(search: ConversationSearch): Filter {
  // Every word somewhere in the column; terms are already folded (lower case, no marks) and hold only letters and digits.
  const allTermsIn = (column: string) => (s: Knex.QueryBuilder) => {
    for (const term of search.terms) s.andWhereRaw(`lower(${column}) LIKE ?`, [`%${term}%`]);
  };
  return (q) =>
    q.whereIn('conversations.contact_id', (sub) => {
      sub
        .select('contacts.id')
        .from('contacts')
        .where((s) => {
          if (search.terms.length) s.orWhere(allTermsIn('contacts.search_name')).orWhere(allTermsIn('contacts.user_id'));
          if (search.digits) s.orWhereLike('contacts.wa_id', `%${search.digits}%`);
        });
    });
}

/**
 * Conversations with a message holding every word (each as a prefix), from the
 * database's own full-text index (migration 202612062100 says why each is shaped so).
 */
function byMessage(db: Executor, terms: string[]): Filter {
  if (dbKind(db as Knex) === 'postgres') {
    // The expression of the GIN index (migration 202612061802), so the index answers it. As EXISTS, the
    // planner may walk the tab in order and stop at a page (a common word) or gather the matches first (a rare one).
    const query = terms.map((t) => `${t}:*`).join(' & ');
    return (q) =>
      q.whereExists((sub) =>
        sub
          .select(db.raw('1'))
          .from('messages')
          .whereRaw('messages.contact_id = conversations.contact_id')
          .andWhereRaw(`to_tsvector('simple', go2msg_fold(coalesce(messages.text, ''))) @@ to_tsquery('simple', ?)`, [query]),
      );
  }
  // The index's rowid is contact id × 2^32 + message id: the matching customers come from the index alone.
  const query = terms.map((t) => `"${t}"*`).join(' ');
  return (q) => q.whereRaw('conversations.contact_id IN (SELECT rowid >> 32 FROM message_words WHERE message_words MATCH ?)', [query]);
}

export interface ConversationPageQuery {
  view: ConversationViewName;
  teammateId: number;
  order: ConversationOrder;
  search: ConversationSearch | null;
  after: ConversationCursor | null;
  limit: number;
  now: number;
}

/** One page of a tab, in the order asked, and the cursor of the next page. */
export async function pageConversations(db: Executor, p: ConversationPageQuery): Promise<{ rows: ConversationSummary[]; next: ConversationCursor | null }> {
  const key = ORDER_KEYS[p.order];
  const { sql, bindings } = viewSql(p.view, p.teammateId, p.now);
  const page = async (filter?: Filter): Promise<OrderedRow[]> => {
    const query = summaryQuery(db)
      .select(db.raw(`${key} as order_key`))
      .whereRaw(sql, bindings);
    if (filter) query.andWhere(filter);
    // A row value, so the order index (migration 202612062100) starts the page where the last one ended.
    if (p.after) query.andWhereRaw(`(${key}, conversations.contact_id) > (?, ?)`, [p.after.key, p.after.contactId]);
    return (await query.orderByRaw(`${key} asc, conversations.contact_id asc`).limit(p.limit + 1)) as OrderedRow[];
  };
  // A search is two ordered lists merged: customers found by name or number, and by message text. Asked
  // apart, each gets the database's best plan; an OR of the two would make it check every conversation.
  const rows = !p.search
    ? await page()
    : mergeOrdered(await Promise.all([page(byCustomer(p.search)), p.search.terms.length ? page(byMessage(db, p.search.terms)) : []])).slice(0, p.limit + 1);
  const shown = rows.slice(0, p.limit);
  const last = shown.at(-1);
  return {
    rows: await toSummaries(db, shown),
    next: rows.length > p.limit && last ? { key: Number(last.order_key), contactId: last.contact_id } : null,
  };
}

type OrderedRow = ConversationRow & { order_key: number | string };

/** Rows of several lists in one order (order key, then contact id), each conversation once. */
function mergeOrdered(lists: OrderedRow[][]): OrderedRow[] {
  const byContact = new Map(lists.flat().map((row) => [row.contact_id, row]));
  return [...byContact.values()].sort((a, b) => Number(a.order_key) - Number(b.order_key) || a.contact_id - b.contact_id);
}

/** How many conversations each tab holds for this teammate, in one read. */
export async function conversationCounts(db: Executor, teammateId: number, now: number): Promise<Record<ConversationViewName, number>> {
  const counted = CONVERSATION_VIEWS.map((view) => {
    const { sql, bindings } = viewSql(view, teammateId, now);
    return db.raw(`SUM(CASE WHEN ${sql} THEN 1 ELSE 0 END) as "${view}"`, bindings);
  });
  const row = (await db('conversations').select(counted).first()) as Record<ConversationViewName, number | null> | undefined;
  return Object.fromEntries(CONVERSATION_VIEWS.map((view) => [view, Number(row?.[view] ?? 0)])) as Record<ConversationViewName, number>;
}

/** Customer messages each of these conversations holds that this teammate has not seen. */
export async function unreadCounts(db: Executor, teammateId: number, contactIds: number[]): Promise<Map<number, number>> {
  if (contactIds.length === 0) return new Map();
  const rows: Array<{ contact_id: number; unread: number }> = await db('messages')
    .leftJoin('conversation_reads', (j) => j.on('conversation_reads.contact_id', 'messages.contact_id').andOnVal('conversation_reads.teammate_id', teammateId))
    .whereIn('messages.contact_id', contactIds)
    .andWhere('messages.direction', 'in')
    .whereNotIn('messages.type', [...NOT_WRITING])
    // With no mark yet, only what arrived since the teammate joined is news to them (not years of history).
    .andWhere((q) =>
      q
        .whereRaw('messages.id > conversation_reads.read_up_to')
        .orWhere((none) =>
          none.whereNull('conversation_reads.read_up_to').andWhere('messages.created_at', '>', db('teammates').where('id', teammateId).select('created_at')),
        ),
    )
    .groupBy('messages.contact_id')
    .select('messages.contact_id', db.raw('count(*) as unread'));
  return new Map(rows.map((r) => [r.contact_id, Number(r.unread)]));
}

/** This teammate has seen the customer's messages up to this one (a mark only moves forward). */
export async function markConversationSeen(db: Executor, contactId: number, teammateId: number, upToMessageId: number): Promise<void> {
  await db('conversation_reads')
    .insert({ contact_id: contactId, teammate_id: teammateId, read_up_to: upToMessageId })
    .onConflict(['contact_id', 'teammate_id'])
    .merge({ read_up_to: db.raw('CASE WHEN conversation_reads.read_up_to < ? THEN ? ELSE conversation_reads.read_up_to END', [upToMessageId, upToMessageId]) });
}

/** Conversations waiting for an automatic owner that can have one now (open, nobody owns them), oldest wait first. */
export async function conversationsDueForAssignment(db: Executor, now: number, limit: number): Promise<number[]> {
  const rows: Array<{ contact_id: number }> = await db('conversations')
    .where('auto_assign_due', true)
    .whereNull('owner_id')
    .whereRaw(OPEN_NOW, [now])
    .orderByRaw('coalesce(waiting_since, last_activity_at) asc, contact_id asc')
    .limit(limit)
    .select('contact_id');
  return rows.map((r) => r.contact_id);
}

/** Whether the conversation still waits for an automatic owner; the row stays locked on PostgreSQL until the transaction ends. */
export async function assignmentDueForChange(trx: Executor, contactId: number, now: number): Promise<(StoredConversationState & { ownerId: null }) | null> {
  const row = await forChange(
    trx,
    trx('conversations')
      .where({ contact_id: contactId, auto_assign_due: true })
      .whereNull('owner_id')
      .whereRaw(OPEN_NOW, [now])
      .first('state', 'snoozed_until'),
  );
  return row ? { state: row.state, snoozedUntil: row.snoozed_until === null ? null : Number(row.snoozed_until), ownerId: null } : null;
}

/** The automatic assignment's lock (PostgreSQL, to commit): instances take turns choosing, so caps and turns hold across them. */
const AUTO_ASSIGN_LOCK_KEY = 0x676f326173; // "go2as"

export async function lockAutoAssignment(trx: Executor): Promise<void> {
  if (dbKind(trx as Knex) === 'postgres') await trx.raw('SELECT pg_advisory_xact_lock(?)', [AUTO_ASSIGN_LOCK_KEY]);
}

/** Each of these teammates' unresolved conversations and last automatic turn. */
export async function assignmentLoads(
  db: Executor,
  teammateIds: number[],
): Promise<Array<{ teammateId: number; openConversations: number; lastAutoAssignedAt: number | null }>> {
  if (teammateIds.length === 0) return [];
  const counts: Array<{ owner_id: number; n: number | string }> = await db('conversations')
    .whereIn('owner_id', teammateIds)
    .andWhere('state', '<>', 'resolved')
    .groupBy('owner_id')
    .select('owner_id', db.raw('count(*) as n'));
  const open = new Map(counts.map((c) => [c.owner_id, Number(c.n)]));
  const turns: Array<{ id: number; auto_assigned_at: number | string | null }> = await db('teammates')
    .whereIn('id', teammateIds)
    .select('id', 'auto_assigned_at');
  return turns.map((t) => ({
    teammateId: t.id,
    openConversations: open.get(t.id) ?? 0,
    lastAutoAssignedAt: t.auto_assigned_at === null ? null : Number(t.auto_assigned_at),
  }));
}

export async function noteAutoAssigned(trx: Executor, teammateId: number, now: number): Promise<void> {
  await trx('teammates').where('id', teammateId).update({ auto_assigned_at: now });
}

/** The conversation's stored state, or null when the customer has none yet. */
export async function conversationState(db: Executor, contactId: number): Promise<ConversationState | null> {
  const row = await db('conversations').where('contact_id', contactId).first('state');
  return row ? (row.state as ConversationState) : null;
}
