/**
 * The WhatsApp Business Account's management side of the Graph API: templates,
 * the business profile, the resumable upload, the phone number's fields,
 * registration, the app's webhook subscription and the token's own details.
 * Needs `whatsapp_business_management` (and `whatsapp_business_messaging` for
 * the profile and registration). Sources: reference README §7–§9; OpenAPI v23.0.
 */
import type { BusinessProfileView, TemplateQuality } from '@domain/account-views';
import type { BusinessProfileUpdate } from '@domain/business-profile';
import type { TemplateDefinition } from '@domain/template-rules';
import type { Template, TemplateCategory, TemplateComponent, TemplateStatus } from '@domain/templates';
import { GraphApiError } from './graph-error';
import { createGraphTransport, type GraphCall } from './graph-request';

export interface ManagementApiOptions {
  baseUrl: string;
  accessToken: string;
  wabaId: string;
  phoneNumberId: string;
  /** The Meta app's id, needed for uploads; looked up from the token when not given. */
  appId?: string | null;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export interface ProviderTemplate extends Template {
  id: string | null;
  parameterFormat: 'POSITIONAL' | 'NAMED';
  quality: TemplateQuality | null;
  correctCategory: TemplateCategory | null;
  /** Meta's reason for a rejection, when its list says one. */
  rejectedReason: string | null;
}

export interface PhoneNumberInfo {
  id: string;
  displayPhoneNumber: string | null;
  verifiedName: string | null;
  nameStatus: string | null;
  qualityRating: string | null;
  /** CONNECTED when registered with the Cloud API. */
  status: string | null;
  codeVerificationStatus: string | null;
  platformType: string | null;
  throughputLevel: string | null;
  messagingLimitTier: string | null;
  accountMode: string | null;
  webhookUrl: string | null;
  /** Meta's green badge (Official Business Account). */
  officialBusinessAccount: boolean;
}

export interface TokenInfo {
  valid: boolean;
  appId: string | null;
  application: string | null;
  type: string | null;
  /** Epoch ms; null when the token never expires (system-user tokens). */
  expiresAt: number | null;
  scopes: string[];
  /** Which WABAs (target ids) each scope covers; empty when Meta does not say. */
  granularScopes: Array<{ scope: string; targetIds: string[] }>;
  error: string | null;
}

export interface SubscribedApp {
  id: string | null;
  name: string | null;
  overrideCallbackUri: string | null;
}

export interface WabaInfo {
  id: string;
  name: string | null;
  currency: string | null;
  timezoneId: string | null;
}

export type ProfileFields = Omit<BusinessProfileView, 'checkedAt'>;

export interface ManagementApi {
  listTemplates(): Promise<ProviderTemplate[]>;
  createTemplate(definition: TemplateDefinition): Promise<{ id: string; status: TemplateStatus; category: TemplateCategory }>;
  /** POST /{template-id}: new components (and category, unless approved); Meta reviews it again. */
  editTemplate(id: string, edit: Pick<TemplateDefinition, 'category' | 'components' | 'parameter_format'>): Promise<void>;
  /** Without hsmId every language of the name is deleted; with it, that one template. */
  deleteTemplate(name: string, hsmId?: string): Promise<void>;
  /** The profile of one number (Meta keeps one per number); the configured number when none is named. */
  getBusinessProfile(phoneNumberId?: string): Promise<ProfileFields>;
  updateBusinessProfile(update: BusinessProfileUpdate, phoneNumberId?: string): Promise<void>;
  /** Meta's Resumable Upload API; returns the file handle. */
  uploadFile(file: { name: string; type: string; bytes: Uint8Array }): Promise<string>;
  /** GET /{phone-number-id}: the configured number's, or another of the WABA's numbers'. */
  getPhoneNumber(id?: string): Promise<PhoneNumberInfo>;
  listPhoneNumbers(): Promise<PhoneNumberInfo[]>;
  getWaba(): Promise<WabaInfo>;
  listSubscribedApps(): Promise<SubscribedApp[]>;
  subscribeApp(override?: { callbackUri: string; verifyToken: string }): Promise<void>;
  register(pin: string, id?: string): Promise<void>;
  debugToken(): Promise<TokenInfo>;
}

const TEMPLATE_FIELDS = 'id,name,language,category,status,components,parameter_format,quality_score,correct_category,rejected_reason';
/** The fields every Graph version has; used when Meta refuses one of the richer ones. */
const TEMPLATE_FIELDS_BASIC = 'id,name,language,category,status,components';
const PHONE_FIELDS =
  'id,display_phone_number,verified_name,name_status,quality_rating,status,code_verification_status,platform_type,throughput,whatsapp_business_manager_messaging_limit,account_mode,webhook_configuration,is_official_business_account';
const PHONE_FIELDS_BASIC = 'id,display_phone_number,verified_name,quality_rating,code_verification_status,name_status,messaging_limit_tier';
const PROFILE_FIELDS = 'about,address,description,email,profile_picture_url,websites,vertical';

interface RawTemplate {
  id?: string;
  name: string;
  language: string;
  category: string;
  status: string;
  components?: TemplateComponent[];
  parameter_format?: string;
  quality_score?: { score?: string } | null;
  correct_category?: string | null;
  /** Why Meta rejected it (INVALID_FORMAT, TAG_CONTENT_MISMATCH…); NONE when it did not say. */
  rejected_reason?: string | null;
}

interface Page<T> {
  data?: T[];
  paging?: { cursors?: { after?: string }; next?: string };
}

interface RawPhoneNumber {
  id: string;
  display_phone_number?: string;
  verified_name?: string;
  name_status?: string;
  quality_rating?: string;
  status?: string;
  code_verification_status?: string;
  platform_type?: string;
  throughput?: { level?: string };
  whatsapp_business_manager_messaging_limit?: string;
  messaging_limit_tier?: string;
  account_mode?: string;
  webhook_configuration?: { application?: string };
  is_official_business_account?: boolean;
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function toProviderTemplate(t: RawTemplate): ProviderTemplate {
  const score = str(t.quality_score?.score)?.toUpperCase();
  return {
    id: t.id ?? null,
    name: t.name,
    language: t.language,
    category: t.category.toUpperCase() as TemplateCategory,
    status: t.status.toUpperCase() as TemplateStatus,
    components: t.components ?? [],
    parameterFormat: t.parameter_format?.toUpperCase() === 'NAMED' ? 'NAMED' : 'POSITIONAL',
    quality: score ? ((['GREEN', 'YELLOW', 'RED'].includes(score) ? score : 'UNKNOWN') as TemplateQuality) : null,
    correctCategory: (str(t.correct_category)?.toUpperCase() as TemplateCategory | undefined) ?? null,
    rejectedReason: t.status.toUpperCase() === 'REJECTED' && str(t.rejected_reason) && t.rejected_reason !== 'NONE' ? t.rejected_reason! : null,
  };
}

function toPhoneNumber(p: RawPhoneNumber): PhoneNumberInfo {
  return {
    id: p.id,
    displayPhoneNumber: str(p.display_phone_number),
    verifiedName: str(p.verified_name),
    nameStatus: str(p.name_status),
    qualityRating: str(p.quality_rating),
    status: str(p.status),
    codeVerificationStatus: str(p.code_verification_status),
    platformType: str(p.platform_type),
    throughputLevel: str(p.throughput?.level),
    messagingLimitTier: str(p.whatsapp_business_manager_messaging_limit) ?? str(p.messaging_limit_tier),
    accountMode: str(p.account_mode),
    webhookUrl: str(p.webhook_configuration?.application),
    officialBusinessAccount: p.is_official_business_account === true,
  };
}

/** Meta answers (#100) when a field does not exist in the requested Graph version. */
function isUnknownField(error: unknown): boolean {
  return error instanceof GraphApiError && error.code === 100 && /field/i.test(`${error.title} ${error.details ?? ''}`);
}

async function withFallback<T>(rich: () => Promise<T>, basic: () => Promise<T>): Promise<T> {
  try {
    return await rich();
  } catch (error) {
    if (isUnknownField(error)) return basic();
    throw error;
  }
}

export function createManagementApi(options: ManagementApiOptions): ManagementApi {
  const call: GraphCall = createGraphTransport(options);
  const { wabaId, phoneNumberId } = options;
  let appId: string | null = options.appId ?? null;

  async function allPages<T>(path: string, query: Record<string, string>): Promise<T[]> {
    const items: T[] = [];
    let after: string | undefined;
    // Follow every page: a WABA may hold thousands of templates (Meta: 6,000 when verified).
    do {
      const page = await call<Page<T>>('GET', path, { query: { ...query, ...(after ? { after } : {}) } });
      items.push(...(page.data ?? []));
      after = page.paging?.next ? page.paging.cursors?.after : undefined;
    } while (after);
    return items;
  }

  async function debugToken(): Promise<TokenInfo> {
    const { data } = await call<{ data?: Record<string, unknown> }>('GET', '/debug_token', { query: { input_token: options.accessToken } });
    const d = data ?? {};
    const expires = Number(d.expires_at ?? 0);
    const granular = Array.isArray(d.granular_scopes) ? (d.granular_scopes as Array<{ scope?: string; target_ids?: string[] }>) : [];
    return {
      valid: d.is_valid === true,
      appId: str(d.app_id),
      application: str(d.application),
      type: str(d.type),
      expiresAt: expires > 0 ? expires * 1000 : null,
      scopes: Array.isArray(d.scopes) ? (d.scopes as string[]) : [],
      granularScopes: granular.map((g) => ({ scope: g.scope ?? '', targetIds: g.target_ids ?? [] })),
      error: str((d.error as { message?: string } | undefined)?.message),
    };
  }

  return {
    async listTemplates() {
      const path = `/${wabaId}/message_templates`;
      const raw = await withFallback(
        () => allPages<RawTemplate>(path, { fields: TEMPLATE_FIELDS, limit: '100' }),
        () => allPages<RawTemplate>(path, { fields: TEMPLATE_FIELDS_BASIC, limit: '100' }),
      );
      return raw.map(toProviderTemplate);
    },

    async createTemplate(definition) {
      const result = await call<{ id: string; status: string; category: string }>('POST', `/${wabaId}/message_templates`, { json: definition });
      return { id: String(result.id), status: result.status.toUpperCase() as TemplateStatus, category: result.category.toUpperCase() as TemplateCategory };
    },

    async editTemplate(id, edit) {
      await call('POST', `/${encodeURIComponent(id)}`, { json: edit });
    },

    async deleteTemplate(name, hsmId) {
      await call('DELETE', `/${wabaId}/message_templates`, { query: { name, hsm_id: hsmId } });
    },

    async getBusinessProfile(id = phoneNumberId) {
      const body = await call<{ data?: Array<Record<string, unknown>>; business_profile?: Record<string, unknown> }>(
        'GET',
        `/${id}/whatsapp_business_profile`,
        {
          query: { fields: PROFILE_FIELDS },
        },
      );
      // The guide returns {data:[…]}; the OpenAPI file wraps it in business_profile (reference README §13).
      const p = body.data?.[0] ?? body.business_profile ?? {};
      return {
        about: str(p.about),
        address: str(p.address),
        description: str(p.description),
        email: str(p.email),
        websites: Array.isArray(p.websites) ? (p.websites as string[]) : [],
        vertical: str(p.vertical),
        profilePictureUrl: str(p.profile_picture_url),
      };
    },

    async updateBusinessProfile(update, id = phoneNumberId) {
      const { profilePictureHandle, ...fields } = update;
      await call('POST', `/${id}/whatsapp_business_profile`, {
        json: { messaging_product: 'whatsapp', ...fields, ...(profilePictureHandle ? { profile_picture_handle: profilePictureHandle } : {}) },
      });
    },

    async uploadFile(file) {
      if (!appId) {
        appId = (await debugToken()).appId;
        if (!appId) throw new GraphApiError({ code: null, httpStatus: null, title: 'The Meta app id is unknown: set WHATSAPP_APP_ID' });
      }
      const session = await call<{ id: string }>('POST', `/${appId}/uploads`, {
        query: { file_name: file.name, file_length: file.bytes.length, file_type: file.type },
      });
      // Resumable: when a transfer breaks, Meta says how much it kept and the rest is sent from there.
      let offset = 0;
      for (let attempt = 0; ; attempt++) {
        try {
          const done = await call<{ h?: string; file_offset?: number }>('POST', `/${session.id}`, {
            scheme: 'OAuth',
            headers: { file_offset: String(offset), 'content-type': 'application/octet-stream' },
            bytes: file.bytes.subarray(offset),
          });
          if (done.h) return done.h;
          offset = Number(done.file_offset ?? offset);
        } catch (error) {
          if (!(error instanceof GraphApiError) || error.code !== null || attempt >= 2) throw error;
          const status = await call<{ file_offset?: number }>('GET', `/${session.id}`, { scheme: 'OAuth' });
          offset = Number(status.file_offset ?? 0);
        }
        if (attempt >= 3) throw new GraphApiError({ code: null, httpStatus: null, title: 'The upload did not complete' });
      }
    },

    async getPhoneNumber(id = phoneNumberId) {
      const raw = await withFallback(
        () => call<RawPhoneNumber>('GET', `/${id}`, { query: { fields: PHONE_FIELDS } }),
        () => call<RawPhoneNumber>('GET', `/${id}`, { query: { fields: PHONE_FIELDS_BASIC } }),
      );
      return toPhoneNumber(raw);
    },

    async listPhoneNumbers() {
      const raw = await allPages<RawPhoneNumber>(`/${wabaId}/phone_numbers`, {
        fields: 'id,display_phone_number,verified_name,quality_rating,code_verification_status',
      });
      return raw.map(toPhoneNumber);
    },

    async getWaba() {
      const raw = await call<Record<string, unknown>>('GET', `/${wabaId}`, { query: { fields: 'id,name,currency,timezone_id' } });
      return { id: String(raw.id ?? wabaId), name: str(raw.name), currency: str(raw.currency), timezoneId: str(raw.timezone_id) };
    },

    async listSubscribedApps() {
      const body = await call<{ data?: Array<{ whatsapp_business_api_data?: { id?: string; name?: string }; override_callback_uri?: string }> }>(
        'GET',
        `/${wabaId}/subscribed_apps`,
      );
      return (body.data ?? []).map((d) => ({
        id: str(d.whatsapp_business_api_data?.id),
        name: str(d.whatsapp_business_api_data?.name),
        overrideCallbackUri: str(d.override_callback_uri),
      }));
    },

    async subscribeApp(override) {
      await call(
        'POST',
        `/${wabaId}/subscribed_apps`,
        override ? { json: { override_callback_uri: override.callbackUri, verify_token: override.verifyToken } } : {},
      );
    },

    async register(pin, id = phoneNumberId) {
      await call('POST', `/${id}/register`, { json: { messaging_product: 'whatsapp', pin } });
    },

    debugToken,
  };
}
