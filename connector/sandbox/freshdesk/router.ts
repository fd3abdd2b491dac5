/**
 * The Freshdesk simulator's HTTP surface, mounted at /sandbox/freshdesk (FRESHDESK_URL=sandbox):
 *
 * GET  /api/v2/contacts?phone=|unique_external_id=, POST /api/v2/contacts   Freshdesk's Contacts API (basic auth `{api key}:X`)
 * GET  /api/v2/tickets?requester_id=, POST /api/v2/tickets, PUT /api/v2/tickets/{id}   its Tickets API
 * POST /api/v2/tickets/{id}/notes, GET /api/v2/tickets/{id}/conversations                  notes (timeline copying)
 * GET  /a/tickets/{id}                       the ticket as an agent sees it, with Resolve / Reopen
 * POST /a/tickets/{id}/status  {status}      an agent changes its status: the automation's webhook goes out
 */
import express from 'express';
import { html, page } from '../../web/html';
import { answer, simulatedApiDoor } from '../simulated-api';
import type { FreshdeskSimulator } from './freshdesk-simulator';

export function freshdeskSimulatorRouter(simulator: FreshdeskSimulator): express.Router {
  const router = express.Router();
  const api = express.Router();
  api.use(express.json({ limit: '256kb' }));
  api.use(
    simulatedApiDoor(simulator, {
      unauthorized: { code: 'invalid_credentials', message: 'You have to be logged in to perform this action.' },
      error: { code: 'internal_error', message: 'We are facing some issues. Please try after some time.' },
    }),
  );
  api.get('/contacts', (req, res) =>
    answer(
      res,
      simulator.listContacts({ phone: req.query.phone as string | undefined, unique_external_id: req.query.unique_external_id as string | undefined }),
    ),
  );
  api.post('/contacts', (req, res) => answer(res, simulator.createContact(req.body)));
  api.get('/tickets', (req, res) => answer(res, simulator.listTickets({ requester_id: req.query.requester_id as string | undefined })));
  api.post('/tickets', (req, res) => answer(res, simulator.createTicket(req.body)));
  api.put('/tickets/:id', (req, res) => answer(res, simulator.updateTicket(Number(req.params.id), req.body)));
  api.post('/tickets/:id/notes', (req, res) => answer(res, simulator.addNote(Number(req.params.id), req.body)));
  api.get('/tickets/:id/conversations', (req, res) => answer(res, simulator.listConversations(Number(req.params.id))));
  router.use('/api/v2', api);

  router.get('/a/tickets/:id', (req, res) => {
    const ticket = simulator.tickets.get(Number(req.params.id));
    if (!ticket) return void res.status(404).send('No such ticket');
    res.send(
      page(
        `Ticket #${ticket.id} — Freshdesk (sandbox)`,
        html`<p>Freshdesk (sandbox)</p>
          <h1>#${ticket.id} ${ticket.subject}</h1>
          <p>Status: <strong>${ticket.status}</strong> &middot; Tags: ${ticket.tags.join(', ')}</p>
          <p>${ticket.description_text}</p>
          <ol>${(simulator.notes.get(ticket.id) ?? []).map((n) => html`<li>${n.private ? '(private note) ' : ''}${n.body_text}</li>`)}</ol>
          <form method="post" action="${ticket.id}/status"><input type="hidden" name="status" value="4" /><button>Resolve</button></form>
          <form method="post" action="${ticket.id}/status"><input type="hidden" name="status" value="2" /><button>Reopen</button></form>`,
      ),
    );
  });

  router.post('/a/tickets/:id/status', express.urlencoded({ extended: false }), express.json(), async (req, res) => {
    const status = Number((req.body as { status?: unknown }).status);
    if (![2, 3, 4, 5].includes(status) || !simulator.tickets.has(Number(req.params.id)))
      return void res.status(400).json({ error: 'status must be 2, 3, 4 or 5' });
    const webhook = await simulator.agentSetsStatus(Number(req.params.id), status);
    if (req.is('application/json')) res.json({ ticket: status, webhook });
    else res.redirect(303, `../${req.params.id}`);
  });
  return router;
}
