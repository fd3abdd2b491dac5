/** The audit trail: written in the same transaction as the action it records. */
import { toJson, type Executor } from './rows';

export interface AuditEntry {
  at: number;
  action: string;
  teammateId: number | null;
  channel?: 'whatsapp' | 'sms' | null;
  contactId?: number | null;
  messageId?: number | null;
  details?: Record<string, unknown>;
}

export async function appendAudit(db: Executor, entry: AuditEntry): Promise<void> {
  await db('audit_log').insert({
    at: entry.at,
    action: entry.action,
    teammate_id: entry.teammateId,
    channel: entry.channel ?? null,
    contact_id: entry.contactId ?? null,
    message_id: entry.messageId ?? null,
    details: entry.details ? toJson(entry.details) : null,
  });
}

export async function auditForMessage(db: Executor, messageId: number): Promise<Array<AuditEntry & { id: number }>> {
  const rows = await db('audit_log').where('message_id', messageId).orderBy('id');
  return rows.map((r: Record<string, unknown>) => ({
    id: r.id as number,
    at: r.at as number,
    action: r.action as string,
    teammateId: r.teammate_id as number | null,
    channel: r.channel as 'whatsapp' | 'sms' | null,
    contactId: r.contact_id as number | null,
    messageId: r.message_id as number | null,
    details: r.details ? JSON.parse(r.details as string) : undefined,
  }));
}
