/**
 * POST /webhooks/hubspot: HubSpot tells the connector a ticket moved to another pipeline stage.
 *
 * Configure the app's webhook subscription (adapters/hubspot/project/src/app/webhooks/) with
 * this URL as its target, subscribed to the ticket property `hs_pipeline_stage`. HubSpot POSTs
 * a JSON array of events and signs each request with the app's client secret
 * (HUBSPOT_CLIENT_SECRET), its v3 scheme
 * (https://developers.hubspot.com/docs/apps/developer-platform/build-apps/authentication/request-validation):
 * base64(HMAC-SHA256(secret, method + URL + raw body + X-HubSpot-Request-Timestamp)) must equal
 * X-HubSpot-Signature-v3 (constant time), and the timestamp must be within 5 minutes. The URL is
 * rebuilt from PUBLIC_URL, the address HubSpot was given. Anything else is 401 SIGNATURE_INVALID.
 *
 * A move to a closed stage (its metadata says ticketState CLOSED) resolves the conversation; to
 * an open one, reopens it. Events of other kinds are answered and ignored.
 */
import express from 'express';
import { DomainError } from '@domain/errors';
import { hubspotSignatureProblem } from '../../auth/host-proofs/hubspot';
import type { Clock } from '../../services/runtime/clock';
import type { ServiceDeps } from '../../services/runtime/deps';
import { HostCallInterrupted } from '../../services/hosts/host-http';
import { HUBSPOT_HOST } from '../../services/hosts/hubspot-host';
import { applyRecordStatus, type RecordStatusOutcome } from '../../services/hosts/record-status';

/** A ticket's stage change, from HubSpot's event (`ticket.propertyChange`, or the platform's `object.propertyChange` on object type 0-5). */
function readStageChange(event: unknown): { ticketId: string; stage: string } | null {
  const e = event as { subscriptionType?: unknown; objectTypeId?: unknown; objectId?: unknown; propertyName?: unknown; propertyValue?: unknown } | null;
  const isTicket = e?.subscriptionType === 'ticket.propertyChange' || (e?.subscriptionType === 'object.propertyChange' && e.objectTypeId === '0-5');
  if (!isTicket || e.propertyName !== 'hs_pipeline_stage') return null;
  if ((typeof e.objectId !== 'number' && typeof e.objectId !== 'string') || typeof e.propertyValue !== 'string') return null;
  return { ticketId: String(e.objectId), stage: e.propertyValue };
}

/** The stage's meaning, from HubSpot's pipeline; HubSpot retries a webhook that fails with a 5xx. */
async function readStage(deps: { actionForStage(stage: string): Promise<'resolve' | 'reopen' | null> }, stage: string) {
  try {
    return await deps.actionForStage(stage);
  } catch (error) {
    if (error instanceof HostCallInterrupted)
      throw new DomainError('PROVIDER_UNAVAILABLE', { host: HUBSPOT_HOST }, { cause: error, message: "HubSpot's pipeline could not be read." });
    throw error;
  }
}

export function hubspotWebhookRouter(
  deps: ServiceDeps & {
    clientSecret: string;
    publicUrl: string;
    wallClock: Clock;
    /** What a move to this stage asks of the conversation (the pipeline, read from HubSpot). */
    actionForStage(stage: string): Promise<'resolve' | 'reopen' | null>;
  },
): express.Router {
  const router = express.Router();
  router.post('/webhooks/hubspot', express.text({ type: () => true, limit: '1mb' }), async (req, res) => {
    const body = typeof req.body === 'string' ? req.body : '';
    const problem = hubspotSignatureProblem(
      deps.clientSecret,
      {
        method: req.method,
        uri: `${deps.publicUrl}${req.originalUrl}`,
        body,
        signature: req.get('x-hubspot-signature-v3'),
        timestamp: req.get('x-hubspot-request-timestamp'),
      },
      deps.wallClock.now(),
    );
    if (problem) throw new DomainError('SIGNATURE_INVALID', { reason: problem });
    let events: unknown;
    try {
      events = JSON.parse(body);
    } catch {
      throw new DomainError('VALIDATION_FAILED', { field: 'body', reason: 'a JSON array of HubSpot webhook events' });
    }
    if (!Array.isArray(events)) throw new DomainError('VALIDATION_FAILED', { field: 'body', reason: 'a JSON array of HubSpot webhook events' });
    const outcomes: Array<RecordStatusOutcome | 'ignored-event'> = [];
    for (const event of events) {
      const change = readStageChange(event);
      if (!change) {
        outcomes.push('ignored-event');
        continue;
      }
      outcomes.push(await applyRecordStatus(deps, HUBSPOT_HOST, change.ticketId, () => readStage(deps, change.stage)));
    }
    res.json({ outcomes });
  });
  return router;
}
