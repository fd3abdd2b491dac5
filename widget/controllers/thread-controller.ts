/**
 * Holds one thread: the first page, then live events merged in by message id.
 * Keeps the connector's clock offset so the window countdown follows the rule
 * the connector enforces (including the sandbox clock when it jumps).
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ContactView, LiveEvent, MessageView } from '@domain/views';
import type { ConnectorClient } from '../api/connector-client';
import { ApiError } from '../api/errors';
import { openEventStream, type StreamState } from '../api/event-stream';

export type LoadState = 'idle' | 'loading' | 'ready' | 'error';

function byTime(a: MessageView, b: MessageView): number {
  return a.at - b.at || a.id - b.id;
}

export class ThreadController implements ReactiveController {
  state: LoadState = 'idle';
  contact: ContactView | null = null;
  messages: MessageView[] = [];
  earlier: string | null = null;
  error: ApiError | null = null;
  connection: StreamState = 'closed';
  private offsetMs = 0;
  private stopStream: (() => void) | null = null;
  private generation = 0;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: { onSignedOut: (code: string) => void; onAccountEvent?: (event: LiveEvent) => void },
  ) {
    host.addController(this);
  }

  /** The connector's "now", for the window rule. */
  now(): number {
    return Date.now() + this.offsetMs;
  }

  hostDisconnected(): void {
    this.close();
  }

  close(): void {
    this.generation += 1;
    this.stopStream?.();
    this.stopStream = null;
  }

  async open(client: ConnectorClient, token: () => string | null, contactRef: string): Promise<void> {
    this.close();
    const generation = this.generation;
    this.state = 'loading';
    this.error = null;
    this.host.requestUpdate();
    try {
      const thread = await client.thread(contactRef);
      if (generation !== this.generation) return;
      this.contact = thread.contact;
      this.messages = thread.messages;
      this.earlier = thread.earlier;
      this.offsetMs = thread.serverNow - Date.now();
      this.state = 'ready';
      this.stopStream = openEventStream({
        url: client.eventsUrl(contactRef),
        token,
        lastEventId: thread.lastEventId,
        onEvent: (event) => this.apply(event),
        onState: (state) => {
          this.connection = state;
          this.host.requestUpdate();
        },
        onSignedOut: (code) => this.options.onSignedOut(code),
      });
    } catch (error) {
      if (generation !== this.generation) return;
      this.state = 'error';
      this.error = error instanceof ApiError ? error : ApiError.network();
      if (this.error.status === 401 || this.error.code === 'TEAMMATE_DISABLED') this.options.onSignedOut(this.error.code);
    }
    this.host.requestUpdate();
  }

  /** Adds or replaces a message; events may repeat what the first page already had. */
  upsert(message: MessageView): void {
    const index = this.messages.findIndex((m) => m.id === message.id);
    if (index >= 0) this.messages = this.messages.map((m, i) => (i === index ? message : m));
    else this.messages = [...this.messages, message].sort(byTime);
    this.host.requestUpdate();
  }

  private apply(event: LiveEvent): void {
    switch (event.type) {
      case 'message':
        this.upsert(event.message);
        break;
      case 'contact':
        if (this.contact && event.contact.id === this.contact.id) this.contact = event.contact;
        break;
      case 'clock':
        this.offsetMs = event.now - Date.now();
        break;
      case 'template':
      case 'health':
      case 'profile':
        this.options.onAccountEvent?.(event);
        break;
    }
    this.host.requestUpdate();
  }
}
