/**
 * The HubSpot simulator's HTTP surface, mounted at /sandbox/hubspot (HUBSPOT_URL=sandbox):
 *
 * GET  /account-info/v3/details                         the account (portal id, UI domain)
 * GET  /crm/v3/properties/tickets/{name}, POST /crm/v3/properties/tickets
 * GET  /crm/v3/pipelines/tickets/{pipeline}             the help desk pipeline and its stages
 * POST /crm/v3/objects/contacts/search, POST /crm/v3/objects/contacts
 * POST /crm/v3/objects/tickets, GET|PATCH /crm/v3/objects/tickets/{id}[?idProperty=]
 * POST /crm/v3/objects/notes, POST /crm/v3/objects/notes/batch/read
 * GET  /crm/v4/objects/tickets/{id}/associations/notes     a ticket's notes (associations v4)
 * GET  /contacts/{portal}/record/0-5/{id}               the ticket as an agent sees it, with Close / Reopen
 * POST /contacts/{portal}/record/0-5/{id}/stage {stage} an agent moves it: the signed webhook goes out
 *
 * Every API answer carries HubSpot's rate-limit headers (bearer token checked first after the
 * limit, as the shared door does); SANDBOX_FAULT_RATE makes it fail on purpose.
 */
import express from 'express';
import { html, page } from '../../web/html';
import { answer, simulatedApiDoor } from '../simulated-api';
import { HELP_DESK_STAGES, type HubspotSimulator } from './hubspot-simulator';

export function hubspotSimulatorRouter(simulator: HubspotSimulator): express.Router {
  const router = express.Router();
  const api = express.Router();
  api.use(express.json({ limit: '256kb' }));
  api.use(
    simulatedApiDoor(simulator, {
      unauthorized: {
        status: 'error',
        message:
          'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview',
        correlationId: '00000000-0000-4000-8000-000000000401',
        category: 'INVALID_AUTHENTICATION',
      },
      error: { status: 'error', message: 'internal error', correlationId: '00000000-0000-4000-8000-000000000500', category: 'INTERNAL_ERROR' },
    }),
  );
  api.get('/account-info/v3/details', (_req, res) => answer(res, simulator.accountDetails()));
  api.get('/crm/v3/properties/tickets/:name', (req, res) => answer(res, simulator.readProperty(req.params.name)));
  api.post('/crm/v3/properties/tickets', (req, res) => answer(res, simulator.createProperty(req.body)));
  api.get('/crm/v3/pipelines/tickets/:id', (req, res) => answer(res, simulator.pipeline(req.params.id)));
  api.post('/crm/v3/objects/contacts/search', (req, res) => answer(res, simulator.searchContacts(req.body)));
  api.post('/crm/v3/objects/contacts', (req, res) => answer(res, simulator.createContact(req.body)));
  api.post('/crm/v3/objects/tickets', (req, res) => answer(res, simulator.createTicket(req.body)));
  api.get('/crm/v3/objects/tickets/:id', (req, res) => answer(res, simulator.readTicket(req.params.id, req.query.idProperty as string | undefined)));
  api.patch('/crm/v3/objects/tickets/:id', (req, res) => answer(res, simulator.updateTicket(req.params.id, req.body)));
  api.post('/crm/v3/objects/notes', (req, res) => answer(res, simulator.createNote(req.body)));
  api.post('/crm/v3/objects/notes/batch/read', (req, res) => answer(res, simulator.readNotes(req.body)));
  api.get('/crm/v4/objects/tickets/:id/associations/notes', (req, res) => answer(res, simulator.ticketNotes(req.params.id)));
  // The API's paths start at the root, beside the agent's pages: only they pass the API's door.
  router.use((req, res, next) => (/^\/(account-info|crm)\//.test(req.path) ? api(req, res, next) : next()));

  router.get('/contacts/:portal/record/0-5/:id', (req, res) => {
    const ticket = simulator.tickets.get(req.params.id);
    if (!ticket) return void res.status(404).send('No such ticket');
    const stage = HELP_DESK_STAGES.find((s) => s.id === ticket.properties.hs_pipeline_stage);
    const notes = [...simulator.notes.values()].filter((n) => n.associations.tickets?.includes(ticket.id));
    res.send(
      page(
        `Ticket ${ticket.id} — HubSpot (sandbox)`,
        html`<p>HubSpot help desk (sandbox)</p>
          <h1>${ticket.properties.subject ?? ''}</h1>
          <p>Stage: <strong>${stage?.label ?? ticket.properties.hs_pipeline_stage ?? ''}</strong> &middot; Source: ${ticket.properties.source_type ?? ''} &middot;
            WhatsApp: ${ticket.properties.go2msg_whatsapp_number ?? ''}</p>
          <p>${ticket.properties.content ?? ''}</p>
          <ol>${notes.map((n) => html`<li>(note) ${n.properties.hs_note_body ?? ''}</li>`)}</ol>
          <form method="post" action="${ticket.id}/stage"><input type="hidden" name="stage" value="4" /><button>Close ticket</button></form>
          <form method="post" action="${ticket.id}/stage"><input type="hidden" name="stage" value="1" /><button>Reopen</button></form>`,
      ),
    );
  });

  router.post('/contacts/:portal/record/0-5/:id/stage', express.urlencoded({ extended: false }), express.json(), async (req, res) => {
    const stage = String((req.body as { stage?: unknown }).stage ?? '');
    if (!HELP_DESK_STAGES.some((s) => s.id === stage) || !simulator.tickets.has(req.params.id))
      return void res.status(400).json({ error: `stage must be one of ${HELP_DESK_STAGES.map((s) => s.id).join(', ')}` });
    const webhook = await simulator.agentMovesTicket(req.params.id, stage);
    if (req.is('application/json')) res.json({ stage, webhook });
    else res.redirect(303, `../${req.params.id}`);
  });
  return router;
}
