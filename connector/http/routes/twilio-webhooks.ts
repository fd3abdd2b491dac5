/**
 * Twilio's callbacks, form-encoded and signed with X-Twilio-Signature.
 *
 * POST /webhooks/twilio/status?message={id}   a status of an SMS we sent (the StatusCallback we gave)
 * POST /webhooks/twilio/sms                   a customer's SMS (configure it as the number's
 *                                             "A message comes in" webhook: PUBLIC_URL/webhooks/twilio/sms)
 *
 * The signature covers the URL Twilio requested, rebuilt from PUBLIC_URL (a
 * proxy in front may rewrite scheme and host), and every form field. A missing
 * or wrong signature is refused before anything is read or stored.
 */
import express from 'express';
import { DomainError } from '@domain/errors';
import type { Config } from '../../config/config';
import { applySmsStatus, receiveSms } from '../../services/sms/ingest-sms';
import type { SmsDeps } from '../../services/sms/sms-deps';
import type { SmsProvider } from '../../sms/provider';

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

function signedForm(provider: SmsProvider | null, publicUrl: string, req: express.Request): URLSearchParams {
  if (!provider) throw new DomainError('NOT_FOUND', { reason: 'SMS is not configured on this connector' });
  const params = new URLSearchParams(Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '');
  if (!provider.verifyRequest({ url: `${publicUrl}${req.originalUrl}`, params, header: (name) => req.get(name) })) {
    throw new DomainError('SIGNATURE_INVALID');
  }
  return params;
}

export function twilioWebhooksRouter(deps: SmsDeps & { config: Config; onInboundSmsMedia?: () => void }): express.Router {
  const router = express.Router();
  const form = express.raw({ type: () => true, limit: '64kb' });

  router.post('/webhooks/twilio/status', form, async (req, res) => {
    const params = signedForm(deps.sms, deps.config.publicUrl, req);
    const report = deps.sms!.readStatus(params);
    const id = typeof req.query.message === 'string' && /^\d{1,12}$/.test(req.query.message) ? Number(req.query.message) : null;
    if (report) await applySmsStatus(deps, id, report);
    res.status(200).type('text/xml').send(EMPTY_TWIML);
  });

  router.post('/webhooks/twilio/sms', form, async (req, res) => {
    const params = signedForm(deps.sms, deps.config.publicUrl, req);
    const inbound = deps.sms!.readInbound(params);
    if (inbound) await receiveSms(deps, inbound, { onMediaPending: deps.onInboundSmsMedia });
    res.status(200).type('text/xml').send(EMPTY_TWIML);
  });

  return router;
}
