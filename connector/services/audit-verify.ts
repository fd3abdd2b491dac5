/**
 * `npm run audit:verify`: walks the whole trail and says whether every row
 * still matches its hash and follows the row before it. On a break it names
 * the first broken row and why; otherwise it prints the head (the newest row's
 * id and hash). Noting the head somewhere else and passing it back later with
 * `--head <hash>` also catches rows cut off the end of the trail.
 */
import { auditTrailExists, verifyAuditTrail } from '../store/audit';
import type { Db } from '../store/db';

export interface VerifyOutcome {
  ok: boolean;
  lines: string[];
}

export async function verifyAuditCommand(db: Db, args: string[], progress?: (rows: number) => void): Promise<VerifyOutcome> {
  const headIndex = args.indexOf('--head');
  const expectHead = headIndex >= 0 ? args[headIndex + 1] : undefined;
  if (headIndex >= 0 && !/^[0-9a-f]{64}$/.test(expectHead ?? '')) {
    return { ok: false, lines: ['usage: npm run audit:verify [-- --head <sha256 of an earlier head>]'] };
  }
  if (!(await auditTrailExists(db))) {
    return { ok: false, lines: ['This database has no audit trail yet (or one older than this version): start the connector once with it, then verify.'] };
  }
  const result = await verifyAuditTrail(db, { expectHead, onProgress: progress });
  if (result.broken) {
    return {
      ok: false,
      lines: [
        `audit trail BROKEN at row #${result.broken.id} (${result.broken.kind}): ${result.broken.reason}.`,
        `${result.rows.toLocaleString('en-US')} rows before it are intact${result.head ? `, up to row #${result.head.id}` : ''}.`,
      ],
    };
  }
  if (expectHead && !result.headFound) {
    return { ok: false, lines: [`audit trail BROKEN: the earlier head ${expectHead} is no longer in the trail; rows were removed from its end or it was rewritten.`] };
  }
  const head = result.head ? `head: row #${result.head.id} ${result.head.hash}` : 'the trail is empty';
  return { ok: true, lines: [`audit trail intact: ${result.rows.toLocaleString('en-US')} rows; ${head}.`] };
}
