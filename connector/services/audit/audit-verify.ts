/**
 * `npm run audit:verify`: walks the whole trail and says whether every row
 * still matches its hash and follows the row before it. On a break it names
 * the first broken row and why; otherwise it prints the head (the newest row's
 * id and hash).
 *
 * A walk alone cannot see rows cut off the end (the shorter chain is still a
 * chain). That takes a head noted outside the database: `--head <hash>` (a
 * hash noted by hand), or `--anchor <file>` / AUDIT_ANCHOR_FILE, a file of
 * anchored heads the command checks against and then appends the current head
 * to. The connector also logs the head daily, for log archives to keep.
 */
import { anchorBroken, type AuditAnchor } from '@domain/audit';
import { auditRowHashAt, auditTrailExists, verifyAuditTrail } from '../../store/audit-verifier';
import type { Db } from '../../store/db';
import { AnchorFileError, appendAnchor, readLastAnchor } from './audit-anchors';

export interface VerifyOutcome {
  ok: boolean;
  lines: string[];
}

const USAGE = 'usage: npm run audit:verify [-- --head <sha256 of an earlier head>] [-- --anchor <file of anchored heads>]';

function option(args: string[], name: string): { given: boolean; value: string | undefined } {
  const index = args.indexOf(name);
  return { given: index >= 0, value: index >= 0 ? args[index + 1] : undefined };
}

export async function verifyAuditCommand(
  db: Db,
  args: string[],
  progress?: (rows: number) => void,
  context: { anchorFile?: string; now?: () => number } = {},
): Promise<VerifyOutcome> {
  const head = option(args, '--head');
  const expectHead = head.value;
  if (head.given && !/^[0-9a-f]{64}$/.test(expectHead ?? '')) return { ok: false, lines: [USAGE] };
  const anchorOption = option(args, '--anchor');
  if (anchorOption.given && !anchorOption.value) return { ok: false, lines: [USAGE] };
  const anchorFile = anchorOption.value ?? context.anchorFile;
  if (!(await auditTrailExists(db))) {
    return { ok: false, lines: ['This database has no audit trail yet (or one older than this version): start the connector once with it, then verify.'] };
  }
  let anchor: AuditAnchor | null = null;
  try {
    anchor = anchorFile ? await readLastAnchor(anchorFile) : null;
  } catch (error) {
    if (error instanceof AnchorFileError) return { ok: false, lines: [error.message] };
    throw error;
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
    return {
      ok: false,
      lines: [`audit trail BROKEN: the earlier head ${expectHead} is no longer in the trail; rows were removed from its end or it was rewritten.`],
    };
  }
  if (anchor) {
    const reason = anchorBroken(anchor, { headId: result.head?.id ?? null, hashAtAnchorId: await auditRowHashAt(db, anchor.id) });
    if (reason) return { ok: false, lines: [`audit trail BROKEN: ${reason}.`, `(last anchor in ${anchorFile}; it was left as it is)`] };
  }

  const lines = [
    `audit trail intact: ${result.rows.toLocaleString('en-US')} rows; ${result.head ? `head: row #${result.head.id} ${result.head.hash}` : 'the trail is empty'}.`,
  ];
  if (anchor) lines.push(`the head anchored on ${anchor.at} (row #${anchor.id}) is still in the trail: nothing up to it was removed or changed.`);
  if (anchorFile && result.head && (anchor?.id !== result.head.id || anchor.hash !== result.head.hash)) {
    await appendAnchor(anchorFile, { id: result.head.id, hash: result.head.hash, at: new Date((context.now ?? Date.now)()).toISOString() });
    lines.push(`anchored the head in ${anchorFile}: the next run checks that row #${result.head.id} is still there.`);
  }
  if (!anchorFile && !expectHead) {
    lines.push(
      'No earlier head was given, so rows cut off the end of the trail cannot be seen: keep the head above outside the database, or pass --anchor <file> (AUDIT_ANCHOR_FILE) to keep and check anchors.',
    );
  }
  return { ok: true, lines };
}
