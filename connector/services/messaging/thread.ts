/**
 * Opening a thread: the contact, the newest page of messages and where the live
 * stream resumes. The event id is read before the contact and the page, so an
 * event that lands in between is delivered twice (the panel merges), never lost.
 */
import { DomainError } from '@domain/errors';
import type { ThreadView } from '@domain/views';
import { findContactById } from '../../store/contacts';
import { decodeCursor, encodeCursor, pageForContact } from '../../store/messages';
import type { ServiceDeps } from '../runtime/deps';
import { readContactRef } from '../contacts/phone-numbers';
import { threadContact } from '../contacts/thread-contact';

export const PAGE_SIZE = 50;
export const PAGE_SIZE_MAX = 200;

export async function openThread(deps: ServiceDeps, contactRef: string, options: { before?: string; limit?: number } = {}): Promise<ThreadView> {
  const identity = readContactRef(contactRef, deps.defaultCountry);
  const before = options.before ? decodeCursor(options.before) : null;
  if (options.before && !before) throw new DomainError('VALIDATION_FAILED', { field: 'before', reason: 'not a cursor from this API' });
  const now = deps.clock.now();

  // Read before the contact and the page: a change landing in between then
  // arrives twice (the panel merges it), never not at all.
  const resumeAfter = await deps.live.resumePoint(deps.db);
  // A number the business has not talked to yet gets its contact now, so the
  // panel can follow it live from the first customer message on.
  const known = await threadContact(deps.db, identity, deps.numbers, now);
  if (!known) throw new DomainError('NOT_FOUND', { contact: contactRef });

  const page = await pageForContact(deps.db, known.id, { before, limit: Math.min(options.limit ?? PAGE_SIZE, PAGE_SIZE_MAX) });
  // Read again after the page: a customer message recorded in between must not
  // show in the page while its contact (name, window) is still the older one.
  const contact = (await findContactById(deps.db, known.id)) ?? known;
  return {
    contact,
    messages: page.messages,
    earlier: page.earlier ? encodeCursor(page.earlier) : null,
    lastEventId: resumeAfter,
    serverNow: now,
  };
}
