/** Media rows: what a file is and where it stands. */
import { randomBytes } from 'node:crypto';
import type { MediaKind } from '@domain/media';
import type { Direction, MediaView } from '@domain/views';
import type { Executor } from './rows';

export type MediaStatus = 'pending' | 'ready' | 'failed';

export interface MediaRow {
  id: string;
  direction: Direction;
  kind: MediaKind;
  mime_type: string | null;
  filename: string | null;
  size: number | null;
  sha256: string | null;
  status: MediaStatus;
  provider_media_id: string | null;
  provider_uploaded_at: number | null;
  /** The business number that uploaded it (a media id works only for that number); null: the default number. */
  provider_phone_number_id: string | null;
  provider_sha256: string | null;
  /** A URL the SMS provider fetches the file from (an MMS), instead of Meta's media id. */
  provider_url: string | null;
  attempts: number;
  next_fetch_at: number | null;
  failure: string | null;
}

export function newMediaId(): string {
  return `med_${randomBytes(16).toString('base64url')}`;
}

export function mediaUrl(id: string): string {
  return `/api/media/${id}`;
}

export function toMediaView(row: MediaRow, extra: { voice?: boolean; animated?: boolean } = {}): MediaView {
  return {
    id: row.id,
    url: mediaUrl(row.id),
    kind: row.kind,
    mimeType: row.mime_type,
    filename: row.filename,
    size: row.size,
    voice: Boolean(extra.voice),
    animated: Boolean(extra.animated),
    status: row.status,
    failure: row.failure,
  };
}

export async function insertMedia(
  db: Executor,
  m: {
    id: string;
    direction: Direction;
    kind: MediaKind;
    mimeType: string | null;
    filename: string | null;
    size: number | null;
    sha256: string | null;
    status: MediaStatus;
    providerMediaId?: string | null;
    providerSha256?: string | null;
    providerUrl?: string | null;
    now: number;
  },
): Promise<void> {
  await db('media').insert({
    id: m.id,
    direction: m.direction,
    kind: m.kind,
    mime_type: m.mimeType,
    filename: m.filename,
    size: m.size,
    sha256: m.sha256,
    status: m.status,
    provider_media_id: m.providerMediaId ?? null,
    provider_sha256: m.providerSha256 ?? null,
    provider_url: m.providerUrl ?? null,
    next_fetch_at: m.status === 'pending' ? m.now : null,
    created_at: m.now,
    updated_at: m.now,
  });
}

export async function findMedia(db: Executor, id: string): Promise<MediaRow | null> {
  return (await db<MediaRow>('media').where({ id }).first()) ?? null;
}

export async function findMediaMany(db: Executor, ids: string[]): Promise<Map<string, MediaRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db<MediaRow>('media').whereIn('id', ids);
  return new Map(rows.map((r) => [r.id, r]));
}

/** Records the id Meta gave an uploaded file; the number that uploaded it can reuse it for 30 days. */
export async function recordProviderUpload(db: Executor, id: string, providerMediaId: string, phoneNumberId: string | null, now: number): Promise<void> {
  await db('media')
    .where({ id })
    .update({ provider_media_id: providerMediaId, provider_uploaded_at: now, provider_phone_number_id: phoneNumberId, updated_at: now });
}

export async function dueInboundMedia(db: Executor, now: number, limit: number): Promise<MediaRow[]> {
  return db<MediaRow>('media').where({ status: 'pending', direction: 'in' }).andWhere('next_fetch_at', '<=', now).orderBy('next_fetch_at').limit(limit);
}

export async function markMediaReady(db: Executor, id: string, file: { sha256: string; size: number; mimeType: string | null }, now: number): Promise<void> {
  await db('media')
    .where({ id })
    .update({ status: 'ready', sha256: file.sha256, size: file.size, mime_type: file.mimeType, failure: null, next_fetch_at: null, updated_at: now });
}

export async function markMediaRetry(db: Executor, id: string, failure: string, at: number, now: number): Promise<void> {
  await db('media').where({ id }).update({ failure, next_fetch_at: at, updated_at: now }).increment('attempts', 1);
}

export async function markMediaFailed(db: Executor, id: string, failure: string, now: number): Promise<void> {
  await db('media').where({ id }).update({ status: 'failed', failure, next_fetch_at: null, updated_at: now }).increment('attempts', 1);
}

/** The business number of the thread a file was received in (null when no message shows it, or before several numbers). */
export async function numberOfMedia(db: Executor, mediaId: string): Promise<string | null> {
  const row = await db('messages').join('contacts', 'contacts.id', 'messages.contact_id').where('messages.media_id', mediaId).first('contacts.phone_number_id');
  return (row?.phone_number_id as string | null | undefined) ?? null;
}

/** The messages showing a file, to push their new state when the file arrives. */
export async function messagesWithMedia(db: Executor, mediaId: string): Promise<Array<{ id: number; contact_id: number }>> {
  return db('messages').where({ media_id: mediaId }).select('id', 'contact_id');
}

/** Of these stored file names (SHA-256), the ones some media row still points at. */
export async function fileNamesInUse(db: Executor, names: string[]): Promise<Set<string>> {
  if (names.length === 0) return new Set();
  const rows: Array<{ sha256: string }> = await db('media').whereIn('sha256', names).distinct('sha256');
  return new Set(rows.map((r) => r.sha256));
}
