/**
 * SMS beside WhatsApp, for signed-in teammates.
 *
 * GET  /api/channels                      which channels this connector can send on
 * POST /api/contacts/{contact}/sms        send an SMS (Idempotency-Key), body {"type":"text","text":{"body":"…"}}
 *
 * The message joins the contact's one thread (channel "sms"), is attributed and
 * audited like a WhatsApp message, and its statuses arrive the same way.
 */
import express from 'express';
import { z } from 'zod';
import { sendSms } from '../../services/sms/send-sms';
import type { SmsDeps } from '../../services/sms/sms-deps';
import { idempotencyKey } from './schemas';
import { parseBody } from '../../web/parse-body';

const SmsBody = z.strictObject({ type: z.literal('text'), text: z.strictObject({ body: z.string() }) });

export function smsRouter(deps: SmsDeps): express.Router {
  const router = express.Router();

  router.get('/channels', (_req, res) => {
    res.json({
      channels: [
        { channel: 'whatsapp', enabled: true },
        { channel: 'sms', enabled: deps.sms !== null, sender: deps.sms?.sender ?? null },
      ],
    });
  });

  router.post('/contacts/:contact/sms', express.json({ limit: '64kb' }), async (req, res) => {
    const key = idempotencyKey(req);
    const body = parseBody(SmsBody, req.body);
    const result = await sendSms(deps, {
      teammate: res.locals.teammate,
      attribution: res.locals.attribution,
      contactRef: req.params.contact,
      body: body.text.body,
      idempotencyKey: key,
    });
    res.status(result.replayed ? 200 : 202).json({ message: result.message, replayed: result.replayed });
  });

  return router;
}
