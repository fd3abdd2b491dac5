/**
 * The Cloud API simulator: a stand-in for Meta that the sandbox and the tests
 * trust, so it answers like Meta (shapes, error codes, signed webhooks).
 *
 * It keeps its own view of the world: which customer wrote when (its own
 * 24-hour window, on the sandbox clock), which templates exist, and what the
 * business sent. Like Meta today, free-form messages outside the window are
 * accepted with a wamid and then fail by webhook with 131047 (`async`); the
 * older synchronous 400 is available as `sync`.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { Clock } from '../../services/clock';
import { graphError, SimulatedGraphError, webhookError } from './graph-errors';
import { ManagementSimulator, type ManagementOptions } from './management';
import { SEED_CUSTOMERS, SEED_TEMPLATES, type SimulatedCustomer, type SimulatedTemplate } from './seed';
import type { WebhookSender } from './webhook-sender';

const WINDOW_MS = 24 * 60 * 60 * 1000;
const FREE_FORM_TYPES = new Set(['text', 'image', 'video', 'audio', 'document', 'sticker', 'location', 'contacts', 'interactive', 'reaction']);

export interface StatusDelays {
  sent: number;
  delivered: number;
  /** null: the customer never reads. */
  read: number | null;
}

export interface SimulatorOptions {
  phoneNumberId: string;
  displayPhoneNumber: string;
  wabaId: string;
  accessToken: string;
  clock: Clock;
  webhooks: WebhookSender;
  log: Logger;
  statusDelays?: StatusDelays;
  windowErrorMode?: 'async' | 'sync';
  /** Templates review, profile, number, uploads, subscription (management.ts). */
  management?: Pick<ManagementOptions, 'reviewMs' | 'fetch' | 'webhookUrl'>;
}

interface Customer extends SimulatedCustomer {
  lastMessageAt: number | null;
}

export type SendOutcome = { status: 200; body: Record<string, unknown> } | { status: number; body: unknown };

export function newWamid(): string {
  return `wamid.${randomBytes(24).toString('base64')}`;
}

export class CloudApiSimulator {
  readonly customers = new Map<string, Customer>();
  readonly templates: SimulatedTemplate[] = SEED_TEMPLATES.map((t) => structuredClone(t));
  /** Every accepted send, newest last: the sandbox's record of "what reached Meta". */
  readonly sent: Array<{ wamid: string; to: string; type: string; body: Record<string, unknown> }> = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly delays: StatusDelays;
  readonly management: ManagementSimulator;

  constructor(private readonly options: SimulatorOptions) {
    for (const c of SEED_CUSTOMERS) this.customers.set(c.waId, { ...c, lastMessageAt: null });
    this.delays = options.statusDelays ?? { sent: 150, delivered: 600, read: 2500 };
    this.management = new ManagementSimulator({ ...options, ...options.management, templates: this.templates });
  }

  stop(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.management.stop();
    this.options.webhooks.stop();
  }

  private customer(waId: string): Customer {
    let c = this.customers.get(waId);
    if (!c) {
      c = { waId, name: `Customer ${waId.slice(-4)}`, lastMessageAt: null };
      this.customers.set(waId, c);
    }
    return c;
  }

  private envelope(value: Record<string, unknown>) {
    return {
      object: 'whatsapp_business_account',
      entry: [
        {
          id: this.options.wabaId,
          changes: [
            {
              value: {
                messaging_product: 'whatsapp',
                metadata: { display_phone_number: this.options.displayPhoneNumber, phone_number_id: this.options.phoneNumberId },
                ...value,
              },
              field: 'messages',
            },
          ],
        },
      ],
    };
  }

  private seconds(): string {
    return String(Math.floor(this.options.clock.now() / 1000));
  }

  /** A simulated customer writes a Cloud-API-shaped message; it reaches the connector as a signed webhook. */
  async customerSends(waId: string, message: Record<string, unknown>): Promise<{ id: string; webhookStatus: number | null }> {
    const type = typeof message.type === 'string' ? message.type : '';
    if (!type || typeof message[type] !== 'object' || message[type] === null) {
      throw new SimulatedGraphError(100, `A message needs "type" and an object named after it, e.g. {"type":"text","text":{"body":"hi"}}`);
    }
    const customer = this.customer(waId);
    customer.lastMessageAt = this.options.clock.now();
    const id = newWamid();
    const inbound: Record<string, unknown> = { from: waId, id, timestamp: this.seconds(), type, [type]: message[type] };
    if (message.context) inbound.context = message.context;
    const result = await this.options.webhooks.send(
      this.envelope({ contacts: [{ profile: { name: customer.name }, wa_id: waId }], messages: [inbound] }),
    );
    return { id, webhookStatus: result.status };
  }

  private windowOpen(customer: Customer): boolean {
    return customer.lastMessageAt !== null && this.options.clock.now() < customer.lastMessageAt + WINDOW_MS;
  }

  /** POST /{phone-number-id}/messages */
  send(body: Record<string, unknown>): SendOutcome {
    try {
      return this.accept(body);
    } catch (error) {
      if (error instanceof SimulatedGraphError) return graphError(error.code, error.details);
      throw error;
    }
  }

  private accept(body: Record<string, unknown>): SendOutcome {
    if (body.messaging_product !== 'whatsapp') throw new SimulatedGraphError(100, 'The parameter messaging_product is required and must be "whatsapp".');
    if (body.status === 'read') {
      if (typeof body.message_id !== 'string') throw new SimulatedGraphError(131008, 'The parameter message_id is required.');
      return { status: 200, body: { success: true } };
    }
    const input = typeof body.to === 'string' ? body.to : typeof body.recipient === 'string' ? body.recipient : null;
    if (!input) throw new SimulatedGraphError(131008, 'The parameter to is required.');
    const waId = input.replace(/[^\d]/g, '');
    if (!/^\d{8,15}$/.test(waId)) throw new SimulatedGraphError(100, `Invalid parameter to: ${input}`);
    const type = typeof body.type === 'string' ? body.type : 'text';
    const customer = this.customer(waId);

    let pricing = { billable: false, pricing_model: 'PMP', type: 'free_customer_service', category: 'service' };
    let failAfterSent: number | null = null;
    if (type === 'template') {
      const template = this.checkTemplate(body.template);
      const billable = template.category !== 'UTILITY' || !this.windowOpen(customer);
      pricing = { billable, pricing_model: 'PMP', type: billable ? 'regular' : 'free_customer_service', category: template.category.toLowerCase() };
    } else if (FREE_FORM_TYPES.has(type)) {
      this.checkFreeForm(type, body);
      if (!this.windowOpen(customer)) {
        if (this.options.windowErrorMode === 'sync') {
          throw new SimulatedGraphError(131047, 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.');
        }
        failAfterSent = 131047;
      }
    } else {
      throw new SimulatedGraphError(131051, `Message type ${type} is not supported.`);
    }

    const wamid = newWamid();
    this.sent.push({ wamid, to: waId, type, body });
    this.scheduleStatuses(wamid, waId, pricing, failAfterSent, typeof body.biz_opaque_callback_data === 'string' ? body.biz_opaque_callback_data : undefined);
    return { status: 200, body: { messaging_product: 'whatsapp', contacts: [{ input, wa_id: waId }], messages: [{ id: wamid }] } };
  }

  private checkFreeForm(type: string, body: Record<string, unknown>): void {
    const object = body[type] as Record<string, unknown> | undefined;
    if (typeof object !== 'object' || object === null) throw new SimulatedGraphError(131008, `The parameter ${type} is required.`);
    if (type === 'text') {
      if (typeof object.body !== 'string' || object.body === '') throw new SimulatedGraphError(131008, "The parameter text['body'] is required.");
      if ([...object.body].length > 4096) throw new SimulatedGraphError(100, "Param text['body'] must be at most 4096 characters long.");
    }
  }

  private checkTemplate(raw: unknown): SimulatedTemplate {
    const t = raw as { name?: unknown; language?: { code?: unknown }; components?: Array<{ type?: string; parameters?: unknown[] }> } | undefined;
    if (typeof t?.name !== 'string' || typeof t.language?.code !== 'string') {
      throw new SimulatedGraphError(131008, 'The parameters template.name and template.language.code are required.');
    }
    const template = this.templates.find((x) => x.name === t.name && x.language === t.language?.code);
    if (!template || template.status === 'REJECTED' || template.status === 'PENDING') {
      throw new SimulatedGraphError(132001, `template name (${t.name}) does not exist in ${t.language.code}`);
    }
    if (template.status === 'PAUSED') throw new SimulatedGraphError(132015, `Template ${t.name} is paused.`);
    if (template.status === 'DISABLED') throw new SimulatedGraphError(132016, `Template ${t.name} is disabled.`);
    for (const part of ['HEADER', 'BODY'] as const) {
      const text = template.components.find((c) => c.type === part)?.text;
      const expected = typeof text === 'string' ? new Set([...text.matchAll(/\{\{(\d+)\}\}/g)].map((m) => m[1])).size : 0;
      const given = t.components?.find((c) => c.type?.toUpperCase() === part)?.parameters?.length ?? 0;
      if (expected !== given) {
        throw new SimulatedGraphError(132000, `${part.toLowerCase()}: number of localizable_params (${given}) does not match the expected number of params (${expected})`);
      }
    }
    return template;
  }

  private later(ms: number, action: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      action();
    }, ms);
    this.timers.add(timer);
  }

  private status(wamid: string, waId: string, status: string, extra: Record<string, unknown>): void {
    void this.options.webhooks.send(
      this.envelope({ statuses: [{ id: wamid, status, timestamp: this.seconds(), recipient_id: waId, ...extra }] }),
    );
  }

  private scheduleStatuses(wamid: string, waId: string, pricing: Record<string, unknown>, failWith: number | null, callback?: string): void {
    const common = callback ? { biz_opaque_callback_data: callback } : {};
    if (failWith !== null) {
      this.later(this.delays.sent, () =>
        this.status(wamid, waId, 'failed', {
          ...common,
          errors: [webhookError(failWith, 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.')],
        }),
      );
      return;
    }
    this.later(this.delays.sent, () => this.status(wamid, waId, 'sent', { ...common, pricing }));
    this.later(this.delays.delivered, () => this.status(wamid, waId, 'delivered', { ...common, pricing }));
    if (this.delays.read !== null) this.later(this.delays.read, () => this.status(wamid, waId, 'read', common));
  }

  /** GET /{waba-id}/message_templates, paged with cursors like Graph. */
  listTemplates(limit: number, after: string | undefined): Record<string, unknown> {
    const start = after ? Number(Buffer.from(after, 'base64url').toString()) : 0;
    const page = this.templates.slice(start, start + limit);
    const end = start + page.length;
    const cursor = (n: number) => Buffer.from(String(n)).toString('base64url');
    return {
      data: page,
      paging: { cursors: { before: cursor(start), after: cursor(end) }, ...(end < this.templates.length ? { next: `?limit=${limit}&after=${cursor(end)}` } : {}) },
    };
  }
}
