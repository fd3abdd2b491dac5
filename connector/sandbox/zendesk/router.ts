/**
 * The Zendesk simulator's HTTP surface, mounted at /sandbox/zendesk (ZENDESK_URL=sandbox):
 *
 * GET  /api/v2/users/search.json?query=|external_id=     Zendesk's Users API (basic auth `{email}/token:{token}`)
 * POST /api/v2/users.json
 * GET  /api/v2/tickets.json?external_id=                  Zendesk's Tickets API
 * POST /api/v2/tickets.json                               (Idempotency-Key honoured)
 * GET  /api/v2/tickets/{id}.json, PUT /api/v2/tickets/{id}.json
 * GET  /api/v2/tickets/{id}/comments.json?sort_order=               its comments (timeline copying)
 * GET  /agent/tickets/{id}                                the ticket as an agent sees it, with Solve / Reopen
 * POST /agent/tickets/{id}/status  {status}               an agent changes its status: the signed webhook goes out
 *
 * Every API answer carries Zendesk's rate-limit headers; past the plan's requests per minute
 * it answers 429 with Retry-After. SANDBOX_FAULT_RATE also makes it fail on purpose.
 */
import express from 'express';
import { html, page } from '../../web/html';
import { answer, simulatedApiDoor } from '../simulated-api';
import type { TicketStatus, ZendeskSimulator } from './zendesk-simulator';

const STATUSES = new Set(['new', 'open', 'pending', 'hold', 'solved', 'closed']);

export function zendeskSimulatorRouter(simulator: ZendeskSimulator): express.Router {
  const router = express.Router();
  const api = express.Router();
  api.use(express.json({ limit: '256kb' }));
  api.use(
    simulatedApiDoor(simulator, {
      unauthorized: { error: "Couldn't authenticate you" },
      error: { error: 'InternalError', description: 'Something went wrong' },
    }),
  );
  api.get('/users/search.json', (req, res) =>
    answer(res, simulator.searchUsers({ query: req.query.query as string | undefined, external_id: req.query.external_id as string | undefined })),
  );
  api.post('/users.json', (req, res) => answer(res, simulator.createUser(req.body)));
  api.get('/tickets.json', (req, res) => answer(res, simulator.listTickets({ external_id: req.query.external_id as string | undefined })));
  api.post('/tickets.json', (req, res) => answer(res, simulator.createTicket(req.body, req.get('idempotency-key') ?? null)));
  api.get('/tickets/:id.json', (req, res) => answer(res, simulator.showTicket(Number(req.params.id))));
  api.get('/tickets/:id/comments.json', (req, res) => answer(res, simulator.listComments(Number(req.params.id), req.query.sort_order as string | undefined)));
  api.put('/tickets/:id.json', (req, res) => answer(res, simulator.updateTicket(Number(req.params.id), req.body)));
  router.use('/api/v2', api);

  router.get('/agent/tickets/:id', (req, res) => {
    const ticket = simulator.tickets.get(Number(req.params.id));
    if (!ticket) return void res.status(404).send('No such ticket');
    const requester = simulator.users.get(ticket.requester_id);
    res.send(
      page(
        `Ticket #${ticket.id} — Zendesk (sandbox)`,
        html`<p>Zendesk (sandbox)</p>
          <h1>#${ticket.id} ${ticket.subject}</h1>
          <p>Status: <strong>${ticket.status}</strong> &middot; Requester: ${requester?.name ?? '?'} ${requester?.phone ?? ''} &middot; Tags: ${ticket.tags.join(', ')} &middot; Via: ${ticket.via.channel}</p>
          <ol>${ticket.comments.map((c) => html`<li>${c.public ? '' : '(internal) '}${c.body}</li>`)}</ol>
          <form method="post" action="${ticket.id}/status"><input type="hidden" name="status" value="solved" /><button>Submit as Solved</button></form>
          <form method="post" action="${ticket.id}/status"><input type="hidden" name="status" value="open" /><button>Submit as Open</button></form>`,
      ),
    );
  });

  router.post('/agent/tickets/:id/status', express.urlencoded({ extended: false }), express.json(), async (req, res) => {
    const status = String((req.body as { status?: unknown }).status ?? '');
    if (!STATUSES.has(status) || !simulator.tickets.has(Number(req.params.id)))
      return void res.status(400).json({ error: 'status must be one of new, open, pending, hold, solved, closed' });
    const webhook = await simulator.agentSetsStatus(Number(req.params.id), status as TicketStatus);
    if (req.is('application/json')) res.json({ ticket: simulator.tickets.get(Number(req.params.id))!.status, webhook });
    else res.redirect(303, `../${req.params.id}`);
  });
  return router;
}
