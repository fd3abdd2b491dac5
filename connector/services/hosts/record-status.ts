/**
 * A helpdesk record's status changed in the helpdesk (its webhook, checked by its route):
 * solving or resolving it resolves the conversation; opening it again reopens it. The change
 * is audited with the host as its cause and is not sent back to that host.
 */
import { findContactByRecord } from '../../store/host-deliveries';
import { changeConversationFromHost } from '../inbox/conversations';
import type { ServiceDeps } from '../runtime/deps';

export type RecordStatusOutcome = 'changed' | 'unchanged' | 'unknown-record' | 'ignored-status';

type RecordAction = 'resolve' | 'reopen' | null;

/**
 * `action` is what the new status asks, or how to learn it from the host (HubSpot's pipeline
 * stages, a Salesforce Case read back): asked only for a record that is a conversation's, so
 * the host's other records cost no call.
 */
export async function applyRecordStatus(
  deps: ServiceDeps,
  host: string,
  recordId: string,
  action: RecordAction | (() => Promise<RecordAction>),
): Promise<RecordStatusOutcome> {
  if (action === null) return 'ignored-status';
  const contactId = await findContactByRecord(deps.db, host, recordId);
  if (contactId === null) return 'unknown-record';
  const asked = typeof action === 'function' ? await action() : action;
  if (!asked) return 'ignored-status';
  const changed = await changeConversationFromHost(deps, contactId, { type: asked }, host);
  return changed ? 'changed' : 'unchanged';
}
