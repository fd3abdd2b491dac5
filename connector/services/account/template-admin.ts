/**
 * An admin creates a template and submits it for Meta's review, edits one
 * (it goes back to review), or deletes one.
 * Meta's rules are checked first (the same rules the admin form shows as the
 * admin types); then Meta is asked; then, in one transaction, the local copy,
 * the audit row and the live event.
 */
import type { TemplateView } from '@domain/account-views';
import { DomainError } from '@domain/errors';
import { assertTemplateDefinition, isTemplateEditable, normaliseTemplateDefinition, type TemplateDefinition } from '@domain/template-rules';
import type { TemplateCategory, TemplateComponent } from '@domain/templates';
import { appendAudit } from '../../store/audit-writer';
import type { Teammate } from '../../store/teammates';
import { deleteTemplates, findTemplateView, insertTemplate, listTemplateViews, updateTemplate } from '../../store/templates';
import type { ManagementApi } from '../../whatsapp/management-api';
import { publishTemplate, publishTemplates } from './account-alerts';
import type { ServiceDeps } from '../runtime/deps';
import { atMeta } from '../../whatsapp/provider-errors';

export interface AdminDeps extends ServiceDeps {
  management: ManagementApi;
}

export async function submitTemplate(deps: AdminDeps, teammate: Teammate, submitted: TemplateDefinition): Promise<TemplateView> {
  const definition = normaliseTemplateDefinition(submitted);
  assertTemplateDefinition(definition);
  const { name, language } = definition;
  if (await findTemplateView(deps.db, { name, language })) throw new DomainError('TEMPLATE_EXISTS', { name, language });

  const created = await atMeta(() => deps.management.createTemplate(definition));
  const now = deps.clock.now();
  const view = await deps.db.transaction(async (trx) => {
    await insertTemplate(
      trx,
      {
        id: created.id,
        name,
        language,
        category: created.category,
        status: created.status,
        components: definition.components as TemplateComponent[],
        parameterFormat: definition.parameter_format ?? 'POSITIONAL',
        submittedBy: teammate.id,
      },
      now,
    );
    await appendAudit(trx, {
      at: now,
      action: 'template.submitted',
      teammateId: teammate.id,
      details: { name, language, category: created.category, requestedCategory: definition.category, id: created.id, status: created.status },
    });
    const stored = (await findTemplateView(trx, { name, language }))!;
    await publishTemplate(trx, stored, now);
    return stored;
  });
  deps.live.notify();
  return view;
}

/**
 * Replaces a template's content (Meta's id names it; name and language cannot change) and
 * sends it back to review. An approved template keeps its category.
 */
export async function editTemplate(deps: AdminDeps, teammate: Teammate, id: string, submitted: TemplateDefinition): Promise<TemplateView> {
  const current = (await listTemplateViews(deps.db)).find((t) => t.id === id);
  if (!current) throw new DomainError('NOT_FOUND', { template: id });
  if (!isTemplateEditable(current.status))
    throw new DomainError('TEMPLATE_NOT_EDITABLE', { name: current.name, language: current.language, status: current.status.toLowerCase() });
  if (submitted.name !== current.name || submitted.language !== current.language) {
    throw new DomainError('VALIDATION_FAILED', { field: 'name', reason: 'the name and language of a template cannot change; create a new template instead' });
  }
  const definition = normaliseTemplateDefinition(submitted);
  assertTemplateDefinition(definition);
  if (current.status !== 'REJECTED' && definition.category !== current.category) {
    throw new DomainError('VALIDATION_FAILED', { field: 'category', reason: `an approved template keeps its category (${current.category})` });
  }
  const parameterFormat = definition.parameter_format === 'NAMED' ? 'NAMED' : 'POSITIONAL';
  await atMeta(() => deps.management.editTemplate(id, { category: definition.category, components: definition.components, parameter_format: parameterFormat }));
  const now = deps.clock.now();
  const key = { name: current.name, language: current.language };
  const view = await deps.db.transaction(async (trx) => {
    await updateTemplate(trx, key, {
      components: definition.components as TemplateComponent[],
      // Checked by assertTemplateDefinition: one of Meta's three categories.
      category: definition.category as TemplateCategory,
      parameterFormat,
      status: 'PENDING',
      rejectedReason: null,
      statusDetail: null,
      statusAt: now,
    });
    await appendAudit(trx, {
      at: now,
      action: 'template.edited',
      teammateId: teammate.id,
      details: { name: current.name, language: current.language, id, category: definition.category, previousStatus: current.status },
    });
    const stored = (await findTemplateView(trx, { id, ...key }))!;
    await publishTemplate(trx, stored, now);
    return stored;
  });
  deps.live.notify();
  return view;
}

/** Deletes one language of a template (by Meta's id), or every language of the name. */
export async function deleteTemplate(deps: AdminDeps, teammate: Teammate, name: string, language?: string): Promise<TemplateView[]> {
  const targets = (await listTemplateViews(deps.db)).filter((t) => t.name === name && (!language || t.language === language));
  if (targets.length === 0) throw new DomainError('NOT_FOUND', { template: name, ...(language ? { language } : {}) });
  const hsmId = language ? targets[0]!.id : undefined;
  if (language && !hsmId) {
    // Deleting by name alone would delete every language of it.
    throw new DomainError('VALIDATION_FAILED', {
      template: name,
      language,
      reason: "Meta's id for this template is not known yet; sync the templates and try again",
    });
  }
  await atMeta(() => deps.management.deleteTemplate(name, hsmId ?? undefined));
  const now = deps.clock.now();
  await deps.db.transaction(async (trx) => {
    await deleteTemplates(trx, name, language);
    await appendAudit(trx, {
      at: now,
      action: 'template.deleted',
      teammateId: teammate.id,
      details: { name, languages: targets.map((t) => t.language), ids: targets.map((t) => t.id), statuses: targets.map((t) => t.status) },
    });
    await publishTemplates(
      trx,
      targets.map((t) => ({ ...t, status: 'DELETED' as const, statusAt: now })),
      now,
    );
  });
  deps.live.notify();
  return targets;
}
