/**
 * Connects one panel to the page's session for its connector: signing in (SSO
 * popup, or a proof from the host), waiting for a popup that lost its link,
 * cancelling, signing out, and saying why the panel is signed out.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { sessionFor, type PanelSession, type SignedOutReason } from '../api/session';
import { SignInError } from '../api/sign-in';
import type { HostProof } from '@domain/hosts';

export type { HostProof };

export class SessionController implements ReactiveController {
  session: PanelSession | null = null;
  busy = false;
  /** The popup can no longer be seen; sign-in may still finish there. */
  waiting = false;
  /** The last sign-in failure of this panel, with what to do. */
  notice: SignedOutReason | null = null;
  private unsubscribe: (() => void) | null = null;
  private abort: AbortController | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    /** Who is signed in changed: the panel reloads. */
    private readonly onChange: () => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    if (this.session && !this.unsubscribe) this.unsubscribe = this.session.subscribe(this.onChange);
  }

  hostDisconnected(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.abort?.abort();
  }

  use(connectorUrl: string): PanelSession {
    this.unsubscribe?.();
    this.session = sessionFor(connectorUrl);
    this.unsubscribe = this.session.subscribe(this.onChange);
    return this.session;
  }

  get signedIn(): boolean {
    return Boolean(this.session?.signedIn);
  }

  /** Why the panel is signed out: this panel's last failure, else the session's reason. */
  get reason(): SignedOutReason | null {
    return this.notice ?? this.session?.reason ?? null;
  }

  private update(): void {
    this.host.requestUpdate();
  }

  /** SSO in a popup (call from a click handler). */
  async signIn(): Promise<void> {
    if (!this.session || this.busy) return;
    this.busy = true;
    this.waiting = false;
    this.notice = null;
    this.abort = new AbortController();
    this.update();
    try {
      await this.session.signInWithPopup({
        signal: this.abort.signal,
        onWaiting: () => {
          this.waiting = true;
          this.update();
        },
      });
    } catch (error) {
      if (!(error instanceof SignInError && error.code === 'CANCELLED')) {
        this.notice = error instanceof SignInError ? { code: error.reason ?? error.code, message: error.message, action: error.action } : { code: 'INTERNAL', message: String(error) };
      }
    } finally {
      this.busy = false;
      this.waiting = false;
      this.abort = null;
      this.update();
    }
  }

  cancelSignIn(): void {
    this.abort?.abort();
  }

  async useHostProof(proof: HostProof): Promise<void> {
    if (!this.session || this.busy) return;
    this.busy = true;
    this.notice = null;
    this.update();
    try {
      await this.session.signInWithHostProof(proof.host, proof.proof);
    } finally {
      this.busy = false;
      this.update();
    }
  }

  async signOut(): Promise<void> {
    this.notice = null;
    await this.session?.signOut();
  }

  /** The connector refused this session: true when renewal saved it and the panel can reload. */
  async recover(code: string): Promise<boolean> {
    return this.session ? this.session.recover(code) : false;
  }
}
