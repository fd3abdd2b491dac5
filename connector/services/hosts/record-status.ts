/**
 * A helpdesk record's status changed in the helpdesk (its webhook, checked by its route):
 * solving or resolving it resolves the conversation; opening it again reopens it. The change
 * is audited with the host as its cause and is not sent back to that host.
 */
import { findContactByRecord } from '../../store/host-deliveries';
import { changeConversationFromHost } from '../inbox/conversations';
import type { ServiceDeps } from '../runtime/deps';

export type RecordStatusOutcome = 'changed' | 'unchanged' | 'unknown-record' | 'ignored-status';

export async function applyRecordStatus(deps: ServiceDeps, host: string, recordId: string, action: 'resolve' | 'reopen' | null): Promise<RecordStatusOutcome> {
  if (!action) return 'ignored-status';
  const contactId = await findContactByRecord(deps.db, host, recordId);
  if (contactId === null) return 'unknown-record';
  const changed = await changeConversationFromHost(deps, contactId, { type: action }, host);
  return changed ? 'changed' : 'unchanged';
}
