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
import { authenticateStream, type SignInDeps } from '../../auth/sessions';
import type { ServiceDeps } from '../../services/deps';
import { readContactRef } from '../../services/phone-numbers';
import { sendMessage, type SendDeps } from '../../services/send-message';
import { markThreadRead, showTyping } from '../../services/read-receipts';
import { openThread } from '../../services/thread';
import type { CloudApi } from '../../whatsapp/cloud-api';
import { findContact } from '../../store/contacts';
import { dbKind } from '../../store/db';
import { eventsAfter, lastEventId, type StoredEvent } from '../../store/events';
import type { Executor } from '../../store/rows';
import { idempotencyKey, parseOutbound } from './schemas';

const HEARTBEAT_MS = 15_000;
/** With several instances on PostgreSQL, events written elsewhere are picked up this often. */
const CROSS_INSTANCE_POLL_MS = 1_000;

export function contactsRouter(deps: SendDeps & { signIn: SignInDeps; cloudApi: CloudApi }): express.Router {
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
    res.status(result.replayed ? 200 : 202).json({ message: result.message, replayed: result.replayed, ...(result.billing ? { billing: result.billing } : {}) });
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
    streamEvents(deps, req, res, followingMerges(deps.db, contact.id));
  });

  return router;
}

/**
 * A contact's events; when the contact turns out to be the same person as
 * another (services/contact-identity.ts), the stream goes on with the
 * survivor's events from the merge on, so a panel open on the typed number
 * keeps seeing its message's ticks and the customer's replies.
 */
function followingMerges(db: Executor, contactId: number): (afterId: number) => Promise<StoredEvent[]> {
  let current = contactId;
  const read = async (afterId: number): Promise<StoredEvent[]> => {
    const batch = await eventsAfter(db, afterId, current);
    const merge = batch.findIndex(({ event }) => event.type === 'contact' && event.contact.id === current && !!event.contact.mergedInto);
    if (merge === -1) return batch;
    const { id, event } = batch[merge]!;
    current = (event as { contact: { mergedInto: number } }).contact.mergedInto;
    return [...batch.slice(0, merge + 1), ...(await read(id))];
  };
  return read;
}

function resumePoint(req: express.Request): number | null {
  const raw = req.get('last-event-id') ?? (typeof req.query.after === 'string' ? req.query.after : undefined);
  const value = raw === undefined ? Number.NaN : Number(raw);
  return Number.isSafeInteger(value) && value >= 0 ? value : null;
}

/** Streams the events `read` finds (500 at most per call) as Server-Sent Events, from the request's resume point. */
export function streamEvents(
  deps: ServiceDeps & { signIn: SignInDeps },
  req: express.Request,
  res: express.Response,
  read: (afterId: number) => Promise<StoredEvent[]>,
): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    'x-accel-buffering': 'no',
  });
  res.write('retry: 2000\n\n');

  let last = resumePoint(req);
  let pumping = false;
  let again = false;
  let closed = false;

  const pump = async (): Promise<void> => {
    if (closed) return;
    if (pumping) {
      again = true;
      return;
    }
    pumping = true;
    try {
      if (last === null) last = await lastEventId(deps.db);
      do {
        again = false;
        const batch = await read(last);
        for (const { id, event } of batch) {
          last = id;
          // Someone's access changed: this teammate's streams check theirs now; no panel sees the event.
          if (event.type === 'access') {
            if (event.teammateId === teammateId) checkAccess();
            continue;
          }
          res.write(`id: ${id}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
        }
        if (batch.length === 500) again = true;
      } while (again && !closed);
    } catch (error) {
      deps.log.warn({ err: error }, 'stream: could not read events; the panel will reconnect');
      res.end();
    } finally {
      pumping = false;
    }
  };

  const token = res.locals.bearerToken;
  const teammateId = res.locals.teammate.id;
  // A signed-out or disabled teammate's open panels stop receiving: at once when this
  // instance is told (an 'access' event), at the latest at the next beat.
  const checkAccess = (): void => {
    authenticateStream(deps.signIn, token).then(
      () => {
        if (!closed) res.write(': keep-alive\n\n');
      },
      (error: unknown) => {
        if (closed) return;
        stop();
        const code = error instanceof DomainError ? error.code : 'UNAUTHENTICATED';
        res.write(`event: signed-out\ndata: ${JSON.stringify({ code })}\n\n`);
        res.end();
      },
    );
  };
  const heartbeat = setInterval(checkAccess, HEARTBEAT_MS);
  const poll = dbKind(deps.db) === 'postgres' ? setInterval(() => void pump(), CROSS_INSTANCE_POLL_MS) : null;
  const unsubscribe = deps.live.subscribe(() => void pump());
  const stop = (): void => {
    closed = true;
    clearInterval(heartbeat);
    if (poll) clearInterval(poll);
    unsubscribe();
  };

  req.on('close', stop);
  void pump();
}
