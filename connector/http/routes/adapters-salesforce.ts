/**
 * The Salesforce Canvas page: Salesforce POSTs `signed_request` (HMAC-SHA256
 * of the base64 context with the External Client App's consumer secret, then ".",
 * then the context; developer.salesforce.com canvas_app_signed_req_authentication).
 * The request is verified here (SALESFORCE_CANVAS_SECRETS: the org and its
 * secret) before anything is shown; the panel then redeems the same request at
 * POST /auth/host-session. The record's phone comes from the signed context:
 * `environment.parameters.phone` (set by the Visualforce page or the Lightning
 * component that places the canvas) or the record's Phone / MobilePhone.
 */
import express from 'express';
import { DomainError } from '@domain/errors';
import type { HostProofs } from '../../auth/host-proofs/index';
import { sendAdapterPage, sendAdapterRefusal } from './adapters-pages';

export interface CanvasContext {
  client?: { instanceUrl?: unknown };
  context?: {
    user?: { userId?: unknown; fullName?: unknown; email?: unknown };
    environment?: { parameters?: Record<string, unknown>; record?: Record<string, unknown> };
  };
}

/** The signed context, read to find the org and the phone; trusted only after the signature check. */
export function readCanvasContext(signedRequest: string): CanvasContext | null {
  const dot = signedRequest.indexOf('.');
  if (dot <= 0) return null;
  try {
    return JSON.parse(
      Buffer.from(
        signedRequest
          .slice(dot + 1)
          .replace(/-/g, '+')
          .replace(/_/g, '/'),
        'base64',
      ).toString('utf8'),
    ) as CanvasContext;
  } catch {
    return null;
  }
}

const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);

export function canvasPhone(context: CanvasContext): string | null {
  const env = context.context?.environment;
  return text(env?.parameters?.phone) ?? text(env?.record?.MobilePhone) ?? text(env?.record?.Phone);
}

function orgHost(context: CanvasContext): string {
  try {
    return new URL(String(context.client?.instanceUrl)).hostname.toLowerCase();
  } catch {
    return 'unknown';
  }
}

export function salesforceCanvasRouter(deps: { publicUrl: string; hostProofs: HostProofs; frameAncestors: string[]; now: () => number }): express.Router {
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: '64kb' });
  router.post('/adapters/salesforce/canvas', form, async (req, res) => {
    const signed = typeof req.body?.signed_request === 'string' ? req.body.signed_request : '';
    const context = readCanvasContext(signed);
    const host = `salesforce:${context ? orgHost(context) : 'unknown'}`;
    try {
      await deps.hostProofs.verify(host, signed, deps.now());
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      sendAdapterRefusal(
        res,
        error.status,
        deps.frameAncestors,
        `${error.message} (${String(error.details.reason ?? '')})`,
        'Ask your Salesforce admin to check the canvas app’s consumer secret against SALESFORCE_CANVAS_SECRETS.',
      );
      return;
    }
    const user = context!.context?.user;
    sendAdapterPage(res, {
      title: 'WhatsApp · go2msg for Salesforce',
      script: '/widget/adapters/salesforce.js',
      frameAncestors: deps.frameAncestors,
      boot: {
        connectorUrl: deps.publicUrl,
        hostProof: { host, proof: signed },
        contact: canvasPhone(context!),
        agent: { id: String(user?.userId ?? ''), name: text(user?.fullName), email: text(user?.email) },
      },
    });
  });
  return router;
}
