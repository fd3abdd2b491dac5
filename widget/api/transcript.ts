/**
 * The open thread as text, for host adapters that file it into the host (the
 * Zendesk app adds it to the ticket as an internal note). Read through the
 * page's signed-in session for that connector, which the core hands in
 * (`threadTranscript` in widget/index.ts).
 *
 * Only a type comes from the session, on purpose. A lazy chunk that reaches
 * the connector client and session (api/) but not the session controller adds
 * a third level of sharing: api/errors.ts shared more widely than api/, api/
 * more widely than the controller, the controller more widely than the core
 * alone. Rolldown then no longer folds ApiError into the core but gives it a
 * chunk of its own that the core imports up front (test/e2e/bundle.test.ts).
 */
import { formatTranscript } from '@domain/transcript';
import type { PanelSession } from './session';

/** The latest page of the thread (up to 50 messages) as plain text; throws ApiError when not signed in or refused. */
export async function threadTranscript(session: PanelSession, contact: string): Promise<string> {
  const thread = await session.client.thread(contact);
  return formatTranscript(thread.contact, thread.messages);
}
