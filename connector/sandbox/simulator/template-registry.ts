/**
 * The simulator's templates as Meta manages them: created after Meta's
 * synchronous checks, reviewed after a configurable delay by the rules in
 * template-review.ts, deleted by name or by hsm_id (a deleted approved name is
 * blocked for 30 days; disabled templates cannot be deleted), paused for 3 h
 * then 6 h when customers' feedback makes their quality low, and disabled the
 * third time. Every change leaves as a signed webhook, in Meta's shapes
 * (webhooks/webhook-message-template-*.json). The list is shared with the send path.
 */
import { randomBytes } from 'node:crypto';
import type { Clock } from '../../services/runtime/clock';
import { ManagementError } from './management-error';
import type { ResumableUploads } from './resumable-uploads';
import type { SimulatedTemplate } from './seed';
import { reviewTemplate } from './template-review';
import { Scheduled } from '../scheduled';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

interface TemplateState {
  allowCategoryChange: boolean;
  pauses: number;
  pausedUntil: number | null;
  /** When an approved template was edited: Meta allows one edit in 24 hours and ten in 30 days. */
  edits: number[];
}

const CATEGORIES = ['MARKETING', 'UTILITY', 'AUTHENTICATION'];
const EDITABLE = ['APPROVED', 'REJECTED', 'PAUSED'];

export type Notify = (field: string, value: Record<string, unknown>) => void;

function str(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function upper(value: unknown): string {
  return String(value ?? '').toUpperCase();
}

function componentsOf(value: unknown): Array<Record<string, unknown>> {
  if (!Array.isArray(value)) throw new ManagementError(100, 'The parameter components is required.');
  return (value as Array<Record<string, unknown>>).map((c) => ({ ...c, type: upper(c.type) }));
}

function id(): string {
  // Meta's ids are numeric strings of 15–16 digits.
  return String(1_000_000_000_000_000 + (randomBytes(6).readUIntBE(0, 6) % 8_000_000_000_000_000));
}

export class TemplateRegistry {
  /** How long a review takes (Meta: minutes to 24 h). */
  reviewMs: number;
  private readonly state = new Map<string, TemplateState>();
  private readonly deletedNames = new Map<string, number>();
  private readonly scheduled = new Scheduled();
  private pauseTicker: NodeJS.Timeout | null = null;

  constructor(
    private readonly templates: SimulatedTemplate[],
    private readonly deps: { clock: Clock; notify: Notify; uploads: ResumableUploads; reviewMs: number },
  ) {
    this.reviewMs = deps.reviewMs;
    for (const t of templates) t.quality_score ??= { score: t.status === 'APPROVED' ? 'GREEN' : 'UNKNOWN' };
  }

  stop(): void {
    this.scheduled.cancelAll();
    if (this.pauseTicker) clearInterval(this.pauseTicker);
    this.pauseTicker = null;
  }

  private seconds(): number {
    return Math.floor(this.deps.clock.now() / 1000);
  }

  private stateOf(t: SimulatedTemplate): TemplateState {
    let s = this.state.get(t.id);
    if (!s) {
      s = { allowCategoryChange: true, pauses: 0, pausedUntil: null, edits: [] };
      this.state.set(t.id, s);
    }
    return s;
  }

  private templateEvent(t: SimulatedTemplate, event: string, extra: Record<string, unknown> = {}): void {
    this.deps.notify('message_template_status_update', {
      event,
      message_template_id: Number(t.id),
      message_template_name: t.name,
      message_template_language: t.language,
      reason: event === 'APPROVED' ? 'NONE' : null,
      message_template_category: t.category,
      ...extra,
    });
  }

  find(templateId: string): SimulatedTemplate | undefined {
    return this.templates.find((t) => t.id === templateId);
  }

  findByName(name: string, language: string): SimulatedTemplate | undefined {
    return this.templates.find((t) => t.name === name && t.language === language);
  }

  get(t: SimulatedTemplate, fields: string | null): Record<string, unknown> {
    const all: Record<string, unknown> = { ...t };
    if (!fields) return all;
    return Object.fromEntries([...new Set(['id', ...fields.split(',').map((f) => f.trim())])].filter((f) => f in all).map((f) => [f, all[f]]));
  }

  /** POST /{waba-id}/message_templates: Meta's synchronous checks, then a review later. */
  create(body: Record<string, unknown>): Record<string, unknown> {
    const name = str(body.name);
    if (!name || !/^[a-z0-9_]{1,512}$/.test(name))
      throw new ManagementError(100, 'Param name must contain only lowercase letters, numbers and underscores, up to 512 characters.');
    const language = str(body.language);
    if (!language) throw new ManagementError(100, 'The parameter language is required.');
    const category = upper(body.category);
    if (!CATEGORIES.includes(category)) throw new ManagementError(100, 'Param category must be one of {MARKETING, UTILITY, AUTHENTICATION}.');
    const components = componentsOf(body.components);
    if (this.templates.some((t) => t.name === name && t.language === language)) {
      throw new ManagementError(100, `Content in ${language} already exists for ${name}.`, {
        error_subcode: 2388024,
        error_user_title: 'Content in this language already exists',
        error_user_msg: `There is already ${language} content for this template. Create a new template and try again.`,
      });
    }
    const deletedAt = this.deletedNames.get(name);
    if (deletedAt !== undefined && this.deps.clock.now() - deletedAt < 30 * DAY) {
      throw new ManagementError(100, `${name} was deleted less than 30 days ago.`, {
        error_subcode: 2388023,
        error_user_title: 'Message template language is being deleted',
        error_user_msg: 'New content cannot be added while existing content is being deleted. Try again in 4 weeks or create a new message template.',
      });
    }
    this.checkContent(category, components);
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
    this.state.set(template.id, { allowCategoryChange: body.allow_category_change !== false, pauses: 0, pausedUntil: null, edits: [] });
    this.scheduled.later(this.reviewMs, () => this.review(template));
    return { id: template.id, status: 'PENDING', category: template.category };
  }

  /**
   * POST /{template-id}: the components are replaced (and, unless the template was approved, the
   * category may change), and the template goes back to review. Only approved, rejected or
   * paused templates can be edited; an approved one at most once in 24 hours and ten times in 30 days.
   */
  edit(template: SimulatedTemplate, body: Record<string, unknown>): Record<string, unknown> {
    if (!EDITABLE.includes(template.status)) {
      throw new ManagementError(100, `A ${template.status.toLowerCase()} template cannot be edited; only approved, rejected or paused templates can.`);
    }
    const category = body.category === undefined ? template.category : upper(body.category);
    if (!CATEGORIES.includes(category)) throw new ManagementError(100, 'Param category must be one of {MARKETING, UTILITY, AUTHENTICATION}.');
    const wasApproved = template.status !== 'REJECTED';
    if (wasApproved && category !== template.category) throw new ManagementError(100, "The category of an approved template can't be changed.");
    const components = componentsOf(body.components);
    this.checkContent(category, components);
    const state = this.stateOf(template);
    if (wasApproved) {
      const now = this.deps.clock.now();
      const lastMonth = state.edits.filter((at) => now - at < 30 * DAY);
      if (lastMonth.some((at) => now - at < DAY)) throw new ManagementError(100, 'An approved template can be edited once in 24 hours. Try again tomorrow.');
      if (lastMonth.length >= 10) throw new ManagementError(100, 'An approved template can be edited 10 times in 30 days.');
      state.edits = [...lastMonth, now];
    }
    template.category = category as SimulatedTemplate['category'];
    template.components = category === 'AUTHENTICATION' ? this.authenticationComponents(components) : components;
    if (body.parameter_format !== undefined) template.parameter_format = upper(body.parameter_format) === 'NAMED' ? 'NAMED' : 'POSITIONAL';
    template.status = 'PENDING';
    delete template.rejected_reason;
    state.pausedUntil = null;
    this.scheduled.later(this.reviewMs, () => this.review(template));
    return { success: true };
  }

  /** Meta's synchronous checks of a template's content, on creation and on every edit. */
  private checkContent(category: string, components: Array<Record<string, unknown>>): void {
    const bodyComponent = components.find((c) => c.type === 'BODY');
    if (!bodyComponent) throw new ManagementError(100, 'Message templates need a BODY component.', { error_subcode: 2388043 });
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
      if (c.type === 'HEADER' && ['IMAGE', 'VIDEO', 'DOCUMENT'].includes(upper(c.format)) && !this.deps.uploads.file(handle)) {
        throw new ManagementError(100, 'Param example.header_handle must be a handle from the Resumable Upload API.', { error_subcode: 2388273 });
      }
    }
  }

  /** Meta writes an authentication template's text and stores its copy-code button as a URL button. */
  private authenticationComponents(components: Array<Record<string, unknown>>): Array<Record<string, unknown>> {
    const body = components.find((c) => c.type === 'BODY') ?? {};
    const footer = components.find((c) => c.type === 'FOOTER');
    const button = ((components.find((c) => c.type === 'BUTTONS')?.buttons as Array<Record<string, unknown>> | undefined) ?? [])[0];
    const security = body.add_security_recommendation === true;
    const minutes = Number(footer?.code_expiration_minutes);
    return [
      {
        type: 'BODY',
        text: `*{{1}}* is your verification code.${security ? ' For your security, do not share this code.' : ''}`,
        ...(security ? { add_security_recommendation: true } : {}),
      },
      ...(Number.isFinite(minutes) ? [{ type: 'FOOTER', text: `This code expires in ${minutes} minutes.`, code_expiration_minutes: minutes }] : []),
      {
        type: 'BUTTONS',
        buttons: [{ type: 'URL', text: str(button?.text) ?? 'Copy code', url: 'https://www.whatsapp.com/otp/code/?otp_type=COPY_CODE&code=otp{{1}}' }],
      },
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
      this.deps.notify('template_category_update', {
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
  delete(name: string | null, hsmId: string | null): Record<string, unknown> {
    if (!name) throw new ManagementError(100, 'The parameter name is required.');
    const targets = this.templates.filter((t) => t.name === name && (!hsmId || t.id === hsmId));
    if (targets.length === 0)
      throw new ManagementError(100, `Message template ${name}${hsmId ? ` with id ${hsmId}` : ''} was not found.`, { error_subcode: 2593002 });
    if (targets.some((t) => t.status === 'DISABLED')) throw new ManagementError(100, 'Disabled message templates cannot be deleted.');
    for (const t of targets) {
      this.templates.splice(this.templates.indexOf(t), 1);
      this.state.delete(t.id);
      if (t.status === 'APPROVED' || t.status === 'PAUSED') this.deletedNames.set(name, this.deps.clock.now());
      this.templateEvent(t, 'DELETED');
    }
    return { success: true };
  }

  /** Customers' feedback moves a template's quality; at RED Meta pauses it (3 h, then 6 h) and the third time disables it. */
  setQuality(t: SimulatedTemplate, score: string): void {
    const previous = t.quality_score?.score ?? 'UNKNOWN';
    t.quality_score = { score, date: this.seconds() };
    this.deps.notify('message_template_quality_update', {
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
      this.templateEvent(t, 'DISABLED', {
        reason: null,
        other_info: { title: 'DISABLED', description: 'Your WhatsApp message template has been disabled because it was paused three times for low quality.' },
      });
      return;
    }
    const hours = state.pauses === 1 ? 3 : 6;
    state.pausedUntil = this.deps.clock.now() + hours * HOUR;
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
    const now = this.deps.clock.now();
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
}
