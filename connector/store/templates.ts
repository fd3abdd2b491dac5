import type { Template } from '@domain/templates';
import { toJson, type Executor } from './rows';

interface TemplateRow {
  name: string;
  language: string;
  category: Template['category'];
  status: Template['status'];
  components: string;
}

function toTemplate(row: TemplateRow): Template {
  return { name: row.name, language: row.language, category: row.category, status: row.status, components: JSON.parse(row.components) };
}

/** Replaces the local copy with what Meta reports; templates Meta no longer lists are removed. */
export async function replaceTemplates(db: Executor, templates: Template[], now: number): Promise<void> {
  for (const t of templates) {
    await db('templates')
      .insert({ name: t.name, language: t.language, category: t.category, status: t.status, components: toJson(t.components), synced_at: now })
      .onConflict(['name', 'language'])
      .merge(['category', 'status', 'components', 'synced_at']);
  }
  await db('templates').where('synced_at', '<', now).delete();
}

export async function findTemplate(db: Executor, name: string, language: string): Promise<Template | undefined> {
  const row = await db<TemplateRow>('templates').where({ name, language }).first();
  return row ? toTemplate(row) : undefined;
}

export async function listTemplates(db: Executor): Promise<Template[]> {
  const rows = await db<TemplateRow>('templates').orderBy(['name', 'language']);
  return rows.map(toTemplate);
}
