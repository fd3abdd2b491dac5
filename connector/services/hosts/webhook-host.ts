/**
 * "Any other CRM" (issue 14): every host event POSTed as JSON to HOST_WEBHOOK_URL, signed
 * with HOST_WEBHOOK_SECRET (@domain/host-webhook; docs/HOST-EVENTS.md shows how to verify).
 * The receiver answers 2xx to take it; 429 with Retry-After slows us down; 401/403 pause
 * the webhook until the secret or the receiver is fixed; 5xx and timeouts are retried.
 */
import { createHmac } from 'node:crypto';
import type { HostCallOutcome } from '@domain/host-delivery';
import { EVENT_ID_HEADER, EVENT_TYPE_HEADER, SIGNATURE_HEADER, signatureHeader, signedPayload } from '@domain/host-webhook';
import type { ClaimedDelivery } from '../../store/host-deliveries';
import type { Clock } from '../runtime/clock';
import { callHost } from './host-http';
import type { HostAdapter } from './host-outbox';

export interface WebhookHostConfig {
  url: string;
  secret: string;
  timeoutMs: number;
}

export function signWebhook(secret: string, body: string, timestampSeconds: number): string {
  return signatureHeader(timestampSeconds, createHmac('sha256', secret).update(signedPayload(timestampSeconds, body)).digest('hex'));
}

export class WebhookHost implements HostAdapter {
  readonly name = 'webhook';
  readonly label: string;
  readonly configVariables = 'HOST_WEBHOOK_URL or HOST_WEBHOOK_SECRET';
  readonly secrets: readonly string[];

  constructor(
    private readonly config: WebhookHostConfig,
    private readonly doFetch: typeof fetch,
    /** Real time: the receiver compares the signed timestamp with its own clock. */
    private readonly wallClock: Clock,
  ) {
    this.label = `The webhook receiver (${new URL(config.url).host})`;
    this.secrets = [config.secret];
  }

  async deliver(delivery: ClaimedDelivery): Promise<HostCallOutcome> {
    const body = JSON.stringify(delivery.event);
    const timestamp = Math.floor(this.wallClock.now() / 1000);
    const answer = await callHost(
      this.doFetch,
      this.config.url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'go2msg-webhooks/1',
          [EVENT_ID_HEADER]: delivery.event.id,
          [EVENT_TYPE_HEADER]: delivery.event.type,
          [SIGNATURE_HEADER]: signWebhook(this.config.secret, body, timestamp),
        },
        body,
      },
      this.config.timeoutMs,
      () => this.wallClock.now(),
    );
    return answer.outcome;
  }
}
