/**
 * The simulator's management side: what Meta's WhatsApp Business Management
 * API does for the account, answered in Meta's shapes
 * (test/fixtures/cloud-api/responses) and with Meta's error envelope.
 *
 * - Templates: `registry` (template-registry.ts); uploads: `uploads`
 *   (resumable-uploads.ts).
 * - The business profile with Meta's limits; its picture set by an upload handle.
 * - The phone number's fields (display name and its review, quality rating,
 *   messaging limit tier, throughput, status), registration with a PIN
 *   (6 digits, 10 calls per 72 h, the two-step PIN must match once set).
 * - The app's subscription to the WABA's webhooks, with the callback override
 *   that Meta verifies by the GET hub.challenge handshake from outside.
 * - debug_token for the access token's validity and scopes.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { limitLowered, MESSAGING_LIMIT_TIERS } from '@domain/account-health';
import { BUSINESS_VERTICALS } from '@domain/business-profile';
import type { Clock } from '../../services/runtime/clock';
import { ManagementError } from './management-error';
import { ResumableUploads } from './resumable-uploads';
import type { SimulatedTemplate } from './seed';
import { TemplateRegistry } from './template-registry';
import type { WebhookSender } from './webhook-sender';

const HOUR = 3600_000;

/** The simulated account both halves of the simulator (messages, management) serve. */
export interface SimulatedAccountOptions {
  /** The default number: sends and webhooks that name none use it. */
  phoneNumberId: string;
  displayPhoneNumber: string;
  /**
   * Every number of the simulated WABA, the default first (a WABA usually holds several:
   * support and sales, one per country). Absent: the default number alone.
   */
  numbers?: ReadonlyArray<{ id: string; displayPhoneNumber: string; label?: string | null }>;
  wabaId: string;
  accessToken: string;
  clock: Clock;
  webhooks: WebhookSender;
  log: Logger;
}

export interface ManagementOptions extends SimulatedAccountOptions {
  /** The simulator's template registry, shared with the send path. */
  templates: SimulatedTemplate[];
  /** How long a review takes (Meta: minutes to 24 h). Default 10 s. */
  reviewMs?: number;
  /** Used for the webhook handshake Meta makes when a callback override is set. */
  fetch?: typeof fetch;
  /** The callback URL the number reports in webhook_configuration. */
  webhookUrl?: string;
}

const VERTICALS: readonly string[] = BUSINESS_VERTICALS;
const TIERS = Object.keys(MESSAGING_LIMIT_TIERS);
const PHONE_FIELDS = new Set([
  'id',
  'display_phone_number',
  'verified_name',
  'code_verification_status',
  'quality_rating',
  'platform_type',
  'throughput',
  'status',
  'name_status',
  'whatsapp_business_manager_messaging_limit',
  'messaging_limit_tier',
  'webhook_configuration',
  'account_mode',
  'is_official_business_account',
  'is_pin_enabled',
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

function str(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
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
  /**
   * Every number of the WABA by id, the default's state being `number`. The others start
   * registered and healthy, named after their label ("Lucky Shrub Sales"), on a lower tier.
   */
  readonly numbers = new Map<string, { displayPhoneNumber: string; state: PhoneNumberState }>();
  subscribed = true;
  override: { uri: string; verifyToken: string } | null = null;
  /** Registration calls, for Meta's limit of 10 per number per 72 h. */
  readonly registrations: number[] = [];
  readonly pictures = new Map<string, { type: string; bytes: Buffer }>();
  pictureId: string | null = null;
  /**
   * The other numbers' business profiles by phone number id: Meta keeps one per number (the
   * default's is `profile`). Each starts as a copy of the default's, its picture unset.
   */
  readonly otherProfiles = new Map<string, { fields: Record<string, unknown>; pictureId: string | null }>();
  readonly uploads: ResumableUploads;
  readonly registry: TemplateRegistry;

  constructor(private readonly options: ManagementOptions) {
    this.numbers.set(options.phoneNumberId, { displayPhoneNumber: options.displayPhoneNumber, state: this.number });
    for (const other of options.numbers ?? []) {
      if (this.numbers.has(other.id)) continue;
      const name = other.label ? `${this.number.verified_name} ${other.label}` : this.number.verified_name;
      this.numbers.set(other.id, { displayPhoneNumber: other.displayPhoneNumber, state: { ...this.number, verified_name: name, messaging_limit: 'TIER_1K' } });
    }
    this.uploads = new ResumableUploads(this.appId);
    this.registry = new TemplateRegistry(options.templates, {
      clock: options.clock,
      notify: (field, value) => this.notify(field, value),
      uploads: this.uploads,
      reviewMs: options.reviewMs ?? 10_000,
    });
  }

  stop(): void {
    this.registry.stop();
  }

  /** Account-level webhooks carry entry.time and a field-specific value, no metadata (reference README §10.6). */
  private notify(field: string, value: Record<string, unknown>): void {
    const time = Math.floor(this.options.clock.now() / 1000);
    void this.options.webhooks.send({ object: 'whatsapp_business_account', entry: [{ id: this.options.wabaId, time, changes: [{ value, field }] }] });
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
    return {
      id: this.options.wabaId,
      name: 'Lucky Shrub',
      currency: 'USD',
      timezone_id: '1',
      message_template_namespace: 'c8ae5f90_307a_ca4c_b8f6_d1e2a2573574',
    };
  }

  /** The default number's id (its state is `number`). */
  get defaultNumberId(): string {
    return this.options.phoneNumberId;
  }

  /** Whether the WABA holds this phone number id. */
  hasNumber(id: string): boolean {
    return this.numbers.has(id);
  }

  stateOf(id: string): PhoneNumberState {
    const found = this.numbers.get(id);
    if (!found) throw new ManagementError(100, `Unsupported request. Object with ID '${id}' does not exist.`);
    return found.state;
  }

  private phoneNumber(id = this.options.phoneNumberId): Record<string, unknown> {
    const n = this.stateOf(id);
    return {
      id,
      display_phone_number: this.numbers.get(id)!.displayPhoneNumber,
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
  getPhoneNumber(fields: string | null, id = this.options.phoneNumberId): Record<string, unknown> {
    const wanted = fields
      ? fields
          .split(',')
          .map((f) => f.trim())
          .filter(Boolean)
      : DEFAULT_PHONE_FIELDS;
    const unknown = wanted.find((f) => !PHONE_FIELDS.has(f));
    if (unknown) throw new ManagementError(100, `Tried accessing nonexisting field (${unknown}) on node type (WhatsAppBusinessPhoneNumber)`);
    const all = this.phoneNumber(id);
    return Object.fromEntries([...new Set(['id', ...wanted])].filter((f) => f in all).map((f) => [f, all[f]]));
  }

  listPhoneNumbers(): Record<string, unknown> {
    const cursor = Buffer.from('0').toString('base64url');
    return {
      data: [...this.numbers.keys()].map((id) =>
        this.getPhoneNumber('id,display_phone_number,verified_name,quality_rating,code_verification_status,platform_type,throughput', id),
      ),
      paging: { cursors: { before: cursor, after: cursor } },
    };
  }

  // ── registration and subscription ─────────────────────────────────────

  register(body: Record<string, unknown>, id = this.options.phoneNumberId): Record<string, unknown> {
    const number = this.stateOf(id);
    if (body.messaging_product !== 'whatsapp') throw new ManagementError(100, 'The parameter messaging_product is required and must be "whatsapp".');
    const pin = str(body.pin);
    if (!pin || !/^\d{6}$/.test(pin)) throw new ManagementError(100, 'Param pin must be a 6-digit number.');
    const now = this.options.clock.now();
    const recent = this.registrations.filter((at) => now - at < 72 * HOUR);
    if (recent.length >= 10)
      throw new ManagementError(133016, 'Register and deregister calls for this number exceeded 10 in 72 hours; try again after the block ends.');
    this.registrations.push(now);
    if (number.pin !== null && number.pin !== pin)
      throw new ManagementError(133005, 'The PIN does not match the two-step verification PIN set for this number.');
    number.pin = pin;
    number.status = 'CONNECTED';
    return { success: true };
  }

  deregister(id = this.options.phoneNumberId): Record<string, unknown> {
    this.registrations.push(this.options.clock.now());
    this.stateOf(id).status = 'PENDING';
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
      throw new ManagementError(
        2200,
        `Callback verification failed with the following errors: HTTP Status Code = ${response.status}; HTTP Message = ${response.statusText || 'Error'}`,
      );
    }
    if (text !== challenge)
      throw new ManagementError(2200, 'Callback verification failed with the following errors: The response does not match the challenge.');
  }

  /**
   * Changes the number as Meta would after customer feedback or a review, and
   * sends the webhooks Meta sends for it: FLAGGED/UNFLAGGED when quality
   * becomes low or recovers, DOWNGRADE/UPGRADE for the messaging limit,
   * THROUGHPUT_UPGRADE, and phone_number_name_update for the display name.
   */
  setNumber(
    patch: Partial<Pick<PhoneNumberState, 'quality_rating' | 'messaging_limit' | 'name_status' | 'status' | 'throughput' | 'verified_name'>>,
    id = this.options.phoneNumberId,
  ): void {
    const n = this.stateOf(id);
    const display = this.numbers.get(id)!.displayPhoneNumber;
    if (patch.messaging_limit && !TIERS.includes(patch.messaging_limit)) throw new ManagementError(100, `messaging_limit must be one of ${TIERS.join(', ')}.`);
    if (patch.quality_rating && patch.quality_rating !== n.quality_rating) {
      const wasLow = n.quality_rating === 'RED';
      n.quality_rating = patch.quality_rating;
      const isLow = n.quality_rating === 'RED';
      if (isLow !== wasLow)
        this.notify('phone_number_quality_update', { display_phone_number: display, event: isLow ? 'FLAGGED' : 'UNFLAGGED', current_limit: n.messaging_limit });
    }
    if (patch.messaging_limit && patch.messaging_limit !== n.messaging_limit) {
      const old = n.messaging_limit;
      const lower = limitLowered(old, patch.messaging_limit);
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
      if (n.throughput === 'HIGH')
        this.notify('phone_number_quality_update', { display_phone_number: display, event: 'THROUGHPUT_UPGRADE', current_limit: n.messaging_limit });
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
  getProfile(fields: string | null, pictureBase: string, phoneNumberId = this.options.phoneNumberId): Record<string, unknown> {
    const wanted = fields ? fields.split(',').map((f) => f.trim()) : PROFILE_FIELDS;
    const { fields: profile, pictureId } = this.profileOf(phoneNumberId);
    const all: Record<string, unknown> = { ...profile, ...(pictureId ? { profile_picture_url: `${pictureBase}/pps/${pictureId}` } : {}) };
    const picked = Object.fromEntries(wanted.filter((f) => all[f] !== undefined && all[f] !== '').map((f) => [f, all[f]]));
    return { data: [{ ...picked, messaging_product: 'whatsapp' }] };
  }

  /** POST /{phone-number-id}/whatsapp_business_profile with Meta's limits. */
  updateProfile(body: Record<string, unknown>, phoneNumberId = this.options.phoneNumberId): Record<string, unknown> {
    if (body.messaging_product !== 'whatsapp') throw new ManagementError(100, 'The parameter messaging_product is required and must be "whatsapp".');
    const allowed = new Set(['messaging_product', 'about', 'address', 'description', 'email', 'websites', 'vertical', 'profile_picture_handle']);
    const unknown = Object.keys(body).find((k) => !allowed.has(k));
    if (unknown) throw new ManagementError(100, `Param ${unknown} is not a business profile field.`);
    const len = (v: unknown) => [...String(v)].length;
    const check = (ok: boolean, details: string) => {
      if (!ok) throw new ManagementError(100, details);
    };
    if (body.about !== undefined)
      check(typeof body.about === 'string' && len(body.about) >= 1 && len(body.about) <= 139, 'Param about must be 1 to 139 characters long.');
    if (body.address !== undefined) check(typeof body.address === 'string' && len(body.address) <= 256, 'Param address must be at most 256 characters long.');
    if (body.description !== undefined)
      check(typeof body.description === 'string' && len(body.description) <= 512, 'Param description must be at most 512 characters long.');
    if (body.email !== undefined) {
      check(
        typeof body.email === 'string' && (body.email === '' || (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(body.email) && len(body.email) <= 128)),
        'Param email must be a valid email address of at most 128 characters.',
      );
    }
    if (body.websites !== undefined) {
      check(Array.isArray(body.websites) && body.websites.length <= 2, 'Param websites must be an array of at most 2 URLs.');
      for (const site of body.websites as unknown[])
        check(
          typeof site === 'string' && /^https?:\/\//i.test(site) && len(site) <= 256,
          'Param websites must hold URLs starting with http:// or https://, of at most 256 characters.',
        );
    }
    if (body.vertical !== undefined)
      check(
        typeof body.vertical === 'string' && (body.vertical === '' || VERTICALS.includes(body.vertical)),
        `Param vertical must be one of {${VERTICALS.join(', ')}}.`,
      );
    let picture: { type: string; bytes: Buffer } | undefined;
    if (body.profile_picture_handle !== undefined) {
      picture = this.uploads.file(body.profile_picture_handle);
      check(picture !== undefined && picture.type.startsWith('image/'), 'Param profile_picture_handle must be a handle of an uploaded JPEG or PNG image.');
    }
    const target = this.profileOf(phoneNumberId).fields;
    for (const field of ['about', 'address', 'description', 'email', 'websites', 'vertical']) if (body[field] !== undefined) target[field] = body[field];
    if (picture) {
      const id = randomBytes(12).toString('hex');
      this.pictures.set(id, picture);
      if (phoneNumberId === this.options.phoneNumberId) this.pictureId = id;
      else this.otherProfiles.get(phoneNumberId)!.pictureId = id;
    }
    return { success: true };
  }

  /** The profile of one of the WABA's numbers (the caller checked it is one). */
  private profileOf(phoneNumberId: string): { fields: Record<string, unknown>; pictureId: string | null } {
    if (phoneNumberId === this.options.phoneNumberId) return { fields: this.profile, pictureId: this.pictureId };
    let other = this.otherProfiles.get(phoneNumberId);
    if (!other) {
      other = { fields: structuredClone(this.profile), pictureId: null };
      this.otherProfiles.set(phoneNumberId, other);
    }
    return other;
  }
}
