/**
 * Fetches customers' files from Meta, after the message is stored.
 *
 * Meta's download URLs expire after five minutes and need the access token, so
 * the connector fetches each file itself, checks it against Meta's SHA-256, and
 * keeps it by content hash; the panel then reads it from the connector with its
 * own token. A failed download never blocks a webhook: it is retried with
 * backoff (a fresh URL each time), and after the last attempt the message says
 * the file could not be fetched.
 */
import { SNIFF_BYTES } from '@domain/media';
import { appendMessageEvents } from '../../store/events';
import type { MediaFiles } from '../../store/media-files';
import { dueInboundMedia, markMediaFailed, markMediaReady, markMediaRetry, messagesWithMedia, numberOfMedia, type MediaRow } from '../../store/media';
import type { Executor } from '../../store/rows';
import type { CloudApi } from '../../whatsapp/cloud-api';
import type { ServiceDeps } from '../runtime/deps';
import { LoopedWorker, WorkerLoop } from '../runtime/worker-loop';

export interface MediaFetcherDeps extends ServiceDeps {
  cloudApi: CloudApi;
  files: MediaFiles;
  /** Downloads a file the SMS provider names by URL (an MMS); absent when SMS is not set up. */
  downloadSmsMedia?: (url: string) => Promise<Response>;
}

/** Meta refuses inbound files over 100 MB (131052), so nothing larger is accepted here either. */
const MAX_INBOUND_BYTES = 100 * 1024 * 1024;
export const MEDIA_FETCH_ATTEMPTS = 12;
const CONCURRENCY = 4;
const SWEEP_MS = 5_000;

/** 2 s, 4 s, 8 s … up to an hour between attempts: Meta keeps inbound media for 7 days. */
export function fetchRetryDelayMs(attempt: number): number {
  return Math.min(3_600_000, 1_000 * 2 ** attempt);
}

export class MediaFetcher extends LoopedWorker {
  /** Tries up to CONCURRENCY due files per pass; woken by a kick (a file was stored) or every SWEEP_MS (a retry came due). drain(): every file due now has been tried. */
  protected readonly loop: WorkerLoop;

  constructor(private readonly deps: MediaFetcherDeps) {
    super();
    this.loop = new WorkerLoop(
      'media',
      {
        pass: async () => {
          const due = await dueInboundMedia(deps.db, deps.clock.now(), CONCURRENCY);
          await Promise.all(due.map((row) => this.fetchOne(row)));
          return due.length > 0;
        },
      },
      deps.log,
      { pollMs: SWEEP_MS },
    );
  }

  private async fetchOne(row: MediaRow): Promise<void> {
    const { files, clock, log } = this.deps;
    try {
      const { response, expected, mimeType: announced } = await this.download(row);
      // A download that does not match is discarded before it is kept, not left in MEDIA_DIR.
      const stored = await files.write(response.body!, {
        maxBytes: MAX_INBOUND_BYTES,
        headBytes: SNIFF_BYTES,
        accept: (file) => {
          if (expected && Buffer.from(file.sha256, 'hex').toString('base64') !== expected) throw new Error("the downloaded file does not match Meta's SHA-256");
        },
      });
      if (stored.tooLarge) throw new PermanentFetchError('the file is larger than 100 MB');
      const mimeType = (row.mime_type ?? announced ?? response.headers.get('content-type'))?.split(';')[0]?.trim() ?? null;
      await this.record(row.id, (trx, now) => markMediaReady(trx, row.id, { sha256: stored.sha256, size: stored.size, mimeType }, now));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const attempt = row.attempts + 1;
      if (error instanceof PermanentFetchError || attempt >= MEDIA_FETCH_ATTEMPTS) {
        log.warn({ mediaId: row.id, reason }, 'media: giving up on an inbound file');
        await this.record(row.id, (trx, now) =>
          markMediaFailed(
            trx,
            row.id,
            `The file could not be fetched from ${row.provider_url ? 'Twilio' : 'WhatsApp'}: ${reason}. Ask the customer to send it again.`,
            now,
          ),
        );
      } else {
        log.info({ mediaId: row.id, reason, attempt }, 'media: fetch failed, will retry');
        const now = clock.now();
        await markMediaRetry(this.deps.db, row.id, reason, now + fetchRetryDelayMs(attempt), now);
      }
    }
  }

  /** An MMS's file from its URL with the SMS account's credentials; a WhatsApp file by Meta's id, then its fresh URL. */
  private async download(row: MediaRow): Promise<{ response: Response; expected: string | null; mimeType: string | null }> {
    if (row.provider_url) {
      if (!this.deps.downloadSmsMedia) throw new PermanentFetchError('SMS is not set up on this connector any more');
      return { response: await this.deps.downloadSmsMedia(row.provider_url), expected: null, mimeType: null };
    }
    if (!row.provider_media_id) throw new Error('the webhook gave no media id');
    // Asked for by the number the file came to: Meta answers only for that number.
    const info = await this.deps.cloudApi.getMedia(row.provider_media_id, await numberOfMedia(this.deps.db, row.id));
    return { response: await this.deps.cloudApi.downloadMedia(info.url), expected: row.provider_sha256 ?? info.sha256, mimeType: info.mimeType };
  }

  /** Applies a change and pushes the messages showing this file to open panels. */
  private async record(mediaId: string, change: (trx: Executor, now: number) => Promise<void>): Promise<void> {
    const now = this.deps.clock.now();
    await this.deps.db.transaction(async (trx) => {
      await change(trx, now);
      const messages = await messagesWithMedia(trx, mediaId);
      await appendMessageEvents(
        trx,
        messages.map((m) => ({ id: m.id, contactId: m.contact_id })),
        now,
      );
    });
    this.deps.live.notify();
  }
}

class PermanentFetchError extends Error {}
