/**
 * Publishes the audit trail's head (newest row id and hash) in the log at
 * start and once a day, so a log archive kept off this machine holds a
 * record of it: a later `npm run audit:verify -- --head <hash>` with any
 * logged hash shows whether rows were cut off the end since.
 */
import type { Logger } from 'pino';
import { auditHead, auditTrailExists } from '../../store/audit-verifier';
import type { Db } from '../../store/db';
import { periodicLoop, type WorkerLoop } from '../runtime/worker-loop';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Logs the head now and then daily. */
export function auditHeadLog(deps: { db: Db; log: Logger }): WorkerLoop {
  return periodicLoop(
    'audit head',
    async () => {
      if (!(await auditTrailExists(deps.db))) return;
      const head = await auditHead(deps.db);
      if (head)
        deps.log.info(
          { auditHead: { id: head.id, hash: head.hash, at: new Date(head.at).toISOString() } },
          `audit: trail head row #${head.id} ${head.hash} (keep it outside the database; audit:verify -- --head checks it)`,
        );
    },
    DAY_MS,
    deps.log,
    (error) => deps.log.warn({ err: error }, 'audit: could not read the trail head; will try again tomorrow'),
  );
}
