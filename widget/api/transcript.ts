/**
 * The open thread as text, for host adapters that file it into the host (the
 * Zendesk app adds it to the ticket as an internal note). Goes through the
 * page's signed-in session for that connector, like the panel itself.
 */
import { formatTranscript } from '@domain/transcript';
import { sessionFor } from './session';

/** The latest page of the thread (up to 50 messages) as plain text; throws ApiError when not signed in or refused. */
export async function threadTranscript(connectorUrl: string, contact: string): Promise<string> {
  const thread = await sessionFor(connectorUrl).client.thread(contact);
  return formatTranscript(thread.contact, thread.messages);
}
