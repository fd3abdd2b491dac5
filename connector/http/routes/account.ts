/**
 * The WhatsApp Business Account, seen from the panel and managed by admins.
 *
 * Every teammate:
 *   GET    /api/business-profile?number=        what customers see of a number (the default's without number=; the panel header shows it)
 *   GET    /api/number-health                   display name, quality, limits, and the alerts panels show
 *   GET    /api/business-numbers                the WhatsApp numbers threads can be with (label, display number), the default first
 *   POST   /api/contacts/{contact}/one-time-codes   an authentication template carrying a code (Idempotency-Key)
 * Admins only (audited):
 *   POST   /api/admin/templates                 create a template and submit it for review
 *   PUT    /api/admin/templates/{id}            edit a template (Meta's id); it goes back to review
 *   DELETE /api/admin/templates/{name}?language= delete one language, or every language of the name
 *   POST   /api/admin/templates/sync            sync templates from Meta now
 *   PATCH  /api/admin/business-profile?number=  change a number's profile (the default's without number=; a field left out stays)
 *   POST   /api/admin/uploads?purpose=&fileName= a file for Meta (raw body) → a handle
 *   POST   /api/admin/number-health/refresh     ask Meta for the number's health now
 *   GET    /api/admin/account-events?limit=     account webhooks as Meta sent them, newest first
 */
import express from 'express';
import { DomainError } from '@domain/errors';
import type { BusinessProfileUpdate } from '@domain/business-profile';
import type { BusinessNumbersResponse } from '@domain/business-numbers';
import type { TemplateDefinition } from '@domain/template-rules';
import type { OutboundContent } from '@domain/outbound';
import { isUploadPurpose, UPLOAD_MAX_BYTES, UPLOAD_PURPOSES } from '@domain/uploads';
import type { AccountSync } from '../../services/account/account-sync';
import { profileNumber, readBusinessProfile, readNumberHealth, updateBusinessProfile, uploadFile } from '../../services/account/business-profile';
import { sendMessage, type SendDeps } from '../../services/messaging/send-message';
import { deleteTemplate, editTemplate, submitTemplate } from '../../services/account/template-admin';
import { recentAccountEvents } from '../../store/account-events';
import { readState } from '../../store/account-state';
import type { ManagementApi } from '../../whatsapp/management-api';
import { requireAdmin } from '../middleware/require-admin';
import { BusinessProfileBody, OneTimeCodeBody, TemplateDefinitionBody } from './admin-schemas';
import { idempotencyKey } from './schemas';
import { parseBody } from '../../web/parse-body';

export interface AccountRouteDeps {
  management: ManagementApi;
  accountSync: AccountSync;
}

const FILE_NAME = /^[\w .()-]{1,200}$/;

/** `?number=<phone number id>`: which business number a profile request is about (absent or empty: the default). */
function numberQuery(req: express.Request): string | null {
  const { number } = req.query;
  if (number === undefined || number === '') return null;
  if (typeof number !== 'string')
    throw new DomainError('VALIDATION_FAILED', { field: 'number', reason: 'name one phone number id, e.g. ?number=106540352242923' });
  return number;
}

export function accountRouter(deps: SendDeps & AccountRouteDeps): express.Router {
  const router = express.Router();

  router.get('/business-profile', async (req, res) => {
    const number = profileNumber(deps, numberQuery(req));
    res.json({ profile: await readBusinessProfile(deps, number.id), phoneNumberId: number.id });
  });

  router.get('/business-numbers', async (_req, res) => {
    const health = deps.numbers.all.length > 1 ? await readState(deps.db, 'numbers_health') : null;
    const answer: BusinessNumbersResponse = {
      data: deps.numbers.all.map((n) => (health ? { ...n, health: health[n.id] ?? null } : n)),
      defaultId: deps.numbers.defaultId,
    };
    res.json(answer);
  });

  router.get('/number-health', async (_req, res) => {
    res.json(await readNumberHealth(deps));
  });

  router.post('/contacts/:contact/one-time-codes', express.json({ limit: '16kb' }), async (req, res) => {
    const key = idempotencyKey(req);
    const { template, code } = parseBody(OneTimeCodeBody, req.body);
    // Meta's shape for a copy-code authentication template: the code in the body and in the button (send-template-authentication-otp.json).
    const content: OutboundContent = {
      type: 'template',
      template: {
        name: template.name,
        language: { code: template.language },
        components: [
          { type: 'body', parameters: [{ type: 'text', text: code }] },
          { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: code }] },
        ],
      },
    };
    const result = await sendMessage(deps, {
      teammate: res.locals.teammate,
      attribution: res.locals.attribution,
      contactRef: req.params.contact,
      content,
      idempotencyKey: key,
      purpose: 'one_time_code',
    });
    res
      .status(result.replayed ? 200 : 202)
      .json({ message: result.message, replayed: result.replayed, ...(result.billing ? { billing: result.billing } : {}) });
  });

  router.use('/admin', requireAdmin);

  router.post('/admin/templates', express.json({ limit: '256kb' }), async (req, res) => {
    const definition = parseBody(TemplateDefinitionBody, req.body) as TemplateDefinition;
    res.status(201).json({ template: await submitTemplate(deps, res.locals.teammate, definition) });
  });

  router.put('/admin/templates/:id', express.json({ limit: '256kb' }), async (req, res) => {
    const definition = parseBody(TemplateDefinitionBody, req.body) as TemplateDefinition;
    res.json({ template: await editTemplate(deps, res.locals.teammate, req.params.id, definition) });
  });

  router.delete('/admin/templates/:name', async (req, res) => {
    const language = typeof req.query.language === 'string' && req.query.language ? req.query.language : undefined;
    res.json({ deleted: await deleteTemplate(deps, res.locals.teammate, req.params.name, language) });
  });

  router.post('/admin/templates/sync', async (_req, res) => {
    res.json({ count: await deps.accountSync.syncTemplates() });
  });

  router.patch('/admin/business-profile', express.json({ limit: '64kb' }), async (req, res) => {
    const number = profileNumber(deps, numberQuery(req));
    const update = parseBody(BusinessProfileBody, req.body) as BusinessProfileUpdate;
    res.json({ profile: await updateBusinessProfile(deps, res.locals.teammate, update, number.id), phoneNumberId: number.id });
  });

  router.post('/admin/uploads', express.raw({ type: () => true, limit: UPLOAD_MAX_BYTES }), async (req, res) => {
    const { purpose, fileName } = req.query;
    if (!isUploadPurpose(purpose))
      throw new DomainError('VALIDATION_FAILED', { field: 'purpose', reason: `one of ${Object.keys(UPLOAD_PURPOSES).join(', ')}` });
    const name = typeof fileName === 'string' && FILE_NAME.test(fileName) ? fileName : 'upload';
    const bytes = Buffer.isBuffer(req.body) ? new Uint8Array(req.body) : new Uint8Array(0);
    res.status(201).json(await uploadFile(deps, purpose, name, bytes));
  });

  router.post('/admin/number-health/refresh', async (_req, res) => {
    await deps.accountSync.refreshHealth();
    res.json(await readNumberHealth(deps));
  });

  router.get('/admin/account-events', async (req, res) => {
    const limit = Math.min(Math.max(Number(req.query.limit) || 50, 1), 500);
    res.json({ data: await recentAccountEvents(deps.db, limit) });
  });

  return router;
}
