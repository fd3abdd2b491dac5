/**
 * Sends queued messages to the Cloud API.
 *
 * A message is stored before it is sent, so a crash loses nothing: on restart
 * every queued message is picked up, and claims abandoned mid-send return to
 * the queue after a lease. Due messages are claimed ahead of the pacing, a
 * quarter of a second's worth at most, into a local queue (`ready`) that the next
 * claim refills in the background once half of it is sent: a send takes its
 * number's token and goes at once, never waiting for a claim's round trip (on
 * SQLite, queued behind the accepts on the one writer). Claims not sent when the
 * worker stops or sending pauses are put back as they were. Sends are paced by each business number's
 * throughput limit (Meta's limit is per number) and each (number, customer)
 * pair's limit, several in flight at once, one at a time per customer. Only the codes Meta marks retryable are retried; a timeout,
 * where Meta may or may not have the message, waits for its status webhook
 * (matched by our id in biz_opaque_callback_data) before sending again; an
 * invalid access token pauses sending and raises an operator alert instead of
 * retrying forever.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { MessageFailure } from '@domain/meta-errors';
import { MAX_SEND_ATTEMPTS, retryDelayMs } from '@domain/retry';
import { DEFAULT_MPS, NumbersPacing, pairBucket, type InstanceShare, type TokenBucket } from '@domain/rate-limit';
import type { ContactView } from '@domain/views';
import { findContactsByIds } from '../../store/contacts';
import type { Db } from '../../store/db';
import type { MediaFiles } from '../../store/media-files';
import { findMediaMany, recordProviderUpload } from '../../store/media';
import { claimDue, deferClaim, markSendFailed, nextDueAt, releaseClaims, requeueStaleClaims, scheduleRetry, type ClaimedMessage } from '../../store/outbox';
import type { CloudApi, SendPayload } from '../../whatsapp/cloud-api';
import { GraphApiError } from '../../whatsapp/graph-error';
import { toCloudPayload, withProviderMediaIds } from '../../whatsapp/cloud-payload';
import type { Clock } from '../runtime/clock';
import type { ServiceDeps } from '../runtime/deps';
import type { OperatorAlerts } from '../runtime/operator-alerts';
import { OutcomeRecorder, type OutcomeChange } from './outcome-recorder';
import { BackgroundLoop } from '../runtime/worker-loop';
import { markOptedOutBy131050 } from '../contacts/marketing-preferences';
import { closeWindow } from './window-events';
import { mediaUsesOf, type OutboundContent } from '@domain/outbound';

export interface OutboxOptions {
  /** Messages per second for each business number (Meta: 80 by default, up to 1,000). */
  mps: number;
  /** Sends in flight at once. */
  concurrency: number;
  /** A claim older than this is taken to be abandoned by a dead worker. */
  leaseMs: number;
  /** After a send Meta may have received (timeout), how long to wait for its status before sending again. */
  ambiguousGraceMs: number;
  /** How long sending pauses after Meta refuses the access token. */
  tokenPauseMs: number;
}

export const DEFAULT_OUTBOX_OPTIONS: OutboxOptions = { mps: DEFAULT_MPS, concurrency: 16, leaseMs: 120_000, ambiguousGraceMs: 60_000, tokenPauseMs: 300_000 };

export interface OutboxDeps extends ServiceDeps {
  /**
   * Where the reads that need not wait for a write go (the claimed messages' contacts and
   * files, the next due time): SQLite's read-only connection, so they do not queue behind
   * the accepts and outcomes on its one writer (store/db.ts openReader). The database when absent.
   */
  reader?: Db;
  cloudApi: CloudApi;
  files: MediaFiles;
  alerts: OperatorAlerts;
  /** Real time, for rate limits: the sandbox clock jumps, the limits must not. */
  wallClock: Clock;
  options?: Partial<OutboxOptions>;
  random?: () => number;
  /**
   * The instances' register tells this outbox its part of each number's limit (shareWith), and
   * it claims and sends nothing until told, nor once its part has run out. Absent: it is the only sender.
   */
  sharesLimits?: boolean;
}

const IDLE_POLL_MS = 1_000;
/** How far ahead of the pacing messages are claimed: a quarter of a second of every number's limit. */
const CLAIM_AHEAD_S = 0.25;

/** A claimed message waiting in the local queue for its number's token. */
interface ReadyMessage {
  claimed: ClaimedMessage;
  contact: ContactView | undefined;
  /** The business number it goes from (its thread's). */
  from: string;
}
/** Meta keeps an uploaded file for 30 days; re-upload a day before it goes. */
const PROVIDER_MEDIA_TTL_MS = 29 * 24 * 3600_000;
const TOKEN_ALERT = 'WHATSAPP_TOKEN_INVALID';

/**
 * Its loop is its own, not a WorkerLoop: pacing is the point of it (token buckets, sends in flight
 * counted against the concurrency, pauses). Its face is the same (BackgroundLoop): start, stop
 * (which waits for the sends in flight), kick, idle and drain, sends in flight counting as work.
 */
export class OutboxWorker extends BackgroundLoop {
  private readonly options: OutboxOptions;
  /** Each business number's throughput limit (domain/rate-limit.ts); a send takes its number's token. */
  private readonly pacing: NumbersPacing;
  private readonly pairBuckets = new Map<number, TokenBucket>();
  /** Sends waiting for the provider's answer: what the concurrency limit counts. */
  private readonly inflight = new Set<Promise<void>>();
  /** Every delivery not finished yet, its outcome's commit included (stop waits for them). */
  private readonly delivering = new Set<Promise<void>>();
  /** Claimed, oldest first, waiting for their number's token (at most one per customer: the claim's rule). */
  private ready: ReadyMessage[] = [];
  /** The claim running in the background, if any. */
  private claiming: Promise<void> | null = null;
  /** The last claim found nothing due: the next waits for a kick, a finished send or the due time. */
  private queueEmpty = false;
  /** Queued messages wait behind a customer's send in flight: a finished send may free one. */
  private blockedBehindSends = false;
  /** The most messages claimed ahead, and how few left before the next claim. */
  private readonly readyCapacity: number;
  private readonly refillBelow: number;
  private pausedUntil = 0;
  private lastRecovery = 0;
  private readonly recorder: OutcomeRecorder;
  private readonly reader: Db;

  constructor(private readonly deps: OutboxDeps) {
    super();
    this.options = { ...DEFAULT_OUTBOX_OPTIONS, ...deps.options };
    this.recorder = new OutcomeRecorder(deps);
    this.reader = deps.reader ?? deps.db;
    // Enough to keep every number busy while the next claim runs; never so many that one
    // instance holds the queue (claims wait out no lease) or a slow number's messages sit long.
    const perSecond = this.options.mps * deps.numbers.all.length;
    this.readyCapacity = Math.max(1, Math.min(2 * this.options.concurrency, Math.ceil(perSecond * CLAIM_AHEAD_S)));
    this.refillBelow = Math.max(1, Math.floor(this.readyCapacity / 2));
    this.pacing = new NumbersPacing(this.options.mps, deps.sharesLimits ? null : undefined);
  }

  /** This instance's share of each number's limit, from the instances' register. */
  shareWith(share: InstanceShare): void {
    this.pacing.shareWith(share);
    this.kick();
  }

  protected override quiet(): boolean {
    return this.delivering.size === 0 && this.ready.length === 0 && this.claiming === null;
  }

  protected override async settled(): Promise<void> {
    await super.settled();
    await Promise.all(this.delivering);
  }

  protected async run(): Promise<void> {
    while (this.running) {
      try {
        await this.recoverAbandonedClaims();
        const wallNow = this.deps.wallClock.now();
        // Paused: for a refused token (until an admin fixes it, or the pause ends), or with no part of
        // the limits (services/runtime/instance-register.ts; a new share wakes it).
        const pauseMs = Math.max(this.pausedUntil - wallNow, this.pacing.pausedFor(wallNow));
        if (pauseMs > 0) {
          await this.pause(pauseMs);
          continue;
        }
        this.claimAhead();
        const next = await this.sendReady(wallNow);
        if (next === 'sent') continue;
        if (next === 'full') await Promise.race(this.inflight);
        // Until the soonest token, or the claim in progress brings messages for another number.
        else if (next !== 'none') await Promise.race([sleep(next), ...(this.claiming ? [this.claiming] : [])]);
        else if (this.claiming) await this.claiming;
        else if (!this.wakeup.pending) await this.waitForWork();
      } catch (error) {
        this.deps.log.error({ err: error }, 'outbox: unexpected error; retrying shortly');
        await this.rest(IDLE_POLL_MS);
      }
    }
    // Stopped: what was claimed and not sent goes back, so another worker need not wait for the lease.
    await this.releaseReady().catch((error: unknown) => this.deps.log.error({ err: error }, 'outbox: could not put claimed messages back'));
  }

  /**
   * Sleeps through a pause holding nothing: claims held through it could outlive their lease (and
   * another instance may send them meanwhile), so they go back to the queue. Work queued meanwhile
   * is looked for once the pause is over: a kick must not wake this loop at once, or the loop would
   * go round without ever yielding (each turn only awaits settled promises) and freeze the process
   * for the whole pause.
   */
  private async pause(ms: number): Promise<void> {
    await this.releaseReady();
    this.waiters.answer(this.waiters.lookBegins());
    this.wakeup.clear();
    this.queueEmpty = false;
    await this.rest(ms);
  }

  /** Starts a claim in the background when the local queue runs low and the queue may have more. */
  private claimAhead(): void {
    if (this.claiming || this.ready.length >= this.refillBelow) return;
    if (this.queueEmpty && !this.wakeup.pending) return;
    this.wakeup.clear();
    this.queueEmpty = false;
    const asked = this.waiters.lookBegins();
    this.claiming = this.claimInto(this.readyCapacity - this.ready.length, asked).finally(() => {
      this.claiming = null;
    });
  }

  private async claimInto(limit: number, asked: Array<() => void>): Promise<void> {
    let claimed: ClaimedMessage[];
    try {
      claimed = await claimDue(this.deps.db, this.deps.clock.now(), limit);
    } catch (error) {
      this.waiters.carryOver(asked);
      this.deps.log.error({ err: error }, 'outbox: could not claim due messages; retrying shortly');
      this.queueEmpty = true;
      return;
    }
    if (claimed.length === 0) {
      this.queueEmpty = true;
      if (this.delivering.size === 0 && this.ready.length === 0) this.waiters.answer(asked);
      else this.waiters.carryOver(asked);
      return;
    }
    this.waiters.carryOver(asked);
    let contacts: Map<number, ContactView>;
    try {
      contacts = await findContactsByIds(
        this.reader,
        claimed.map((c) => c.contactId),
      );
    } catch (error) {
      // Not sent, so not left to the lease: back to the queue at once.
      await releaseClaims(
        this.deps.db,
        claimed.map((c) => c.id),
        this.deps.clock.now(),
      ).catch(() => undefined);
      this.deps.log.error({ err: error }, 'outbox: could not read the claimed messages’ contacts; retrying shortly');
      return;
    }
    for (const message of claimed) {
      const contact = contacts.get(message.contactId);
      this.ready.push({ claimed: message, contact, from: contact?.phoneNumberId ?? this.deps.numbers.defaultId });
    }
  }

  /**
   * Sends the ready messages whose number has a token, oldest first, as far as the concurrency
   * allows: 'sent' when any went, 'full' when every slot is taken, 'none' when nothing is ready,
   * else the milliseconds until a number has a token again.
   */
  private async sendReady(wallNow: number): Promise<'sent' | 'full' | 'none' | number> {
    if (this.ready.length === 0) return 'none';
    let free = this.options.concurrency - this.inflight.size;
    if (free <= 0) return 'full';
    let sent = 0;
    let soonest = Infinity;
    const dry = new Set<string>();
    const waiting: ReadyMessage[] = [];
    // Taken out while it is gone through: the claim in the background may add to it meanwhile.
    const candidates = this.ready;
    this.ready = [];
    for (const message of candidates) {
      if (free <= 0 || dry.has(message.from)) {
        waiting.push(message);
        continue;
      }
      const numberBucket = this.pacing.of(message.from, wallNow);
      const own = numberBucket.take(wallNow);
      if (!own.ok) {
        dry.add(message.from);
        soonest = Math.min(soonest, own.waitMs);
        waiting.push(message);
        continue;
      }
      const pair = this.pairBucketFor(message.claimed.contactId, wallNow).take(wallNow);
      if (!pair.ok) {
        // The number's token goes back: only the customer's pacing said no, for seconds.
        numberBucket.giveBack();
        const now = this.deps.clock.now();
        await deferClaim(this.deps.db, message.claimed.id, now + pair.waitMs, now);
        continue;
      }
      this.startDelivery(message);
      sent++;
      free--;
    }
    this.ready = [...waiting, ...this.ready];
    if (sent > 0) return 'sent';
    if (free <= 0) return 'full';
    return this.ready.length === 0 ? 'none' : Math.max(1, soonest);
  }

  private startDelivery({ claimed, contact }: ReadyMessage): void {
    // The slot frees once the provider has answered, not once the outcome is committed:
    // the message stays 'sending' until then, so nothing claims it, or the customer's next, meanwhile.
    let answered!: () => void;
    // A freed slot is not news of queued work (no wakeup, so no claim for it): a loop short of
    // slots waits on the slots themselves (Promise.race(inflight)).
    const slot: Promise<void> = new Promise<void>((resolve) => (answered = resolve)).then(() => {
      this.inflight.delete(slot);
    });
    this.inflight.add(slot);
    const delivery: Promise<void> = this.deliver(claimed, contact, answered).finally(() => {
      answered();
      this.delivering.delete(delivery);
      // Its outcome is committed: a retry it scheduled, or the customer's next message, may be due,
      // and idle() and drain() callers wait for this.
      if (this.waiters.waiting || this.blockedBehindSends) this.wakeup.ring();
    });
    this.delivering.add(delivery);
  }

  /** Puts the claimed messages not sent back in the queue (after the claim in progress, if any). */
  private async releaseReady(): Promise<void> {
    await this.claiming;
    if (this.ready.length === 0) return;
    const ids = this.ready.map((m) => m.claimed.id);
    this.ready = [];
    await releaseClaims(this.deps.db, ids, this.deps.clock.now());
  }

  private pairBucketFor(contactId: number, now: number): TokenBucket {
    let bucket = this.pairBuckets.get(contactId);
    if (!bucket) {
      if (this.pairBuckets.size > 10_000) this.pairBuckets.clear();
      bucket = pairBucket(now);
      this.pairBuckets.set(contactId, bucket);
    }
    return bucket;
  }

  private async recoverAbandonedClaims(): Promise<void> {
    const wallNow = this.deps.wallClock.now();
    if (wallNow - this.lastRecovery < this.options.leaseMs / 4) return;
    this.lastRecovery = wallNow;
    const now = this.deps.clock.now();
    const requeued = await requeueStaleClaims(this.deps.db, now - this.options.leaseMs, now, now + this.options.ambiguousGraceMs);
    if (requeued) this.deps.log.warn({ requeued }, 'outbox: claims abandoned by a stopped worker are queued again');
  }

  private async waitForWork(): Promise<void> {
    const due = await nextDueAt(this.reader).catch(() => null);
    const now = this.deps.clock.now();
    // Due already, yet not claimed: it waits behind its customer's send in flight, whose end kicks.
    this.blockedBehindSends = due !== null && due <= now;
    const wait = due === null || due <= now ? IDLE_POLL_MS : Math.min(IDLE_POLL_MS, due - now);
    await this.rest(wait);
    this.blockedBehindSends = false;
    // Slept out (or kicked): look again.
    this.queueEmpty = false;
  }

  /** Uploads the message's files to Meta (once per 29 days) and builds the request. */
  private async payloadFor(claimed: ClaimedMessage, contact: ContactView): Promise<SendPayload> {
    const { db, cloudApi, files, clock } = this.deps;
    const ids = [...new Set(mediaUsesOf(claimed.content as unknown as OutboundContent).map((m) => m.id))];
    const providerIds = new Map<string, string>();
    const rows = await findMediaMany(this.reader, ids);
    for (const id of ids) {
      const row = rows.get(id);
      if (!row?.sha256)
        throw new GraphApiError({
          code: 131053,
          httpStatus: null,
          title: 'Media upload error',
          details: 'The attached file is no longer available; attach it again.',
        });
      // A media id works only for the number that uploaded it: a file sent from another number is uploaded again from that one.
      const from = contact.phoneNumberId ?? this.deps.numbers.defaultId;
      const sameNumber = (row.provider_phone_number_id ?? this.deps.numbers.defaultId) === from;
      const fresh = row.provider_media_id && sameNumber && row.provider_uploaded_at !== null && clock.now() - row.provider_uploaded_at < PROVIDER_MEDIA_TTL_MS;
      if (fresh) {
        providerIds.set(id, row.provider_media_id!);
        continue;
      }
      const bytes = await files.readAll(row.sha256);
      const providerId = await cloudApi.uploadMedia(
        { bytes, mimeType: row.mime_type ?? 'application/octet-stream', filename: row.filename ?? `${row.kind}` },
        contact.phoneNumberId,
      );
      await recordProviderUpload(db, id, providerId, from, clock.now());
      providerIds.set(id, providerId);
    }
    return withProviderMediaIds(toCloudPayload(contact, claimed.content, claimed.id), providerIds);
  }

  /** Sends one message and records what became of it; `answered` is called once the provider has answered. */
  private async deliver(claimed: ClaimedMessage, contact: ContactView | undefined, answered: () => void): Promise<void> {
    const { log, cloudApi, alerts } = this.deps;
    try {
      if (!contact) throw new Error(`contact ${claimed.contactId} of message ${claimed.id} is missing`);
      // From the number the customer's thread is with: that is whom they wrote to, and whose window is open.
      const result = await cloudApi.sendMessage(await this.payloadFor(claimed, contact), contact.phoneNumberId).finally(answered);
      alerts.clear(TOKEN_ALERT);
      await this.recorder.accepted(claimed, result.wamid, result.waId && contact.waId && result.waId !== contact.waId ? result.waId : null);
    } catch (caught) {
      const error = caught instanceof GraphApiError ? caught : GraphApiError.unreachable(caught);
      await this.handleFailure(claimed, error).catch((e: unknown) => log.error({ err: e, messageId: claimed.id }, 'outbox: could not record a failed send'));
    }
  }

  private async handleFailure(claimed: ClaimedMessage, error: GraphApiError): Promise<void> {
    const { log, alerts, wallClock } = this.deps;
    let failure: MessageFailure = error.toFailure();
    if (error.retry === 'token') {
      alerts.raise(TOKEN_ALERT, 'WhatsApp refused the access token: every send waits until WHATSAPP_ACCESS_TOKEN is replaced.', wallClock.now());
      this.pausedUntil = wallClock.now() + this.options.tokenPauseMs;
      if (claimed.attempts < MAX_SEND_ATTEMPTS) {
        await this.record(claimed, (trx, now) => scheduleRetry(trx, claimed.id, now + this.options.tokenPauseMs, failure, now));
        return;
      }
    }
    // No answer at all: Meta may have the message. Its status webhook will say so;
    // until then, sending again could deliver it twice.
    const ambiguous = error.code === null && error.httpStatus === null;
    const delay = ambiguous
      ? claimed.attempts < MAX_SEND_ATTEMPTS
        ? this.options.ambiguousGraceMs
        : null
      : retryDelayMs(error.retry, claimed.attempts, (this.deps.random ?? Math.random)());
    if (delay !== null) {
      if (ambiguous)
        failure = {
          ...failure,
          reason: 'WhatsApp did not answer in time.',
          action: 'go2msg checks whether the message arrived before sending it again; nothing needs to be done.',
        };
      log.warn({ messageId: claimed.id, code: error.code, attempt: claimed.attempts, delay }, 'outbox: send failed, will retry');
      await this.record(claimed, (trx, now) => scheduleRetry(trx, claimed.id, now + delay, failure, now));
      return;
    }
    log.warn({ messageId: claimed.id, code: error.code }, 'outbox: send failed');
    await this.record(claimed, async (trx, now) => {
      await markSendFailed(trx, claimed.id, failure, now);
      if (error.code === 131047) await closeWindow(trx, claimed.contactId, claimed.at, now);
      if (error.code === 131050) await markOptedOutBy131050(trx, claimed.contactId, now, now);
    });
  }

  /** Applies a state change and its live events (group-committed with other outcomes). */
  private record(claimed: ClaimedMessage, change: OutcomeChange): Promise<void> {
    return this.recorder.record(claimed, change);
  }
}
