/**
 * The signed-in teammate for one connector, shared by every panel on the page,
 * kept in memory only: nothing is written to the host page's storage, where
 * the host's own scripts could read it.
 *
 * The bearer token lives at most 15 minutes; before it ends, the session trades
 * its single-use refresh token for a new pair, so an agent works a whole shift
 * without signing in again. A session the connector ends (sign-out elsewhere,
 * an admin disabling the teammate) says why, and every panel shows it.
 */
import { hostLabel } from '@domain/attribution';
import type { HostLinkRequired, SessionInfo, SignedInTeammate, TokenResponse } from '@domain/sign-in';
import { ConnectorClient } from './connector-client';
import { ApiError } from './errors';
import { signInWithPopup, SignInError, type PopupSignInOptions } from './sign-in';

type Listener = () => void;

/**
 * Why the panel shows the sign-in screen instead of the thread: a code the
 * panel words itself (TEAMMATE_DISABLED, UNAUTHENTICATED), or the connector's
 * own message and action.
 */
export interface SignedOutReason {
  code: string;
  message?: string;
  action?: string;
}

/** Renew when this share of the bearer token's life has passed. */
const RENEW_AT = 0.8;
const RETRY_RENEWAL_MS = 10_000;

export class PanelSession {
  readonly client: ConnectorClient;
  /** Why the last session ended, or why a host's sign-in did not work; null once signed in. */
  reason: SignedOutReason | null = null;
  /**
   * Someone signed out of this connector on this page: until the next sign-in,
   * the provider is asked who is signing in, since its own session may have
   * outlived ours (its sign-out page closed unconfirmed) and would otherwise
   * sign the same person straight back in.
   */
  signedOutHere = false;
  /** A host vouched for a user that is not linked yet: the next SSO sign-in links it. */
  pendingLink: (HostLinkRequired & { label: string }) | null = null;
  #issued: TokenResponse | null = null;
  readonly #listeners = new Set<Listener>();
  #renewTimer: ReturnType<typeof setTimeout> | null = null;
  #renewing: Promise<boolean> | null = null;

  constructor(baseUrl: string) {
    this.client = new ConnectorClient(
      baseUrl.replace(/\/+$/, ''),
      () => this.token,
      () => this.renew(),
    );
  }

  get token(): string | null {
    return this.#issued && this.#issued.expiresAt > Date.now() ? this.#issued.accessToken : null;
  }

  /** Signed in: a live bearer token, or a refresh token to get one. */
  get signedIn(): boolean {
    return this.#issued !== null && (this.#issued.expiresAt > Date.now() || this.#issued.refreshExpiresAt > Date.now());
  }

  get teammate(): SignedInTeammate | null {
    return this.signedIn ? this.#issued!.teammate : null;
  }

  get info(): SessionInfo | null {
    return this.signedIn ? this.#issued!.session : null;
  }

  /** Sets (or clears) the session. Panels reload only when who is signed in changes, not on renewal. */
  set(issued: TokenResponse | null, reason: SignedOutReason | null = null): void {
    const before = this.#issued?.teammate.id ?? null;
    this.#issued = issued;
    this.reason = issued ? null : reason;
    if (issued) {
      this.pendingLink = null;
      this.signedOutHere = false;
    }
    this.#schedule();
    if ((issued?.teammate.id ?? null) !== before || !issued) this.#emit();
  }

  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #emit(): void {
    for (const listener of this.#listeners) listener();
  }

  #schedule(): void {
    if (this.#renewTimer) clearTimeout(this.#renewTimer);
    this.#renewTimer = null;
    if (!this.#issued?.refreshToken) return;
    const delay = Math.max(1_000, (this.#issued.expiresAt - Date.now()) * RENEW_AT);
    this.#renewTimer = setTimeout(() => void this.renew(), delay);
  }

  /** Trades the refresh token for a new pair; one renewal at a time, shared by every caller. */
  renew(): Promise<boolean> {
    const refreshToken = this.#issued?.refreshToken;
    if (!refreshToken) return Promise.resolve(false);
    this.#renewing ??= (async () => {
      try {
        const next = await this.client.refresh(refreshToken);
        // Signed out (or someone else signed in) meanwhile: this answer is stale.
        if (this.#issued?.refreshToken !== refreshToken) return false;
        this.#issued = next;
        this.#schedule();
        return true;
      } catch (error) {
        // Signed out (or signed in again) meanwhile: the refusal is about a session that is already gone,
        // and must not turn a deliberate sign-out into "your session ended".
        if (this.#issued?.refreshToken !== refreshToken) return false;
        if (error instanceof ApiError && error.code !== 'NETWORK' && error.status < 500) {
          this.end(error.code);
          return false;
        }
        // The connector is unreachable for now: try again soon, while the refresh token lasts.
        if (this.#renewTimer) clearTimeout(this.#renewTimer);
        this.#renewTimer = setTimeout(() => void this.renew(), RETRY_RENEWAL_MS);
        return false;
      } finally {
        this.#renewing = null;
      }
    })();
    return this.#renewing;
  }

  /**
   * The connector refused this session (an API call or the live stream): an
   * ended bearer token is renewed if it can be; otherwise the session ends,
   * saying why. True when the panel can carry on.
   */
  async recover(code: string): Promise<boolean> {
    if (code === 'UNAUTHENTICATED' && (await this.renew())) return true;
    if (this.#issued) this.end(code);
    return false;
  }

  end(code: string): void {
    this.set(null, { code: code === 'TEAMMATE_DISABLED' ? code : 'UNAUTHENTICATED' });
  }

  /** SSO in a popup; links the pending host user, if any. Call from a click handler. */
  async signInWithPopup(options: Omit<PopupSignInOptions, 'linkTicket'> = {}): Promise<void> {
    const ticket = this.pendingLink && this.pendingLink.expiresAt > Date.now() ? this.pendingLink.linkTicket : undefined;
    this.set(await signInWithPopup(this.client, { ...options, linkTicket: ticket, chooseAccount: this.signedOutHere }));
  }

  /**
   * Sign-in vouched for by the host the panel runs in. A user the connector
   * does not know yet is asked to link once through SSO ('link-required').
   */
  async signInWithHostProof(host: string, proof: string): Promise<'signed-in' | 'link-required' | 'refused'> {
    try {
      this.set(await this.client.hostSession(host, proof));
      return 'signed-in';
    } catch (error) {
      const e = error instanceof ApiError ? error : ApiError.network();
      if (e.code === 'HOST_USER_NOT_LINKED' && e.details) {
        const details = e.details as unknown as HostLinkRequired;
        this.pendingLink = { ...details, label: hostLabel(details.host) };
        this.reason = null;
        this.#emit();
        return 'link-required';
      }
      this.reason = { code: e.code, message: e.message, action: e.action };
      this.#emit();
      return 'refused';
    }
  }

  /**
   * Ends the session here and at the connector, and the identity provider's
   * session too when it offers that: its sign-out page opens in a popup,
   * opened before any await so the click still counts as a user gesture.
   */
  async signOut(): Promise<void> {
    const popup = this.info?.providerSignOut ? window.open('', 'go2msg-sign-out', 'popup,width=480,height=600') : null;
    let endSessionUrl: string | null = null;
    try {
      ({ endSessionUrl } = await this.client.logout());
    } catch {
      // The tokens end on their own within minutes; the panel forgets them now either way.
    }
    if (popup) {
      if (endSessionUrl) popup.location.href = endSessionUrl;
      else popup.close();
    }
    this.signedOutHere = true;
    this.set(null);
  }
}

const sessions = new Map<string, PanelSession>();

/** One session per connector origin, so two panels on a page sign in once. */
export function sessionFor(connectorUrl: string): PanelSession {
  const key = new URL(connectorUrl).origin;
  let session = sessions.get(key);
  if (!session) {
    session = new PanelSession(connectorUrl);
    sessions.set(key, session);
  }
  return session;
}

/**
 * For host adapters: sign in with a proof the host signed for its current user
 * (a Zendesk signed-URL token, a Salesforce Canvas signed_request, an in-house
 * CRM's JWT). Every panel of that connector on the page follows.
 */
export function signInWithHostProof(connectorUrl: string, proof: { host: string; proof: string }): Promise<'signed-in' | 'link-required' | 'refused'> {
  return sessionFor(connectorUrl).signInWithHostProof(proof.host, proof.proof);
}

export { SignInError };
