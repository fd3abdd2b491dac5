/**
 * The connector's account API inside the browser, for the admin elements'
 * component tests: templates (list, submit, edit, delete, sync), the business
 * profile, uploads and the number's health, answered from memory. Installed
 * over FakeConnector's fetch, which still answers everything else.
 */
import type { AccountAlert, BusinessProfileView, NumberHealthView, TemplateView } from '@domain/account-views';
import type { BusinessNumbersResponse } from '@domain/business-numbers';
import { isDomainError } from '@domain/errors';
import { checkSavedReply, type SavedReplyDraft, type SavedReplyView } from '@domain/saved-replies';
import { sessionFor } from '../../../widget/api/session';
import { CONNECTOR, FIRST_TOKEN, issuedToken } from './fake-connector';

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  contentType: string | null;
}

export function signInAs(role: 'agent' | 'admin', name = role === 'admin' ? 'Alex Morgan' : 'Ana Souza'): void {
  sessionFor(CONNECTOR).set(issuedToken({ accessToken: FIRST_TOKEN, teammate: { id: role === 'admin' ? 9 : 7, name, email: null, role, signature: null } }));
}

export function templateView(partial: Partial<TemplateView> & Pick<TemplateView, 'name'>): TemplateView {
  return {
    language: 'en_US',
    category: 'UTILITY',
    status: 'APPROVED',
    components: [{ type: 'BODY', text: 'Hello' }],
    id: String(1_000_000 + Math.floor(Math.random() * 1_000_000)),
    parameterFormat: 'POSITIONAL',
    quality: 'GREEN',
    rejectedReason: null,
    statusDetail: null,
    correctCategory: null,
    categoryChangeAt: null,
    billing: partial.category === 'UTILITY' || partial.category === undefined ? 'outside_window' : 'always',
    submittedBy: null,
    submittedAt: null,
    statusAt: null,
    ...partial,
  };
}

export class FakeAdminConnector {
  templates: TemplateView[] = [];
  profile: BusinessProfileView = {
    about: 'Succulents, delivered.',
    address: '1 Hacker Way, Menlo Park, CA 94025',
    description: 'Lucky Shrub sells and ships succulents across the US.',
    email: 'support@luckyshrub.com',
    websites: ['https://www.luckyshrub.com/'],
    vertical: 'RETAIL',
    profilePictureUrl: null,
    checkedAt: Date.now(),
  };
  health: NumberHealthView | null = {
    phoneNumberId: '106540352242922',
    displayPhoneNumber: '15550783881',
    verifiedName: 'Lucky Shrub',
    nameStatus: 'APPROVED',
    officialBusinessAccount: false,
    qualityRating: 'GREEN',
    messagingLimit: { tier: 'TIER_2K', perDay: 2000 },
    throughput: { level: 'STANDARD', perSecond: 80 },
    status: 'CONNECTED',
    limitChange: null,
    checkedAt: Date.now(),
  };
  /** GET /api/business-numbers; null: not answered here (one number, or the inbox's fake answers it). */
  numbers: BusinessNumbersResponse['data'] | null = null;
  /** The other numbers' profiles by phone number id (`?number=`); the default's is `profile`. */
  numberProfiles: Record<string, BusinessProfileView> = {};
  alerts: AccountAlert[] = [];
  events = [{ id: 1, field: 'phone_number_quality_update', event: 'UPGRADE', subject: '15550783881', value: {}, receivedAt: Date.now() }];
  savedReplies: SavedReplyView[] = [];
  requests: RecordedRequest[] = [];
  /** The next admin call answers with this error. */
  failNext: { status: number; body: unknown } | null = null;
  private previous: typeof window.fetch | null = null;

  install(): this {
    this.previous = window.fetch;
    const previous = this.previous;
    window.fetch = async (input, init) => {
      const request = new Request(input, init);
      const url = new URL(request.url);
      if (url.origin !== CONNECTOR || !this.handles(url.pathname)) return previous(input, init);
      return this.handle(request, url);
    };
    return this;
  }

  uninstall(): void {
    if (this.previous) window.fetch = this.previous;
  }

  ofMethod(method: string, path: string): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && r.path.startsWith(path));
  }

  private handles(path: string): boolean {
    return (
      path === '/api/templates' ||
      path === '/api/business-profile' ||
      (path === '/api/business-numbers' && this.numbers !== null) ||
      path === '/api/number-health' ||
      path === '/api/saved-replies' ||
      path.startsWith('/api/admin/')
    );
  }

  private json(status: number, body: unknown): Response {
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  }

  /** Saved replies as the connector keeps them: the same rule checks a draft (400 VALIDATION_FAILED naming the field). */
  private savedReply(method: string, id: number, draft: SavedReplyDraft): Response {
    const current = this.savedReplies.find((r) => r.id === id);
    if (method === 'DELETE') {
      this.savedReplies = this.savedReplies.filter((r) => r !== current);
      return new Response(null, { status: current ? 204 : 404 });
    }
    let checked: SavedReplyDraft;
    try {
      checked = checkSavedReply({ name: draft.name, text: draft.text, language: draft.language ?? null });
    } catch (error) {
      if (!isDomainError(error)) throw error;
      return this.json(400, { error: { code: error.code, message: error.message, action: 'Correct the field.', details: error.details } });
    }
    const reply = { ...checked, id: current?.id ?? 100 + this.savedReplies.length, updatedAt: Date.now() };
    this.savedReplies = [...this.savedReplies.filter((r) => r !== current), reply];
    return this.json(current ? 200 : 201, reply);
  }

  private async handle(request: Request, url: URL): Promise<Response> {
    const contentType = request.headers.get('content-type');
    const raw =
      request.method === 'GET' || request.method === 'DELETE' ? null : contentType === 'application/json' ? await request.json() : await request.arrayBuffer();
    const path = decodeURIComponent(url.pathname);
    this.requests.push({ method: request.method, path, query: Object.fromEntries(url.searchParams), body: raw, contentType });
    if (!request.headers.get('authorization'))
      return this.json(401, { error: { code: 'UNAUTHENTICATED', message: 'Not signed in.', action: 'Sign in again.' } });
    if (this.failNext && path.startsWith('/api/admin/')) {
      const failure = this.failNext;
      this.failNext = null;
      return this.json(failure.status, failure.body);
    }
    if (path === '/api/templates') return this.json(200, { data: this.templates });
    if (path === '/api/saved-replies') return this.json(200, { data: [...this.savedReplies].sort((a, b) => a.name.localeCompare(b.name)) });
    if (path.startsWith('/api/admin/saved-replies')) return this.savedReply(request.method, Number(path.split('/')[4] ?? 0), raw as SavedReplyDraft);
    const numberId = url.searchParams.get('number');
    const other = numberId && numberId !== this.numbers?.[0]?.id ? numberId : null;
    if (other && !this.numberProfiles[other])
      return this.json(400, {
        error: { code: 'VALIDATION_FAILED', message: `${other} is not one of this connector's WhatsApp numbers.`, action: 'Correct the field.' },
      });
    if (path === '/api/business-numbers') return this.json(200, { data: this.numbers, defaultId: this.numbers![0]!.id });
    if (path === '/api/business-profile')
      return this.json(200, { profile: other ? this.numberProfiles[other] : this.profile, phoneNumberId: other ?? this.health?.phoneNumberId });
    if (path === '/api/number-health') return this.json(200, { health: this.health, alerts: this.alerts });
    if (path === '/api/admin/account-events') return this.json(200, { data: this.events });
    if (path === '/api/admin/number-health/refresh') return this.json(200, { health: this.health, alerts: this.alerts });
    if (path === '/api/admin/templates/sync') return this.json(200, { count: this.templates.length });
    if (path === '/api/admin/uploads') return this.json(201, { handle: `4::aW1hZ2UvcG5n:${this.requests.length}`, type: 'image/png' });
    if (path === '/api/admin/business-profile' && request.method === 'PATCH') {
      const update = raw as Partial<BusinessProfileView> & { profilePictureHandle?: string };
      const { profilePictureHandle, ...fields } = update;
      const before = other ? this.numberProfiles[other]! : this.profile;
      const after = { ...before, ...fields, ...(profilePictureHandle ? { profilePictureUrl: `${CONNECTOR}/graph/pps/new` } : {}) };
      if (other) this.numberProfiles[other] = after;
      else this.profile = after;
      return this.json(200, { profile: after, phoneNumberId: other ?? this.health?.phoneNumberId });
    }
    if (path === '/api/admin/templates' && request.method === 'POST') {
      const def = raw as { name: string; language: string; category: TemplateView['category']; components: TemplateView['components'] };
      const template = templateView({
        name: def.name,
        language: def.language,
        category: def.category,
        components: def.components,
        status: 'PENDING',
        quality: 'UNKNOWN',
        submittedBy: 9,
      });
      this.templates = [...this.templates, template];
      return this.json(201, { template });
    }
    if (path.startsWith('/api/admin/templates/') && request.method === 'PUT') {
      const id = path.slice('/api/admin/templates/'.length);
      const def = raw as { category: TemplateView['category']; components: TemplateView['components'] };
      const current = this.templates.find((t) => t.id === id);
      if (!current) return this.json(404, { error: { code: 'NOT_FOUND', message: 'Not found.', action: 'Check the address.' } });
      const template = { ...current, category: def.category, components: def.components, status: 'PENDING' as const, rejectedReason: null, statusDetail: null };
      this.templates = this.templates.map((t) => (t === current ? template : t));
      return this.json(200, { template });
    }
    if (path.startsWith('/api/admin/templates/') && request.method === 'DELETE') {
      const name = path.slice('/api/admin/templates/'.length);
      const deleted = this.templates.filter((t) => t.name === name && t.language === url.searchParams.get('language'));
      this.templates = this.templates.filter((t) => !deleted.includes(t));
      return this.json(200, { deleted });
    }
    return this.json(404, { error: { code: 'NOT_FOUND', message: 'Not found.', action: 'Check the address.' } });
  }
}
