/**
 * Tells every open panel that something about the account changed, with the
 * full list of alerts as it now stands (quality dropped, a template paused…),
 * in the same transaction as the change.
 */
import { accountAlerts } from '@domain/account-health';
import type { AccountAlert, BusinessProfileView, NumberHealthView, TemplateView } from '@domain/account-views';
import { readState } from '../../store/account-state';
import type { BusinessNumbers } from './business-numbers';
import { appendEvent, appendEvents } from '../../store/events';
import type { Executor } from '../../store/rows';
import { listTemplateViews } from '../../store/templates';

/** The alerts as they stand; `health` when the caller has just read or written it (not read again). */
export async function currentAlerts(db: Executor, now: number, health?: NumberHealthView | null): Promise<AccountAlert[]> {
  // One after another: `db` may be a transaction, whose one connection runs one query at a time.
  if (health === undefined) health = await readState(db, 'number_health');
  const otherNumbers = await otherNumbersHealth(db, health);
  const templates = await listTemplateViews(db);
  const metaAlerts = await readState(db, 'meta_alerts');
  return accountAlerts({ health, otherNumbers, templates, metaAlerts: metaAlerts ?? [], now });
}

/** The other business numbers' health (several numbers); the default's own entry there is older than `number_health`. */
async function otherNumbersHealth(db: Executor, health: NumberHealthView | null): Promise<NumberHealthView[]> {
  const all = await readState(db, 'numbers_health');
  return Object.values(all ?? {}).filter((h) => h.phoneNumberId !== health?.phoneNumberId);
}

/**
 * The number-health alerts alone (quality, status, display name, limit) of every business number,
 * each naming its number, the default's too: what GET /healthz shows an operator.
 */
export async function numberHealthAlerts(db: Executor, numbers: BusinessNumbers, now: number): Promise<AccountAlert[]> {
  const health = await readState(db, 'number_health');
  const named = health ? [{ ...health, label: numbers.find(health.phoneNumberId)?.label ?? null }] : [];
  return accountAlerts({ health: null, otherNumbers: [...named, ...(await otherNumbersHealth(db, health))], templates: [], metaAlerts: [], now });
}

/** Account-wide events have no contact: every panel's stream carries them. */
export async function publishTemplate(trx: Executor, template: TemplateView, now: number): Promise<void> {
  await publishTemplates(trx, [template], now);
}

/** Several template changes (the languages of one deleted name): the alerts worked out once. */
export async function publishTemplates(trx: Executor, templates: TemplateView[], now: number): Promise<void> {
  const alerts = await currentAlerts(trx, now);
  await appendEvents(
    trx,
    templates.map((template) => ({ contactId: null, event: { type: 'template' as const, template, alerts } })),
    now,
  );
}

export async function publishHealth(trx: Executor, health: NumberHealthView | null, now: number): Promise<void> {
  await appendEvent(trx, null, { type: 'health', health, alerts: await currentAlerts(trx, now, health) }, now);
}

export async function publishProfile(trx: Executor, profile: BusinessProfileView, now: number): Promise<void> {
  await appendEvent(trx, null, { type: 'profile', profile }, now);
}
