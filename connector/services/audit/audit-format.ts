/**
 * The audit trail as CSV (RFC 4180, one header row) and as JSON Lines (one
 * AuditRowView per line). Both are written a row at a time.
 *
 * CSV cells that a spreadsheet would run as a formula (starting with = + - @,
 * a tab or a carriage return) are prefixed with an apostrophe: names and
 * details can come from customers (OWASP, "CSV Injection"). Phone numbers in
 * E.164 are left as they are.
 */
import type { AuditRowView } from '@domain/audit';

type Cell = string | number | null;

const COLUMNS: Array<[string, (r: AuditRowView) => Cell]> = [
  ['id', (r) => r.id],
  ['at', (r) => new Date(r.at).toISOString()],
  ['action', (r) => r.action],
  ['teammate_id', (r) => r.teammate?.id ?? null],
  ['teammate_name', (r) => r.teammate?.name ?? null],
  ['teammate_email', (r) => r.teammate?.email ?? null],
  ['host', (r) => r.host],
  ['host_user_id', (r) => r.hostUserId],
  ['channel', (r) => r.channel],
  ['contact_id', (r) => r.contact?.id ?? null],
  ['contact_phone', (r) => r.contact?.phone ?? null],
  ['contact_user_id', (r) => r.contact?.userId ?? null],
  ['contact_name', (r) => r.contact?.name ?? null],
  ['message_id', (r) => r.messageId],
  ['window_state', (r) => r.windowState],
  ['template_name', (r) => r.template?.name ?? null],
  ['template_category', (r) => r.template?.category ?? null],
  ['content_sha256', (r) => r.content?.sha256 ?? null],
  ['content_bytes', (r) => r.content?.bytes ?? null],
  ['content_deleted_at', (r) => (r.contentDeleted ? new Date(r.contentDeleted.at).toISOString() : null)],
  ['provider_message_id', (r) => r.providerMessageId],
  ['status', (r) => r.status],
  ['details', (r) => (r.details ? JSON.stringify(r.details) : null)],
  ['prev_hash', (r) => r.prevHash],
  ['row_hash', (r) => r.hash],
];

const FORMULA = /^[=+\-@\t\r]/;
const E164 = /^\+\d{1,15}$/;

export function csvCell(value: Cell): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA.test(text) && !E164.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export const CSV_HEADER = `${COLUMNS.map(([name]) => name).join(',')}\r\n`;

export function csvRow(row: AuditRowView): string {
  return `${COLUMNS.map(([, get]) => csvCell(get(row))).join(',')}\r\n`;
}

export function jsonLine(row: AuditRowView): string {
  return `${JSON.stringify(row)}\n`;
}
