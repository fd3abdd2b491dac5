/**
 * The SMS simulator's HTTP surface, mounted at /sandbox/sms:
 *
 * POST /2010-04-01/Accounts/{Sid}/Messages.json   Twilio's Messages API (basic auth, form-encoded)
 * POST /customers/{phone}/messages  {"body":"hi"}  a simulated customer texts the business
 *      {"body":"look","media":[{"contentType":"image/png"}]}   …or sends an MMS
 * GET  /2010-04-01/Accounts/{Sid}/Messages/{MM}/Media/{ME}  an MMS's file (basic auth)
 * GET  /outbound                                   what was "sent" through Twilio
 *
 * In sandbox mode TWILIO_API_URL points here, so the connector's Twilio adapter
 * speaks to it exactly as it would to Twilio.
 */
import cors from 'cors';
import express from 'express';
import { z } from 'zod';
import { DomainError } from '@domain/errors';
import { constantTimeEqual } from '../../auth/secrets';
import { MMS_SAMPLES, type TwilioSimulator } from './twilio-simulator';

const PHONE_DIGITS = /^\d{8,15}$/;
const CustomerText = z
  .strictObject({
    body: z.string().max(1600).default(''),
    /** An MMS: the files' types, one sample file each (up to Twilio's 10). */
    media: z
      .array(z.strictObject({ contentType: z.enum(Object.keys(MMS_SAMPLES) as [string, ...string[]]) }))
      .max(10)
      .default([]),
  })
  .refine((text) => text.body.length > 0 || text.media.length > 0);

function authorized(req: express.Request, accountSid: string, authToken: string): boolean {
  const match = /^Basic (.+)$/.exec(req.get('authorization') ?? '');
  const decoded = match ? Buffer.from(match[1]!, 'base64').toString('utf8') : '';
  return req.params.sid === accountSid && constantTimeEqual(decoded, `${accountSid}:${authToken}`);
}

export function smsSimulatorRouter(simulator: TwilioSimulator, options: { accountSid: string; authToken: string; allowedOrigins: string[] }): express.Router {
  const router = express.Router();

  router.post('/2010-04-01/Accounts/:sid/Messages.json', express.raw({ type: () => true, limit: '64kb' }), (req, res) => {
    if (!authorized(req, options.accountSid, options.authToken)) {
      res.status(401).json({ code: 20003, message: 'Authenticate', more_info: 'https://www.twilio.com/docs/errors/20003', status: 401 });
      return;
    }
    const answer = simulator.createMessage(new URLSearchParams(Buffer.isBuffer(req.body) ? req.body.toString('utf8') : ''));
    res.status(answer.status).json(answer.body);
  });

  // An MMS's file, behind the account's basic auth as on Twilio.
  router.get('/2010-04-01/Accounts/:sid/Messages/:message/Media/:media', (req, res) => {
    if (!authorized(req, options.accountSid, options.authToken)) {
      res.status(401).json({ code: 20003, message: 'Authenticate', more_info: 'https://www.twilio.com/docs/errors/20003', status: 401 });
      return;
    }
    const file = simulator.mmsMedia.get(req.path);
    if (!file) {
      res
        .status(404)
        .json({ code: 20404, message: 'The requested resource was not found', more_info: 'https://www.twilio.com/docs/errors/20404', status: 404 });
      return;
    }
    res.type(file.contentType).send(file.bytes);
  });

  const controls = express.Router();
  controls.use(cors({ origin: options.allowedOrigins }));
  controls.use(express.json({ limit: '16kb' }));
  controls.post('/customers/:phone/messages', async (req, res) => {
    if (!PHONE_DIGITS.test(req.params.phone)) throw new DomainError('INVALID_PHONE', { input: req.params.phone });
    const parsed = CustomerText.safeParse(req.body);
    if (!parsed.success) {
      throw new DomainError('VALIDATION_FAILED', {
        field: 'body',
        reason: `the text the customer sends (up to 1,600 characters) and/or "media": [{"contentType": one of ${Object.keys(MMS_SAMPLES).join(', ')}}] (up to 10)`,
      });
    }
    const result = await simulator.customerTexts(
      `+${req.params.phone}`,
      parsed.data.body,
      parsed.data.media.map((m) => m.contentType),
    );
    res.json({ sid: result.sid, webhook: { status: result.webhookStatus } });
  });
  controls.get('/outbound', (_req, res) => {
    res.json({ data: simulator.sent.map((s) => ({ sid: s.sid, to: s.to, body: s.body })) });
  });
  router.use(controls);
  return router;
}
