/**
 * A stand-in for the connector inside the browser, for component tests of the
 * panel: it answers the panel's fetch calls (thread, send, templates, the live
 * stream) from memory. The real connector is exercised end to end in
 * test/e2e; here each state of the panel is set up directly.
 */
import type { ContactView, LiveEvent, MessageView, ThreadView } from '@domain/views';
import type { Template } from '@domain/templates';

export const CONNECTOR = 'https://connector.test';

export interface SentRequest {
  contact: string;
  body: Record<string, unknown>;
  idempotencyKey: string | null;
  authorization: string | null;
}

export class FakeConnector {
  contact: ContactView = { id: 1, phone: '+16505551234', waId: '16505551234', userId: null, name: 'Sheena Nelson', lastInboundAt: null, windowClosedAt: null };
  messages: MessageView[] = [];
  templates: Template[] = [];
  serverNow = Date.now();
  sent: SentRequest[] = [];
  /** Extra answers for feature tests (SMS, audit): the first that returns a Response wins. */
  routes: Array<(request: Request, path: string) => Promise<Response | null> | Response | null> = [];
  /** The next sends answer with this error instead of accepting. */
  failNextSends: Array<{ status: number; code: string; message: string; action: string }> = [];
  private streams: Array<ReadableStreamDefaultController<Uint8Array>> = [];
  private eventId = 100;
  private nextId = 1000;
  private readonly original = window.fetch;

  install(): this {
    window.fetch = (input, init) => this.handle(new Request(input, init));
    return this;
  }

  uninstall(): void {
    window.fetch = this.original;
    for (const s of this.streams) {
      try {
        s.close();
      } catch {
        // already closed
      }
    }
  }

  /** Pushes a live event to every open stream. */
  push(event: LiveEvent): void {
    const frame = new TextEncoder().encode(`id: ${++this.eventId}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
    for (const s of this.streams) s.enqueue(frame);
  }

  message(partial: Partial<MessageView> & { text: string }): MessageView {
    return { id: this.nextId++, direction: 'in', channel: 'whatsapp', type: 'text', content: { body: partial.text }, status: 'received', failure: null, sender: null, at: this.serverNow, wamid: null, ...partial };
  }

  json(status: number, body: unknown): Response {
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  }

  private async handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (url.origin !== CONNECTOR) return this.original(request);
    const path = decodeURIComponent(url.pathname);
    for (const route of this.routes) {
      const answer = await route(request, path);
      if (answer) return answer;
    }
    if (!request.headers.get('authorization')) return this.json(401, { error: { code: 'UNAUTHENTICATED', message: 'Not signed in.', action: 'Sign in again.' } });
    if (path.endsWith('/thread')) {
      const view: ThreadView = { contact: this.contact, messages: this.messages, earlier: null, lastEventId: this.eventId, serverNow: this.serverNow };
      return this.json(200, view);
    }
    if (path.endsWith('/events')) {
      const stream = new ReadableStream<Uint8Array>({ start: (controller) => void this.streams.push(controller) });
      return new Response(stream, { status: 200, headers: { 'content-type': 'text/event-stream' } });
    }
    if (path === '/api/templates') return this.json(200, { data: this.templates });
    if (path.endsWith('/messages') && request.method === 'POST') {
      const body = (await request.json()) as Record<string, unknown>;
      this.sent.push({ contact: path.split('/')[3]!, body, idempotencyKey: request.headers.get('idempotency-key'), authorization: request.headers.get('authorization') });
      const failure = this.failNextSends.shift();
      if (failure) return this.json(failure.status, { error: { code: failure.code, message: failure.message, action: failure.action } });
      const text = body.type === 'text' ? (body.text as { body: string }).body : `template ${(body.template as { name: string }).name}`;
      const message = this.message({ direction: 'out', type: String(body.type), text, status: 'queued', sender: { teammateId: 7, name: 'Ana Souza' } });
      return this.json(202, { message, replayed: false });
    }
    return this.json(404, { error: { code: 'NOT_FOUND', message: 'Not found.', action: 'Check the address.' } });
  }
}
