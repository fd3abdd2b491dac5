/** Where an outbound message stands, as the audit trail records it. */
import type { Channel } from '@domain/channel';
import type { MessageFailure } from '@domain/meta-errors';
import { forChange, fromJson, type Executor } from './rows';

export interface MessageState {
  id: number;
  channel: Channel;
  direction: 'in' | 'out';
  contactId: number;
  teammateId: number | null;
  status: string;
  providerMessageId: string | null;
  failure: MessageFailure | null;
  attempts: number;
}

const STATE_COLUMNS = ['id', 'channel', 'direction', 'contact_id', 'teammate_id', 'status', 'wamid', 'failure', 'attempts'];

function toState(row: Record<string, unknown>): MessageState {
  return {
    id: row.id as number,
    channel: row.channel as Channel,
    direction: row.direction as 'in' | 'out',
    contactId: row.contact_id as number,
    teammateId: row.teammate_id as number | null,
    status: row.status as string,
    providerMessageId: row.wamid as string | null,
    failure: fromJson<MessageFailure>(row.failure as string | null),
    attempts: row.attempts as number,
  };
}

export async function findMessageStates(db: Executor, ids: number[]): Promise<MessageState[]> {
  if (ids.length === 0) return [];
  const rows: Array<Record<string, unknown>> = await db('messages')
    .whereIn('id', [...new Set(ids)])
    .select(STATE_COLUMNS);
  return rows.map(toState);
}

/** The state of a message about to change status, locked until the transaction ends (see forChange). */
export async function findMessageStateForChange(db: Executor, id: number): Promise<MessageState | null> {
  const row: Record<string, unknown> | undefined = await forChange(db, db('messages').where('id', id).select(STATE_COLUMNS)).first();
  return row ? toState(row) : null;
}
