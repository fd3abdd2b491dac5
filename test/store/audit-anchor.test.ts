/**
 * The audit trail's tail (issue 11 §7): a walk of the chain cannot see rows
 * cut off its end, an anchored head can. `audit:verify --anchor <file>` checks
 * the last anchored head on both databases and records the new one; the
 * connector publishes the head in its log and to admins.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, describe, expect, test } from 'vitest';
import { anchorBroken } from '../../connector/domain/audit';
import { auditHeadLog } from '../../connector/services/audit/audit-head';
import { verifyAuditCommand } from '../../connector/services/audit/audit-verify';
import { auditHead } from '../../connector/store/audit-verifier';
import { appendAudit } from '../../connector/store/audit-writer';
import type { Db } from '../../connector/store/db';
import { DB_KINDS, useMigratedDatabase } from '../support/databases';

const dir = mkdtempSync(join(tmpdir(), 'go2msg-anchors-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HASH_A = 'a'.repeat(64);
const HASH_B = 'b'.repeat(64);

describe('an anchored head', () => {
  test.each([
    { trail: { headId: 9, hashAtAnchorId: HASH_A }, broken: null, what: 'still in a longer trail' },
    { trail: { headId: 5, hashAtAnchorId: HASH_A }, broken: null, what: 'still the head' },
    { trail: { headId: 3, hashAtAnchorId: null }, broken: /ends at row #3.*cut off its end/, what: 'past the end of a shortened trail' },
    { trail: { headId: null, hashAtAnchorId: null }, broken: /ends at no row/, what: 'in an emptied trail' },
    { trail: { headId: 7, hashAtAnchorId: HASH_B }, broken: /no longer has the hash.*rewritten/, what: 'replaced by another row with its id' },
  ])('$what: $broken', ({ trail, broken }) => {
    const reason = anchorBroken({ id: 5, hash: HASH_A, at: '2026-12-01T00:00:00.000Z' }, trail);
    if (broken === null) expect(reason).toBeNull();
    else expect(reason).toMatch(broken);
  });
});

async function append(db: Db, n: number, label: string): Promise<void> {
  for (let i = 0; i < n; i += 1) await appendAudit(db, { at: 1_000 + i, action: 'teammate.sign_in', teammateId: null, details: { label, i } });
}

/** What an attacker with the database's owner rights does: the append-only triggers off, the newest rows deleted. */
async function cutNewest(db: Db, kind: string, fromId: number): Promise<void> {
  if (kind === 'postgres') {
    await db.raw('ALTER TABLE audit_log DISABLE TRIGGER USER');
    await db('audit_log').where('id', '>=', fromId).delete();
    await db.raw('ALTER TABLE audit_log ENABLE TRIGGER USER');
  } else {
    await db.raw('DROP TRIGGER audit_log_no_delete');
    await db('audit_log').where('id', '>=', fromId).delete();
    await db.raw("CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: DELETE refused'); END");
  }
}

describe.each(DB_KINDS)('audit:verify with an anchor file, on %s', (kind) => {
  const database = useMigratedDatabase(kind);
  const now = () => Date.UTC(2026, 11, 6, 12);

  test('records the head, then catches the newest rows cut off, which a walk alone does not', async () => {
    const { db } = database;
    const file = join(dir, `${kind}-cut.jsonl`);
    await append(db, 3, 'first');
    const first = await verifyAuditCommand(db, ['--anchor', file], undefined, { now });
    expect(first.ok).toBe(true);
    expect(first.lines.join('\n')).toMatch(/head: row #3 [0-9a-f]{64}/);
    const head3 = await auditHead(db);
    expect(JSON.parse(readFileSync(file, 'utf8').trim())).toEqual({ id: 3, hash: head3!.hash, at: '2026-12-06T12:00:00.000Z' });

    await append(db, 2, 'later');
    const second = await verifyAuditCommand(db, ['--anchor', file], undefined, { now });
    expect(second.ok).toBe(true);
    expect(second.lines.join('\n')).toContain('(row #3) is still in the trail');
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(2);

    await cutNewest(db, kind, 4);
    // The walk alone still finds an intact (shorter) chain: why the anchor matters.
    const walkOnly = await verifyAuditCommand(db, []);
    expect(walkOnly.ok).toBe(true);
    expect(walkOnly.lines.join('\n')).toMatch(/cannot be seen/);
    const caught = await verifyAuditCommand(db, ['--anchor', file], undefined, { now });
    expect(caught).toMatchObject({
      ok: false,
      lines: [expect.stringMatching(/BROKEN: the trail ends at row #3, but row #5 was anchored .* cut off its end/), expect.any(String)],
    });
    // A refused check leaves the anchors as they were, so the next run still sees the cut.
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(2);
  });

  test('catches newest rows cut and written again with the same ids', async () => {
    const { db } = database;
    const file = join(dir, `${kind}-rewritten.jsonl`);
    const before = (await auditHead(db))?.id ?? 0;
    await append(db, 2, 'original');
    expect((await verifyAuditCommand(db, ['--anchor', file])).ok).toBe(true);
    await cutNewest(db, kind, before + 1);
    await append(db, 2, 'forged');
    const caught = await verifyAuditCommand(db, ['--anchor', file]);
    expect(caught.ok).toBe(false);
    expect(caught.lines[0]).toMatch(new RegExp(`row #${before + 2} no longer has the hash anchored`));
  });

  test('an anchor file whose last line is not an anchor is refused, not overwritten', async () => {
    const file = join(dir, `${kind}-bad.jsonl`);
    writeFileSync(file, 'not json\n');
    const outcome = await verifyAuditCommand(database.db, ['--anchor', file]);
    expect(outcome).toMatchObject({ ok: false, lines: [expect.stringMatching(/is not an anchor/)] });
    expect(readFileSync(file, 'utf8')).toBe('not json\n');
  });

  test('the connector logs the head for log archives to keep', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    await auditHeadLog({ db: database.db, log: pino({ level: 'info' }, sink) }).drain();
    const head = await auditHead(database.db);
    const logged = JSON.parse(lines.at(-1)!) as { auditHead: { id: number; hash: string } };
    expect(logged.auditHead).toMatchObject({ id: head!.id, hash: head!.hash });
  });
});
