/**
 * The Salesforce simulator's HTTP surface, mounted at /sandbox/salesforce (SALESFORCE_URL=sandbox):
 *
 * POST /services/oauth2/token                                   the client credentials flow (form-encoded)
 * GET  /services/data/v66.0/query?q=                            SOQL (the connector's one query)
 * POST /services/data/v66.0/sobjects/Contact
 * GET|PATCH /services/data/v66.0/sobjects/Case/Go2msg_Conversation__c/{key}   read / upsert by External ID
 * GET|PATCH /services/data/v66.0/sobjects/Case/{id}
 * POST /services/data/v66.0/sobjects/CaseComment
 * GET  /lightning/r/Case/{id}/view                              the Case as an agent sees it, with Close / Reopen
 * POST /lightning/r/Case/{id}/status {status}                   an agent changes it: the org's Flow calls the connector
 */
import express from 'express';
import { SALESFORCE_API_VERSION } from '@domain/salesforce';
import { html, page } from '../../web/html';
import { answer, simulatedApiDoor } from '../simulated-api';
import type { SalesforceSimulator } from './salesforce-simulator';

function fieldList(query: unknown): string[] | null {
  return typeof query === 'string' && query ? query.split(',').map((f) => f.trim()) : null;
}

export function salesforceSimulatorRouter(simulator: SalesforceSimulator): express.Router {
  const router = express.Router();
  router.post('/services/oauth2/token', express.urlencoded({ extended: false }), (req, res) => answer(res, simulator.issueToken(req.body ?? {})));

  const api = express.Router();
  api.use(express.json({ limit: '256kb' }));
  api.use(
    simulatedApiDoor(simulator, {
      unauthorized: [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }],
      error: [
        {
          message: 'An unexpected error occurred. Please include this ErrorId if you contact support: 1234567890-12345 (-1234567890)',
          errorCode: 'UNKNOWN_EXCEPTION',
        },
      ],
    }),
  );
  api.get('/query', (req, res) => answer(res, simulator.query(String(req.query.q ?? ''))));
  api.post('/sobjects/Contact', (req, res) => answer(res, simulator.createContact(req.body)));
  api.post('/sobjects/CaseComment', (req, res) => answer(res, simulator.createCaseComment(req.body)));
  api.get('/sobjects/Case/:field/:key', (req, res) => answer(res, simulator.readCaseByKey(req.params.field, req.params.key, fieldList(req.query.fields))));
  api.patch('/sobjects/Case/:field/:key', (req, res) => answer(res, simulator.upsertCase(req.params.field, req.params.key, req.body)));
  api.get('/sobjects/Case/:id', (req, res) => answer(res, simulator.readCase(req.params.id, fieldList(req.query.fields))));
  api.patch('/sobjects/Case/:id', (req, res) => answer(res, simulator.updateCase(req.params.id, req.body)));
  router.use(`/services/data/v${SALESFORCE_API_VERSION}`, api);

  router.get('/lightning/r/Case/:id/view', (req, res) => {
    const found = simulator.cases.get(req.params.id);
    if (!found) return void res.status(404).send('No such Case');
    const comments = [...simulator.caseComments.values()].filter((c) => c.fields.ParentId === found.Id);
    res.send(
      page(
        `Case ${found.Id} — Salesforce (sandbox)`,
        html`<p>Salesforce Service Console (sandbox)</p>
          <h1>${String(found.fields.Subject ?? '')}</h1>
          <p>Status: <strong>${String(found.fields.Status ?? '')}</strong> &middot; WhatsApp: ${String(found.fields.Go2msg_WhatsApp__c ?? '')}</p>
          <p>${String(found.fields.Description ?? '')}</p>
          <ol>${comments.map((c) => html`<li>${c.fields.IsPublished ? '' : '(internal) '}${String(c.fields.CommentBody ?? '')}</li>`)}</ol>
          <form method="post" action="status"><input type="hidden" name="status" value="Closed" /><button>Close Case</button></form>
          <form method="post" action="status"><input type="hidden" name="status" value="New" /><button>Reopen</button></form>`,
      ),
    );
  });

  router.post('/lightning/r/Case/:id/status', express.urlencoded({ extended: false }), express.json(), async (req, res) => {
    const status = String((req.body as { status?: unknown }).status ?? '');
    if (!simulator.cases.has(req.params.id)) return void res.status(404).json({ error: 'No such Case' });
    const webhook = await simulator.agentSetsStatus(req.params.id, status);
    if (req.is('application/json')) res.json({ status, webhook });
    else res.redirect(303, 'view');
  });
  return router;
}
