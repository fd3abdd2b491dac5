/**
 * Webhook bodies that failed for good: kept, announced, and put back in line by an admin.
 *
 * Meta stops sending a body once we answered 200 and offers no way to fetch it again, so a
 * body that cannot be applied is the only copy of what the customer sent. It stays in the
 * inbox as a dead letter with its error; while any exist GET /healthz is "degraded" with
 * an alert saying where to look. After the cause is fixed, an admin replays them (audited):
 * they are processed again as if just received.
 */
import type { DeadLetterPage, DeadLetterView } from '@domain/dead-letters';
import { DomainError } from '@domain/errors';
import { appendAudit } from '../../store/audit-writer';
import type { Db } from '../../store/db';
import type { Teammate } from '../../store/teammates';
import { countDeadLetters, findDeadLetter, listDeadLetters, reviveDeadLetters, type DeadLetterRow } from '../../store/webhook-inbox';
import type { Clock } from '../runtime/clock';
import type { OperatorAlerts } from '../runtime/operator-alerts';

export const DEAD_LETTER_ALERT = 'WEBHOOK_DEAD_LETTERS';
const DEAD_LETTER_MESSAGE =
  'Webhook bodies failed for good and are kept as dead letters: what they carry has not reached the panels. ' +
  'GET /api/admin/webhooks/dead-letters lists each with its error; fix the cause, then replay them (POST /api/admin/webhooks/dead-letters/replay).';

/** At most this many dead letters go back in line per replay request (one transaction, one audit row). */
export const REPLAY_BATCH = 500;

export interface DeadLetterDeps {
  db: Db;
  alerts: OperatorAlerts;
  wallClock: Clock;
}

/** Raises the alert while dead letters exist and clears it when none are left (every instance counts the shared table). */
export async function refreshDeadLetterAlert(deps: DeadLetterDeps): Promise<number> {
  const count = await countDeadLetters(deps.db);
  if (count > 0) deps.alerts.raise(DEAD_LETTER_ALERT, DEAD_LETTER_MESSAGE, deps.wallClock.now());
  else deps.alerts.clear(DEAD_LETTER_ALERT);
  return count;
}

function view(row: DeadLetterRow): DeadLetterView {
  return { id: row.id, receivedAt: row.receivedAt, failedAt: row.deadAt, attempts: row.attempts, error: row.error, length: row.length };
}

export async function deadLetterPage(deps: DeadLetterDeps, page: { before: number | null; limit: number }): Promise<DeadLetterPage> {
  const rows = await listDeadLetters(deps.db, { before: page.before, limit: page.limit + 1 });
  const data = rows.slice(0, page.limit).map(view);
  return { data, next: rows.length > page.limit ? String(data.at(-1)!.id) : null };
}

export async function deadLetter(deps: DeadLetterDeps, id: number): Promise<DeadLetterView & { body: string }> {
  const row = await findDeadLetter(deps.db, id);
  if (!row) throw new DomainError('NOT_FOUND', { deadLetter: id });
  return { ...view(row), body: row.body };
}

/**
 * Puts dead letters back in line (the ones named, or the oldest REPLAY_BATCH) and records
 * who did it; the processor is woken to apply them. Returns what was replayed and how
 * many dead letters are left.
 */
export async function replayDeadLetters(
  deps: DeadLetterDeps & { webhooks: { kick(): void } },
  admin: Teammate,
  which: { id: number } | 'oldest',
): Promise<{ replayed: number[]; remaining: number }> {
  const now = deps.wallClock.now();
  const replayed = await deps.db.transaction(async (trx) => {
    const ids = await reviveDeadLetters(trx, which === 'oldest' ? { limit: REPLAY_BATCH } : { ids: [which.id] });
    if (ids.length > 0) await appendAudit(trx, { at: now, action: 'webhook.replayed', teammateId: admin.id, details: { inboxIds: ids } });
    return ids;
  });
  if (which !== 'oldest' && replayed.length === 0) throw new DomainError('NOT_FOUND', { deadLetter: which.id });
  const remaining = await refreshDeadLetterAlert(deps);
  deps.webhooks.kick();
  return { replayed, remaining };
}
