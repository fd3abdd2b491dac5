/**
 * The hourly housekeeping (issue 11 §5): files no media row names and sign-in
 * records past their expiry are removed, on both databases; anything young
 * enough to be in use, or still referenced, stays. Time is passed in.
 */
import { existsSync, mkdtempSync, mkdirSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { ORPHAN_GRACE_MS, SIGN_IN_RECORDS_KEPT_MS, sweepOrphanFiles, sweepSignInRecords } from '../../connector/services/runtime/housekeeping';
import { insertMedia } from '../../connector/store/media';
import { MediaFiles, type FileOnDisk } from '../../connector/store/media-files';
import { upsertTeammate } from '../../connector/store/teammates';
import { DB_KINDS, useMigratedDatabase } from '../support/databases';

const NOW = Date.UTC(2026, 11, 6, 12);
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A file under the media root, last written `ageMs` before NOW. */
function place(root: string, name: string, ageMs: number): void {
  const path = join(root, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, 'bytes');
  const at = new Date(NOW - ageMs);
  utimesSync(path, at, at);
}

const hashed = (c: string) => `${c.repeat(2)}/${c.repeat(64)}`;

describe.each(DB_KINDS)('on %s', (kind) => {
  const database = useMigratedDatabase(kind);

  test('removes old files no media row names and old upload leftovers, keeps the rest', async () => {
    const root = mkdtempSync(join(tmpdir(), 'go2msg-sweep-'));
    dirs.push(root);
    const old = ORPHAN_GRACE_MS + 60_000;
    place(root, hashed('a'), old); // recorded: stays
    place(root, hashed('b'), old); // orphan: goes
    place(root, hashed('c'), 60_000); // young orphan, maybe about to be recorded: stays
    place(root, '.upload-0011223344556677', old); // an upload cut off by a crash: goes
    place(root, '.upload-8899aabbccddeeff', 60_000); // an upload still arriving: stays
    await insertMedia(database.db, {
      id: `med_${kind}_a`,
      direction: 'out',
      kind: 'image',
      mimeType: 'image/png',
      filename: null,
      size: 5,
      sha256: 'a'.repeat(64),
      status: 'ready',
      now: NOW,
    });

    const swept = await sweepOrphanFiles({ db: database.db, files: new MediaFiles(root) }, NOW);

    expect(swept.files).toBe(2);
    expect(
      readdirSync(root, { recursive: true })
        .filter((name) => String(name).includes('.upload-') || /[0-9a-f]{64}$/.test(String(name)))
        .map(String)
        .sort(),
    ).toEqual(['.upload-8899aabbccddeeff', hashed('a'), hashed('c')].sort());
  });

  test('an orphan uploaded again while the sweep runs is kept: the new copy is not the file that was found', async () => {
    const root = mkdtempSync(join(tmpdir(), 'go2msg-sweep-'));
    dirs.push(root);
    const files = new MediaFiles(root);
    const { sha256 } = await files.write(Readable.from([Buffer.from('the same photo')]), { maxBytes: 1_000, headBytes: 16 });
    const at = new Date(NOW - ORPHAN_GRACE_MS - 60_000);
    utimesSync(files.path(sha256), at, at);
    let found: FileOnDisk | undefined;
    for await (const batch of files.list()) found ??= batch.find((f) => f.sha256 === sha256);
    // Between the sweep's look and its removal, an agent uploads the same photo again.
    await files.write(Readable.from([Buffer.from('the same photo')]), { maxBytes: 1_000, headBytes: 16 });
    expect(await files.removeFound(found!)).toBe(false);
    expect(existsSync(files.path(sha256))).toBe(true);
  });

  test('a missing media directory is nothing to sweep', async () => {
    expect(await sweepOrphanFiles({ db: database.db, files: new MediaFiles(join(tmpdir(), `go2msg-absent-${kind}-${NOW}`)) }, NOW)).toEqual({ files: 0 });
  });

  test('deletes sign-in attempts, tokens and sessions a day past their end, keeps live ones', async () => {
    const { db } = database;
    const teammate = await upsertTeammate(
      db,
      { issuer: 'https://idp.example', subject: `sweep-${kind}`, email: 'sweep@example.com', name: 'Sweep', role: 'agent' },
      NOW,
    );
    const longAgo = NOW - SIGN_IN_RECORDS_KEPT_MS - 60_000;
    const recently = NOW - 60_000;
    await db('sign_in_attempts').insert([
      { id: 'old-attempt', challenge: 'c', origin: 'https://crm.example', created_at: longAgo - 600_000, expires_at: longAgo },
      { id: 'fresh-attempt', challenge: 'c', origin: 'https://crm.example', created_at: recently, expires_at: NOW + 600_000 },
    ]);
    const session = (id: string, fields: object) => ({
      id,
      teammate_id: teammate.id,
      via: 'sso',
      created_at: longAgo - 3_600_000,
      expires_at: NOW + 3_600_000,
      renewable_until: NOW + 3_600_000,
      ...fields,
    });
    await db('auth_sessions').insert([
      session('ended', { ended_at: longAgo, end_reason: 'signed_out' }),
      session('abandoned', { renewable_until: longAgo }),
      session('live', {}),
    ]);
    await db('refresh_tokens').insert([
      { token_hash: 'r-ended', session_id: 'ended', created_at: longAgo, expires_at: longAgo },
      { token_hash: 'r-abandoned', session_id: 'abandoned', created_at: longAgo, expires_at: longAgo },
      { token_hash: 'r-live', session_id: 'live', created_at: recently, expires_at: NOW + 3_600_000 },
    ]);
    await db('access_tokens').insert([
      { token_hash: 'a-ended', teammate_id: teammate.id, session_id: 'ended', created_at: longAgo, expires_at: longAgo },
      { token_hash: 'a-live-expired', teammate_id: teammate.id, session_id: 'live', created_at: longAgo, expires_at: longAgo },
      { token_hash: 'a-live', teammate_id: teammate.id, session_id: 'live', created_at: recently, expires_at: NOW + 900_000 },
    ]);

    const swept = await sweepSignInRecords(db, NOW);

    expect(swept).toEqual({ attempts: 1, accessTokens: 2, sessions: 2, linkTickets: 0 });
    expect((await db('sign_in_attempts').select('id')).map((r) => r.id)).toEqual(['fresh-attempt']);
    expect((await db('auth_sessions').select('id')).map((r) => r.id)).toEqual(['live']);
    expect((await db('refresh_tokens').select('token_hash')).map((r) => r.token_hash)).toEqual(['r-live']);
    expect((await db('access_tokens').select('token_hash')).map((r) => r.token_hash)).toEqual(['a-live']);
  });
});
