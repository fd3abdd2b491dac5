/**
 * The retention job: every hour (and when the sandbox clock jumps), deletes
 * message bodies (and their files) older than MESSAGE_RETENTION_DAYS. Each purged message is
 * pushed to open panels, which show "content deleted after N days"; one audit
 * row records each run that deleted something.
 */
import { appendAudit } from '../../store/audit-writer';
import { appendMessageEvents } from '../../store/events';
import type { MediaFiles } from '../../store/media-files';
import {
  deleteEventsBefore,
  deleteMessageContent,
  deleteMessageEvents,
  deleteDeadWebhooksBefore,
  deleteProcessedWebhooksBefore,
  deleteUnreferencedMediaBefore,
  messagesPastRetention,
  messagesQuoting,
} from '../../store/retention';
import { announceConversations } from '../inbox/conversations';
import type { ServiceDeps } from './deps';
import { periodicLoop, type WorkerLoop } from './worker-loop';

const DAY_MS = 24 * 60 * 60 * 1000;
const BATCH = 500;
const EVERY_MS = 60 * 60 * 1000;

export interface RetentionDeps extends ServiceDeps {
  /** null keeps bodies forever. */
  days: number | null;
  /** Where message files are kept: a purged message's file goes too. */
  files: MediaFiles;
}

/** Deletes what is past retention at `now`; returns how many message bodies were deleted. */
export async function purgeExpiredContent(deps: RetentionDeps, now: number): Promise<number> {
  if (deps.days === null) return 0;
  const days = deps.days;
  const cutoff = now - days * DAY_MS;
  let total = 0;
  for (;;) {
    const due = await messagesPastRetention(deps.db, cutoff, BATCH);
    if (due.length === 0) break;
    await deps.db.transaction(async (trx) => {
      const ids = due.map((m) => m.id);
      total += await deleteMessageContent(trx, ids, days, now);
      // Every view that showed a deleted body (the message's own, and replies quoting it)
      // is pushed again without it, and its earlier copies in the feed go.
      const shown = [...due, ...(await messagesQuoting(trx, ids))];
      await deleteMessageEvents(
        trx,
        shown.map((m) => m.id),
      );
      await appendMessageEvents(trx, shown, now);
      // Inbox rows showing a deleted body as the latest message are shown again without it.
      await announceConversations(trx, [...new Set(due.map((m) => m.contactId))], 'change', now);
    });
    deps.live.notify();
    if (due.length < BATCH) break;
  }
  await deleteEventsBefore(deps.db, cutoff);
  await deleteProcessedWebhooksBefore(deps.db, cutoff);
  // A dead letter holds a customer's words too: replayable until the retention period, then gone.
  const deadLetters = await deleteDeadWebhooksBefore(deps.db, cutoff);
  // Files last: a crash before this leaves a file with no row, never a row with no file.
  for (const name of await deleteUnreferencedMediaBefore(deps.db, cutoff)) await deps.files.remove(name);
  if (total > 0 || deadLetters > 0) {
    await appendAudit(deps.db, {
      at: now,
      action: 'retention.purge',
      teammateId: null,
      details: { days, before: cutoff, messages: total, ...(deadLetters ? { deadLetters } : {}) },
    });
    deps.log.info({ messages: total, days }, 'retention: message bodies deleted');
  }
  return total;
}

/**
 * Hourly, and on demand (`drain()`, when the sandbox clock jumps); null when bodies are kept forever,
 * so nothing is scheduled.
 */
export function retentionJob(deps: RetentionDeps): WorkerLoop | null {
  if (deps.days === null) return null;
  return periodicLoop(
    'retention',
    async () => {
      await purgeExpiredContent(deps, deps.clock.now());
    },
    EVERY_MS,
    deps.log,
    (error) => deps.log.error({ err: error }, 'retention: run failed; will try again next time'),
  );
}
