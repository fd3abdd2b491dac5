/**
 * Accepting an agent's message: domain checks, then the message (queued), its
 * audit row and its live event in one transaction, shared with the requests
 * arriving at the same moment (AcceptQueue); the outbox sends it after.
 *
 * The client's idempotency key makes a retried request return the message it
 * already created instead of sending twice; the same key with different content
 * is refused rather than silently ignored.
 */
import { ssoAttribution, type Attribution } from '@domain/attribution';
import { checkMayReply } from '@domain/conversations';
import { mediaTooLarge, VOICE_NOTE_PLAY_ICON_MAX_BYTES } from '@domain/media';
import { DomainError, isDomainError } from '@domain/errors';
import { REACTION_TARGET_MAX_AGE_DAYS } from '@domain/limits';
import { checkOutbound, checkWindowAllows, MEDIA_TYPES, mediaUsesOf, targetOf, type OutboundContent } from '@domain/outbound';
import { replyWindow } from '@domain/reply-window';
import { checkSignedLength, signatureFor, signText, SIGNATURE_OFF, type SignatureConfig } from '@domain/signature';
import { checkMarketingAllowed, checkTemplateUse, type SendBilling, type SendPurpose } from '@domain/template-categories';
import { checkTemplateSend, renderTemplateBody, templateShown, type TemplateShown } from '@domain/templates';
import type { MessageView } from '@domain/views';
import { conversationOwnerForChange } from '../../store/conversations';
import { findMediaMany } from '../../store/media';
import { findContactMessageByWamid } from '../../store/messages';
import { toJson, type Executor } from '../../store/rows';
import type { Teammate } from '../../store/teammates';
import { findTemplate } from '../../store/templates';
import type { AcceptQueue, AcceptWork } from './accept-queue';
import type { ServiceDeps } from '../runtime/deps';
import { readContactRef } from '../contacts/phone-numbers';
import { replay, replayTaken, requestHash } from './idempotency';
import { readableText } from './message-text';
import { threadContact } from '../contacts/thread-contact';

export interface SendDeps extends ServiceDeps {
  outbox: { kick(): void };
  /** Where requests are checked and stored, together with those arriving at the same time. */
  accepts: AcceptQueue;
  /** The customer-visible signature on free text (off when absent). */
  signature?: SignatureConfig;
  /** Only a conversation's owner (or an admin) replies (CONVERSATION_OWNER_ONLY). */
  ownerOnly?: boolean;
}

export interface SendRequest {
  teammate: Teammate;
  /** Who sends, from the session: the teammate, and the host and host user (SSO alone when absent). */
  attribution?: Attribution;
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

/** Every file the message refers to exists, was checked on upload, and is of the kind its place needs. */
async function checkMediaUses(trx: Executor, content: OutboundContent): Promise<void> {
  const uses = mediaUsesOf(content);
  const rows = await findMediaMany(
    trx,
    uses.map((u) => u.id),
  );
  for (const use of uses) {
    const row = rows.get(use.id);
    if (!row || row.status !== 'ready') throw new DomainError('MEDIA_NOT_FOUND', { id: use.id });
    if (row.kind !== use.kind)
      throw new DomainError('MESSAGE_INVALID', {
        rule: `this place needs ${use.kind === 'image' ? 'an' : 'a'} ${use.kind}, and the file is ${row.kind === 'image' || row.kind === 'audio' ? 'an' : 'a'} ${row.kind}`,
        field: use.id,
      });
    if (use.voice && row.mime_type !== 'audio/ogg')
      throw new DomainError('MEDIA_TYPE_UNSUPPORTED', { kind: 'audio', voice: true, detected: row.mime_type, accepted: '.ogg (Opus)' });
    // An audio file uploaded as such (up to 16 MB) sent as a voice note: WhatsApp would show it as a plain file above 512 KB.
    if (use.voice && row.size !== null && row.size > VOICE_NOTE_PLAY_ICON_MAX_BYTES) throw mediaTooLarge('audio', row.size, VOICE_NOTE_PLAY_ICON_MAX_BYTES);
  }
}

/** A quoted or reacted-to message must be in this conversation; reactions only within 30 days (Meta: 131009). */
async function checkTarget(
  trx: Executor,
  contactId: number,
  content: OutboundContent,
  now: number,
): Promise<{ wamid: string; as: 'reply' | 'reaction'; messageId: number | null } | null> {
  const target = targetOf(content);
  if (!target) return null;
  const message = await findContactMessageByWamid(trx, contactId, target.wamid);
  if (!message)
    throw new DomainError('MESSAGE_INVALID', {
      rule: `the ${target.as === 'reply' ? 'quoted' : 'reacted-to'} message is not in this conversation`,
      field: target.as,
    });
  if (target.as === 'reaction' && now - message.at > REACTION_TARGET_MAX_AGE_DAYS * 86_400_000) {
    throw new DomainError('MESSAGE_INVALID', {
      rule: `reactions are possible on messages of the last ${REACTION_TARGET_MAX_AGE_DAYS} days`,
      field: 'reaction',
    });
  }
  return { ...target, messageId: message.id };
}

export async function sendMessage(deps: SendDeps, request: SendRequest): Promise<SendResult> {
  const identity = readContactRef(request.contactRef, deps.defaultCountry);
  // A number named must be one of ours before anything is stored for it.
  deps.numbers.checked(identity.numberId);
  const { content } = request;
  checkOutbound(content);
  const attribution = request.attribution ?? ssoAttribution(request.teammate.id);
  const signature = signatureFor(deps.signature ?? SIGNATURE_OFF, request.teammate);
  if (content.type === 'text') checkSignedLength(content.text.body, signature);
  // The key covers what the agent asked for; the signature is added below, the same on every retry.
  // The number it goes from is part of the request: the same key sent again from another number is another request.
  const customer = identity.waId ?? identity.userId ?? '';
  const hash = requestHash(identity.numberId ? `${customer}@${identity.numberId}` : customer, content);
  const now = deps.clock.now();

  let billing: SendBilling | null = null;
  const work: AcceptWork = async (trx, reads) => {
    billing = null;
    const contact = await reads.contact({ waId: identity.waId, numberId: identity.numberId, createOn: identity.numberId ?? deps.numbers.defaultId }, () =>
      threadContact(trx, identity, deps.numbers, now),
    );
    if (!contact) throw new DomainError('NOT_FOUND', { contact: request.contactRef });
    const window = replyWindow({ lastInboundAt: contact.lastInboundAt, closedByProviderAt: contact.windowClosedAt, now });
    checkWindowAllows(content, window);
    if (deps.ownerOnly) checkMayReply(await conversationOwnerForChange(trx, contact.id), request.teammate, true);

    let rendered: string | undefined;
    let shown: TemplateShown | null = null;
    let auditTemplate: { name: string; category: string | null } | null = null;
    if (content.type === 'template') {
      const { name, language } = content.template;
      const template = await reads.once(`template:${name}:${language.code}`, () => findTemplate(trx, name, language.code));
      auditTemplate = { name: content.template.name, category: template?.category ?? null };
      billing = checkTemplateUse(template, request.purpose ?? 'conversation', window.open);
      checkMarketingAllowed(template?.category, contact.marketing);
      checkTemplateSend(template, content);
      rendered = renderTemplateBody(template!, content);
      shown = templateShown(template!, content);
    }
    await checkMediaUses(trx, content);
    const target = await checkTarget(trx, contact.id, content, now);

    // Every rule has passed: from here on, nothing refuses the request (see AcceptQueue).
    // Templates are sent as Meta approved them; only free text is signed.
    const signed = content.type === 'text' && signature !== '';
    const stored = signed ? { ...content, text: { ...content.text, body: signText(content.text.body, deps.signature!, request.teammate) } } : { ...content };
    const mainMedia = MEDIA_TYPES.includes(content.type as (typeof MEDIA_TYPES)[number]) ? (mediaUsesOf(content)[0]?.id ?? null) : null;
    const id = await reads.insertOutbound({
      contactId: contact.id,
      type: content.type,
      content: stored,
      text: readableText(stored, rendered),
      templateShown: shown,
      mediaId: mainMedia,
      replyTo: target?.as === 'reply' ? target.wamid : null,
      reactionTo: target?.as === 'reaction' ? target.wamid : null,
      teammateId: request.teammate.id,
      host: attribution.host,
      hostUserId: attribution.hostUserId,
      idempotencyKey: request.idempotencyKey,
      requestHash: hash,
      now,
    });
    if (id === null) return null;
    return {
      messageId: id,
      contactId: contact.id,
      // A reaction shows on the message it reacts to; anything else is a new message in the thread.
      shownId: target?.as === 'reaction' && target.messageId !== null ? target.messageId : id,
      audit: {
        at: now,
        action: 'message.send',
        teammateId: request.teammate.id,
        channel: 'whatsapp',
        contactId: contact.id,
        messageId: id,
        // The facts at hand, so the trail need not read the message back: the template, and
        // the content exactly as stored (its digest is what the trail keeps).
        template: auditTemplate,
        content: toJson(stored),
        host: attribution.host,
        hostUserId: attribution.hostUserId,
        windowState: window.state,
        details: {
          type: content.type,
          window: window.state,
          ...(content.type === 'template' ? { template: content.template.name, purpose: request.purpose ?? 'conversation', billing } : {}),
          host: attribution.host,
          hostUserId: attribution.hostUserId,
          ...(signed ? { signature: deps.signature!.mode } : {}),
        },
      },
    };
  };

  let message: MessageView | null;
  try {
    message = await deps.accepts.accept(work, identity.waId ?? identity.userId);
  } catch (error) {
    // Refused now, but the key was seen before (a retry after the window closed, say):
    // answer with the first message rather than refuse what was already sent.
    const earlier = isDomainError(error) ? await replay(deps.db, request.idempotencyKey, hash) : null;
    if (earlier) return earlier;
    throw error;
  }
  // Taken by a request racing this one: answered with that request's message, never sent twice.
  return message ? { message, replayed: false, billing } : replayTaken(deps.db, request.idempotencyKey, hash);
}
