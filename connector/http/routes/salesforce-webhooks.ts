/**
 * POST /webhooks/salesforce: Salesforce tells the connector a Case changed.
 *
 * The org's record-triggered Flow on Case (when `Status` changes) runs an HTTP Callout action
 * through a Named Credential to PUBLIC_URL/webhooks/salesforce, whose External Credential adds
 * the header `X-Go2msg-Webhook-Token: <SALESFORCE_WEBHOOK_TOKEN>`, with the body
 * `{"caseId": "{!$Record.Id}"}` (docs/HOST-EVENTS.md#salesforce). Flow cannot compute an HMAC, so
 * the token is compared in constant time before the body is read; and the request is only a
 * poke: the connector reads the Case back from Salesforce's API (its own credentials) and acts
 * on its `IsClosed` there, so a request that got past the token could only make it look again.
 * Without the token: 401 SIGNATURE_INVALID.
 */
import express from 'express';
import { DomainError } from '@domain/errors';
import { constantTimeEqual } from '../../auth/secrets';
import type { ServiceDeps } from '../../services/runtime/deps';
import { HostCallInterrupted } from '../../services/hosts/host-http';
import { applyRecordStatus } from '../../services/hosts/record-status';
import { SALESFORCE_HOST } from '../../services/hosts/salesforce-host';

export const SALESFORCE_TOKEN_HEADER = 'x-go2msg-webhook-token';

export function salesforceWebhookRouter(
  deps: ServiceDeps & {
    token: string;
    /** What the Case's status, read from Salesforce, asks of its conversation. */
    caseAction(caseId: string): Promise<'resolve' | 'reopen' | null>;
  },
): express.Router {
  const router = express.Router();
  const authenticate: express.RequestHandler = (req, _res, next) =>
    next(constantTimeEqual(req.get(SALESFORCE_TOKEN_HEADER) ?? '', deps.token) ? undefined : new DomainError('SIGNATURE_INVALID'));
  router.post('/webhooks/salesforce', authenticate, express.json({ limit: '16kb', type: () => true }), async (req, res) => {
    const caseId = (req.body as { caseId?: unknown } | null)?.caseId;
    if (typeof caseId !== 'string' || !/^[a-zA-Z0-9]{15,18}$/.test(caseId))
      throw new DomainError('VALIDATION_FAILED', { field: 'caseId', reason: 'the Case id (15 or 18 characters)' });
    // Only a Case that is a conversation's is read back from Salesforce.
    const readCase = async () => {
      try {
        return await deps.caseAction(caseId);
      } catch (error) {
        // The Flow's callout fails and Salesforce shows it to the admin; the Case is read again on its next change.
        if (error instanceof HostCallInterrupted)
          throw new DomainError('PROVIDER_UNAVAILABLE', { host: SALESFORCE_HOST }, { cause: error, message: 'The Case could not be read from Salesforce.' });
        throw error;
      }
    };
    res.json({ outcome: await applyRecordStatus(deps, SALESFORCE_HOST, caseId, readCase) });
  });
  return router;
}
