import { findContactById, recordWindowClosed } from '../../store/contacts';
import { appendEvent } from '../../store/events';
import type { Executor } from '../../store/rows';

/**
 * Meta answered 131047: the window is closed whatever our arithmetic said.
 * Recorded on the contact and pushed, so every open panel switches to templates.
 * `sentAt` is when the refused message was sent: a customer message after it
 * reopens the window, even if Meta's report arrives later than that message.
 */
export async function closeWindow(trx: Executor, contactId: number, sentAt: number, now: number): Promise<void> {
  await recordWindowClosed(trx, contactId, sentAt, now);
  const contact = await findContactById(trx, contactId);
  if (contact) await appendEvent(trx, contactId, { type: 'contact', contact }, now);
}
