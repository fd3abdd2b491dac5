/**
 * What the connector's /auth endpoints answer and the panel reads: one
 * definition, so the two cannot disagree.
 */
export type Role = 'agent' | 'admin';

export interface SignedInTeammate {
  id: number;
  name: string;
  email: string | null;
  role: Role;
  /** The signature customers see under this teammate's free-text replies, or null when off. */
  signature: string | null;
}

export interface SessionInfo {
  /** How the session started: the company's SSO, or a proof signed by a linked host. */
  via: 'sso' | 'host';
  host: string | null;
  hostUserId: string | null;
  /** The provider offers RP-initiated logout for this session (sign-out opens its page). */
  providerSignOut: boolean;
  /** The session ends for good at this time (epoch ms): then the teammate signs in again. */
  endsAt: number;
}

/** POST /auth/token, /auth/refresh, /auth/host-session and a completed attempt. */
export interface TokenResponse {
  accessToken: string;
  tokenType: 'Bearer';
  /** Seconds the access token lives (at most 900). */
  expiresIn: number;
  expiresAt: number;
  /** Single use: each renewal returns the next one. Kept in memory only. */
  refreshToken: string;
  refreshExpiresAt: number;
  teammate: SignedInTeammate;
  session: SessionInfo;
}

/**
 * POST /auth/attempts/{attempt}: the popup's result, for a panel that lost its
 * link to the popup. `confirm`: SSO succeeded, and the session comes with the
 * code the popup shows, typed into the panel (sign-in-confirmation.ts).
 */
export type AttemptPollResponse = { status: 'pending' } | { status: 'confirm'; digits: number; expiresAt: number } | ({ status: 'complete' } & TokenResponse);

/** The details of HOST_USER_NOT_LINKED: redeem the ticket with one SSO sign-in to store the link. */
export interface HostLinkRequired {
  host: string;
  hostUserId: string;
  linkTicket: string;
  expiresAt: number;
}

export interface HostLinkView {
  host: string;
  hostUserId: string;
  linkedAt: number;
}

/** GET /api/admin/teammates */
export interface TeammateView {
  id: number;
  name: string;
  email: string | null;
  role: Role;
  disabledAt: number | null;
  createdAt: number;
  lastSignInAt: number | null;
  hostLinks: HostLinkView[];
}
