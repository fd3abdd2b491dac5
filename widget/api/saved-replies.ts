/** The connector's saved-reply calls (docs/API.md, "saved replies"): the list for agents, changes for admins. */
import type { SavedReplyDraft, SavedReplyView } from '@domain/saved-replies';
import type { ConnectorClient } from './connector-client';

/** The panel's client or the admin elements' (which extends it). */
type Requester = Pick<ConnectorClient, 'request'>;

export function listSavedReplies(client: Requester): Promise<{ data: SavedReplyView[] }> {
  return client.request('/api/saved-replies');
}

export function saveSavedReply(client: Requester, draft: SavedReplyDraft, id?: number): Promise<SavedReplyView> {
  return client.request(id === undefined ? '/api/admin/saved-replies' : `/api/admin/saved-replies/${id}`, {
    method: id === undefined ? 'POST' : 'PUT',
    body: JSON.stringify(draft),
  });
}

export function deleteSavedReply(client: Requester, id: number): Promise<void> {
  return client.request(`/api/admin/saved-replies/${id}`, { method: 'DELETE' });
}
