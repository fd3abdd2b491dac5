import type { TemplateQuality, TemplateView } from '@domain/account-views';
import { templateBilling } from '@domain/template-categories';
import type { Template, TemplateCategory, TemplateComponent } from '@domain/templates';
import { fromJson, toJson, type Executor } from './rows';

interface TemplateRow {
  provider_id: string | null;
  name: string;
  language: string;
  category: Template['category'];
  status: Template['status'];
  components: string;
  parameter_format: string | null;
  quality: string | null;
  rejected_reason: string | null;
  status_detail: string | null;
  status_at: number | null;
  correct_category: string | null;
  category_change_at: number | null;
  submitted_by: number | null;
  submitted_at: number | null;
}

/** What a sync learns about one template from Meta's list. */
export interface SyncedTemplate extends Template {
  id: string | null;
  parameterFormat?: 'POSITIONAL' | 'NAMED';
  /** null: Meta did not say (the field is missing in this Graph version); the stored value stays. */
  quality?: TemplateQuality | null;
  correctCategory?: TemplateCategory | null;
  /** Meta's reason for a rejection, from its list; null leaves the one a webhook gave. */
  rejectedReason?: string | null;
}

function toTemplate(row: TemplateRow): Template {
  return { name: row.name, language: row.language, category: row.category, status: row.status, components: JSON.parse(row.components) as TemplateComponent[] };
}

export function toTemplateView(row: TemplateRow): TemplateView {
  return {
    ...toTemplate(row),
    id: row.provider_id,
    parameterFormat: row.parameter_format === 'NAMED' ? 'NAMED' : 'POSITIONAL',
    quality: (row.quality as TemplateQuality | null) ?? 'UNKNOWN',
    rejectedReason: row.rejected_reason,
    statusDetail: fromJson(row.status_detail),
    correctCategory: (row.correct_category as TemplateCategory | null) ?? null,
    categoryChangeAt: row.category_change_at,
    billing: templateBilling(row.category),
    submittedBy: row.submitted_by,
    submittedAt: row.submitted_at,
    statusAt: row.status_at,
  };
}

/**
 * Replaces the local copy with what Meta reports; templates Meta no longer lists
 * are removed. What only webhooks tell (rejection reasons, pause details) is kept.
 */
export async function replaceTemplates(db: Executor, templates: SyncedTemplate[], now: number): Promise<void> {
  for (const t of templates) {
    const optional = {
      ...(t.id ? { provider_id: t.id } : {}),
      ...(t.parameterFormat ? { parameter_format: t.parameterFormat } : {}),
      ...(t.quality ? { quality: t.quality } : {}),
      ...(t.correctCategory !== undefined ? { correct_category: t.correctCategory } : {}),
      ...(t.rejectedReason ? { rejected_reason: t.rejectedReason } : {}),
    };
    await db('templates')
      .insert({
        name: t.name,
        language: t.language,
        category: t.category,
        status: t.status,
        components: toJson(t.components),
        synced_at: now,
        status_at: now,
        ...optional,
      })
      .onConflict(['name', 'language'])
      .merge(['category', 'status', 'components', 'synced_at', ...Object.keys(optional)]);
  }
  await db('templates').where('synced_at', '<', now).delete();
}

export async function findTemplate(db: Executor, name: string, language: string): Promise<Template | undefined> {
  const row = await db<TemplateRow>('templates').where({ name, language }).first();
  return row ? toTemplate(row) : undefined;
}

export async function listTemplateViews(db: Executor): Promise<TemplateView[]> {
  const rows = await db<TemplateRow>('templates').orderBy(['name', 'language']);
  return rows.map(toTemplateView);
}

/** By Meta's id when known (webhooks carry it), else by name and language. */
export async function findTemplateView(db: Executor, key: { id?: string | null; name: string; language: string }): Promise<TemplateView | undefined> {
  const byId = key.id ? await db<TemplateRow>('templates').where('provider_id', key.id).first() : undefined;
  const row = byId ?? (await db<TemplateRow>('templates').where({ name: key.name, language: key.language }).first());
  return row ? toTemplateView(row) : undefined;
}

export interface TemplateChange {
  status?: Template['status'];
  /** An edit replaces the components wholesale, as Meta does. */
  components?: TemplateComponent[];
  parameterFormat?: 'POSITIONAL' | 'NAMED';
  category?: TemplateCategory;
  quality?: TemplateQuality;
  rejectedReason?: string | null;
  statusDetail?: TemplateView['statusDetail'];
  statusAt?: number;
  correctCategory?: TemplateCategory | null;
  categoryChangeAt?: number | null;
  providerId?: string;
}

export async function updateTemplate(db: Executor, key: { name: string; language: string }, change: TemplateChange): Promise<void> {
  const columns: Record<string, unknown> = {};
  if (change.status !== undefined) columns.status = change.status;
  if (change.components !== undefined) columns.components = toJson(change.components);
  if (change.parameterFormat !== undefined) columns.parameter_format = change.parameterFormat;
  if (change.category !== undefined) columns.category = change.category;
  if (change.quality !== undefined) columns.quality = change.quality;
  if (change.rejectedReason !== undefined) columns.rejected_reason = change.rejectedReason;
  if (change.statusDetail !== undefined) columns.status_detail = change.statusDetail ? toJson(change.statusDetail) : null;
  if (change.statusAt !== undefined) columns.status_at = change.statusAt;
  if (change.correctCategory !== undefined) columns.correct_category = change.correctCategory;
  if (change.categoryChangeAt !== undefined) columns.category_change_at = change.categoryChangeAt;
  if (change.providerId !== undefined) columns.provider_id = change.providerId;
  if (Object.keys(columns).length) await db('templates').where({ name: key.name, language: key.language }).update(columns);
}

/**
 * A template submitted from go2msg, or first heard of in a webhook before any sync listed it.
 * When the row exists already (Meta's review webhook can overtake the submission's own write),
 * its status, category and review details are Meta's newer word and stay.
 */
export async function insertTemplate(
  db: Executor,
  t: Template & { id: string | null; parameterFormat?: string; submittedBy?: number | null },
  now: number,
): Promise<void> {
  await db('templates')
    .insert({
      provider_id: t.id,
      name: t.name,
      language: t.language,
      category: t.category,
      status: t.status,
      components: toJson(t.components),
      parameter_format: t.parameterFormat ?? 'POSITIONAL',
      synced_at: now,
      status_at: now,
      submitted_by: t.submittedBy ?? null,
      submitted_at: t.submittedBy ? now : null,
    })
    .onConflict(['name', 'language'])
    .merge(['provider_id', 'components', 'parameter_format', 'submitted_by', 'submitted_at']);
}

/** Removes one language of a template, or every language of the name. */
export async function deleteTemplates(db: Executor, name: string, language?: string): Promise<number> {
  return db('templates')
    .where({ name, ...(language ? { language } : {}) })
    .delete();
}
