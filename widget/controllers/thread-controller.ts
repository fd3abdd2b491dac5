/**
 * Holds one thread: the first page, then live events merged in by message id.
 * Keeps the connector's clock offset so the window countdown follows the rule
 * the connector enforces (including the sandbox clock when it jumps).
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ContactView, LiveEvent, MessageView } from '@domain/views';
import type { ConnectorClient } from '../api/connector-client';
import { ApiError } from '../api/errors';
import type { StreamState } from '../api/event-stream';

/**
 * The live stream's code (with its SSE parser) is a lazy chunk: it starts
 * downloading with the first page and is needed only once that page is shown.
 */
let streamModule: Promise<typeof import('../api/event-stream')> | null = null;
const loadStream = () =>
  (streamModule ??= import('../api/event-stream').catch((error: unknown) => {
    streamModule = null;
    throw error;
  }));

export type LoadState = 'idle' | 'loading' | 'ready' | 'error';

function byTime(a: MessageView, b: MessageView): number {
  return a.at - b.at || a.id - b.id;
}

export interface ThreadControllerOptions {
  onSignedOut: (code: string) => void;
  /** A customer message that arrived live (not one from a page). */
  onIncoming?: (message: MessageView) => void;
  /** Account-wide news (template paused, quality dropped…) for the alerts. */
  onAccountEvent?: (event: LiveEvent) => void;
  /** The customer's conversation changed (owner, state), or a teammate came, typed or left: the header's owner and presence lines. */
  onTeam?: (event: Extract<LiveEvent, { type: 'conversation' | 'presence' }>) => void;
}

export class ThreadController implements ReactiveController {
  state: LoadState = 'idle';
  contact: ContactView | null = null;
  messages: MessageView[] = [];
  earlier: string | null = null;
  /** Loading an earlier page: 'idle', 'loading', or the failure to show by the button. */
  earlierState: 'idle' | 'loading' | ApiError = 'idle';
  error: ApiError | null = null;
  connection: StreamState = 'closed';
  #offsetMs = 0;
  #stopStream: (() => void) | null = null;
  #generation = 0;
  #client: ConnectorClient | null = null;
  #contactRef = '';

  readonly #host: ReactiveControllerHost;
  readonly #options: ThreadControllerOptions;

  constructor(host: ReactiveControllerHost, options: ThreadControllerOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  /** The connector's "now", for the window rule. */
  now(): number {
    return Date.now() + this.#offsetMs;
  }

  hostDisconnected(): void {
    this.close();
  }

  close(): void {
    this.#generation += 1;
    this.#stopStream?.();
    this.#stopStream = null;
  }

  async open(client: ConnectorClient, token: () => string | null, contactRef: string): Promise<void> {
    this.close();
    const generation = this.#generation;
    this.#client = client;
    this.#contactRef = contactRef;
    this.earlierState = 'idle';
    this.state = 'loading';
    this.error = null;
    this.#host.requestUpdate();
    try {
      const stream = loadStream();
      const thread = await client.thread(contactRef);
      if (generation !== this.#generation) return;
      this.contact = thread.contact;
      this.messages = thread.messages;
      this.earlier = thread.earlier;
      this.#offsetMs = thread.serverNow - Date.now();
      this.state = 'ready';
      this.#host.requestUpdate();
      const { openEventStream } = await stream;
      if (generation !== this.#generation) return;
      this.#stopStream = openEventStream({
        url: client.eventsUrl(contactRef),
        token,
        lastEventId: thread.lastEventId,
        onEvent: (event) => this.#apply(event),
        onState: (state) => {
          this.connection = state;
          this.#host.requestUpdate();
        },
        onSignedOut: (code) => this.#options.onSignedOut(code),
      });
    } catch (error) {
      if (generation !== this.#generation) return;
      this.state = 'error';
      this.error = error instanceof ApiError ? error : ApiError.network();
      if (this.error.status === 401 || this.error.code === 'TEAMMATE_DISABLED') this.#options.onSignedOut(this.error.code);
    }
    this.#host.requestUpdate();
  }

  /** Loads the page before the oldest message shown (keyset cursor `earlier`). */
  async loadEarlier(): Promise<number> {
    if (!this.#client || !this.earlier || this.earlierState === 'loading') return 0;
    const generation = this.#generation;
    this.earlierState = 'loading';
    this.#host.requestUpdate();
    try {
      const page = await this.#client.thread(this.#contactRef, this.earlier);
      if (generation !== this.#generation) return 0;
      const known = new Set(this.messages.map((m) => m.id));
      const older = page.messages.filter((m) => !known.has(m.id));
      this.messages = [...older, ...this.messages].sort(byTime);
      this.earlier = page.earlier;
      this.earlierState = 'idle';
      this.#host.requestUpdate();
      return older.length;
    } catch (error) {
      if (generation !== this.#generation) return 0;
      this.earlierState = error instanceof ApiError ? error : ApiError.network();
      this.#host.requestUpdate();
      return 0;
    }
  }

  /** Adds or replaces a message; events may repeat what the first page already had. */
  upsert(message: MessageView): void {
    const index = this.messages.findIndex((m) => m.id === message.id);
    if (index >= 0) this.messages = this.messages.map((m, i) => (i === index ? message : m));
    else this.messages = [...this.messages, message].sort(byTime);
    this.#host.requestUpdate();
  }

  #apply(event: LiveEvent): void {
    switch (event.type) {
      case 'message': {
        // Reactions are shown on the message they react to, which arrives as its own event.
        if (event.message.type === 'reaction') break;
        const isNew = !this.messages.some((m) => m.id === event.message.id);
        this.upsert(event.message);
        if (isNew && event.message.direction === 'in') this.#options.onIncoming?.(event.message);
        break;
      }
      case 'contact':
        // After a merge (the typed number was the customer's), the stream goes on with the customer's contact.
        if (this.contact && (event.contact.id === this.contact.id || event.contact.id === this.contact.mergedInto)) this.contact = event.contact;
        break;
      case 'clock':
        this.#offsetMs = event.now - Date.now();
        break;
      case 'template':
      case 'health':
      case 'profile':
        this.#options.onAccountEvent?.(event);
        break;
      case 'conversation':
      case 'presence':
        this.#options.onTeam?.(event);
        break;
    }
    this.#host.requestUpdate();
  }
}
