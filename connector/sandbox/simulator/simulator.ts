/**
 * The Cloud API simulator: a stand-in for Meta that the sandbox and the tests
 * trust, so it answers like Meta (shapes, error codes, signed webhooks).
 *
 * It keeps its own view of the world: which customer wrote when (its own
 * 24-hour window, on the sandbox clock), which templates and files exist, and
 * what the business sent. Like Meta today, free-form messages outside the
 * window are accepted with a wamid and then fail by webhook with 131047
 * (`async`); the older synchronous 400 is available as `sync`. A media id it
 * does not hold fails the same way, with 131053.
 */
import { randomBytes } from 'node:crypto';
import { sniff, SNIFF_BYTES } from '@domain/media';
import { countVariables } from '@domain/templates';
import { FaultInjector, type Fault, type FaultSettings } from './faults';
import { graphError, SimulatedGraphError, webhookError } from './graph-errors';
import { ManagementSimulator, type ManagementOptions, type SimulatedAccountOptions } from './management';
import { MediaStore } from './media-store';
import { SAMPLES } from './samples';
import { SEED_CUSTOMERS, SEED_TEMPLATES, type SimulatedCustomer, type SimulatedTemplate } from './seed';
import { checkFreeForm, mediaIdsIn } from './validate';
import { Scheduled } from '../scheduled';

const WINDOW_MS = 24 * 60 * 60 * 1000;
const INBOUND_MEDIA = new Set(['image', 'video', 'audio', 'document', 'sticker']);

/** Meta's 132000, in the words its error details use. */
function paramsMismatch(part: string, given: number, expected: number): SimulatedGraphError {
  return new SimulatedGraphError(132000, `${part}: number of localizable_params (${given}) does not match the expected number of params (${expected})`);
}

export interface StatusDelays {
  /** null: no status webhooks at all (throughput benchmarks). */
  sent: number | null;
  delivered: number;
  /** null: the customer never reads. */
  read: number | null;
}

export interface SimulatorOptions extends SimulatedAccountOptions {
  statusDelays?: StatusDelays;
  windowErrorMode?: 'async' | 'sync';
  faults?: Partial<FaultSettings>;
  random?: () => number;
  /** Templates review, profile, number, uploads, subscription (management.ts). */
  management?: Pick<ManagementOptions, 'reviewMs' | 'fetch' | 'webhookUrl'>;
}

interface Customer extends SimulatedCustomer {
  /** When the customer last wrote to each business number: Meta's window is per number ("…last replied to this number"). */
  lastMessageAt: Map<string, number>;
  /** The customer's word on marketing messages (WhatsApp's "Stop marketing messages"). */
  marketing: 'stop' | 'resume' | null;
}

/**
 * The customer a number reaches, as Meta resolves it: Meta keeps the id a
 * number was registered with. A Brazilian mobile registered before the ninth
 * digit (2012–2016) keeps 12 digits, so "+55 21 98765-4321" reaches the known
 * 552187654321; a Mexican mobile registered before 2019 keeps the "1" after 52,
 * so "+52 55 1234 5678" reaches a known 5215512345678. Deterministic: only a
 * customer the sandbox knows under the old form is reached that way.
 */
export function registeredWaId(digits: string, known: (waId: string) => boolean): string {
  if (known(digits)) return digits;
  const brazil = /^55(\d{2})9(\d{8})$/.exec(digits);
  if (brazil && known(`55${brazil[1]}${brazil[2]}`)) return `55${brazil[1]}${brazil[2]}`;
  const mexico = /^52(\d{10})$/.exec(digits);
  if (mexico && known(`521${mexico[1]}`)) return `521${mexico[1]}`;
  return digits;
}

/** What the simulator answers a send with; `hang` keeps the request open (an injected timeout). */
export type SendOutcome = { status: number; body: unknown; hangMs?: number };

export interface SentRecord {
  wamid: string;
  to: string;
  /** The business number it was sent from (its phone number id). */
  from: string;
  type: string;
  body: Record<string, unknown>;
  /** When the simulator accepted it (real time), for throughput measurements. */
  receivedAt: number;
}

export function newWamid(): string {
  return `wamid.${randomBytes(24).toString('base64')}`;
}

/** A message a simulated customer sends, in the Cloud API's shape, optionally with a file. */
export interface CustomerMessage {
  type?: unknown;
  context?: { id?: string; forwarded?: boolean };
  /** For image, video, audio, document and sticker: the file, base64; a sample file is used when absent. */
  media?: { data: string; mimeType: string; filename?: string };
  /** The name on the customer's WhatsApp profile, as Meta sends it in `contacts[].profile.name`; kept for later messages. */
  profileName?: string;
  [key: string]: unknown;
}

export class CloudApiSimulator {
  readonly customers = new Map<string, Customer>();
  readonly templates: SimulatedTemplate[] = SEED_TEMPLATES.map((t) => structuredClone(t));
  /** Every accepted send, newest last: the sandbox's record of "what reached Meta". */
  readonly sent: SentRecord[] = [];
  /** Mark-as-read calls, with whether they asked for the typing indicator. */
  readonly receipts: Array<{ messageId: string; typing: boolean }> = [];
  readonly media: MediaStore;
  readonly faults: FaultInjector;
  private readonly scheduled = new Scheduled();
  private readonly delays: StatusDelays;
  readonly management: ManagementSimulator;
  /** The WABA's numbers, the default first. */
  readonly numbers: ReadonlyArray<{ id: string; displayPhoneNumber: string; label?: string | null }>;

  constructor(private readonly options: SimulatorOptions) {
    for (const c of SEED_CUSTOMERS) this.customers.set(c.waId, { ...c, lastMessageAt: new Map(), marketing: null });
    this.numbers = options.numbers?.length ? options.numbers : [{ id: options.phoneNumberId, displayPhoneNumber: options.displayPhoneNumber }];
    this.delays = options.statusDelays ?? { sent: 150, delivered: 600, read: 2500 };
    this.media = new MediaStore();
    this.faults = new FaultInjector(options.faults, options.random);
    this.management = new ManagementSimulator({ ...options, ...options.management, templates: this.templates });
  }

  /** Resolves once every status webhook scheduled so far has been sent and answered. */
  idle(): Promise<void> {
    return this.scheduled.idle();
  }

  stop(): void {
    this.scheduled.cancelAll();
    this.management.stop();
    this.options.webhooks.stop();
  }

  private customer(waId: string): Customer {
    let c = this.customers.get(waId);
    if (!c) {
      c = { waId, name: `Customer ${waId.slice(-4)}`, lastMessageAt: new Map(), marketing: null };
      this.customers.set(waId, c);
    }
    return c;
  }

  /** One of the WABA's numbers by id (the default when none is named); undefined for an id the WABA does not hold. */
  number(id?: string | null): { id: string; displayPhoneNumber: string } | undefined {
    return id ? this.numbers.find((n) => n.id === id) : this.numbers[0];
  }

  private numberOrRefuse(id?: string | null): { id: string; displayPhoneNumber: string } {
    const number = this.number(id);
    if (!number) throw new SimulatedGraphError(100, `Unsupported post request. Object with ID '${id}' does not exist.`);
    return number;
  }

  /** Meta's webhook envelope; `metadata` names the business number the change is about (display_phone_number, phone_number_id). */
  private envelope(value: Record<string, unknown>, field = 'messages', number = this.numbers[0]!) {
    return {
      object: 'whatsapp_business_account',
      entry: [
        {
          id: this.options.wabaId,
          changes: [
            {
              value: {
                messaging_product: 'whatsapp',
                metadata: { display_phone_number: number.displayPhoneNumber, phone_number_id: number.id },
                ...value,
              },
              field,
            },
          ],
        },
      ],
    };
  }

  private seconds(): string {
    return String(Math.floor(this.options.clock.now() / 1000));
  }

  /** A file a customer sends, as Meta describes it in the webhook. */
  private customerFile(type: string, message: CustomerMessage, numberId: string): Record<string, unknown> {
    const given = message.media;
    const file = given ? { bytes: Buffer.from(given.data, 'base64'), mimeType: given.mimeType, filename: given.filename ?? null } : SAMPLES[type]!();
    const stored = this.media.put(file.bytes, file.mimeType, file.filename ?? null, numberId);
    const described: Record<string, unknown> = { mime_type: stored.mimeType, sha256: stored.sha256, id: stored.id };
    if (type === 'document') described.filename = stored.filename ?? 'document';
    if (type === 'audio') described.voice = (message.audio as { voice?: boolean } | undefined)?.voice ?? !given;
    if (type === 'sticker') described.animated = false;
    return described;
  }

  /** A simulated customer writes a Cloud-API-shaped message; it reaches the connector as a signed webhook. */
  async customerSends(waId: string, message: CustomerMessage, toNumberId?: string | null): Promise<{ id: string; webhookStatus: number | null }> {
    const number = this.numberOrRefuse(toNumberId);
    const type = typeof message.type === 'string' ? message.type : '';
    const object = message[type];
    if (!type || typeof object !== 'object' || object === null) {
      throw new SimulatedGraphError(100, 'A message needs "type" and an object named after it, e.g. {"type":"text","text":{"body":"hi"}}');
    }
    const customer = this.customer(waId);
    if (typeof message.profileName === 'string' && message.profileName.trim()) customer.name = message.profileName.trim().slice(0, 100);
    customer.lastMessageAt.set(number.id, this.options.clock.now());
    const id = newWamid();
    const typed = INBOUND_MEDIA.has(type) ? { ...(object as Record<string, unknown>), ...this.customerFile(type, message, number.id) } : object;
    const inbound: Record<string, unknown> = { from: waId, id, timestamp: this.seconds(), type, [type]: typed };
    if (message.context) inbound.context = message.context;
    const result = await this.options.webhooks.send(
      this.envelope({ contacts: [{ profile: { name: customer.name }, wa_id: waId }], messages: [inbound] }, 'messages', number),
    );
    return { id, webhookStatus: result.status };
  }

  /**
   * A simulated customer stops or resumes marketing messages: the user_preferences
   * webhook, in Meta's shape (test/fixtures/cloud-api/webhooks/webhook-user-preferences-*.json).
   * With `webhook: false` only the customer's setting changes, as when the webhook is
   * not subscribed: the next marketing template then fails with 131050.
   */
  async customerSetsMarketing(waId: string, value: 'stop' | 'resume', options: { webhook?: boolean } = {}): Promise<{ webhookStatus: number | null }> {
    const customer = this.customer(waId);
    customer.marketing = value;
    if (options.webhook === false) return { webhookStatus: null };
    const detail = value === 'stop' ? 'User requested to stop marketing messages' : 'User requested to resume marketing messages';
    const result = await this.options.webhooks.send(
      this.envelope(
        {
          contacts: [{ profile: { name: customer.name }, wa_id: waId }],
          user_preferences: [{ wa_id: waId, detail, category: 'marketing_messages', value, timestamp: Math.floor(this.options.clock.now() / 1000) }],
        },
        'user_preferences',
      ),
    );
    return { webhookStatus: result.status };
  }

  /**
   * Coexistence: the business writes to a customer from the WhatsApp Business app
   * on its phone; the connector hears it as Meta's smb_message_echoes webhook
   * (test/fixtures/cloud-api/webhooks/webhook-smb-message-echoes.json). Like Meta,
   * the echo neither opens nor extends the customer's window.
   */
  async businessSendsFromApp(waId: string, message: { type: string; [key: string]: unknown }): Promise<{ id: string; webhookStatus: number | null }> {
    const id = newWamid();
    const echo = { ...message, from: this.options.displayPhoneNumber, to: `+${waId}`, id, timestamp: this.seconds() };
    const result = await this.options.webhooks.send(this.envelope({ message_echoes: [echo] }, 'smb_message_echoes'));
    return { id, webhookStatus: result.status };
  }

  /**
   * Coexistence: the business adds (or edits) a customer in the WhatsApp Business app's address
   * book, or removes them; the connector hears Meta's smb_app_state_sync webhook
   * (test/fixtures/cloud-api/webhooks/webhook-smb-app-state-sync.json), for the number named.
   */
  async businessSavesContact(
    waId: string,
    change: { action: 'add' | 'remove'; fullName?: string; firstName?: string },
    toNumberId?: string | null,
  ): Promise<{ webhookStatus: number | null }> {
    const number = this.numberOrRefuse(toNumberId);
    const contact =
      change.action === 'add'
        ? { full_name: change.fullName ?? change.firstName ?? '', first_name: change.firstName ?? change.fullName?.split(' ')[0] ?? '', phone_number: waId }
        : { phone_number: waId };
    const sync = [{ type: 'contact', contact, action: change.action, metadata: { timestamp: this.seconds() } }];
    const result = await this.options.webhooks.send(this.envelope({ state_sync: sync }, 'smb_app_state_sync', number));
    return { webhookStatus: result.status };
  }

  /**
   * Coexistence: the WhatsApp Business app's chat history with a customer, as one
   * chunk of Meta's history webhook (webhook-history.json): each message from the
   * customer or the business, `secondsAgo` before the sandbox's now, with the last
   * status the app knew for the business's. The ids come back, so a test can send
   * the same history again.
   */
  async historySync(
    waId: string,
    messages: Array<{ from: 'customer' | 'business'; text: string; secondsAgo: number; status?: string }>,
    chunk = { phase: 0, chunk_order: 1, progress: 100 },
  ): Promise<{ ids: string[]; webhookStatus: number | null }> {
    const now = Math.floor(this.options.clock.now() / 1000);
    const history = messages.map((m) => ({
      from: m.from === 'customer' ? waId : this.options.displayPhoneNumber,
      ...(m.from === 'business' ? { to: waId } : {}),
      id: newWamid(),
      timestamp: String(now - m.secondsAgo),
      type: 'text',
      text: { body: m.text },
      history_context: { status: m.status ?? (m.from === 'customer' ? 'READ' : 'DELIVERED') },
    }));
    const result = await this.options.webhooks.send(this.envelope({ history: [{ metadata: chunk, threads: [{ id: waId, messages: history }] }] }, 'history'));
    return { ids: history.map((m) => m.id), webhookStatus: result.status };
  }

  private windowOpen(customer: Customer, numberId: string): boolean {
    const last = customer.lastMessageAt.get(numberId);
    return last !== undefined && this.options.clock.now() < last + WINDOW_MS;
  }

  /** POST /{phone-number-id}/messages, from that number (the default when none is named). */
  send(body: Record<string, unknown>, fromNumberId?: string): SendOutcome {
    const from = this.number(fromNumberId);
    if (!from) return graphError(100, `Unsupported post request. Object with ID '${fromNumberId}' does not exist.`);
    const fault = body.status === 'read' ? null : this.faults.next();
    if (fault) {
      const failed = this.faultBefore(fault);
      if (failed) return failed;
    }
    let outcome: SendOutcome;
    try {
      outcome = this.accept(body, from);
    } catch (error) {
      if (error instanceof SimulatedGraphError) return graphError(error.code, error.details);
      throw error;
    }
    // A timeout after accepting: the message was sent, but its answer never arrives.
    if (fault?.kind === 'timeout') return this.timedOut();
    return outcome;
  }

  /** What a timeout looks like: the request hangs, then a 504. */
  private timedOut(): SendOutcome {
    return { ...graphError(131000, 'The request timed out.'), status: 504, hangMs: this.faults.settings.timeoutMs };
  }

  private faultBefore(fault: Fault): SendOutcome | null {
    switch (fault.kind) {
      case '5xx':
        return graphError(131000, 'Something went wrong. Please retry.');
      case '130429':
        return graphError(130429, 'Rate limit hit: the number sent more messages per second than allowed.');
      case '131056':
        return graphError(131056, 'Too many messages sent to this user in a short time.');
      case 'timeout':
        return fault.afterAccepting ? null : this.timedOut();
    }
  }

  private accept(body: Record<string, unknown>, from: { id: string; displayPhoneNumber: string }): SendOutcome {
    if (body.messaging_product !== 'whatsapp') throw new SimulatedGraphError(100, 'The parameter messaging_product is required and must be "whatsapp".');
    if (typeof body.biz_opaque_callback_data === 'string' && body.biz_opaque_callback_data.length > 512) {
      throw new SimulatedGraphError(100, 'Param biz_opaque_callback_data must be at most 512 characters long.');
    }
    if (body.status === 'read') {
      if (typeof body.message_id !== 'string') throw new SimulatedGraphError(131008, 'The parameter message_id is required.');
      this.receipts.push({ messageId: body.message_id, typing: (body.typing_indicator as { type?: string } | undefined)?.type === 'text' });
      return { status: 200, body: { success: true } };
    }
    const input = typeof body.to === 'string' ? body.to : typeof body.recipient === 'string' ? body.recipient : null;
    if (!input) throw new SimulatedGraphError(131008, 'The parameter to is required.');
    const digits = input.replace(/[^\d]/g, '');
    if (!/^\d{8,15}$/.test(digits)) throw new SimulatedGraphError(100, `Invalid parameter to: ${input}`);
    const waId = registeredWaId(digits, (id) => this.customers.has(id));
    const type = typeof body.type === 'string' ? body.type : 'text';
    const customer = this.customer(waId);

    let pricing: Record<string, unknown> = { billable: false, pricing_model: 'PMP', type: 'free_customer_service', category: 'service' };
    let failWith: { code: number; details: string } | null = null;
    if (type === 'template') {
      const template = this.checkTemplate(body.template);
      const billable = template.category !== 'UTILITY' || !this.windowOpen(customer, from.id);
      pricing = { billable, pricing_model: 'PMP', type: billable ? 'regular' : 'free_customer_service', category: template.category.toLowerCase() };
      // Meta accepts the request and reports the refusal in the failed status (reference error table: async).
      if (template.category === 'MARKETING' && customer.marketing === 'stop')
        failWith = { code: 131050, details: 'The recipient stopped marketing messages from this business.' };
    } else {
      checkFreeForm(type, body);
      if (!this.windowOpen(customer, from.id)) {
        const details = 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.';
        if (this.options.windowErrorMode === 'sync') throw new SimulatedGraphError(131047, details);
        failWith = { code: 131047, details };
      }
    }
    const unknownMedia = mediaIdsIn(type, body).find((id) => !this.media.get(id));
    if (!failWith && unknownMedia) failWith = { code: 131053, details: `Media id ${unknownMedia} was not found; upload it first.` };
    // A media id belongs to the number that uploaded it; another number of the WABA cannot send it.
    const othersMedia = mediaIdsIn(type, body).find((id) => {
      const owner = this.media.get(id)?.phoneNumberId;
      return owner !== undefined && owner !== null && owner !== from.id;
    });
    if (!failWith && othersMedia)
      failWith = { code: 131053, details: `Media id ${othersMedia} was uploaded by another phone number; upload it from this one.` };
    // Meta plays only Ogg/Opus as a voice message (media page: "OPUS codec only"); the simulator refuses anything else sent as one.
    const audio = type === 'audio' ? (body.audio as { id?: unknown; voice?: unknown } | undefined) : undefined;
    const voiceFile = audio?.voice === true && typeof audio.id === 'string' ? this.media.get(audio.id) : undefined;
    if (!failWith && voiceFile && !sniff(voiceFile.bytes.subarray(0, SNIFF_BYTES)).opus) {
      failWith = { code: 131053, details: 'A voice message (audio with "voice": true) must be an OGG file with the OPUS codec.' };
    }

    const wamid = newWamid();
    this.sent.push({ wamid, to: waId, from: from.id, type, body, receivedAt: Date.now() });
    const callback = typeof body.biz_opaque_callback_data === 'string' ? body.biz_opaque_callback_data : undefined;
    this.scheduleStatuses(wamid, waId, from, type === 'reaction' ? null : pricing, failWith, callback, type === 'reaction');
    const contact: Record<string, string> = { input, wa_id: waId };
    return { status: 200, body: { messaging_product: 'whatsapp', contacts: [contact], messages: [{ id: wamid }] } };
  }

  private checkTemplate(raw: unknown): SimulatedTemplate {
    const t = raw as
      | {
          name?: unknown;
          language?: { code?: unknown };
          components?: Array<{ type?: string; sub_type?: string; index?: string | number; parameters?: Array<{ type?: string }> }>;
        }
      | undefined;
    if (typeof t?.name !== 'string' || typeof t.language?.code !== 'string') {
      throw new SimulatedGraphError(131008, 'The parameters template.name and template.language.code are required.');
    }
    const template = this.templates.find((x) => x.name === t.name && x.language === t.language?.code);
    if (!template || template.status === 'REJECTED' || template.status === 'PENDING') {
      throw new SimulatedGraphError(132001, `template name (${t.name}) does not exist in ${t.language.code}`);
    }
    if (template.status === 'PAUSED') throw new SimulatedGraphError(132015, `Template ${t.name} is paused.`);
    if (template.status === 'DISABLED') throw new SimulatedGraphError(132016, `Template ${t.name} is disabled.`);
    const given = (part: string) => t.components?.find((c) => c.type?.toLowerCase() === part)?.parameters ?? [];
    const variables = (text: unknown) => countVariables(typeof text === 'string' ? text : undefined);
    const header = template.components.find((c) => c.type === 'HEADER');
    const format = typeof header?.format === 'string' ? header.format : 'TEXT';
    if (['IMAGE', 'VIDEO', 'DOCUMENT'].includes(format)) {
      const params = given('header');
      if (params.length !== 1) throw paramsMismatch('header', params.length, 1);
      if (params[0]!.type !== format.toLowerCase())
        throw new SimulatedGraphError(132012, `header: parameter of type ${params[0]!.type} does not match the expected format ${format}`);
    } else if (format === 'LOCATION') {
      const params = given('header') as Array<{ type?: string; location?: { latitude?: unknown; longitude?: unknown } }>;
      if (params.length !== 1) throw paramsMismatch('header', params.length, 1);
      if (params[0]!.type !== 'location')
        throw new SimulatedGraphError(132012, `header: parameter of type ${params[0]!.type} does not match the expected format LOCATION`);
      const { latitude, longitude } = params[0]!.location ?? {};
      if (typeof latitude !== 'number' || typeof longitude !== 'number')
        throw new SimulatedGraphError(131008, 'header: the location needs latitude and longitude');
    } else if (given('header').length !== variables(header?.text)) {
      throw paramsMismatch('header', given('header').length, variables(header?.text));
    }
    const body = template.components.find((c) => c.type === 'BODY');
    if (given('body').length !== variables(body?.text)) throw paramsMismatch('body', given('body').length, variables(body?.text));
    // A named template ({{customer_name}}) needs every value to say which variable it fills; Meta
    // answers a missing name with (#100) "Parameter name is missing or empty".
    for (const [part, text] of [
      ['header', header?.text],
      ['body', body?.text],
    ] as const) {
      const names = typeof text === 'string' ? [...text.matchAll(/\{\{\s*([a-z_][a-z0-9_]*)\s*\}\}/g)].map((m) => m[1]!) : [];
      if (names.length === 0) continue;
      const sent = given(part).map((p) => (p as { parameter_name?: unknown }).parameter_name);
      if (sent.some((n) => typeof n !== 'string' || n === '')) throw new SimulatedGraphError(100, 'Parameter name is missing or empty');
      const unknown = sent.find((n) => !names.includes(n as string));
      if (unknown !== undefined) throw new SimulatedGraphError(100, `Parameter name ${String(unknown)} is not a parameter of the template's ${part}`);
    }
    const buttons = (template.components.find((c) => c.type === 'BUTTONS')?.buttons ?? []) as Array<{ type: string; url?: string }>;
    buttons.forEach((b, index) => {
      if (b.type !== 'URL' || variables(b.url) === 0) return;
      const value = t.components?.find((c) => c.type === 'button' && c.sub_type === 'url' && Number(c.index) === index)?.parameters;
      if (value?.length !== 1) throw new SimulatedGraphError(132000, `button ${index}: the URL needs one parameter`);
    });
    return template;
  }

  /** Sends a status webhook; settles once the receiver answered (or the sender gave up). */
  private status(
    wamid: string,
    waId: string,
    from: { id: string; displayPhoneNumber: string },
    status: string,
    extra: Record<string, unknown>,
  ): Promise<unknown> {
    return this.options.webhooks.send(
      this.envelope({ statuses: [{ id: wamid, status, timestamp: this.seconds(), recipient_id: waId, ...extra }] }, 'messages', from),
    );
  }

  private scheduleStatuses(
    wamid: string,
    waId: string,
    from: { id: string; displayPhoneNumber: string },
    pricing: Record<string, unknown> | null,
    failWith: { code: number; details: string } | null,
    callback: string | undefined,
    sentOnly: boolean,
  ): void {
    const common = callback ? { biz_opaque_callback_data: callback } : {};
    const sentDelay = this.delays.sent;
    if (sentDelay === null) return;
    if (failWith) {
      this.scheduled.later(sentDelay, () => this.status(wamid, waId, from, 'failed', { ...common, errors: [webhookError(failWith.code, failWith.details)] }));
      return;
    }
    const priced = pricing ? { pricing } : {};
    this.scheduled.later(sentDelay, () => this.status(wamid, waId, from, 'sent', { ...common, ...priced }));
    // Meta sends only "sent" for reactions.
    if (sentOnly) return;
    this.scheduled.later(this.delays.delivered, () => this.status(wamid, waId, from, 'delivered', { ...common, ...priced }));
    if (this.delays.read !== null) this.scheduled.later(this.delays.read, () => this.status(wamid, waId, from, 'read', common));
  }

  /** GET /{waba-id}/message_templates, paged with cursors like Graph. */
  listTemplates(limit: number, after: string | undefined): Record<string, unknown> {
    const start = after ? Number(Buffer.from(after, 'base64url').toString()) : 0;
    const page = this.templates.slice(start, start + limit);
    const end = start + page.length;
    const cursor = (n: number) => Buffer.from(String(n)).toString('base64url');
    return {
      data: page,
      paging: {
        cursors: { before: cursor(start), after: cursor(end) },
        ...(end < this.templates.length ? { next: `?limit=${limit}&after=${cursor(end)}` } : {}),
      },
    };
  }
}
