/**
 * The simulator's management endpoints, under the same version prefix and
 * bearer check as the rest of the simulator (router.ts mounts them):
 *
 *   GET    /{v}/debug_token?input_token=
 *   GET    /{v}/{waba-id} · /{v}/{phone-number-id}?fields= · /{v}/{template-id} · /{v}/upload:{id}
 *   POST   /{v}/upload:{id}                      (file_offset header, raw bytes)
 *   GET    /{v}/{waba-id}/phone_numbers
 *   GET|POST|DELETE /{v}/{waba-id}/subscribed_apps
 *   POST|DELETE     /{v}/{waba-id}/message_templates
 *   POST            /{v}/{template-id}                 edit a template (back to review)
 *   GET|POST        /{v}/{phone-number-id}/whatsapp_business_profile
 *   POST   /{v}/{phone-number-id}/register · /deregister
 *   POST   /{v}/{app-id}/uploads?file_name&file_length&file_type
 * and, without a token like Meta's picture CDN: GET /pps/{picture-id}.
 */
import express from 'express';
import { graphError, SimulatedGraphError } from './graph-errors';
import type { ManagementSimulator } from './management';
import { ManagementError } from './management-error';

type Handler = (req: express.Request) => Record<string, unknown> | Promise<Record<string, unknown>>;

function answer(handler: Handler): express.RequestHandler {
  return async (req, res) => {
    try {
      res.json(await handler(req));
    } catch (error) {
      if (!(error instanceof SimulatedGraphError)) throw error;
      const e = graphError(error.code, error.details);
      Object.assign(e.body.error, error instanceof ManagementError ? error.extra : {});
      res.status(e.status).json(e.body);
    }
  };
}

function q(req: express.Request, name: string): string | null {
  const value = req.query[name];
  return typeof value === 'string' ? value : null;
}

function body(req: express.Request): Record<string, unknown> {
  return typeof req.body === 'object' && req.body !== null && !Buffer.isBuffer(req.body) ? (req.body as Record<string, unknown>) : {};
}

function missing(id: string, method: string): ManagementError {
  return new ManagementError(
    100,
    `Unsupported ${method} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
  );
}

/** The picture URL the profile reports, like pps.whatsapp.net: public, no token. */
export function managementPublicRouter(management: ManagementSimulator): express.Router {
  const router = express.Router();
  router.get('/pps/:pictureId', (req, res) => {
    const picture = management.pictures.get(req.params.pictureId);
    if (!picture) {
      res.status(404).end();
      return;
    }
    res.setHeader('cross-origin-resource-policy', 'cross-origin');
    res.type(picture.type).send(picture.bytes);
  });
  return router;
}

export function managementRouter(management: ManagementSimulator, ids: { phoneNumberId: string; wabaId: string }): express.Router {
  const router = express.Router();
  const base = (req: express.Request) => `${req.protocol}://${req.get('host')}${req.baseUrl}`;
  /** A handler for /{waba-id}/… or /{phone-number-id}/…: another id is refused like Graph. */
  const on = (key: 'wabaId' | 'phoneNumberId', method: string, handler: Handler) =>
    answer((req) => {
      if (req.params[key] !== ids[key]) throw missing(String(req.params[key]), method);
      return handler(req);
    });
  /** A handler for /{phone-number-id}/… of any of the WABA's numbers. */
  const onNumber = (method: string, handler: Handler) =>
    answer((req) => {
      if (!management.hasNumber(String(req.params.phoneNumberId))) throw missing(String(req.params.phoneNumberId), method);
      return handler(req);
    });

  router.get(
    '/:version/debug_token',
    answer((req) => management.debugToken(q(req, 'input_token'))),
  );

  router.get(
    '/:version/:wabaId/phone_numbers',
    on('wabaId', 'get', () => management.listPhoneNumbers()),
  );
  router.get(
    '/:version/:wabaId/subscribed_apps',
    on('wabaId', 'get', () => management.subscribedApps()),
  );
  router.post(
    '/:version/:wabaId/subscribed_apps',
    on('wabaId', 'post', (req) => management.subscribe(body(req))),
  );
  router.delete(
    '/:version/:wabaId/subscribed_apps',
    on('wabaId', 'delete', () => management.unsubscribe()),
  );
  router.post(
    '/:version/:wabaId/message_templates',
    on('wabaId', 'post', (req) => management.registry.create(body(req))),
  );
  router.delete(
    '/:version/:wabaId/message_templates',
    on('wabaId', 'delete', (req) => management.registry.delete(q(req, 'name'), q(req, 'hsm_id'))),
  );

  router.get(
    '/:version/:phoneNumberId/whatsapp_business_profile',
    onNumber('get', (req) => management.getProfile(q(req, 'fields'), base(req), String(req.params.phoneNumberId))),
  );
  router.post(
    '/:version/:phoneNumberId/whatsapp_business_profile',
    onNumber('post', (req) => management.updateProfile(body(req), String(req.params.phoneNumberId))),
  );
  router.post(
    '/:version/:phoneNumberId/register',
    onNumber('post', (req) => management.register(body(req), String(req.params.phoneNumberId))),
  );
  router.post(
    '/:version/:phoneNumberId/deregister',
    onNumber('post', (req) => management.deregister(String(req.params.phoneNumberId))),
  );

  router.post(
    '/:version/:appId/uploads',
    answer((req) => management.uploads.createSession(String(req.params.appId), req.query)),
  );

  router.get(
    '/:version/:id',
    answer((req) => {
      const id = String(req.params.id);
      if (id === ids.wabaId) return management.waba();
      if (management.hasNumber(id)) return management.getPhoneNumber(q(req, 'fields'), id);
      if (id.startsWith('upload:')) return management.uploads.status(id);
      const template = management.registry.find(id);
      if (template) return management.registry.get(template, q(req, 'fields'));
      throw missing(id, 'get');
    }),
  );

  router.post(
    '/:version/:id',
    express.raw({ type: () => true, limit: '100mb' }),
    answer((req) => {
      const id = String(req.params.id);
      if (id.startsWith('upload:')) return management.uploads.chunk(id, req.get('file_offset'), Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0));
      const template = management.registry.find(id);
      if (template) return management.registry.edit(template, body(req));
      throw missing(id, 'post');
    }),
  );

  return router;
}
