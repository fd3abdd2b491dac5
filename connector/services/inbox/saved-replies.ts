/**
 * Saved replies: admins write them, every change is audited in its own
 * transaction with the text it now has; agents read the list.
 */
import { DomainError } from '@domain/errors';
import { checkSavedReply, type SavedReplyDraft, type SavedReplyView } from '@domain/saved-replies';
import { appendAuditEntries } from '../../store/audit-writer';
import type { Executor } from '../../store/rows';
import { deleteSavedReply, insertSavedReply, listSavedReplies, savedReplyForChange, updateSavedReply } from '../../store/saved-replies';
import type { Teammate } from '../../store/teammates';
import type { ServiceDeps } from '../runtime/deps';

export function savedReplies(deps: ServiceDeps): Promise<SavedReplyView[]> {
  return listSavedReplies(deps.db);
}

async function existing(trx: Executor, id: number): Promise<SavedReplyView> {
  const reply = await savedReplyForChange(trx, id);
  if (!reply) throw new DomainError('NOT_FOUND', { savedReply: id });
  return reply;
}

function audited(trx: Executor, action: string, admin: Teammate, at: number, details: Record<string, unknown>): Promise<void> {
  // The trail last: its lock (PostgreSQL) is then held only until the commit right after.
  return appendAuditEntries(trx, [{ at, action, teammateId: admin.id, details }]);
}

export async function createSavedReply(deps: ServiceDeps, admin: Teammate, draft: SavedReplyDraft): Promise<SavedReplyView> {
  const checked = checkSavedReply(draft);
  const now = deps.clock.now();
  return deps.db.transaction(async (trx) => {
    const reply = await insertSavedReply(trx, checked, admin.id, now);
    await audited(trx, 'saved_reply.created', admin, now, { id: reply.id, name: reply.name, text: reply.text, language: reply.language });
    return reply;
  });
}

export async function editSavedReply(deps: ServiceDeps, admin: Teammate, id: number, draft: SavedReplyDraft): Promise<SavedReplyView> {
  const checked = checkSavedReply(draft);
  const now = deps.clock.now();
  return deps.db.transaction(async (trx) => {
    const before = await existing(trx, id);
    const reply = await updateSavedReply(trx, id, checked, admin.id, now);
    await audited(trx, 'saved_reply.updated', admin, now, {
      id,
      name: reply.name,
      text: reply.text,
      language: reply.language,
      previous: { name: before.name, text: before.text, language: before.language },
    });
    return reply;
  });
}

export async function removeSavedReply(deps: ServiceDeps, admin: Teammate, id: number): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction(async (trx) => {
    const before = await existing(trx, id);
    await deleteSavedReply(trx, id, admin.id, now);
    await audited(trx, 'saved_reply.deleted', admin, now, { id, name: before.name, text: before.text, language: before.language });
  });
}
