/**
 * A helpdesk record stored on its conversation, announced so open inboxes and panels show it
 * at once, and audited (`conversation.linked`, no teammate: the host outbox did it).
 */
import { appendAuditEntries } from '../../store/audit-writer';
import type { Db } from '../../store/db';
import { saveHostRecord } from '../../store/host-deliveries';
import type { Clock } from '../runtime/clock';
import { announceConversations } from '../inbox/conversations';
import type { LiveFeed } from '../live/live-feed';

export async function linkRecord(
  deps: { db: Db; clock: Clock; live: LiveFeed },
  host: string,
  contactId: number,
  record: { id: string; url: string },
): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction(async (trx) => {
    await saveHostRecord(trx, host, contactId, record, now);
    await announceConversations(trx, [contactId], 'change', now);
    // The trail last: its lock (PostgreSQL) is then held only until the commit right after.
    await appendAuditEntries(trx, [
      { at: now, action: 'conversation.linked', teammateId: null, contactId, details: { host, recordId: record.id, url: record.url } },
    ]);
  });
  deps.live.notify();
}
