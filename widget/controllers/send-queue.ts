/**
 * Messages on their way to the connector. Each send gets one idempotency key
 * when it is created; a retry re-sends the same content with the same key, so
 * however often it is retried (or a response is lost) the connector stores and
 * sends it once.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { OutboundContent } from '@domain/outbound';
import type { MessageView } from '@domain/views';
import type { ConnectorClient } from '../api/connector-client';
import { ApiError } from '../api/errors';

export interface PendingSend {
  key: string;
  contact: string;
  content: OutboundContent;
  /** What the bubble shows while it is on its way. */
  label: string;
  state: 'sending' | 'failed';
  error: ApiError | null;
}

export interface SendQueueOptions {
  client: () => ConnectorClient | null;
  onSent: (message: MessageView, content: OutboundContent) => void;
  onSignedOut: (code: string) => void;
}

export class SendQueue implements ReactiveController {
  pending: PendingSend[] = [];

  readonly #host: ReactiveControllerHost;
  readonly #options: SendQueueOptions;

  constructor(host: ReactiveControllerHost, options: SendQueueOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  hostConnected(): void {}

  /** Sends `content`; `key` is given when the send must be idempotent across clicks (e.g. "send again"). */
  send(contact: string, content: OutboundContent, label: string, key: string = crypto.randomUUID()): Promise<boolean> {
    const existing = this.pending.find((p) => p.key === key);
    if (existing) return this.retry(existing.key);
    const entry: PendingSend = { key, contact, content, label, state: 'sending', error: null };
    this.pending = [...this.pending, entry];
    return this.#post(entry);
  }

  retry(key: string): Promise<boolean> {
    const entry = this.pending.find((p) => p.key === key);
    if (!entry || entry.state === 'sending') return Promise.resolve(false);
    this.#replace(entry, { state: 'sending', error: null });
    return this.#post(this.pending.find((p) => p.key === key)!);
  }

  discard(key: string): PendingSend | undefined {
    const entry = this.pending.find((p) => p.key === key);
    this.pending = this.pending.filter((p) => p.key !== key);
    this.#host.requestUpdate();
    return entry;
  }

  forContact(contact: string): PendingSend[] {
    return this.pending.filter((p) => p.contact === contact);
  }

  #replace(entry: PendingSend, change: Partial<PendingSend>): void {
    this.pending = this.pending.map((p) => (p.key === entry.key ? { ...p, ...change } : p));
    this.#host.requestUpdate();
  }

  async #post(entry: PendingSend): Promise<boolean> {
    this.#host.requestUpdate();
    const client = this.#options.client();
    try {
      if (!client) throw ApiError.network();
      const { message } = await client.send(entry.contact, entry.content, entry.key);
      this.pending = this.pending.filter((p) => p.key !== entry.key);
      this.#options.onSent(message, entry.content);
      this.#host.requestUpdate();
      return true;
    } catch (error) {
      const e = error instanceof ApiError ? error : ApiError.network();
      this.#replace(entry, { state: 'failed', error: e });
      if (e.status === 401 || e.code === 'TEAMMATE_DISABLED') this.#options.onSignedOut(e.code);
      return false;
    }
  }
}
