/**
 * Account-level webhooks (every field other than `messages`): template status,
 * quality and category updates, the phone number's quality, limit and name
 * updates, Meta's account alerts. Each is kept as Meta sent it, applied to the
 * local copy, and pushed to every panel with the alerts as they now stand.
 * Source: Meta, webhooks/reference (message_template_status_update,
 * message_template_quality_update, template_category_update,
 * phone_number_quality_update, phone_number_name_update,
 * business_capability_update, account_alerts, account_update); reference README §10.6.
 */
import { limitLowered, messagingLimit, normaliseQuality, throughput, tierFromDailyLimit } from '@domain/account-health';
import type { MetaAccountAlert, NumberHealthView, TemplateView } from '@domain/account-views';
import { normaliseLanguageTag } from '@domain/template-languages';
import { TEMPLATE_CATEGORIES, TEMPLATE_STATUSES, type TemplateCategory, type TemplateStatus } from '@domain/templates';
import { recordAccountEvent } from '../../store/account-events';
import { readState, writeState } from '../../store/account-state';
import type { Executor } from '../../store/rows';
import { deleteTemplates, findTemplateView, insertTemplate, updateTemplate, type TemplateChange } from '../../store/templates';
import { publishHealth, publishTemplate } from './account-alerts';
import type { AccountSyncKicks } from './account-sync';
import type { ServiceDeps } from '../runtime/deps';

export interface AccountEventDeps extends ServiceDeps {
  phoneNumberId: string;
  /** Asked for a sync when a webhook names something the local copy does not know. */
  accountSync?: AccountSyncKicks;
}

type Value = Record<string, unknown>;

function str(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : null;
}

function upper(value: unknown): string {
  return String(value ?? '').toUpperCase();
}

function category(value: unknown): TemplateCategory | null {
  const c = upper(value);
  return (TEMPLATE_CATEGORIES as readonly string[]).includes(c) ? (c as TemplateCategory) : null;
}

interface TemplateRef {
  id: string | null;
  name: string;
  language: string;
}

function templateRef(v: Value): TemplateRef | null {
  const name = str(v.message_template_name);
  const language = str(v.message_template_language);
  return name && language ? { id: str(v.message_template_id), name, language: normaliseLanguageTag(language) } : null;
}

/** The template a webhook names; one never synced is added from what the webhook says, and a sync fills in the rest. */
async function templateFor(deps: AccountEventDeps, trx: Executor, ref: TemplateRef, v: Value, now: number): Promise<TemplateView> {
  const found = await findTemplateView(trx, ref);
  if (found) return found;
  await insertTemplate(
    trx,
    { id: ref.id, name: ref.name, language: ref.language, category: category(v.message_template_category) ?? 'UTILITY', status: 'PENDING', components: [] },
    now,
  );
  deps.accountSync?.kick('templates');
  return (await findTemplateView(trx, ref))!;
}

async function changeTemplate(trx: Executor, t: TemplateView, change: TemplateChange, now: number): Promise<void> {
  await updateTemplate(trx, t, change);
  await publishTemplate(trx, (await findTemplateView(trx, { name: t.name, language: t.language }))!, now);
}

/** Meta's status events; REINSTATED ends a pause, FLAGGED warns before one. */
async function templateStatus(deps: AccountEventDeps, trx: Executor, v: Value, now: number): Promise<void> {
  const ref = templateRef(v);
  if (!ref) return;
  const event = upper(v.event);
  if (event === 'DELETED') {
    const existing = await findTemplateView(trx, ref);
    if (!existing) return;
    await deleteTemplates(trx, existing.name, existing.language);
    await publishTemplate(trx, { ...existing, status: 'DELETED', statusAt: now }, now);
    return;
  }
  const t = await templateFor(deps, trx, ref, v, now);
  const rejection = v.rejection_info as { reason?: string; recommendation?: string } | undefined;
  const other = v.other_info as { title?: string; description?: string } | undefined;
  const reason = str(v.reason);
  const change: TemplateChange = ref.id && !t.id ? { providerId: ref.id } : {};
  const newCategory = category(v.message_template_category);
  if (newCategory) change.category = newCategory;

  if (event === 'FLAGGED') {
    change.statusDetail = {
      title: 'FLAGGED',
      description: other?.description ?? 'Customers reported or blocked this template; Meta pauses it if its quality does not improve.',
      recommendation: null,
    };
  } else if (event === 'REINSTATED' || (TEMPLATE_STATUSES as readonly string[]).includes(event)) {
    const status: TemplateStatus = event === 'REINSTATED' ? 'APPROVED' : (event as TemplateStatus);
    change.status = status;
    change.statusAt = now;
    change.rejectedReason = status === 'REJECTED' && reason && reason !== 'NONE' ? reason : null;
    change.statusDetail = rejection?.reason
      ? { title: reason, description: rejection.reason, recommendation: rejection.recommendation ?? null }
      : other?.description
        ? { title: other.title ?? null, description: other.description, recommendation: null }
        : null;
  } else {
    deps.log.info({ event, template: ref.name }, 'webhook: template event kept, nothing to change');
    return;
  }
  await changeTemplate(trx, t, change, now);
}

async function templateQuality(deps: AccountEventDeps, trx: Executor, v: Value, now: number): Promise<void> {
  const ref = templateRef(v);
  if (!ref) return;
  const t = await templateFor(deps, trx, ref, v, now);
  await changeTemplate(trx, t, { quality: normaliseQuality(v.new_quality_score) }, now);
}

/**
 * Meta re-categorises templates. `correct_category` with a future
 * `category_update_timestamp` announces the change (billing changes with it);
 * once the time has come the category is changed.
 */
async function templateCategory(deps: AccountEventDeps, trx: Executor, v: Value, now: number): Promise<void> {
  const ref = templateRef(v);
  if (!ref) return;
  const t = await templateFor(deps, trx, ref, v, now);
  const current = category(v.new_category);
  const correct = category(v.correct_category);
  const at = Number(v.category_update_timestamp) * 1000;
  const change: TemplateChange = current ? { category: current } : {};
  if (correct && correct !== (current ?? t.category)) {
    if (Number.isFinite(at) && at > now) Object.assign(change, { correctCategory: correct, categoryChangeAt: at });
    else Object.assign(change, { category: correct, correctCategory: null, categoryChangeAt: null });
  } else {
    Object.assign(change, { correctCategory: null, categoryChangeAt: null });
  }
  await changeTemplate(trx, t, change, now);
}

function sameNumber(a: string | null | undefined, b: string | null | undefined): boolean {
  const digits = (s: string) => s.replace(/\D/g, '');
  return !a || !b || digits(a) === digits(b);
}

/**
 * A health webhook for another of the business's numbers (several numbers): its health is read
 * again from Meta (account-sync.ts keeps each number's) rather than written over the default's.
 * True when the webhook was for another number, configured or not.
 */
function forAnotherNumber(deps: AccountEventDeps, display: string | null, prev: NumberHealthView | null): boolean {
  if (sameNumber(display, prev?.displayPhoneNumber)) return false;
  const digits = (display ?? '').replace(/\D/g, '');
  if (deps.numbers.all.some((n) => n.id !== deps.phoneNumberId && n.displayPhoneNumber === digits)) deps.accountSync?.kick('health');
  return true;
}

/** Changes the stored health and tells the panels; `known` when the caller has just read it. */
async function changeHealth(
  deps: AccountEventDeps,
  trx: Executor,
  now: number,
  apply: (h: NumberHealthView) => NumberHealthView,
  known?: NumberHealthView | null,
): Promise<void> {
  const prev = known !== undefined ? known : await readState(trx, 'number_health');
  const base: NumberHealthView = prev ?? {
    phoneNumberId: deps.phoneNumberId,
    displayPhoneNumber: null,
    verifiedName: null,
    nameStatus: null,
    officialBusinessAccount: false,
    qualityRating: 'UNKNOWN',
    messagingLimit: messagingLimit(null),
    throughput: throughput(null),
    status: null,
    limitChange: null,
    checkedAt: now,
  };
  const next = apply(base);
  await writeState(trx, 'number_health', next, now);
  await publishHealth(trx, next, now);
}

function withLimit(h: NumberHealthView, tier: string | null, from: string | null, now: number): NumberHealthView {
  if (!tier) return h;
  const previous = from ?? h.messagingLimit.tier;
  return { ...h, messagingLimit: messagingLimit(tier), limitChange: limitLowered(previous, tier) ? { from: previous, to: tier, at: now } : h.limitChange };
}

async function numberQuality(deps: AccountEventDeps, trx: Executor, v: Value, now: number): Promise<void> {
  const prev = await readState(trx, 'number_health');
  if (forAnotherNumber(deps, str(v.display_phone_number), prev)) return;
  const event = upper(v.event);
  const tier = tierFromDailyLimit(v.max_daily_conversations_per_business ?? v.current_limit);
  await changeHealth(
    deps,
    trx,
    now,
    (h) => {
      let next = withLimit(h, tier, str(v.old_limit), now);
      // FLAGGED: quality has become low; UNFLAGGED: it recovered (to what, the next refresh tells).
      if (event === 'FLAGGED') next = { ...next, qualityRating: 'RED' };
      if (event === 'THROUGHPUT_UPGRADE') next = { ...next, throughput: throughput('HIGH') };
      return next;
    },
    prev,
  );
  if (event === 'FLAGGED' || event === 'UNFLAGGED') deps.accountSync?.kick('health');
}

async function numberName(deps: AccountEventDeps, trx: Executor, v: Value, now: number): Promise<void> {
  const prev = await readState(trx, 'number_health');
  if (forAnotherNumber(deps, str(v.display_phone_number), prev)) return;
  const decision = upper(v.decision);
  const nameStatus = decision === 'APPROVED' ? 'APPROVED' : decision === 'REJECTED' ? 'DECLINED' : 'PENDING_REVIEW';
  const requested = str(v.requested_verified_name);
  await changeHealth(deps, trx, now, (h) => ({ ...h, nameStatus, ...(decision === 'APPROVED' && requested ? { verifiedName: requested } : {}) }), prev);
}

async function capability(deps: AccountEventDeps, trx: Executor, v: Value, now: number): Promise<void> {
  const tier = tierFromDailyLimit(v.max_daily_conversations_per_business);
  if (tier) await changeHealth(deps, trx, now, (h) => withLimit(h, tier, null, now));
}

async function setMetaAlert(trx: Executor, now: number, type: string, alert: MetaAccountAlert | null): Promise<void> {
  const alerts = ((await readState(trx, 'meta_alerts')) ?? []).filter((a) => a.type !== type);
  await writeState(trx, 'meta_alerts', alert ? [...alerts, alert] : alerts, now);
  await publishHealth(trx, await readState(trx, 'number_health'), now);
}

async function accountAlert(_deps: AccountEventDeps, trx: Executor, v: Value, now: number): Promise<void> {
  const info = (v.alert_info ?? {}) as Value;
  const type = str(info.alert_type);
  if (!type) return;
  const active = upper(info.alert_status) === 'ACTIVE';
  await setMetaAlert(
    trx,
    now,
    type,
    active ? { type, severity: upper(info.alert_severity) || 'WARNING', description: str(info.alert_description), since: now } : null,
  );
}

/** Violations and restrictions stay on the panels' alert list; other account updates are only kept. */
async function accountUpdate(_deps: AccountEventDeps, trx: Executor, v: Value, now: number): Promise<void> {
  const event = upper(v.event);
  if (!/VIOLATION|RESTRICTION|DISABLED|BANNED|DELETED/.test(event)) return;
  const violation = str((v.violation_info as Value | undefined)?.violation_type);
  await setMetaAlert(trx, now, event, { type: event, severity: 'CRITICAL', description: violation, since: now });
}

const HANDLERS: Record<string, (deps: AccountEventDeps, trx: Executor, v: Value, now: number) => Promise<void>> = {
  message_template_status_update: templateStatus,
  message_template_quality_update: templateQuality,
  template_category_update: templateCategory,
  phone_number_quality_update: numberQuality,
  phone_number_name_update: numberName,
  business_capability_update: capability,
  account_alerts: accountAlert,
  account_update: accountUpdate,
};

function subjectOf(v: Value): string | null {
  const ref = templateRef(v);
  if (ref) return `${ref.name}:${ref.language}`;
  return str(v.display_phone_number) ?? str((v.alert_info as Value | undefined)?.alert_type);
}

/** Applies one account-level change inside the webhook body's transaction; unknown fields are kept and logged. */
export async function applyAccountField(deps: AccountEventDeps, trx: Executor, field: string, value: unknown, now: number): Promise<void> {
  const v = (typeof value === 'object' && value !== null ? value : {}) as Value;
  await recordAccountEvent(trx, { field, event: str(v.event) ?? str(v.decision), subject: subjectOf(v), value }, now);
  const handler = HANDLERS[field];
  if (!handler) {
    deps.log.info({ field }, 'webhook: account field kept, not handled');
    return;
  }
  await handler(deps, trx, v, now);
}
