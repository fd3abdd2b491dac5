/** Where an outbound message stands, as the audit trail records it. */
import type { Channel } from '@domain/channel';
import type { MessageFailure } from '@domain/meta-errors';
import { fromJson, type Executor } from './rows';

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

export async function findMessageState(db: Executor, id: number): Promise<MessageState | null> {
  const row = await db('messages').where('id', id).first('id', 'channel', 'direction', 'contact_id', 'teammate_id', 'status', 'wamid', 'failure', 'attempts');
  if (!row) return null;
  return {
    id: row.id,
    channel: row.channel,
    direction: row.direction,
    contactId: row.contact_id,
    teammateId: row.teammate_id,
    status: row.status,
    providerMessageId: row.wamid,
    failure: fromJson<MessageFailure>(row.failure),
    attempts: row.attempts,
  };
}
