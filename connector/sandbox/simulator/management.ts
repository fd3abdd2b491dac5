/**
 * The simulator's management side: what Meta's WhatsApp Business Management
 * API does for the account, answered in Meta's shapes
 * (shared/reference/cloud-api/responses) and with Meta's error envelope.
 *
 * - Templates: create (checked like Meta, then reviewed after a configurable
 *   delay by the rules in template-review.ts, with signed
 *   message_template_status_update webhooks), delete by name or by hsm_id
 *   (a deleted approved name is blocked for 30 days; disabled templates cannot
 *   be deleted), quality drops that pause (3 h, then 6 h) and then disable.
 * - The business profile with Meta's limits, and the Resumable Upload API
 *   (sessions, offsets, handles) for its picture and for header samples.
 * - The phone number's fields (display name and its review, quality rating,
 *   messaging limit tier, throughput, status), registration with a PIN
 *   (6 digits, 10 calls per 72 h, the two-step PIN must match once set).
 * - The app's subscription to the WABA's webhooks, with the callback override
 *   that Meta verifies by the GET hub.challenge handshake from outside.
 * - debug_token for the access token's validity and scopes.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { Clock } from '../../services/clock';
import { SimulatedGraphError } from './graph-errors';
import type { SimulatedTemplate } from './seed';
import { reviewTemplate } from './template-review';
import type { WebhookSender } from './webhook-sender';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

export interface ManagementOptions {
  phoneNumberId: string;
  displayPhoneNumber: string;
  wabaId: string;
  accessToken: string;
  clock: Clock;
  webhooks: WebhookSender;
  log: Logger;
  /** The simulator's template registry, shared with the send path. */
  templates: SimulatedTemplate[];
  /** How long a review takes (Meta: minutes to 24 h). Default 10 s. */
  reviewMs?: number;
  /** Used for the webhook handshake Meta makes when a callback override is set. */
  fetch?: typeof fetch;
  /** The callback URL the number reports in webhook_configuration. */
  webhookUrl?: string;
}

/** A refusal with Meta's extra fields (error_subcode, error_user_title, error_user_msg). */
export class ManagementError extends SimulatedGraphError {
  constructor(
    code: number,
    details: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(code, details);
  }
}

export const UPLOAD_TYPES = ['image/jpeg', 'image/jpg', 'image/png', 'video/mp4', 'application/pdf'];
const VERTICALS = [
  'ALCOHOL', 'APPAREL', 'AUTO', 'BEAUTY', 'EDU', 'ENTERTAIN', 'EVENT_PLAN', 'FINANCE', 'GOVT', 'GROCERY', 'HEALTH', 'HOTEL', 'NONPROFIT',
  'ONLINE_GAMBLING', 'OTC_DRUGS', 'OTHER', 'PHYSICAL_GAMBLING', 'PROF_SERVICES', 'RESTAURANT', 'RETAIL', 'TRAVEL',
];
const TIERS = ['TIER_50', 'TIER_250', 'TIER_1K', 'TIER_2K', 'TIER_10K', 'TIER_100K', 'TIER_UNLIMITED'];
const PHONE_FIELDS = new Set([
  'id', 'display_phone_number', 'verified_name', 'code_verification_status', 'quality_rating', 'platform_type', 'throughput', 'status',
  'name_status', 'whatsapp_business_manager_messaging_limit', 'messaging_limit_tier', 'webhook_configuration', 'account_mode',
  'is_official_business_account', 'is_pin_enabled',
]);
const DEFAULT_PHONE_FIELDS = ['id', 'display_phone_number', 'verified_name', 'quality_rating'];
const PROFILE_FIELDS = ['about', 'address', 'description', 'email', 'profile_picture_url', 'websites', 'vertical'];

export interface PhoneNumberState {
  verified_name: string;
  code_verification_status: string;
  quality_rating: string;
  platform_type: string;
  throughput: string;
  status: string;
  name_status: string;
  messaging_limit: string;
  account_mode: string;
  /** The two-step verification PIN; null until the first registration sets it. */
  pin: string | null;
}

interface TemplateState {
  allowCategoryChange: boolean;
  pauses: number;
  pausedUntil: number | null;
}

interface UploadSession {
  fileName: string;
  length: number;
  type: string;
  chunks: Buffer[];
  offset: number;
}

function str(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function upper(value: unknown): string {
  return String(value ?? '').toUpperCase();
}

function id(): string {
  // Meta's ids are numeric strings of 15–16 digits.
  return String(1_000_000_000_000_000 + (randomBytes(6).readUIntBE(0, 6) % 8_000_000_000_000_000));
}

export class ManagementSimulator {
  readonly appId = '1234567890123456';
  readonly appName = 'Helpdesk Connector';
  readonly number: PhoneNumberState = {
    verified_name: 'Lucky Shrub',
    code_verification_status: 'VERIFIED',
    quality_rating: 'GREEN',
    platform_type: 'CLOUD_API',
    throughput: 'STANDARD',
    status: 'CONNECTED',
    name_status: 'APPROVED',
    messaging_limit: 'TIER_2K',
    account_mode: 'LIVE',
    pin: null,
  };
  readonly token = {
    scopes: ['whatsapp_business_management', 'whatsapp_business_messaging', 'business_management'],
    expiresAt: 0,
    type: 'SYSTEM_USER',
  };
  readonly profile: Record<string, unknown> = {
    about: 'Succulents, delivered.',
    address: '1 Hacker Way, Menlo Park, CA 94025',
    description: 'Lucky Shrub sells and ships succulents across the US.',
    email: 'support@luckyshrub.com',
    websites: ['https://www.luckyshrub.com/', 'https://www.instagram.com/luckyshrub'],
    vertical: 'RETAIL',
  };
  subscribed = true;
  override: { uri: string; verifyToken: string } | null = null;
  /** Registration calls, for Meta's limit of 10 per number per 72 h. */
  readonly registrations: number[] = [];
  readonly pictures = new Map<string, { type: string; bytes: Buffer }>();
  pictureId: string | null = null;
  reviewMs: number;

  private readonly state = new Map<string, TemplateState>();
  private readonly deletedNames = new Map<string, number>();
  private readonly sessions = new Map<string, UploadSession>();
  private readonly handles = new Map<string, { type: string; bytes: Buffer }>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private pauseTicker: NodeJS.Timeout | null = null;

  constructor(private readonly options: ManagementOptions) {
    this.reviewMs = options.reviewMs ?? 10_000;
    for (const t of options.templates) {
      t.quality_score ??= { score: t.status === 'APPROVED' ? 'GREEN' : 'UNKNOWN' };
    }
  }

  stop(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    if (this.pauseTicker) clearInterval(this.pauseTicker);
    this.pauseTicker = null;
  }

  private get templates(): SimulatedTemplate[] {
    return this.options.templates;
  }

  private stateOf(t: SimulatedTemplate): TemplateState {
    let s = this.state.get(t.id);
    if (!s) {
      s = { allowCategoryChange: true, pauses: 0, pausedUntil: null };
      this.state.set(t.id, s);
    }
    return s;
  }

  private later(ms: number, action: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      action();
    }, ms);
    this.timers.add(timer);
  }

  private seconds(): number {
    return Math.floor(this.options.clock.now() / 1000);
  }

  /** Account-level webhooks carry entry.time and a field-specific value, no metadata (reference README §10.6). */
  private notify(field: string, value: Record<string, unknown>): void {
    void this.options.webhooks.send({ object: 'whatsapp_business_account', entry: [{ id: this.options.wabaId, time: this.seconds(), changes: [{ value, field }] }] });
  }

  private templateEvent(t: SimulatedTemplate, event: string, extra: Record<string, unknown> = {}): void {
    this.notify('message_template_status_update', {
      event,
      message_template_id: Number(t.id),
      message_template_name: t.name,
      message_template_language: t.language,
      reason: event === 'APPROVED' ? 'NONE' : null,
      message_template_category: t.category,
      ...extra,
    });
  }

  // ── debug_token, WABA, phone numbers ──────────────────────────────────

  debugToken(inputToken: string | null): Record<string, unknown> {
    if (inputToken !== this.options.accessToken) {
      return { data: { is_valid: false, error: { code: 190, message: 'Invalid OAuth access token - Cannot parse access token' }, scopes: [] } };
    }
    const targets = [this.options.wabaId];
    return {
      data: {
        app_id: this.appId,
        type: this.token.type,
        application: this.appName,
        data_access_expires_at: 0,
        expires_at: this.token.expiresAt,
        is_valid: true,
        scopes: this.token.scopes,
        granular_scopes: this.token.scopes.map((scope) => (scope.startsWith('whatsapp_') ? { scope, target_ids: targets } : { scope })),
        user_id: '7203981450917323',
      },
    };
  }

  waba(): Record<string, unknown> {
    return { id: this.options.wabaId, name: 'Lucky Shrub', currency: 'USD', timezone_id: '1', message_template_namespace: 'c8ae5f90_307a_ca4c_b8f6_d1e2a2573574' };
  }

  private phoneNumber(): Record<string, unknown> {
    const n = this.number;
    return {
      id: this.options.phoneNumberId,
      display_phone_number: this.options.displayPhoneNumber,
      verified_name: n.verified_name,
      code_verification_status: n.code_verification_status,
      quality_rating: n.quality_rating,
      platform_type: n.platform_type,
      throughput: { level: n.throughput },
      status: n.status,
      name_status: n.name_status,
      whatsapp_business_manager_messaging_limit: n.messaging_limit,
      // Deprecated from v24.0 (reference README §4.4) but still answered when asked for.
      messaging_limit_tier: n.messaging_limit,
      ...(this.options.webhookUrl ? { webhook_configuration: { application: this.override?.uri ?? this.options.webhookUrl } } : {}),
      account_mode: n.account_mode,
      is_official_business_account: false,
      is_pin_enabled: n.pin !== null,
    };
  }

  /** GET /{phone-number-id}?fields=…; an unknown field is refused like Graph does. */
  getPhoneNumber(fields: string | null): Record<string, unknown> {
    const wanted = fields ? fields.split(',').map((f) => f.trim()).filter(Boolean) : DEFAULT_PHONE_FIELDS;
    const unknown = wanted.find((f) => !PHONE_FIELDS.has(f));
    if (unknown) throw new ManagementError(100, `Tried accessing nonexisting field (${unknown}) on node type (WhatsAppBusinessPhoneNumber)`);
    const all = this.phoneNumber();
    return Object.fromEntries([...new Set(['id', ...wanted])].filter((f) => f in all).map((f) => [f, all[f]]));
  }

  listPhoneNumbers(): Record<string, unknown> {
    const cursor = Buffer.from('0').toString('base64url');
    return { data: [this.getPhoneNumber('id,display_phone_number,verified_name,quality_rating,code_verification_status,platform_type,throughput')], paging: { cursors: { before: cursor, after: cursor } } };
  }

  // ── registration and subscription ─────────────────────────────────────

  register(body: Record<string, unknown>): Record<string, unknown> {
    if (body.messaging_product !== 'whatsapp') throw new ManagementError(100, 'The parameter messaging_product is required and must be "whatsapp".');
    const pin = str(body.pin);
    if (!pin || !/^\d{6}$/.test(pin)) throw new ManagementError(100, 'Param pin must be a 6-digit number.');
    const now = this.options.clock.now();
    const recent = this.registrations.filter((at) => now - at < 72 * HOUR);
    if (recent.length >= 10) throw new ManagementError(133016, 'Register and deregister calls for this number exceeded 10 in 72 hours; try again after the block ends.');
    this.registrations.push(now);
    if (this.number.pin !== null && this.number.pin !== pin) throw new ManagementError(133005, 'The PIN does not match the two-step verification PIN set for this number.');
    this.number.pin = pin;
    this.number.status = 'CONNECTED';
    return { success: true };
  }

  deregister(): Record<string, unknown> {
    this.registrations.push(this.options.clock.now());
    this.number.status = 'PENDING';
    return { success: true };
  }

  subscribedApps(): Record<string, unknown> {
    if (!this.subscribed) return { data: [] };
    return {
      data: [
        {
          whatsapp_business_api_data: { id: this.appId, name: this.appName, link: `https://www.facebook.com/games/?app_id=${this.appId}` },
          ...(this.override ? { override_callback_uri: this.override.uri } : {}),
        },
      ],
    };
  }

  /** POST /{waba-id}/subscribed_apps; with an override, Meta first verifies the URL with the GET handshake. */
  async subscribe(body: Record<string, unknown>): Promise<Record<string, unknown>> {
    const uri = str(body.override_callback_uri);
    if (uri !== null) {
      const verifyToken = str(body.verify_token);
      if (!verifyToken) throw new ManagementError(100, 'The parameter verify_token is required with override_callback_uri.');
      await this.handshake(uri, verifyToken);
      this.override = { uri, verifyToken };
    }
    this.subscribed = true;
    return { success: true };
  }

  unsubscribe(): Record<string, unknown> {
    this.subscribed = false;
    this.override = null;
    return { success: true };
  }

  private async handshake(uri: string, verifyToken: string): Promise<void> {
    let url: URL;
    try {
      url = new URL(uri);
      if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('scheme');
    } catch {
      throw new ManagementError(100, 'Param override_callback_uri must be a valid URL.');
    }
    const challenge = String(randomBytes(4).readUInt32BE(0));
    url.searchParams.set('hub.mode', 'subscribe');
    url.searchParams.set('hub.challenge', challenge);
    url.searchParams.set('hub.verify_token', verifyToken);
    let response: Response;
    try {
      response = await (this.options.fetch ?? fetch)(url, { signal: AbortSignal.timeout(5000) });
    } catch {
      throw new ManagementError(2200, "Callback verification failed with the following errors: curl_errno = 7; curl_error = Couldn't connect to server");
    }
    const text = (await response.text()).trim();
    if (response.status !== 200) {
      throw new ManagementError(2200, `Callback verification failed with the following errors: HTTP Status Code = ${response.status}; HTTP Message = ${response.statusText || 'Error'}`);
    }
    if (text !== challenge) throw new ManagementError(2200, 'Callback verification failed with the following errors: The response does not match the challenge.');
  }

  // ── templates ─────────────────────────────────────────────────────────

  findTemplate(templateId: string): SimulatedTemplate | undefined {
    return this.templates.find((t) => t.id === templateId);
  }

  findTemplateByName(name: string, language: string): SimulatedTemplate | undefined {
    return this.templates.find((t) => t.name === name && t.language === language);
  }

  getTemplate(t: SimulatedTemplate, fields: string | null): Record<string, unknown> {
    const all: Record<string, unknown> = { ...t };
    if (!fields) return all;
    return Object.fromEntries([...new Set(['id', ...fields.split(',').map((f) => f.trim())])].filter((f) => f in all).map((f) => [f, all[f]]));
  }

  /** POST /{waba-id}/message_templates: Meta's synchronous checks, then a review later. */
  createTemplate(body: Record<string, unknown>): Record<string, unknown> {
    const name = str(body.name);
    if (!name || !/^[a-z0-9_]{1,512}$/.test(name)) throw new ManagementError(100, 'Param name must contain only lowercase letters, numbers and underscores, up to 512 characters.');
    const language = str(body.language);
    if (!language) throw new ManagementError(100, 'The parameter language is required.');
    const category = upper(body.category);
    if (!['MARKETING', 'UTILITY', 'AUTHENTICATION'].includes(category)) throw new ManagementError(100, 'Param category must be one of {MARKETING, UTILITY, AUTHENTICATION}.');
    if (!Array.isArray(body.components)) throw new ManagementError(100, 'The parameter components is required.');
    const components: Array<Record<string, unknown>> = (body.components as Array<Record<string, unknown>>).map((c) => ({ ...c, type: upper(c.type) }));
    const bodyComponent = components.find((c) => c.type === 'BODY');
    if (!bodyComponent) throw new ManagementError(100, 'Message templates need a BODY component.', { error_subcode: 2388043 });
    if (this.templates.some((t) => t.name === name && t.language === language)) {
      throw new ManagementError(100, `Content in ${language} already exists for ${name}.`, {
        error_subcode: 2388024,
        error_user_title: 'Content in this language already exists',
        error_user_msg: `There is already ${language} content for this template. Create a new template and try again.`,
      });
    }
    const deletedAt = this.deletedNames.get(name);
    if (deletedAt !== undefined && this.options.clock.now() - deletedAt < 30 * DAY) {
      throw new ManagementError(100, `${name} was deleted less than 30 days ago.`, {
        error_subcode: 2388023,
        error_user_title: 'Message template language is being deleted',
        error_user_msg: 'New content cannot be added while existing content is being deleted. Try again in 4 weeks or create a new message template.',
      });
    }
    if (category !== 'AUTHENTICATION') {
      const text = str(bodyComponent.text)?.trim() ?? '';
      if (/^\{\{[^{}]*\}\}/.test(text) || /\{\{[^{}]*\}\}$/.test(text)) {
        throw new ManagementError(100, 'Variables cannot be at the start or end of the template body.', {
          error_subcode: 2388299,
          error_user_title: "Variables can't be at the start or end of the template",
          error_user_msg: 'Add text before the first variable and after the last one.',
        });
      }
    }
    for (const c of components) {
      const handle = ((c.example as { header_handle?: unknown[] } | undefined)?.header_handle ?? [])[0];
      if (c.type === 'HEADER' && ['IMAGE', 'VIDEO', 'DOCUMENT'].includes(upper(c.format)) && (typeof handle !== 'string' || !this.handles.has(handle))) {
        throw new ManagementError(100, 'Param example.header_handle must be a handle from the Resumable Upload API.', { error_subcode: 2388273 });
      }
    }
    const template: SimulatedTemplate = {
      id: id(),
      name,
      language,
      category: category as SimulatedTemplate['category'],
      status: 'PENDING',
      parameter_format: upper(body.parameter_format) === 'NAMED' ? 'NAMED' : 'POSITIONAL',
      components: category === 'AUTHENTICATION' ? this.authenticationComponents(components) : components,
      quality_score: { score: 'UNKNOWN' },
    };
    this.templates.push(template);
    this.state.set(template.id, { allowCategoryChange: body.allow_category_change !== false, pauses: 0, pausedUntil: null });
    this.later(this.reviewMs, () => this.review(template));
    return { id: template.id, status: 'PENDING', category: template.category };
  }

  /** Meta writes an authentication template's text and stores its copy-code button as a URL button. */
  private authenticationComponents(components: Array<Record<string, unknown>>): Array<Record<string, unknown>> {
    const body = components.find((c) => c.type === 'BODY') ?? {};
    const footer = components.find((c) => c.type === 'FOOTER');
    const button = ((components.find((c) => c.type === 'BUTTONS')?.buttons as Array<Record<string, unknown>> | undefined) ?? [])[0];
    const security = body.add_security_recommendation === true;
    const minutes = Number(footer?.code_expiration_minutes);
    return [
      { type: 'BODY', text: `*{{1}}* is your verification code.${security ? ' For your security, do not share this code.' : ''}`, ...(security ? { add_security_recommendation: true } : {}) },
      ...(Number.isFinite(minutes) ? [{ type: 'FOOTER', text: `This code expires in ${minutes} minutes.`, code_expiration_minutes: minutes }] : []),
      { type: 'BUTTONS', buttons: [{ type: 'URL', text: str(button?.text) ?? 'Copy code', url: 'https://www.whatsapp.com/otp/code/?otp_type=COPY_CODE&code=otp{{1}}' }] },
    ];
  }

  private review(template: SimulatedTemplate): void {
    if (!this.templates.includes(template) || template.status !== 'PENDING') return;
    const state = this.stateOf(template);
    const outcome = reviewTemplate({ category: template.category, components: template.components, allowCategoryChange: state.allowCategoryChange });
    if (outcome.decision === 'REJECTED') {
      template.status = 'REJECTED';
      template.rejected_reason = outcome.reason;
      this.templateEvent(template, 'REJECTED', { reason: outcome.reason, rejection_info: outcome.info });
      return;
    }
    template.status = 'APPROVED';
    template.quality_score = { score: 'UNKNOWN' };
    if (outcome.recategorisedFrom) {
      template.category = outcome.category as SimulatedTemplate['category'];
      this.notify('template_category_update', {
        message_template_id: Number(template.id),
        message_template_name: template.name,
        message_template_language: template.language,
        previous_category: outcome.recategorisedFrom,
        new_category: outcome.category,
      });
    }
    this.templateEvent(template, 'APPROVED');
  }

  /** DELETE /{waba-id}/message_templates?name=…[&hsm_id=…] */
  deleteTemplates(name: string | null, hsmId: string | null): Record<string, unknown> {
    if (!name) throw new ManagementError(100, 'The parameter name is required.');
    const targets = this.templates.filter((t) => t.name === name && (!hsmId || t.id === hsmId));
    if (targets.length === 0) throw new ManagementError(100, `Message template ${name}${hsmId ? ` with id ${hsmId}` : ''} was not found.`, { error_subcode: 2593002 });
    if (targets.some((t) => t.status === 'DISABLED')) throw new ManagementError(100, 'Disabled message templates cannot be deleted.');
    for (const t of targets) {
      this.templates.splice(this.templates.indexOf(t), 1);
      this.state.delete(t.id);
      if (t.status === 'APPROVED' || t.status === 'PAUSED') this.deletedNames.set(name, this.options.clock.now());
      this.templateEvent(t, 'DELETED');
    }
    return { success: true };
  }

  // ── sandbox controls: what customers' feedback does to quality ───────

  /** Customers' feedback moves a template's quality; at RED Meta pauses it (3 h, then 6 h) and the third time disables it. */
  setTemplateQuality(t: SimulatedTemplate, score: string): void {
    const previous = t.quality_score?.score ?? 'UNKNOWN';
    t.quality_score = { score, date: this.seconds() };
    this.notify('message_template_quality_update', {
      previous_quality_score: previous,
      new_quality_score: score,
      message_template_id: Number(t.id),
      message_template_name: t.name,
      message_template_language: t.language,
    });
    if (score !== 'RED' || t.status !== 'APPROVED') return;
    const state = this.stateOf(t);
    state.pauses += 1;
    if (state.pauses >= 3) {
      t.status = 'DISABLED';
      this.templateEvent(t, 'DISABLED', { reason: null, other_info: { title: 'DISABLED', description: 'Your WhatsApp message template has been disabled because it was paused three times for low quality.' } });
      return;
    }
    const hours = state.pauses === 1 ? 3 : 6;
    state.pausedUntil = this.options.clock.now() + hours * HOUR;
    t.status = 'PAUSED';
    const until = new Date(state.pausedUntil).toUTCString();
    this.templateEvent(t, 'PAUSED', {
      other_info: {
        title: state.pauses === 1 ? 'FIRST_PAUSE' : 'SECOND_PAUSE',
        description: `Your WhatsApp message template has been paused for ${hours} hours until ${until} because it continued to have issues.`,
      },
    });
    this.watchPauses();
  }

  /** Pauses end on the sandbox clock, which can jump; checked every second while any template is paused. */
  private watchPauses(): void {
    if (this.pauseTicker) return;
    this.pauseTicker = setInterval(() => this.liftPauses(), 1000);
    this.pauseTicker.unref();
  }

  liftPauses(): void {
    const now = this.options.clock.now();
    let paused = 0;
    for (const t of this.templates) {
      const state = this.state.get(t.id);
      if (t.status !== 'PAUSED' || !state?.pausedUntil) continue;
      if (state.pausedUntil > now) {
        paused += 1;
        continue;
      }
      state.pausedUntil = null;
      t.status = 'APPROVED';
      this.templateEvent(t, 'REINSTATED');
    }
    if (paused === 0 && this.pauseTicker) {
      clearInterval(this.pauseTicker);
      this.pauseTicker = null;
    }
  }

  /**
   * Changes the number as Meta would after customer feedback or a review, and
   * sends the webhooks Meta sends for it: FLAGGED/UNFLAGGED when quality
   * becomes low or recovers, DOWNGRADE/UPGRADE for the messaging limit,
   * THROUGHPUT_UPGRADE, and phone_number_name_update for the display name.
   */
  setNumber(patch: Partial<Pick<PhoneNumberState, 'quality_rating' | 'messaging_limit' | 'name_status' | 'status' | 'throughput' | 'verified_name'>>): void {
    const n = this.number;
    const display = this.options.displayPhoneNumber;
    if (patch.messaging_limit && !TIERS.includes(patch.messaging_limit)) throw new ManagementError(100, `messaging_limit must be one of ${TIERS.join(', ')}.`);
    if (patch.quality_rating && patch.quality_rating !== n.quality_rating) {
      const wasLow = n.quality_rating === 'RED';
      n.quality_rating = patch.quality_rating;
      const isLow = n.quality_rating === 'RED';
      if (isLow !== wasLow) this.notify('phone_number_quality_update', { display_phone_number: display, event: isLow ? 'FLAGGED' : 'UNFLAGGED', current_limit: n.messaging_limit });
    }
    if (patch.messaging_limit && patch.messaging_limit !== n.messaging_limit) {
      const old = n.messaging_limit;
      const lower = TIERS.indexOf(patch.messaging_limit) < TIERS.indexOf(old);
      n.messaging_limit = patch.messaging_limit;
      this.notify('phone_number_quality_update', {
        display_phone_number: display,
        event: lower ? 'DOWNGRADE' : 'UPGRADE',
        old_limit: old,
        current_limit: n.messaging_limit,
        max_daily_conversations_per_business: n.messaging_limit,
      });
    }
    if (patch.throughput && patch.throughput !== n.throughput) {
      n.throughput = patch.throughput;
      if (n.throughput === 'HIGH') this.notify('phone_number_quality_update', { display_phone_number: display, event: 'THROUGHPUT_UPGRADE', current_limit: n.messaging_limit });
    }
    if (patch.verified_name) n.verified_name = patch.verified_name;
    if (patch.name_status && patch.name_status !== n.name_status) {
      n.name_status = patch.name_status;
      const decision = n.name_status === 'APPROVED' ? 'APPROVED' : n.name_status === 'DECLINED' ? 'REJECTED' : 'DEFERRED';
      this.notify('phone_number_name_update', {
        display_phone_number: display,
        decision,
        requested_verified_name: n.verified_name,
        ...(decision === 'REJECTED' ? { rejection_reason: 'The display name does not match the business name.' } : {}),
      });
    }
    if (patch.status) n.status = patch.status;
  }

  // ── business profile ──────────────────────────────────────────────────

  /** GET /{phone-number-id}/whatsapp_business_profile, in the guide's {data:[…]} shape. */
  getProfile(fields: string | null, pictureBase: string): Record<string, unknown> {
    const wanted = fields ? fields.split(',').map((f) => f.trim()) : PROFILE_FIELDS;
    const all: Record<string, unknown> = { ...this.profile, ...(this.pictureId ? { profile_picture_url: `${pictureBase}/pps/${this.pictureId}` } : {}) };
    const picked = Object.fromEntries(wanted.filter((f) => all[f] !== undefined && all[f] !== '').map((f) => [f, all[f]]));
    return { data: [{ ...picked, messaging_product: 'whatsapp' }] };
  }

  /** POST /{phone-number-id}/whatsapp_business_profile with Meta's limits. */
  updateProfile(body: Record<string, unknown>): Record<string, unknown> {
    if (body.messaging_product !== 'whatsapp') throw new ManagementError(100, 'The parameter messaging_product is required and must be "whatsapp".');
    const allowed = new Set(['messaging_product', 'about', 'address', 'description', 'email', 'websites', 'vertical', 'profile_picture_handle']);
    const unknown = Object.keys(body).find((k) => !allowed.has(k));
    if (unknown) throw new ManagementError(100, `Param ${unknown} is not a business profile field.`);
    const len = (v: unknown) => [...String(v)].length;
    const check = (ok: boolean, details: string) => {
      if (!ok) throw new ManagementError(100, details);
    };
    if (body.about !== undefined) check(typeof body.about === 'string' && len(body.about) >= 1 && len(body.about) <= 139, 'Param about must be 1 to 139 characters long.');
    if (body.address !== undefined) check(typeof body.address === 'string' && len(body.address) <= 256, 'Param address must be at most 256 characters long.');
    if (body.description !== undefined) check(typeof body.description === 'string' && len(body.description) <= 512, 'Param description must be at most 512 characters long.');
    if (body.email !== undefined) {
      check(typeof body.email === 'string' && (body.email === '' || (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(body.email) && len(body.email) <= 128)), 'Param email must be a valid email address of at most 128 characters.');
    }
    if (body.websites !== undefined) {
      check(Array.isArray(body.websites) && body.websites.length <= 2, 'Param websites must be an array of at most 2 URLs.');
      for (const site of body.websites as unknown[]) check(typeof site === 'string' && /^https?:\/\//i.test(site) && len(site) <= 256, 'Param websites must hold URLs starting with http:// or https://, of at most 256 characters.');
    }
    if (body.vertical !== undefined) check(typeof body.vertical === 'string' && (body.vertical === '' || VERTICALS.includes(body.vertical)), `Param vertical must be one of {${VERTICALS.join(', ')}}.`);
    let picture: { type: string; bytes: Buffer } | undefined;
    if (body.profile_picture_handle !== undefined) {
      picture = typeof body.profile_picture_handle === 'string' ? this.handles.get(body.profile_picture_handle) : undefined;
      check(picture !== undefined && picture.type.startsWith('image/'), 'Param profile_picture_handle must be a handle of an uploaded JPEG or PNG image.');
    }
    for (const field of ['about', 'address', 'description', 'email', 'websites', 'vertical']) if (body[field] !== undefined) this.profile[field] = body[field];
    if (picture) {
      this.pictureId = randomBytes(12).toString('hex');
      this.pictures.set(this.pictureId, picture);
    }
    return { success: true };
  }

  // ── Resumable Upload API ──────────────────────────────────────────────

  /** POST /{app-id}/uploads?file_name&file_length&file_type */
  createUploadSession(appId: string, query: Record<string, unknown>): Record<string, unknown> {
    if (appId !== this.appId) throw new ManagementError(100, `Unsupported post request. Object with ID '${appId}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`);
    const length = Number(query.file_length);
    const type = str(query.file_type);
    if (!Number.isInteger(length) || length <= 0 || length > 100 * 1024 * 1024) throw new ManagementError(100, 'Param file_length must be a positive number of bytes, at most 100 MB.');
    if (!type || !UPLOAD_TYPES.includes(type)) throw new ManagementError(100, `Param file_type must be one of ${UPLOAD_TYPES.join(', ')}.`);
    const session = `upload:${randomBytes(18).toString('base64url')}`;
    this.sessions.set(session, { fileName: str(query.file_name) ?? 'file', length, type: type === 'image/jpg' ? 'image/jpeg' : type, chunks: [], offset: 0 });
    return { id: session };
  }

  /** POST /upload:{id} with file_offset; answers the handle once every byte arrived. */
  uploadChunk(sessionId: string, offsetHeader: string | undefined, bytes: Buffer): Record<string, unknown> {
    const session = this.sessions.get(sessionId);
    if (!session) throw new ManagementError(100, `Upload session ${sessionId} does not exist.`);
    const offset = Number(offsetHeader ?? 0);
    if (offset !== session.offset) throw new ManagementError(100, `file_offset ${offset} does not match the ${session.offset} bytes received so far.`);
    if (session.offset + bytes.length > session.length) throw new ManagementError(100, 'More bytes were sent than file_length announced.');
    session.chunks.push(bytes);
    session.offset += bytes.length;
    if (session.offset < session.length) return { id: sessionId, file_offset: session.offset };
    const handle = `4::${Buffer.from(session.type).toString('base64')}:${randomBytes(24).toString('base64url')}`;
    this.handles.set(handle, { type: session.type, bytes: Buffer.concat(session.chunks) });
    this.sessions.delete(sessionId);
    return { h: handle };
  }

  uploadStatus(sessionId: string): Record<string, unknown> {
    const session = this.sessions.get(sessionId);
    if (!session) throw new ManagementError(100, `Upload session ${sessionId} does not exist.`);
    return { id: sessionId, file_offset: session.offset };
  }
}
