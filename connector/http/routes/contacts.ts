/**
 * A customer's thread, seen by a signed-in teammate.
 *
 * GET  /api/contacts/{contact}/thread?before=&limit=   newest page, oldest first
 * POST /api/contacts/{contact}/messages                send (Idempotency-Key header)
 * GET  /api/contacts/{contact}/events                  live updates (SSE, resumes with Last-Event-ID)
 * POST /api/contacts/{contact}/read                    blue ticks for the customer's messages
 * POST /api/contacts/{contact}/typing                  "typing…" for the customer (throttled)
 *
 * {contact} is an E.164 number (+16505551234, URL-encoded) or a business-scoped user id.
 */
import express from 'express';
import { DomainError } from '@domain/errors';
import { readContactRef } from '../../services/contacts/phone-numbers';
import { sendMessage, type SendDeps } from '../../services/messaging/send-message';
import { markThreadRead, showTyping } from '../../services/messaging/read-receipts';
import { openThread } from '../../services/messaging/thread';
import type { CloudApi } from '../../whatsapp/cloud-api';
import { findContact } from '../../store/contacts';
import { serveLiveStream, type LiveStreamDeps } from '../live-stream';
import { idempotencyKey, parseOutbound } from './schemas';

export function contactsRouter(deps: SendDeps & { cloudApi: CloudApi; liveStream: LiveStreamDeps }): express.Router {
  const router = express.Router();
  const receipts = { ...deps, typingShownAt: new Map<number, number>() };

  router.get('/contacts/:contact/thread', async (req, res) => {
    const before = typeof req.query.before === 'string' ? req.query.before : undefined;
    const limit = req.query.limit === undefined ? undefined : Number(req.query.limit);
    if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) {
      throw new DomainError('VALIDATION_FAILED', { field: 'limit', reason: 'a whole number above 0' });
    }
    res.json(await openThread(deps, req.params.contact, { before, limit }));
  });

  router.post('/contacts/:contact/messages', express.json({ limit: '256kb' }), async (req, res) => {
    const key = idempotencyKey(req);
    const result = await sendMessage(deps, {
      teammate: res.locals.teammate,
      attribution: res.locals.attribution,
      contactRef: req.params.contact,
      content: parseOutbound(req.body),
      idempotencyKey: key,
    });
    res
      .status(result.replayed ? 200 : 202)
      .json({ message: result.message, replayed: result.replayed, ...(result.billing ? { billing: result.billing } : {}) });
  });

  router.post('/contacts/:contact/read', async (req, res) => {
    await markThreadRead(receipts, req.params.contact, res.locals.teammate.id);
    res.sendStatus(204);
  });

  router.post('/contacts/:contact/typing', async (req, res) => {
    await showTyping(receipts, req.params.contact, Date.now());
    res.sendStatus(204);
  });

  router.get('/contacts/:contact/events', async (req, res) => {
    const contact = await findContact(deps.db, readContactRef(req.params.contact, deps.defaultCountry));
    if (!contact) throw new DomainError('NOT_FOUND', { contact: req.params.contact });
    // When this contact turns out to be the same person as another (services/contacts/contact-identity.ts),
    // the stream goes on with the survivor's events (services/live/live-streams.ts follows the merge).
    await serveLiveStream(deps.liveStream, req, res, { contactId: contact.id });
  });

  return router;
}
