/**
 * A stand-in for the connector inside the browser, for component tests of the
 * panel: it answers the panel's fetch and XMLHttpRequest calls (thread pages,
 * sends, templates, media upload and download, read and typing signals, the
 * business profile and number health, the live stream with Last-Event-ID
 * resume) from memory, following docs/API.md. The real connector is exercised
 * end to end in test/e2e; here each state of the panel is set up directly.
 */
import { ERROR_CODES, fillIn } from '@domain/errors';
import type { TokenResponse } from '@domain/sign-in';
import type { Template } from '@domain/templates';
import type { ContactView, LiveEvent, MediaView, MessageView, ThreadView, UploadedMedia } from '@domain/views';
import { isFakeRoute } from './fake-routes';
import { SHEENA, SHEENA_WA_ID, SUPPORT_NUMBER_ID } from '../../support/fixtures';

export const CONNECTOR = 'https://connector.test';
export const FIRST_TOKEN = 'test-token-0123456789abcdef';
const PAGE = 50;

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

export interface UploadRecord {
  kind: string | null;
  filename: string | null;
  voice: boolean;
  contentType: string | null;
  size: number;
  authorization: string | null;
  state: 'uploading' | 'done' | 'aborted';
}

type ErrorReply = { status: number; code: string; message: string; action: string; details?: Record<string, unknown> };

export class FakeConnector {
  contact: ContactView = {
    id: 1,
    phone: SHEENA,
    waId: SHEENA_WA_ID,
    userId: null,
    name: 'Sheena Nelson',
    lastInboundAt: null,
    windowClosedAt: null,
    username: null,
    parentUserId: null,
    marketing: null,
    phoneNumberId: SUPPORT_NUMBER_ID,
    addressBookName: null,
  };
  /** The whole thread, oldest first; pages of 50 are cut from it like the connector does. */
  messages: MessageView[] = [];
  templates: Template[] = [];
  serverNow = Date.now();
  sent: SentRequest[] = [];
  /** Extra answers for feature tests (SMS, audit): the first that returns a Response wins. */
  routes: Array<(request: Request, path: string) => Promise<Response | null> | Response | null> = [];
  /** The next sends answer with this error instead of accepting. */
  failNextSends: ErrorReply[] = [];
  /** Idempotency: a key already seen returns the same message (replayed), as the connector does. */
  private readonly byKey = new Map<string, MessageView>();
  uploads: UploadRecord[] = [];
  /** The next upload answers with this error. */
  failNextUpload: ErrorReply | null = null;
  /** While set, uploads stop at half way until it resolves (to see progress and cancel). */
  holdUploads: Promise<void> | null = null;
  /** Files served at GET /api/media/{id}. */
  files = new Map<string, Blob>();
  reads: string[] = [];
  typing: string[] = [];
  threadRequests: Array<{ before: string | null }> = [];
  /** What the header shows of the sending number; answered in the connector's shapes (docs/API.md). */
  businessProfile: { name?: string; about?: string; profilePictureUrl?: string; verified?: boolean } | null = null;
  numberHealth: { qualityRating?: string; messagingTier?: string } | null = null;
  /** Stream connections, with the Last-Event-ID each one sent. */
  streamRequests: Array<{ lastEventId: string | null }> = [];
  /** While true, the stream endpoint cannot be reached (a network loss). */
  offline = false;
  private streams: Array<ReadableStreamDefaultController<Uint8Array>> = [];
  private readonly events: Array<{ id: number; event: LiveEvent }> = [];
  private eventId = 100;
  private nextId = 1000;
  private nextMedia = 1;
  /** Every call to /auth/…, in order. */
  authCalls: AuthCall[] = [];
  /**
   * Every request the panel started, in order, logged before the fake awaits anything: a request
   * started before a later one (a test's marker) is always listed before it.
   */
  started: Array<{ method: string; path: string }> = [];
  /** The requests started so far to `path` (its end) with `method`. */
  startedTo(method: string, pathEnd: string): number {
    return this.started.filter((r) => r.method === method && r.path.endsWith(pathEnd)).length;
  }
  /** Bearer tokens the fake accepts (any token, when empty); tokens it issues are added. */
  validTokens = new Set<string>();
  /**
   * What POST /auth/attempts/{id} answers: still pending, an error, or
   * `confirm` (SSO done): then the session for `confirmationCode` typed in,
   * SIGN_IN_CODE_WRONG for another code, and SIGN_IN_EXPIRED after 3 tries.
   */
  attempt: 'pending' | 'confirm' | ErrorAnswer = 'pending';
  confirmationCode = '123456';
  confirmationTries = 0;
  /** What POST /auth/host-session answers. */
  hostSession: 'linked' | ErrorAnswer = 'linked';
  /** What POST /auth/refresh answers (a new pair by default). */
  refreshFails: ErrorAnswer | null = null;
  /** Runs inside POST /auth/logout before it answers (e.g. the connector ending the streams). */
  duringLogout: (() => Promise<void> | void) | null = null;
  /** POST /auth/refresh answers only once this settles. */
  refreshHeld: Promise<void> | null = null;
  /** How the next tokens are issued (e.g. a short life, a signature, a host). */
  nextToken: Partial<TokenResponse> = {};
  endSessionUrl: string | null = null;
  /** How often the panel loaded the thread's newest page (a renewal must not reload it). */
  threadLoads = 0;
  private readonly original = window.fetch;
  private readonly originalXhr = window.XMLHttpRequest;

  install(): this {
    window.fetch = (input, init) => this.handle(new Request(input, init));
    window.XMLHttpRequest = fakeXhr(this, this.originalXhr) as unknown as typeof XMLHttpRequest;
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

  private issue(): Response {
    const token = issuedToken(this.nextToken);
    this.validTokens.add(token.accessToken);
    return this.json(200, token);
  }

  /** The connector's catch-all answer for a path it has no route for. */
  private notFound(): Response {
    return this.json(404, { error: { code: 'NOT_FOUND', message: 'Not found.', action: 'Check the address.' } });
  }

  private answer(error: ErrorAnswer): Response {
    return this.json(error.status, {
      error: { code: error.code, message: error.message, action: error.action, ...(error.details ? { details: error.details } : {}) },
    });
  }

  private async auth(path: string, request: Request): Promise<Response> {
    const body = request.method === 'POST' && path !== '/auth/logout' ? ((await request.json()) as Record<string, unknown>) : {};
    this.authCalls.push({ path, body, origin: request.headers.get('origin') });
    if (path === '/auth/token') return this.issue();
    if (path.startsWith('/auth/attempts/')) {
      if (this.attempt === 'pending') return this.json(202, { status: 'pending' });
      if (this.attempt !== 'confirm') return this.answer(this.attempt);
      const expired: ErrorAnswer = {
        status: 401,
        code: 'SIGN_IN_EXPIRED',
        message: ERROR_CODES.SIGN_IN_EXPIRED.message,
        action: ERROR_CODES.SIGN_IN_EXPIRED.action,
      };
      if (this.confirmationTries >= 3) return this.answer(expired);
      if (typeof body.confirmationCode !== 'string') return this.json(202, { status: 'confirm', digits: 6, expiresAt: Date.now() + 300_000 });
      this.confirmationTries++;
      if (body.confirmationCode === this.confirmationCode) {
        const answer = (await this.issue().json()) as TokenResponse;
        return this.json(200, { status: 'complete', ...answer });
      }
      if (this.confirmationTries >= 3) return this.answer(expired);
      const details = { digits: 6, triesLeft: 3 - this.confirmationTries };
      return this.answer({
        status: 401,
        code: 'SIGN_IN_CODE_WRONG',
        message: ERROR_CODES.SIGN_IN_CODE_WRONG.message,
        action: fillIn(ERROR_CODES.SIGN_IN_CODE_WRONG.action, details),
        details,
      });
    }
    if (path === '/auth/refresh') {
      await this.refreshHeld;
      return this.refreshFails ? this.answer(this.refreshFails) : this.issue();
    }
    if (path === '/auth/host-session') return this.hostSession === 'linked' ? this.issue() : this.answer(this.hostSession);
    if (path === '/auth/logout') {
      await this.duringLogout?.();
      return this.json(200, { endSessionUrl: this.endSessionUrl });
    }
    return this.json(404, { error: { code: 'NOT_FOUND', message: 'Not found.', action: 'Check the address.' } });
  }

  uninstall(): void {
    window.fetch = this.original;
    window.XMLHttpRequest = this.originalXhr;
    this.dropStreams();
  }

  /** Records a live event and pushes it to every open stream, like the connector's events table. */
  push(event: LiveEvent): number {
    const id = ++this.eventId;
    this.events.push({ id, event });
    if (event.type === 'message') {
      const index = this.messages.findIndex((m) => m.id === event.message.id);
      if (event.message.type !== 'reaction') {
        if (index >= 0) this.messages[index] = event.message;
        else this.messages.push(event.message);
      }
    }
    if (event.type === 'contact') this.contact = event.contact;
    const frame = this.frame(id, event);
    for (const s of this.streams) s.enqueue(frame);
    return id;
  }

  /** Ends every open stream as a network failure would. */
  dropStreams(): void {
    for (const s of this.streams) {
      try {
        s.error(new TypeError('network error'));
      } catch {
        // already closed
      }
    }
    this.streams = [];
  }

  get lastEventId(): number {
    return this.eventId;
  }

  message(partial: Partial<MessageView> & { text: string | null }): MessageView {
    const id = this.nextId++;
    return {
      id,
      direction: 'in',
      channel: 'whatsapp',
      type: 'text',
      content: { body: partial.text },
      status: 'received',
      failure: null,
      sender: null,
      at: this.serverNow,
      wamid: `wamid.${id}`,
      media: null,
      replyTo: null,
      reactions: [],
      forwarded: null,
      referral: null,
      template: null,
      statusAt: null,
      contentDeleted: null,
      ...partial,
    };
  }

  /** A file the customer sent, served by GET /api/media/{id}. */
  media(kind: MediaView['kind'], blob: Blob, extra: Partial<MediaView> = {}): MediaView {
    const id = `med_in_${this.nextMedia++}`;
    this.files.set(id, blob);
    return {
      id,
      url: `/api/media/${id}`,
      kind,
      mimeType: blob.type || null,
      filename: null,
      size: blob.size,
      voice: false,
      animated: false,
      status: 'ready',
      failure: null,
      ...extra,
    };
  }

  private frame(id: number, event: LiveEvent): Uint8Array {
    return new TextEncoder().encode(`id: ${id}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
  }

  json(status: number, body: unknown): Response {
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  }

  private error(reply: ErrorReply): Response {
    return this.json(reply.status, { error: { code: reply.code, message: reply.message, action: reply.action, details: reply.details } });
  }

  private page(before: string | null): ThreadView {
    const end = before ? this.messages.findIndex((m) => String(m.id) === before) : this.messages.length;
    const start = Math.max(0, end - PAGE);
    const messages = this.messages.slice(start, end);
    return { contact: this.contact, messages, earlier: start > 0 ? String(messages[0]!.id) : null, lastEventId: this.eventId, serverNow: this.serverNow };
  }

  /** What the connector answers for a send: the stored message (or, for a repeated key, the same one). */
  private accept(body: Record<string, unknown>, key: string | null): MessageView {
    const known = key ? this.byKey.get(key) : undefined;
    if (known) return known;
    const type = String(body.type);
    const inner = (body[type] ?? {}) as Record<string, unknown>;
    // The connector appends the teammate's signature (when configured) to free text.
    const signature = this.nextToken.teammate?.signature ?? '';
    const text =
      type === 'text'
        ? `${String((inner as { body: string }).body)}${signature}`
        : type === 'template'
          ? `template ${(inner as { name: string }).name}`
          : type === 'interactive'
            ? String((inner as { body?: { text?: string } }).body?.text ?? '')
            : typeof inner.caption === 'string'
              ? inner.caption
              : null;
    const mediaId = typeof inner.id === 'string' ? inner.id : null;
    const upload = mediaId ? this.files.get(mediaId) : undefined;
    const message = this.message({
      direction: 'out',
      type,
      content: inner,
      text,
      status: 'queued',
      sender: { teammateId: 7, name: 'Ana Souza', ...(this.nextToken.session?.host ? { host: this.nextToken.session.host } : {}) },
      media: mediaId
        ? {
            id: mediaId,
            url: `/api/media/${mediaId}`,
            kind: type as MediaView['kind'],
            mimeType: upload?.type ?? null,
            filename: (inner.filename as string) ?? null,
            size: upload?.size ?? null,
            voice: inner.voice === true,
            animated: false,
            status: 'ready',
            failure: null,
          }
        : null,
    });
    if (key) this.byKey.set(key, message);
    if (type !== 'reaction') this.messages.push(message);
    return message;
  }

  private async handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (url.origin !== CONNECTOR) return this.original(request);
    const path = decodeURIComponent(url.pathname);
    this.started.push({ method: request.method, path });
    // Only the routes of fake-routes.ts, which a node test checks against the real connector.
    const listed = isFakeRoute(request.method, path);
    if (path.startsWith('/auth/')) return listed ? this.auth(path, request) : this.notFound();
    const unauthenticated = () => this.json(401, { error: { code: 'UNAUTHENTICATED', message: 'Not signed in.', action: 'Sign in again.' } });
    const bearer = /^Bearer (.+)$/.exec(request.headers.get('authorization') ?? '')?.[1];
    for (const route of this.routes) {
      const answer = await route(request, path);
      if (answer) return answer;
    }
    if (!listed) return this.notFound();
    if (!bearer || !this.validTokens.has(bearer)) return unauthenticated();
    if (path.endsWith('/thread')) {
      const before = url.searchParams.get('before');
      this.threadRequests.push({ before });
      if (!before) this.threadLoads += 1;
      return this.json(200, this.page(before));
    }
    if (path.endsWith('/events')) {
      if (this.offline) throw new TypeError('Failed to fetch');
      const lastEventId = request.headers.get('last-event-id');
      this.streamRequests.push({ lastEventId });
      const after = Number(lastEventId ?? 0);
      const stream = new ReadableStream<Uint8Array>({
        start: (controller) => {
          this.streams.push(controller);
          // Resume: everything after the last event the panel saw, exactly once.
          for (const { id, event } of this.events) if (id > after) controller.enqueue(this.frame(id, event));
        },
      });
      return new Response(stream, { status: 200, headers: { 'content-type': 'text/event-stream' } });
    }
    if (path === '/api/templates') return this.json(200, { data: this.templates });
    if (path === '/api/business-profile') {
      const bp = this.businessProfile;
      if (!bp) return this.json(404, { error: { code: 'NOT_FOUND', message: 'Not found.', action: 'Check the address.' } });
      return this.json(200, {
        profile: {
          about: bp.about ?? null,
          address: null,
          description: null,
          email: null,
          websites: [],
          vertical: null,
          profilePictureUrl: bp.profilePictureUrl ?? null,
          checkedAt: this.serverNow,
        },
        // Whose profile it is: the default number's (the panel asks without ?number=).
        phoneNumberId: '106540352242922',
      });
    }
    if (path === '/api/number-health') {
      const bp = this.businessProfile;
      const nh = this.numberHealth;
      if (!bp && !nh) return this.json(404, { error: { code: 'NOT_FOUND', message: 'Not found.', action: 'Check the address.' } });
      const health = {
        phoneNumberId: '106540352242922',
        displayPhoneNumber: '15550783881',
        verifiedName: bp?.name ?? null,
        nameStatus: 'APPROVED',
        officialBusinessAccount: bp?.verified === true,
        qualityRating: nh?.qualityRating ?? 'UNKNOWN',
        messagingLimit: { tier: nh?.messagingTier ?? null, perDay: null },
        throughput: { level: 'STANDARD', perSecond: 80 },
        status: 'CONNECTED',
        limitChange: null,
        checkedAt: this.serverNow,
      };
      return this.json(200, { health, alerts: [] });
    }
    if (path.startsWith('/api/media/') && request.method === 'GET') {
      const file = this.files.get(path.slice('/api/media/'.length));
      return file
        ? new Response(file, { status: 200, headers: { 'content-type': file.type || 'application/octet-stream' } })
        : this.json(404, { error: { code: 'MEDIA_NOT_FOUND', message: 'That file is not available.', action: 'Attach the file again.' } });
    }
    if (path.endsWith('/read') && request.method === 'POST') {
      this.reads.push(path.split('/')[3]!);
      return new Response(null, { status: 204 });
    }
    if (path.endsWith('/typing') && request.method === 'POST') {
      this.typing.push(path.split('/')[3]!);
      return new Response(null, { status: 204 });
    }
    if (path.endsWith('/messages') && request.method === 'POST') {
      const body = (await request.json()) as Record<string, unknown>;
      const key = request.headers.get('idempotency-key');
      this.sent.push({ contact: path.split('/')[3]!, body, idempotencyKey: key, authorization: request.headers.get('authorization') });
      const failure = this.failNextSends.shift();
      if (failure) return this.error(failure);
      const replayed = Boolean(key && this.byKey.has(key));
      return this.json(replayed ? 200 : 202, { message: this.accept(body, key), replayed });
    }
    return this.json(404, { error: { code: 'NOT_FOUND', message: 'Not found.', action: 'Check the address.' } });
  }

  /** POST /api/media, reached through XMLHttpRequest. */
  async upload(record: UploadRecord, body: Blob, progress: (loaded: number) => void, aborted: () => boolean): Promise<{ status: number; body: unknown }> {
    this.uploads.push(record);
    progress(body.size / 2);
    if (this.holdUploads) await this.holdUploads;
    if (aborted()) {
      record.state = 'aborted';
      return { status: 0, body: null };
    }
    if (this.failNextUpload) {
      const f = this.failNextUpload;
      this.failNextUpload = null;
      record.state = 'done';
      return { status: f.status, body: { error: { code: f.code, message: f.message, action: f.action } } };
    }
    progress(body.size);
    const id = `med_${this.nextMedia++}`;
    this.files.set(id, body);
    record.state = 'done';
    const uploaded: UploadedMedia = {
      id,
      kind: (record.kind ?? 'document') as UploadedMedia['kind'],
      mimeType: record.contentType ?? '',
      size: body.size,
      filename: record.filename,
      sha256: 'f'.repeat(64),
    };
    return { status: 201, body: uploaded };
  }
}

/** XMLHttpRequest for the connector's origin only; everything else goes to the real one. */
function fakeXhr(fake: FakeConnector, Real: typeof XMLHttpRequest) {
  return class {
    upload: { onprogress: ((e: ProgressEvent) => void) | null } = { onprogress: null };
    onload: (() => void) | null = null;
    onerror: (() => void) | null = null;
    onabort: (() => void) | null = null;
    status = 0;
    responseText = '';
    responseType = '';
    withCredentials = false;
    private method = 'GET';
    private url = '';
    private headers = new Map<string, string>();
    private aborted = false;

    open(method: string, url: string): void {
      this.method = method;
      this.url = url;
      if (!url.startsWith(CONNECTOR)) throw new Error(`the fake XMLHttpRequest only answers ${CONNECTOR}, not ${url} (${Real.name} is the real one)`);
    }

    setRequestHeader(name: string, value: string): void {
      this.headers.set(name.toLowerCase(), value);
    }

    abort(): void {
      if (this.aborted) return;
      this.aborted = true;
      queueMicrotask(() => this.onabort?.());
    }

    send(body: Blob): void {
      const url = new URL(this.url);
      if (this.method !== 'POST' || url.pathname !== '/api/media') throw new Error(`unexpected XHR ${this.method} ${url.pathname}`);
      const record: UploadRecord = {
        kind: url.searchParams.get('kind'),
        filename: url.searchParams.get('filename'),
        voice: url.searchParams.get('voice') === 'true',
        contentType: this.headers.get('content-type') ?? null,
        size: body.size,
        authorization: this.headers.get('authorization') ?? null,
        state: 'uploading',
      };
      const progress = (loaded: number) => {
        if (!this.aborted) this.upload.onprogress?.({ lengthComputable: true, loaded, total: body.size } as ProgressEvent);
      };
      void fake
        .upload(record, body, progress, () => this.aborted)
        .then(({ status, body: reply }) => {
          if (this.aborted) return;
          this.status = status;
          this.responseText = JSON.stringify(reply);
          this.onload?.();
        });
    }
  };
}
