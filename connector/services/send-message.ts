/**
 * Accepting an agent's message: domain checks, then the message (queued), its
 * audit row and its live event in one transaction; the outbox sends it after.
 *
 * The client's idempotency key makes a retried request return the message it
 * already created instead of sending twice; the same key with different content
 * is refused rather than silently ignored.
 */
import { createHash } from 'node:crypto';
import { DomainError } from '@domain/errors';
import { checkText, checkWindowAllows, type OutboundContent } from '@domain/outbound';
import { parseContactRef } from '@domain/phone';
import { replyWindow } from '@domain/reply-window';
import { checkTemplateUse, type SendBilling, type SendPurpose } from '@domain/template-categories';
import { checkTemplateSend, renderTemplateBody } from '@domain/templates';
import type { MessageView } from '@domain/views';
import { appendAudit } from '../store/audit';
import { findContact, upsertContact } from '../store/contacts';
import { appendEvent } from '../store/events';
import { findByIdempotencyKey, findMessageView, insertOutbound } from '../store/messages';
import { isUniqueViolation } from '../store/rows';
import type { Teammate } from '../store/teammates';
import { findTemplate } from '../store/templates';
import type { ServiceDeps } from './deps';
import { readableText } from './message-text';

export interface SendDeps extends ServiceDeps {
  outbox: { kick(): void };
}

export interface SendRequest {
  teammate: Teammate;
  contactRef: string;
  content: OutboundContent;
  idempotencyKey: string;
  /** 'one_time_code' only from the one-time-code flow; authentication templates need it. */
  purpose?: SendPurpose;
}

export interface SendResult {
  message: MessageView;
  /** True when this key was seen before and the earlier message is returned. */
  replayed: boolean;
  /** For templates: whether Meta bills it, and why (marketing always). */
  billing?: SendBilling | null;
}

function requestHash(contactRef: string, content: OutboundContent): string {
  return createHash('sha256').update(JSON.stringify([contactRef, content])).digest('hex');
}

async function replay(deps: SendDeps, key: string, hash: string): Promise<SendResult | null> {
  const existing = await findByIdempotencyKey(deps.db, key);
  if (!existing) return null;
  if (existing.requestHash !== hash) throw new DomainError('IDEMPOTENCY_CONFLICT', { idempotencyKey: key });
  return { message: await findMessageView(deps.db, existing.id), replayed: true };
}

export async function sendMessage(deps: SendDeps, request: SendRequest): Promise<SendResult> {
  const identity = parseContactRef(request.contactRef);
  const { content } = request;
  if (content.type === 'text') checkText(content.text.body);
  const hash = requestHash(identity.waId ?? identity.userId ?? '', content);

  const earlier = await replay(deps, request.idempotencyKey, hash);
  if (earlier) return earlier;

  const now = deps.clock.now();
  let messageId: number;
  let billing: SendBilling | null = null;
  try {
    messageId = await deps.db.transaction(async (trx) => {
      const contact = identity.waId ? await upsertContact(trx, identity, now) : await findContact(trx, identity);
      if (!contact) throw new DomainError('NOT_FOUND', { contact: request.contactRef });
      const window = replyWindow({ lastInboundAt: contact.lastInboundAt, closedByProviderAt: contact.windowClosedAt, now });
      checkWindowAllows(content, window);

      let rendered: string | undefined;
      if (content.type === 'template') {
        const template = await findTemplate(trx, content.template.name, content.template.language.code);
        billing = checkTemplateUse(template, request.purpose ?? 'conversation', window.open);
        checkTemplateSend(template, content);
        rendered = renderTemplateBody(template!, content);
      }

      const stored = { ...content };
      const id = await insertOutbound(trx, {
        contactId: contact.id,
        type: content.type,
        content: stored,
        text: readableText(stored, rendered),
        teammateId: request.teammate.id,
        idempotencyKey: request.idempotencyKey,
        requestHash: hash,
        now,
      });
      await appendAudit(trx, {
        at: now,
        action: 'message.send',
        teammateId: request.teammate.id,
        channel: 'whatsapp',
        contactId: contact.id,
        messageId: id,
        details: { type: content.type, window: window.state, ...(content.type === 'template' ? { template: content.template.name, purpose: request.purpose ?? 'conversation', billing } : {}) },
      });
      await appendEvent(trx, contact.id, { type: 'message', message: await findMessageView(trx, id) }, now);
      return id;
    });
  } catch (error) {
    // Two requests with the same key raced: the loser returns the winner's message.
    if (isUniqueViolation(error)) {
      const raced = await replay(deps, request.idempotencyKey, hash);
      if (raced) return raced;
    }
    throw error;
  }

  deps.live.notify();
  deps.outbox.kick();
  return { message: await findMessageView(deps.db, messageId), replayed: false, billing };
}
