/** The team's saved replies. */
import type { SavedReplyDraft, SavedReplyView } from '@domain/saved-replies';
import { forChange, type Executor } from './rows';

interface SavedReplyRow {
  id: number;
  name: string;
  text: string;
  language: string | null;
  updated_at: number;
}

function toView(row: SavedReplyRow): SavedReplyView {
  return { id: row.id, name: row.name, text: row.text, language: row.language, updatedAt: Number(row.updated_at) };
}

/** Every saved reply not deleted, by name. */
export async function listSavedReplies(db: Executor): Promise<SavedReplyView[]> {
  const rows = await db<SavedReplyRow>('saved_replies')
    .whereNull('deleted_at')
    .orderBy([{ column: 'name' }, { column: 'id' }]);
  return rows.map(toView);
}

/** The saved reply, locked on PostgreSQL until the transaction ends; null when it does not exist or was deleted. */
export async function savedReplyForChange(trx: Executor, id: number): Promise<SavedReplyView | null> {
  const row = await forChange(trx, trx<SavedReplyRow>('saved_replies').where('id', id).whereNull('deleted_at').first());
  return row ? toView(row) : null;
}

/** `teammateId` null: written by the connector itself (the sandbox's demo replies). */
export async function insertSavedReply(trx: Executor, draft: SavedReplyDraft, teammateId: number | null, now: number): Promise<SavedReplyView> {
  const [row] = (await trx('saved_replies')
    .insert({ name: draft.name, text: draft.text, language: draft.language, updated_by: teammateId, created_at: now, updated_at: now })
    .returning('*')) as SavedReplyRow[];
  return toView(row!);
}

export async function updateSavedReply(trx: Executor, id: number, draft: SavedReplyDraft, teammateId: number, now: number): Promise<SavedReplyView> {
  const [row] = (await trx('saved_replies')
    .where('id', id)
    .update({ name: draft.name, text: draft.text, language: draft.language, updated_by: teammateId, updated_at: now })
    .returning('*')) as SavedReplyRow[];
  return toView(row!);
}

export async function deleteSavedReply(trx: Executor, id: number, teammateId: number, now: number): Promise<void> {
  await trx('saved_replies').where('id', id).update({ deleted_at: now, updated_by: teammateId, updated_at: now });
}

/** How many saved replies were ever written, deleted ones included. */
export async function countSavedRepliesEver(db: Executor): Promise<number> {
  const row = (await db('saved_replies').count({ n: '*' }).first()) as { n: number | string } | undefined;
  return Number(row?.n ?? 0);
}
