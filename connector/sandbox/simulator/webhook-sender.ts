/**
 * Delivers the simulator's webhooks the way Meta does: JSON with non-ASCII
 * characters escaped, signed with X-Hub-Signature-256 over those exact bytes,
 * POSTed to the callback URL, and retried with backoff when the receiver does
 * not answer 200. Deliveries leave in the order they were made.
 */
import type { Logger } from 'pino';
import { escapeNonAscii, signBody } from '../../whatsapp/signature';

export interface WebhookSenderOptions {
  url: string;
  appSecret: string;
  log: Logger;
  retries?: number;
  fetch?: typeof fetch;
}

export interface DeliveryResult {
  status: number | null;
}

export class WebhookSender {
  private queue: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(private readonly options: WebhookSenderOptions) {}

  /** Queues a delivery; the promise settles when the receiver answered (or retries ran out). */
  send(envelope: unknown): Promise<DeliveryResult> {
    const body = escapeNonAscii(JSON.stringify(envelope));
    const delivery = this.queue.then(() => this.deliver(body));
    this.queue = delivery.catch(() => undefined);
    return delivery;
  }

  stop(): void {
    this.stopped = true;
  }

  /** Points later deliveries at another callback URL (Meta: changing the app's webhook URL). */
  retarget(url: string): void {
    this.options.url = url;
  }

  private async deliver(body: string): Promise<DeliveryResult> {
    const { url, appSecret, log } = this.options;
    const doFetch = this.options.fetch ?? fetch;
    const retries = this.options.retries ?? 5;
    let status: number | null = null;
    for (let attempt = 0; attempt <= retries && !this.stopped; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, 250 * 2 ** attempt));
      try {
        const response = await doFetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(body, appSecret) },
          body,
          signal: AbortSignal.timeout(10_000),
        });
        status = response.status;
        await response.arrayBuffer();
        if (response.ok) return { status };
      } catch (error) {
        log.debug({ err: error }, 'simulator: webhook delivery failed');
      }
    }
    log.warn({ status }, 'simulator: webhook not acknowledged after retries');
    return { status };
  }
}
