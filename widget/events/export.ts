/**
 * `go2msg-export`: <go2msg-audit-log> is about to download an export.
 * Cancelable: a host that calls preventDefault() handles `detail.url` itself
 * (a signed, short-lived link) and nothing downloads. Bubbles and composed.
 */
import type { AuditExportFormat } from '@domain/audit';

export const EXPORT_EVENT = 'go2msg-export';

export class ExportEvent extends CustomEvent<{ format: AuditExportFormat; url: string }> {
  constructor(format: AuditExportFormat, url: string) {
    super(EXPORT_EVENT, { detail: { format, url }, bubbles: true, composed: true, cancelable: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    [EXPORT_EVENT]: ExportEvent;
  }
}
