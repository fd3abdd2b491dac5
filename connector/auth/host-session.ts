/**
 * Sign-in vouched for by a host (POST /auth/host-session): the host's signed
 * proof names its user; the link made once through SSO names the teammate.
 * An unlinked host user gets HOST_USER_NOT_LINKED with a ticket; the panel
 * signs in through SSO once, redeeming the ticket, and the link is stored.
 */
import { DomainError } from '@domain/errors';
import type { HostLinkRequired, TokenResponse } from '@domain/sign-in';
import { appendAudit } from '../store/audit-writer';
import { findHostLink, insertLinkTicket } from '../store/host-links';
import { findTeammate } from '../store/teammates';
import type { HostProofs } from './host-proofs/index';
import { randomToken, sha256Hex } from './secrets';
import { startSession, type SignInDeps } from './sessions';

export const LINK_TICKET_TTL_MS = 10 * 60_000;

export async function startHostSession(
  deps: SignInDeps,
  proofs: HostProofs,
  input: { host: string; proof: string; origin: string | null },
): Promise<TokenResponse> {
  const now = deps.wallClock.now();
  const identity = await proofs.verify(input.host, input.proof, now);
  const link = await findHostLink(deps.db, identity.host, identity.hostUserId);
  if (!link) {
    const linkTicket = randomToken();
    const expiresAt = now + LINK_TICKET_TTL_MS;
    await insertLinkTicket(deps.db, {
      ticketHash: sha256Hex(linkTicket),
      host: identity.host,
      hostUserId: identity.hostUserId,
      email: identity.email,
      now,
      expiresAt,
    });
    const details: HostLinkRequired = { host: identity.host, hostUserId: identity.hostUserId, linkTicket, expiresAt };
    throw new DomainError('HOST_USER_NOT_LINKED', { ...details });
  }
  const teammate = await findTeammate(deps.db, link.teammateId);
  if (!teammate) throw new DomainError('UNAUTHENTICATED', { reason: 'unknown teammate' });
  if (teammate.disabledAt !== null) throw new DomainError('TEAMMATE_DISABLED');
  return deps.db.transaction(async (trx) => {
    const issued = await startSession(deps, trx, { teammate, via: 'host', host: identity.host, hostUserId: identity.hostUserId, idToken: null });
    await appendAudit(trx, {
      at: now,
      action: 'teammate.sign_in',
      teammateId: teammate.id,
      host: identity.host,
      hostUserId: identity.hostUserId,
      details: { via: 'host', host: identity.host, hostUserId: identity.hostUserId, origin: input.origin },
    });
    return issued;
  });
}
