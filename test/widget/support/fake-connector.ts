/**
 * A stand-in for the connector inside the browser, for component tests of the
 * panel: it answers the panel's fetch calls (thread, send, templates, the live
 * stream) from memory. The real connector is exercised end to end in
 * test/e2e; here each state of the panel is set up directly.
 */
import type { ContactView, LiveEvent, MessageView, ThreadView } from '@domain/views';
import type { TokenResponse } from '@domain/sign-in';
import type { Template } from '@domain/templates';

export const CONNECTOR = 'https://connector.test';
export const FIRST_TOKEN = 'test-token-0123456789abcdef';

let issued = 0;

/** A token answer as the connector gives it; a fresh access and refresh token unless given. */
export function issuedToken(partial: Partial<TokenResponse> = {}): TokenResponse {
  issued += 1;
  const now = Date.now();
  return {
    accessToken: issued === 1 ? FIRST_TOKEN : `test-token-${issued}-0123456789abcdef`,
    tokenType: 'Bearer',
    expiresIn: 900,
    expiresAt: now + 900_000,
    refreshToken: `refresh-${issued}-0123456789abcdefghij`,
    refreshExpiresAt: now + 3600_000,
    teammate: { id: 7, name: 'Ana Souza', email: 'ana@acme.example', role: 'agent', signature: null },
    session: { via: 'sso', host: null, hostUserId: null, providerSignOut: false, endsAt: now + 12 * 3600_000 },
    ...partial,
  };
}

export interface AuthCall {
  path: string;
  body: Record<string, unknown>;
  origin: string | null;
}

type ErrorAnswer = { status: number; code: string; message: string; action: string; details?: Record<string, unknown> };

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
  /** The next sends answer with this error instead of accepting. */
  failNextSends: Array<{ status: number; code: string; message: string; action: string }> = [];
  /** Every call to /auth/…, in order. */
  authCalls: AuthCall[] = [];
  /** Bearer tokens the fake accepts; tokens it issues are added. */
  validTokens = new Set<string>();
  /** What POST /auth/attempts/{id} answers: still pending, the session, or an error. */
  attempt: 'pending' | 'complete' | ErrorAnswer = 'pending';
  /** What POST /auth/host-session answers. */
  hostSession: 'linked' | ErrorAnswer = 'linked';
  /** What POST /auth/refresh answers (a new pair by default). */
  refreshFails: ErrorAnswer | null = null;
  /** How the next tokens are issued (e.g. a short life, a signature, a host). */
  nextToken: Partial<TokenResponse> = {};
  endSessionUrl: string | null = null;
  /** How often the panel loaded the thread (a renewal must not reload it). */
  threadLoads = 0;
  private streams: Array<ReadableStreamDefaultController<Uint8Array>> = [];
  private eventId = 100;
  private nextId = 1000;
  private readonly original = window.fetch;

  install(): this {
    window.fetch = (input, init) => this.handle(new Request(input, init));
    this.validTokens.add(FIRST_TOKEN);
    return this;
  }

  /** Ends the live streams the way the connector does when a session ends. */
  signOutStreams(code: string): void {
    const frame = new TextEncoder().encode(`event: signed-out\ndata: ${JSON.stringify({ code })}\n\n`);
    for (const s of this.streams) {
      try {
        s.enqueue(frame);
        s.close();
      } catch {
        // already closed
      }
    }
    this.streams = [];
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
    return {
      id: this.nextId++,
      direction: 'in',
      type: 'text',
      content: { body: partial.text },
      status: 'received',
      failure: null,
      sender: null,
      at: this.serverNow,
      wamid: null,
      media: null,
      replyTo: null,
      reactions: [],
      forwarded: null,
      referral: null,
      ...partial,
    };
  }

  private json(status: number, body: unknown): Response {
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  }

  private issue(): Response {
    const token = issuedToken(this.nextToken);
    this.validTokens.add(token.accessToken);
    return this.json(200, token);
  }

  private error(answer: ErrorAnswer): Response {
    return this.json(answer.status, { error: { code: answer.code, message: answer.message, action: answer.action, ...(answer.details ? { details: answer.details } : {}) } });
  }

  private async auth(path: string, request: Request): Promise<Response> {
    const body = request.method === 'POST' && path !== '/auth/logout' ? ((await request.json()) as Record<string, unknown>) : {};
    this.authCalls.push({ path, body, origin: request.headers.get('origin') });
    if (path === '/auth/token') return this.issue();
    if (path.startsWith('/auth/attempts/')) {
      if (this.attempt === 'pending') return this.json(202, { status: 'pending' });
      if (this.attempt === 'complete') {
        const answer = (await this.issue().json()) as TokenResponse;
        return this.json(200, { status: 'complete', ...answer });
      }
      return this.error(this.attempt);
    }
    if (path === '/auth/refresh') return this.refreshFails ? this.error(this.refreshFails) : this.issue();
    if (path === '/auth/host-session') return this.hostSession === 'linked' ? this.issue() : this.error(this.hostSession);
    if (path === '/auth/logout') return this.json(200, { endSessionUrl: this.endSessionUrl });
    return this.json(404, { error: { code: 'NOT_FOUND', message: 'Not found.', action: 'Check the address.' } });
  }

  private async handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (url.origin !== CONNECTOR) return this.original(request);
    const path = decodeURIComponent(url.pathname);
    if (path.startsWith('/auth/')) return this.auth(path, request);
    const bearer = /^Bearer (.+)$/.exec(request.headers.get('authorization') ?? '')?.[1];
    if (!bearer || !this.validTokens.has(bearer)) return this.json(401, { error: { code: 'UNAUTHENTICATED', message: 'Not signed in.', action: 'Sign in again.' } });
    if (path.endsWith('/thread')) {
      this.threadLoads += 1;
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
      const teammate = this.nextToken.teammate;
      const failure = this.failNextSends.shift();
      if (failure) return this.json(failure.status, { error: { code: failure.code, message: failure.message, action: failure.action } });
      const text = body.type === 'text' ? (body.text as { body: string }).body : `template ${(body.template as { name: string }).name}`;
      const message = this.message({ direction: 'out', type: String(body.type), text: teammate?.signature ? `${text}${teammate.signature}` : text, status: 'queued', sender: { teammateId: 7, name: 'Ana Souza' } });
      return this.json(202, { message, replayed: false });
    }
    return this.json(404, { error: { code: 'NOT_FOUND', message: 'Not found.', action: 'Check the address.' } });
  }
}
