/**
 * Export links: a browser downloads a file by following a link, which cannot
 * carry the panel's bearer token. An admin's panel asks for a link; the link
 * carries a token signed by the connector (HMAC-SHA256 with a key derived from
 * SESSION_SECRET) naming the admin, the format, the filters and an expiry one
 * minute away. Following it checks the signature, the expiry and that the
 * teammate is still an enabled admin.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AuditExportFormat, AuditFilters } from '@domain/audit';

export const EXPORT_LINK_TTL_MS = 60_000;

export interface ExportLinkClaims {
  teammateId: number;
  format: AuditExportFormat;
  filters: AuditFilters;
  expiresAt: number;
}

function key(secret: string): Buffer {
  return createHmac('sha256', secret).update('go2msg.audit-export-link.v1').digest();
}

function mac(secret: string, payload: string): Buffer {
  return createHmac('sha256', key(secret)).update(payload).digest();
}

export function signExportLink(secret: string, claims: ExportLinkClaims): string {
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${payload}.${mac(secret, payload).toString('base64url')}`;
}

/** The claims of a genuine, unexpired token; null otherwise. */
export function readExportLink(secret: string, token: string, now: number): ExportLinkClaims | null {
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) return null;
  const expected = mac(secret, payload);
  const actual = Buffer.from(signature, 'base64url');
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return null;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as ExportLinkClaims;
    return claims.expiresAt > now ? claims : null;
  } catch {
    return null;
  }
}
