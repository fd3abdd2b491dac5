/**
 * The team's inbox: every customer conversation, who owns it, and who is owed an answer.
 *
 * GET  /api/conversations?view=unassigned|mine|all|resolved&order=waiting|activity&q=&cursor=&limit=
 * GET  /api/conversations/events                    live changes to every conversation (SSE, Last-Event-ID)
 * GET  /api/conversations/{contact}                 one conversation, with this teammate's unread count
 * POST /api/conversations/{contact}/assign          {"teammateId": 7} or {"teammateId": null} to unassign
 * POST /api/conversations/{contact}/resolve
 * POST /api/conversations/{contact}/reopen
 * POST /api/conversations/{contact}/snooze          {"until": "2026-12-08T09:00:00Z"} (or epoch ms)
 * POST /api/conversations/{contact}/presence        {"panel": "…", "typing": true, "leaving": false}: this panel is open on the thread (and typing)
 * POST /api/presence                                {"panel": "…", "leaving": false}: this inbox is open (its teammate is at their desk)
 * GET  /api/teammates                               active teammates, to assign to
 *
 * {contact} is an E.164 number (+16505551234, URL-encoded) or a business-scoped user id.
 */
import express from 'express';
import { z } from 'zod';
import { CONVERSATION_ORDERS, CONVERSATION_PAGE_MAX, CONVERSATION_VIEWS, type ConversationAction } from '@domain/conversations';
import { changeConversation, getConversation, listConversations } from '../../services/inbox/conversations';
import type { ServiceDeps } from '../../services/runtime/deps';
import { listTeammates } from '../../store/teammates';
import { PresenceWrites, reportPresence } from '../../services/inbox/presence';
import { serveLiveStream, type LiveStreamDeps } from '../live-stream';
import { parseBody } from '../../web/parse-body';

const ListQuery = z
  .object({
    view: z.enum(CONVERSATION_VIEWS).default('all'),
    order: z.enum(CONVERSATION_ORDERS).default('waiting'),
    q: z.string().max(200).optional(),
    cursor: z.string().max(64).optional(),
    limit: z
      .string()
      .regex(/^\d{1,4}$/)
      .transform(Number)
      .pipe(z.number().int().min(1).max(CONVERSATION_PAGE_MAX))
      .optional(),
  })
  .strict();

/** A panel names itself with a random id of its own (a UUID). */
const PresenceBody = z.strictObject({
  panel: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
  typing: z.boolean().default(false),
  leaving: z.boolean().default(false),
});

const AssignBody = z.strictObject({ teammateId: z.number().int().positive().nullable() });

const SnoozeBody = z.strictObject({
  until: z.union([
    z.number().int(),
    z
      .string()
      .refine((s) => /^\d{4}-\d{2}-\d{2}T/.test(s) && !Number.isNaN(Date.parse(s)), 'an ISO 8601 date and time, or epoch milliseconds')
      .transform((s) => Date.parse(s)),
  ]),
});

export function conversationsRouter(deps: ServiceDeps & { liveStream: LiveStreamDeps }): express.Router {
  const router = express.Router();

  router.get('/conversations', async (req, res) => {
    res.json(await listConversations(deps, res.locals.teammate, parseBody(ListQuery, req.query)));
  });

  router.get('/conversations/events', async (req, res) => {
    await serveLiveStream(deps.liveStream, req, res, { inbox: true });
  });

  router.get('/conversations/:contact', async (req, res) => {
    res.json(await getConversation(deps, res.locals.teammate, req.params.contact));
  });

  const act = (action: (body: unknown) => ConversationAction): express.RequestHandler => {
    return async (req, res) => {
      const { host, hostUserId } = res.locals.attribution;
      res.json(await changeConversation(deps, res.locals.teammate, String(req.params.contact), action(req.body), { host, hostUserId }));
    };
  };
  const json = express.json({ limit: '4kb' });
  router.post(
    '/conversations/:contact/assign',
    json,
    act((body) => ({ type: 'assign', teammateId: parseBody(AssignBody, body).teammateId })),
  );
  router.post(
    '/conversations/:contact/resolve',
    act(() => ({ type: 'resolve' })),
  );
  router.post(
    '/conversations/:contact/reopen',
    act(() => ({ type: 'reopen' })),
  );
  router.post(
    '/conversations/:contact/snooze',
    json,
    act((body) => ({ type: 'snooze', until: parseBody(SnoozeBody, body).until })),
  );

  const presence = { ...deps, presenceWrites: new PresenceWrites() };
  /** A panel (on a customer's thread) or an inbox (no customer) reports itself. */
  const report = (contactRef: (req: express.Request) => string | null): express.RequestHandler => {
    return async (req, res) => {
      const body = parseBody(PresenceBody, req.body ?? {});
      const { teammate, attribution } = res.locals;
      const contact = contactRef(req);
      res.json(
        await reportPresence(presence, {
          teammate,
          attribution,
          panel: body.panel,
          contactRef: contact,
          report: { typing: contact !== null && body.typing, leaving: body.leaving },
        }),
      );
    };
  };
  router.post(
    '/conversations/:contact/presence',
    json,
    report((req) => String(req.params.contact)),
  );
  router.post(
    '/presence',
    json,
    report(() => null),
  );

  router.get('/teammates', async (_req, res) => {
    const active = (await listTeammates(deps.db)).filter((t) => t.disabledAt === null);
    res.json({ data: active.map((t) => ({ id: t.id, name: t.name })) });
  });

  return router;
}
