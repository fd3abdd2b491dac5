/**
 * The audit trail, for admins.
 *
 * GET  /api/audit?teammate&contact&channel&action&from&to&before&limit   a page, newest first
 * GET  /api/admin/audit/head                                             the newest row's id, hash and time, to anchor elsewhere
 * GET  /api/audit/facets                                                 teammates, actions, channels to filter by
 * GET  /api/audit/export?format=csv|jsonl&<filters>                      the matching rows, streamed, oldest first
 * POST /api/audit/export-links {format, filters}                         a one-minute link a browser can follow
 * GET  /audit/download?token=                                            follows such a link (no bearer token)
 *
 * Dates (`from` inclusive, `to` exclusive) are ISO 8601 or epoch milliseconds.
 */
import express from 'express';
import { z } from 'zod';
import { AUDIT_EXPORT_FORMATS, AUDIT_PAGE_MAX, type AuditExportFormat, type AuditFilters } from '@domain/audit';
import { CHANNELS } from '@domain/channel';
import { DomainError } from '@domain/errors';
import type { Config } from '../../config/config';
import type { ServiceDeps } from '../../services/runtime/deps';
import { EXPORT_LINK_TTL_MS, readExportLink, signExportLink } from '../../services/audit/audit-export-link';
import { auditFacets, exportAudit, listAudit } from '../../services/audit/audit-trail';
import { auditHead } from '../../store/audit-verifier';
import { findTeammate } from '../../store/teammates';
import { requireAdmin } from '../middleware/require-admin';
import { parseBody } from '../../web/parse-body';

const instant = z.union([
  z
    .string()
    .regex(/^\d{1,15}$/)
    .transform(Number),
  z
    .string()
    .refine((s) => /^\d{4}-\d{2}-\d{2}/.test(s) && !Number.isNaN(Date.parse(s)), 'an ISO 8601 date or time, or epoch milliseconds')
    .transform((s) => Date.parse(s)),
]);

const Filters = z.object({
  teammate: z
    .string()
    .regex(/^\d{1,12}$/, 'a teammate id')
    .transform(Number)
    .optional(),
  contact: z.string().min(1).max(64).optional(),
  channel: z.enum(CHANNELS).optional(),
  action: z
    .string()
    .regex(/^[a-z_]+\.[a-z_]+$/, 'an action such as message.send')
    .optional(),
  from: instant.optional(),
  to: instant.optional(),
});

const PageQuery = Filters.extend({
  before: z
    .string()
    .regex(/^\d{1,15}$/, 'a cursor from this API')
    .transform(Number)
    .optional(),
  limit: z
    .string()
    .regex(/^\d{1,4}$/)
    .transform(Number)
    .pipe(z.number().int().min(1).max(AUDIT_PAGE_MAX))
    .optional(),
}).strict();

const ExportQuery = Filters.extend({ format: z.enum(AUDIT_EXPORT_FORMATS) }).strict();

const LinkRequest = z.strictObject({
  format: z.enum(AUDIT_EXPORT_FORMATS),
  filters: z
    .strictObject({
      teammate: z.number().int().positive().optional(),
      contact: z.string().min(1).max(64).optional(),
      channel: z.enum(CHANNELS).optional(),
      action: z
        .string()
        .regex(/^[a-z_]+\.[a-z_]+$/)
        .optional(),
      from: z.number().int().nonnegative().optional(),
      to: z.number().int().nonnegative().optional(),
    })
    .default({}),
});

function filtersOf(parsed: z.infer<typeof Filters>): AuditFilters {
  const { teammate, contact, channel, action, from, to } = parsed;
  return Object.fromEntries(Object.entries({ teammate, contact, channel, action, from, to }).filter(([, v]) => v !== undefined)) as AuditFilters;
}

/** Streams an export to the response with backpressure: one batch in memory at a time. */
async function streamExport(
  deps: ServiceDeps,
  res: express.Response,
  request: { format: AuditExportFormat; filters: AuditFilters; teammateId: number },
): Promise<void> {
  let started = false;
  const write = (chunk: string) =>
    new Promise<void>((resolve, reject) => {
      if (!started) {
        started = true;
        const stamp = new Date(deps.clock.now()).toISOString().slice(0, 19).replaceAll(':', '');
        res.status(200);
        res.setHeader('content-type', request.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8');
        res.setHeader('content-disposition', `attachment; filename="go2msg-audit-${stamp}.${request.format}"`);
        res.setHeader('cache-control', 'no-store');
      }
      if (res.destroyed) return reject(new Error('the client went away'));
      if (res.write(chunk)) return resolve();
      const drained = () => {
        res.off('close', closed);
        resolve();
      };
      const closed = () => {
        res.off('drain', drained);
        reject(new Error('the client went away'));
      };
      res.once('drain', drained);
      res.once('close', closed);
    });
  try {
    await exportAudit(deps, request, write);
    if (!started) await write('');
    res.end();
  } catch (error) {
    if (!started) throw error;
    // Mid-stream: the client must see a cut-off download, not a complete-looking file.
    deps.log.warn({ err: error }, 'audit export stopped before the end');
    res.destroy();
  }
}

export function auditRouter(deps: ServiceDeps & { config: Config }): express.Router {
  const router = express.Router();

  router.get('/audit', requireAdmin, async (req, res) => {
    const query = parseBody(PageQuery, req.query);
    res.json(await listAudit(deps, filtersOf(query), { before: query.before ?? null, limit: query.limit }));
  });

  // The head to anchor outside the database (see README, "The audit trail").
  router.get('/admin/audit/head', requireAdmin, async (_req, res) => {
    const head = await auditHead(deps.db);
    res.setHeader('cache-control', 'no-store');
    res.json(head ? { id: head.id, hash: head.hash, at: head.at } : { id: null, hash: null, at: null });
  });

  router.get('/audit/facets', requireAdmin, async (_req, res) => {
    res.json(await auditFacets(deps));
  });

  router.get('/audit/export', requireAdmin, async (req, res) => {
    const query = parseBody(ExportQuery, req.query);
    await streamExport(deps, res, { format: query.format, filters: filtersOf(query), teammateId: res.locals.teammate.id });
  });

  router.post('/audit/export-links', requireAdmin, express.json({ limit: '8kb' }), (req, res) => {
    const body = parseBody(LinkRequest, req.body);
    const expiresAt = Date.now() + EXPORT_LINK_TTL_MS;
    const token = signExportLink(deps.config.sessionSecret, { teammateId: res.locals.teammate.id, format: body.format, filters: body.filters, expiresAt });
    res.setHeader('cache-control', 'no-store');
    res.status(201).json({ url: `${deps.config.publicUrl}/audit/download?token=${token}`, expiresAt });
  });

  return router;
}

/** The export link's target: the token is the authority, checked against the teammate as they are now. */
export function auditDownloadRouter(deps: ServiceDeps & { config: Config }): express.Router {
  const router = express.Router();
  router.get('/audit/download', async (req, res) => {
    const token = typeof req.query.token === 'string' ? req.query.token : '';
    const claims = readExportLink(deps.config.sessionSecret, token, Date.now());
    if (!claims) throw new DomainError('UNAUTHENTICATED', { reason: 'the export link is invalid or has expired; ask for a new one' });
    const teammate = await findTeammate(deps.db, claims.teammateId);
    if (!teammate || teammate.disabledAt !== null || teammate.role !== 'admin')
      throw new DomainError('FORBIDDEN', { reason: 'only admins can export the audit trail' });
    res.setHeader('referrer-policy', 'no-referrer');
    await streamExport(deps, res, { format: claims.format, filters: claims.filters, teammateId: teammate.id });
  });
  return router;
}
