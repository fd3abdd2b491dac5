/**
 * Processing stored webhook bodies: inbound messages, statuses and errors.
 *
 * The HTTP handler only checks the signature, stores the body and answers 200;
 * this worker does the rest, so a slow database never makes Meta retry. Each
 * body is applied in one transaction. A message id already stored is skipped
 * (Meta repeats webhooks for days); a status only moves forward; a body that
 * fails is kept and retried later without holding back the bodies behind it,
 * and after WEBHOOK_ATTEMPTS becomes a dead letter for an admin (dead-letters.ts),
 * never dropped.
 */
import { DomainError } from '@domain/errors';
import { NOT_WRITING } from '@domain/conversations';
import { describeFailure } from '@domain/meta-errors';
import { webhookRetryDelayMs } from '@domain/retry';
import { advanceStatus } from '@domain/message-status';
import { latestInbound } from '@domain/reply-window';
import { GIVE_WAY, GiveWayBudget, nextBatchSize } from '@domain/give-way';
import { findContact, findContactById, recordInbound } from '../../store/contacts';
import { findByWamid, idsByWamid, insertInbound, updateStatus, type StoredMessage } from '../../store/messages';
import { adoptWamid } from '../../store/outbox';
import { messageIdFromCallback } from '../../whatsapp/cloud-payload';
import type { Executor } from '../../store/rows';
import { markWebhookFailed, markWebhookProcessed, pendingWebhooks } from '../../store/webhook-inbox';
import { readWebhookBody } from '../../whatsapp/webhook-body';
import { isEnvelope, readEnvelope, type InboundMessage, type StatusUpdate } from '../../whatsapp/webhook-envelope';
import { contactForIdentity } from '../contacts/contact-identity';
import { INBOUND_MEDIA, recordInboundMedia } from './inbound-media';
import { applyPreference, markOptedOutBy131050 } from '../contacts/marketing-preferences';
import { applyAccountField, type AccountEventDeps } from '../account/account-events';
import { PhoneAppMessages } from './coexistence';
import { applyAddressBook } from './address-book';
import { BatchEvents, CustomerConversations } from './batch-parts';
import { NOT_FROM_CUSTOMER, PlainMessages } from './plain-messages';
import { announceConversations } from '../inbox/conversations';
import { CustomerMessageEvents, statusEvents } from '../hosts/host-events';
import { refreshDeadLetterAlert, type DeadLetterDeps } from './dead-letters';
import type { ServiceDeps } from '../runtime/deps';
import { displayTime, readableText } from '../messaging/message-text';
import { PendingStatusAudits } from '../messaging/status-audit';
import { closeWindow } from '../messaging/window-events';
import { LoopedWorker, WorkerLoop } from '../runtime/worker-loop';

export interface IngestDeps extends AccountEventDeps {
  /** Our default number: account changes (quality, name) for other numbers of the same WABA are not its. */
  phoneNumberId: string;
  /** Inbound files are waiting to be fetched from Meta. */
  onMediaPending?: () => void;
  /**
   * How long no webhook has been stored (0 while one is): under a burst, acknowledging goes
   * first, within the share of time domain/give-way.ts allows. Absent: never give way.
   */
  webhooksQuietForMs?: () => number;
}

/**
 * `conversations` collects the customers whose conversation this batch changed, to note
 * and announce together; `hosts` the events helpdesks and CRMs are told about; `events` the live
 * events, appended at its end too (see applyWebhookBodies).
 */
async function ingestMessage(
  trx: Executor,
  numberId: string,
  m: InboundMessage,
  now: number,
  conversations: CustomerConversations,
  hosts: CustomerMessageEvents,
  events: BatchEvents,
): Promise<{ mediaPending: boolean }> {
  // Both ids may link two contacts into one (a merge moves conversations): what was noted goes in first.
  if (m.waId && m.userId) await conversations.write(trx, now);
  // The thread is the pair (business number, customer): a customer writing to Support and to Sales has two.
  const contact = await contactForIdentity(
    trx,
    { waId: m.waId, userId: m.userId, numberId, name: m.name, username: m.username, parentUserId: m.parentUserId },
    now,
  );
  const sentAt = Number.isFinite(m.at) ? m.at : now;
  const content = { ...m.raw, type: m.type };
  // Meta repeats webhooks for days. A repeated message is not stored again (the insert below
  // ignores a known wamid); one with a file is caught first, so no second file record is made.
  if (INBOUND_MEDIA.has(m.type) && (await findByWamid(trx, m.wamid))) return { mediaPending: false };
  const mediaId = await recordInboundMedia(trx, m, now);
  const context = m.raw.context as { id?: string } | undefined;
  const reactionTo = m.type === 'reaction' ? ((m.raw.reaction as { message_id?: string } | undefined)?.message_id ?? null) : null;
  const id = await insertInbound(trx, {
    contactId: contact.id,
    wamid: m.wamid,
    type: m.type,
    content,
    text: readableText(content),
    at: displayTime(sentAt, now),
    now,
    mediaId,
    replyTo: context?.id ?? null,
    reactionTo,
  });
  if (id === null) return { mediaPending: false };
  // A reaction changes the message it reacts to; everything else is a new message in the thread.
  const changed = reactionTo ? (await idsByWamid(trx, [reactionTo])).map((t) => t.id) : [id];
  for (const messageId of changed) events.pushMessage(contact.id, messageId);
  if (!NOT_FROM_CUSTOMER.has(m.type) && latestInbound(contact.lastInboundAt, sentAt) !== contact.lastInboundAt) {
    // The window is measured from Meta's own timestamp, exactly as Meta measures it.
    const updated = await recordInbound(trx, contact.id, sentAt, now);
    if (updated) events.push({ contactId: contact.id, event: { type: 'contact', contact: updated } });
  }
  if (!NOT_WRITING.has(m.type)) {
    await hosts.before(trx, contact.id);
    hosts.noteReceived(contact.id, id);
    conversations.note({ contactId: contact.id, messageId: id, at: displayTime(sentAt, now) });
  }
  return { mediaPending: mediaId !== null };
}

/**
 * Finds the message a status is about: by wamid, or, when the send's answer was
 * lost (timeout, crash), by the id we put in biz_opaque_callback_data — the
 * status then tells us the wamid, and the message is not sent a second time.
 */
async function messageForStatus(trx: Executor, s: StatusUpdate, now: number): Promise<StoredMessage | null> {
  // Locked: another instance may be applying another status of the same message.
  const byWamid = await findByWamid(trx, s.wamid, { forChange: true });
  if (byWamid) return byWamid;
  const id = messageIdFromCallback(s.callbackData);
  if (id === null) return null;
  // Not adopted: the message has a wamid already. The send's answer may have been
  // committed after our look above (PostgreSQL: the adopt waited for its row lock, a
  // status can arrive before its send is recorded) — then the message is ours, found by
  // wamid now. Returning null would drop the status and leave the message "accepted".
  await adoptWamid(trx, id, s.wamid, now);
  return findByWamid(trx, s.wamid, { forChange: true });
}

async function applyStatus(
  trx: Executor,
  s: StatusUpdate,
  now: number,
  log: ServiceDeps['log'],
  audits: PendingStatusAudits,
  events: BatchEvents,
  conversations: CustomerConversations,
): Promise<void> {
  const message = await messageForStatus(trx, s, now);
  if (!message || message.direction !== 'out' || message.status === 'received') {
    log.debug({ wamid: s.wamid }, 'webhook: status for a message this connector did not send');
    return;
  }
  // A status naming the recipient by both ids links them: the same person never becomes two contacts.
  if (s.recipientWaId && s.recipientUserId) {
    await conversations.write(trx, now);
    // The message's own thread says which business number it went from.
    const numberId = (await findContactById(trx, message.contactId))?.phoneNumberId ?? null;
    const known = await findContact(trx, { waId: s.recipientWaId, userId: null, numberId });
    if (numberId && (!known || known.userId !== s.recipientUserId))
      await contactForIdentity(trx, { waId: s.recipientWaId, userId: s.recipientUserId, numberId, parentUserId: s.recipientParentUserId }, now);
  }
  const next = advanceStatus(message.status, s.status);
  if (next === message.status) return;
  const error = s.errors[0];
  const failure = next === 'failed' && error ? describeFailure(error.code, error.title, error.details) : null;
  // A status without a usable timestamp is dated when it arrived (PostgreSQL refuses NaN in a BIGINT).
  const at = Number.isFinite(s.at) ? s.at : now;
  await updateStatus(trx, message.id, next, failure, now, at);
  // Where it stands is what was just written to the row this transaction holds locked: the trail's
  // row and the live event are made from it, not read back (two statements fewer per status).
  audits.noteState({
    id: message.id,
    channel: message.channel,
    direction: message.direction,
    contactId: message.contactId,
    teammateId: message.teammateId,
    status: next,
    providerMessageId: message.wamid,
    failure,
    attempts: message.attempts,
  });
  events.pushMessage(message.contactId, message.id, { status: next, statusAt: at, failure });
  if (failure?.code === 131047) await closeWindow(trx, message.contactId, message.at, now);
  if (failure?.code === 131050) await markOptedOutBy131050(trx, message.contactId, at, now);
}

/**
 * Applies webhook bodies in one transaction; says whether they brought files to
 * fetch. The live events go in after every body is applied, in one insert: an
 * event's id is taken when it is inserted but seen when the transaction commits,
 * and the live tailer holds every later event back until then
 * (services/live/event-tailer.ts), so they are inserted near the commit rather than as
 * each body is applied. The status rows of the audit trail are written last
 * (PendingStatusAudits).
 */
export async function applyWebhookBodies(
  deps: IngestDeps,
  trx: Executor,
  bodies: unknown[],
  now: number,
): Promise<{ mediaPending: boolean; unknownNumbers: Array<string[]> }> {
  const audits = new PendingStatusAudits();
  const conversations = new CustomerConversations();
  const hosts = new CustomerMessageEvents(deps.hostEvents);
  const phoneApp = new PhoneAppMessages();
  const events = new BatchEvents();
  const plain = new PlainMessages();
  let mediaPending = false;
  const unknownNumbers: Array<string[]> = [];
  for (const body of bodies) {
    const applied = await applyBody(deps, trx, body, now, audits, conversations, hosts, phoneApp, events, plain);
    mediaPending = applied.mediaPending || mediaPending;
    unknownNumbers.push(applied.unknownNumbers);
  }
  await plain.store(trx, now, { events, conversations, hosts });
  await conversations.write(trx, now);
  await events.write(trx, now);
  await announceConversations(trx, [...conversations.changed], 'customer_message', now);
  await announceConversations(
    trx,
    [...phoneApp.answered].filter((id) => !conversations.changed.has(id)),
    'agent_message',
    now,
  );
  await phoneApp.record(trx, now);
  mediaPending ||= phoneApp.mediaPending;
  await hosts.record(trx, now);
  const statuses = await audits.write(trx, now);
  await deps.hostEvents?.record(trx, statusEvents(statuses), now);
  return { mediaPending, unknownNumbers };
}

async function applyBody(
  deps: IngestDeps,
  trx: Executor,
  body: unknown,
  now: number,
  audits: PendingStatusAudits,
  conversations: CustomerConversations,
  hosts: CustomerMessageEvents,
  phoneApp: PhoneAppMessages,
  events: BatchEvents,
  plain: PlainMessages,
): Promise<{ mediaPending: boolean; unknownNumbers: string[] }> {
  let mediaPending = false;
  const unknownNumbers = new Set<string>();
  if (!isEnvelope(body)) {
    deps.log.warn('webhook: body is not a WhatsApp envelope; kept in the inbox');
    return { mediaPending, unknownNumbers: [] };
  }
  for (const item of readEnvelope(body)) {
    // Routed by metadata.phone_number_id: every configured number's webhooks are applied. One for a number
    // this connector was not told about is not guessed into another number's threads: its body is kept
    // as a dead letter (processOne) to replay once the number is added to WHATSAPP_PHONE_NUMBERS.
    const numberId = 'phoneNumberId' in item && item.phoneNumberId ? item.phoneNumberId : deps.numbers.defaultId;
    if (item.kind !== 'field' && !deps.numbers.has(numberId)) {
      unknownNumbers.add(numberId);
      continue;
    }
    if (item.kind === 'message' && PlainMessages.fits(item.message)) {
      plain.hold(numberId, item.message);
      continue;
    }
    // Anything else is applied after the plain messages before it, in the order Meta sent them.
    await plain.store(trx, now, { events, conversations, hosts });
    switch (item.kind) {
      case 'message':
        mediaPending = (await ingestMessage(trx, numberId, item.message, now, conversations, hosts, events)).mediaPending || mediaPending;
        break;
      case 'status':
        await applyStatus(trx, item.status, now, deps.log, audits, events, conversations);
        break;
      case 'preference':
        await applyPreference(trx, numberId, item.preference, now, deps.log);
        break;
      case 'error':
        deps.log.warn({ code: item.error.code, title: item.error.title }, 'webhook: Meta reported an error');
        break;
      case 'field':
        await applyAccountField(deps, trx, item.field, item.value, now);
        break;
      case 'echo':
        // The business answered: the customer's messages before it must be noted first (it ends their wait).
        await conversations.write(trx, now);
        await phoneApp.apply(trx, numberId, item.message, 'phone_app', now);
        break;
      case 'address_book':
        await applyAddressBook(trx, numberId, item.change, now);
        break;
      case 'history':
        await conversations.write(trx, now);
        await phoneApp.apply(trx, numberId, item.message, 'history', now, item.chunk);
        break;
    }
  }
  return { mediaPending, unknownNumbers: [...unknownNumbers] };
}

const SWEEP_MS = 30_000;

type InboxRow = { id: number; body: string; attempts: number };

/**
 * Processes stored bodies on a WorkerLoop: at start (what an earlier run left behind), when new bodies
 * are stored (kick), and every SWEEP_MS for retries that fell due. Each pass works through the inbox
 * in adaptive batches until one comes back short, giving way to webhook acknowledgements within its
 * budget; kicks during a pass coalesce into one more. `idle()`: no pass running and none asked for;
 * `drain()`: everything stored before the call is processed (or waiting for a retry, or dead).
 */
export class WebhookProcessor extends LoopedWorker {
  protected readonly loop: WorkerLoop;
  /** Wall-clock time of the last dead-letter count: the alert is brought in line once a sweep interval. */
  private alertCheckedAt = 0;
  /** The pause allowance, shared by the passes that follow one another while bodies keep coming (GiveWayBudget). */
  private budget: GiveWayBudget | null = null;

  constructor(private readonly deps: IngestDeps & { deadLetters: DeadLetterDeps }) {
    super();
    this.loop = new WorkerLoop('webhook', { pass: () => this.pass() }, deps.log, {
      pollMs: SWEEP_MS,
      onRest: () => (this.budget = null),
      onError: (error) => deps.log.error({ err: error }, 'webhook: could not read the inbox; will retry'),
    });
  }

  private async pass(): Promise<false> {
    await this.processStored();
    // The dead-letter alert as every instance left it, once a sweep interval.
    if (Date.now() - this.alertCheckedAt >= SWEEP_MS) {
      this.alertCheckedAt = Date.now();
      await refreshDeadLetterAlert(this.deps.deadLetters).catch((error: unknown) =>
        this.deps.log.error({ err: error }, 'webhook: could not count dead letters'),
      );
    }
    return false;
  }

  private async processStored(): Promise<void> {
    const budget = (this.budget ??= new GiveWayBudget());
    let size = GIVE_WAY.minBatch;
    for (;;) {
      await this.giveWay(budget);
      const started = Date.now();
      const batch = await pendingWebhooks(this.deps.db, size, this.deps.clock.now());
      if (batch.length === 0) break;
      // One transaction for the whole batch; if any body fails, each is applied alone, and a body
      // that fails waits for its retry time, so the next batch no longer holds it and goes on.
      if (!(batch.length > 1 && (await this.processTogether(batch)))) await this.processEachAlone(batch);
      this.deps.live.notify();
      const tookMs = Date.now() - started;
      budget.worked(tookMs);
      const full = batch.length >= size;
      size = nextBatchSize({ size, taken: batch.length, tookMs });
      if (!full) break;
    }
  }

  /** Pauses while webhooks are being acknowledged, within the allowance (wall-clock time). */
  private async giveWay(budget: GiveWayBudget): Promise<void> {
    const quietFor = this.deps.webhooksQuietForMs;
    if (!quietFor) return;
    for (let pause = budget.pauseMs(quietFor()); pause > 0; pause = budget.pauseMs(quietFor())) {
      const started = Date.now();
      await new Promise((resolve) => setTimeout(resolve, pause));
      budget.paused(Date.now() - started);
    }
  }

  /** Applies stored bodies and marks them processed, in one transaction; throws when any fails. */
  private async process(rows: InboxRow[]): Promise<void> {
    const bodies = rows.map((row) => {
      const reading = readWebhookBody(row.body);
      if (!reading.ok) throw new UnreadableBody(reading.reason);
      return reading.body;
    });
    const now = this.deps.clock.now();
    const { mediaPending, dead } = await this.deps.db.transaction(async (trx) => {
      const applied = await applyWebhookBodies(this.deps, trx, bodies, now);
      const unknown = rows.map((row, i) => ({ row, numbers: applied.unknownNumbers[i] ?? [] })).filter((r) => r.numbers.length > 0);
      await markWebhookProcessed(
        trx,
        rows.filter((row) => !unknown.some((u) => u.row === row)).map((row) => row.id),
        now,
      );
      for (const { row, numbers } of unknown) {
        const error = unknownNumberReason(
          numbers,
          this.deps.numbers.all.map((n) => n.id),
        );
        this.deps.log.warn({ inboxId: row.id, phoneNumberIds: numbers }, `webhook: ${error}`);
        await markWebhookFailed(trx, row.id, { error, retryAt: null, now });
      }
      return { mediaPending: applied.mediaPending, dead: unknown.length > 0 };
    });
    if (mediaPending) this.deps.onMediaPending?.();
    if (dead) await refreshDeadLetterAlert(this.deps.deadLetters);
  }

  private async processTogether(batch: InboxRow[]): Promise<boolean> {
    try {
      await this.process(batch);
      return true;
    } catch {
      return false;
    }
  }

  private async processEachAlone(batch: InboxRow[]): Promise<void> {
    let dead = false;
    for (const row of batch) dead = (await this.processOne(row)) === 'dead' || dead;
    if (dead) await refreshDeadLetterAlert(this.deps.deadLetters);
  }

  private async processOne(row: InboxRow): Promise<'processed' | 'retry' | 'dead'> {
    try {
      await this.process([row]);
      return 'processed';
    } catch (error) {
      const now = this.deps.clock.now();
      // A body that cannot be read will not read better later; anything else may be passing (a database restart).
      const delay = error instanceof UnreadableBody ? null : webhookRetryDelayMs(row.attempts + 1);
      const retryAt = delay === null ? null : now + delay;
      this.deps.log.error(
        { err: error, inboxId: row.id, attempt: row.attempts + 1 },
        retryAt === null ? 'webhook: processing failed for good; kept as a dead letter' : 'webhook: processing failed; kept for retry',
      );
      await markWebhookFailed(this.deps.db, row.id, { error: error instanceof UnreadableBody ? error.message : String(error), retryAt, now });
      return retryAt === null ? 'dead' : 'retry';
    }
  }
}

/** Why a body for a number not configured here is a dead letter, and what to do. */
export function unknownNumberReason(numbers: string[], configured: string[]): string {
  return (
    `webhook for phone number ${numbers.join(', ')}, which is not one of this connector's numbers (${configured.join(', ')}): ` +
    'its messages and statuses were not applied. Add the number to WHATSAPP_PHONE_NUMBERS and replay this dead letter.'
  );
}

/** A stored body that is not a webhook Meta could send (stored before the door checked it). */
class UnreadableBody extends Error {
  constructor(reason: string) {
    super(new DomainError('WEBHOOK_BODY_REFUSED', { reason }).message);
    this.name = 'UnreadableBody';
  }
}
