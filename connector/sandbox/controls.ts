/**
 * The sandbox's controls, used by the demo page and by tests: make a simulated
 * customer write, and move WhatsApp time forward.
 *
 * GET  /sandbox/numbers                     the business's numbers a customer can write to
 * POST /sandbox/customers/{wa_id}/messages[?to=<phone number id>]  {"type":"text","text":{"body":"hi"}}
 * POST /sandbox/customers/{wa_id}/preferences {"value":"stop"} (or "resume"; "webhook": false skips the webhook)
 * POST /sandbox/customers/{wa_id}/echoes {"type":"text","text":{"body":"…"}} (the business writes from the WhatsApp Business app)
 * POST /sandbox/customers/{wa_id}/address-book[?to=<phone number id>] {"action":"add","fullName":"…"} (or "remove": the app's address book)
 * POST /sandbox/customers/{wa_id}/history {"messages":[{"from":"customer","text":"…","secondsAgo":86400}]} (the app's chat history)
 * POST /sandbox/clock                       {"advanceSeconds": 90000}
 */
import express from 'express';
import { z } from 'zod';
import { DomainError } from '@domain/errors';
import { SIMULATOR_FAULTS } from '../config/config';
import { SimulatedGraphError } from './simulator/graph-errors';
import type { CloudApiSimulator } from './simulator/simulator';
import type { SandboxClock } from './clock';

const WA_ID = /^\d{8,15}$/;
const PreferenceBody = z.strictObject({ value: z.enum(['stop', 'resume']), webhook: z.boolean().optional() });
const EchoBody = z.object({ type: z.literal('text'), text: z.strictObject({ body: z.string().min(1).max(4096) }) });
const HistoryBody = z.strictObject({
  messages: z
    .array(
      z.strictObject({
        from: z.enum(['customer', 'business']),
        text: z.string().min(1).max(4096),
        secondsAgo: z
          .number()
          .int()
          .min(0)
          .max(180 * 24 * 3600),
        status: z.string().max(16).optional(),
      }),
    )
    .min(1)
    .max(1000),
});
const AddressBookBody = z.strictObject({
  action: z.enum(['add', 'remove']),
  fullName: z.string().min(1).max(255).optional(),
  firstName: z.string().min(1).max(255).optional(),
});
const ClockBody = z.object({
  advanceSeconds: z
    .number()
    .int()
    .min(0)
    .max(400 * 24 * 3600),
});
const FaultsBody = z.strictObject({
  rate: z.number().min(0).max(1),
  kinds: z.array(z.enum(SIMULATOR_FAULTS)).min(1).optional(),
  timeoutMs: z.number().int().min(1).max(120_000).optional(),
});

export function sandboxControls(deps: { simulator: CloudApiSimulator; clock: SandboxClock; onClockAdvanced: (now: number) => Promise<void> }): express.Router {
  const router = express.Router();
  router.use(express.json({ limit: '1mb' }));

  router.get('/customers', (_req, res) => {
    res.json({ data: [...deps.simulator.customers.values()].map((c) => ({ waId: c.waId, phone: `+${c.waId}`, name: c.name })) });
  });

  router.get('/numbers', (_req, res) => {
    res.json({ data: deps.simulator.numbers.map((n) => ({ id: n.id, displayPhoneNumber: n.displayPhoneNumber, label: n.label ?? null })) });
  });

  router.post('/customers/:waId/messages', async (req, res, next) => {
    try {
      if (!WA_ID.test(req.params.waId)) throw new DomainError('INVALID_PHONE', { input: req.params.waId });
      // `?to=<phone number id>`: which of the business's numbers the customer writes to (default: the first).
      const to = typeof req.query.to === 'string' ? req.query.to : null;
      const result = await deps.simulator.customerSends(req.params.waId, req.body ?? {}, to);
      res.status(200).json({ messages: [{ id: result.id }], webhook: { status: result.webhookStatus } });
    } catch (error) {
      if (error instanceof SimulatedGraphError) next(new DomainError('VALIDATION_FAILED', { reason: error.details }));
      else next(error);
    }
  });

  // The customer stops or resumes marketing messages: Meta's user_preferences webhook, signed like the others.
  router.post('/customers/:waId/preferences', async (req, res) => {
    if (!WA_ID.test(req.params.waId)) throw new DomainError('INVALID_PHONE', { input: req.params.waId });
    const parsed = PreferenceBody.safeParse(req.body);
    if (!parsed.success) throw new DomainError('VALIDATION_FAILED', { field: 'value', reason: '"stop" or "resume"' });
    const result = await deps.simulator.customerSetsMarketing(req.params.waId, parsed.data.value, { webhook: parsed.data.webhook });
    res.status(200).json({ value: parsed.data.value, webhook: { status: result.webhookStatus } });
  });

  // Coexistence: the business writes from the WhatsApp Business app (Meta's smb_message_echoes webhook).
  router.post('/customers/:waId/echoes', async (req, res) => {
    if (!WA_ID.test(req.params.waId)) throw new DomainError('INVALID_PHONE', { input: req.params.waId });
    const parsed = EchoBody.safeParse(req.body);
    if (!parsed.success) throw new DomainError('VALIDATION_FAILED', { field: 'text.body', reason: 'a text message: {"type":"text","text":{"body":"…"}}' });
    const result = await deps.simulator.businessSendsFromApp(req.params.waId, parsed.data);
    res.status(200).json({ messages: [{ id: result.id }], webhook: { status: result.webhookStatus } });
  });

  // Coexistence: the business saves or removes the customer in the app's address book (Meta's smb_app_state_sync webhook).
  router.post('/customers/:waId/address-book', async (req, res, next) => {
    try {
      if (!WA_ID.test(req.params.waId)) throw new DomainError('INVALID_PHONE', { input: req.params.waId });
      const parsed = AddressBookBody.safeParse(req.body);
      if (!parsed.success) throw new DomainError('VALIDATION_FAILED', { reason: 'expected {"action":"add"|"remove", "fullName"?, "firstName"?}' });
      const to = typeof req.query.to === 'string' ? req.query.to : null;
      const result = await deps.simulator.businessSavesContact(req.params.waId, parsed.data, to);
      res.status(200).json({ webhook: { status: result.webhookStatus } });
    } catch (error) {
      if (error instanceof SimulatedGraphError) next(new DomainError('VALIDATION_FAILED', { reason: error.details }));
      else next(error);
    }
  });

  // Coexistence: the app's chat history with this customer arrives (Meta's history webhook, one chunk).
  router.post('/customers/:waId/history', async (req, res) => {
    if (!WA_ID.test(req.params.waId)) throw new DomainError('INVALID_PHONE', { input: req.params.waId });
    const parsed = HistoryBody.safeParse(req.body);
    if (!parsed.success)
      throw new DomainError('VALIDATION_FAILED', { field: 'messages', reason: '[{"from":"customer"|"business","text":"…","secondsAgo":3600}]' });
    const result = await deps.simulator.historySync(req.params.waId, parsed.data.messages);
    res.status(200).json({ messages: result.ids.map((id) => ({ id })), webhook: { status: result.webhookStatus } });
  });

  router.get('/clock', (_req, res) => {
    res.json({ now: deps.clock.now() });
  });

  router.post('/clock', async (req, res, next) => {
    try {
      const parsed = ClockBody.safeParse(req.body);
      if (!parsed.success) throw new DomainError('VALIDATION_FAILED', { field: 'advanceSeconds', reason: 'a whole number of seconds, 0 or more' });
      const now = deps.clock.advance(parsed.data.advanceSeconds * 1000);
      await deps.onClockAdvanced(now);
      res.json({ now });
    } catch (error) {
      next(error);
    }
  });

  // Injected failures for sends: {"rate": 0.2, "kinds": ["5xx", "timeout", "130429", "131056"]}.
  router.get('/faults', (_req, res) => {
    res.json(deps.simulator.faults.settings);
  });

  router.post('/faults', (req, res) => {
    const parsed = FaultsBody.safeParse(req.body);
    if (!parsed.success) throw new DomainError('VALIDATION_FAILED', { reason: `rate 0–1, kinds among ${SIMULATOR_FAULTS.join(', ')}` });
    deps.simulator.faults.configure(parsed.data);
    res.json(deps.simulator.faults.settings);
  });

  /** Makes every media download URL handed out so far expire, as after five minutes. */
  router.post('/media/expire-downloads', (_req, res) => {
    deps.simulator.media.expireDownloads();
    res.sendStatus(204);
  });

  router.get('/outbound', (_req, res) => {
    res.json({ data: deps.simulator.sent.map((s) => ({ wamid: s.wamid, to: s.to, type: s.type })) });
  });

  return router;
}
