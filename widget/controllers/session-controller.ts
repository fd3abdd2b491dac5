/**
 * Connects one panel to the page's session for its connector: signing in (SSO
 * popup, or a proof from the host), waiting for a popup that lost its link,
 * cancelling, signing out, and saying why the panel is signed out.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { sessionFor, type PanelSession, type SignedOutReason } from '../api/session';
import { SignInError, type ConfirmationRequest } from '../api/sign-in';
import type { HostProof } from '@domain/hosts';
import { normaliseConfirmationCode } from '@domain/sign-in-confirmation';

export type { HostProof };

export class SessionController implements ReactiveController {
  session: PanelSession | null = null;
  busy = false;
  /** The popup can no longer be seen; sign-in may still finish there. */
  waiting = false;
  /** The popup lost its link to this panel and shows a code: the panel asks for it. */
  confirmation: ConfirmationRequest | null = null;
  /** The typed code is being checked. */
  checkingCode = false;
  /** Why the last typed code was refused (a wrong code, with the tries left). */
  codeError: SignedOutReason | null = null;
  /** The last sign-in failure of this panel, with what to do. */
  notice: SignedOutReason | null = null;
  #unsubscribe: (() => void) | null = null;
  #abort: AbortController | null = null;

  readonly #host: ReactiveControllerHost;
  readonly #onChange: () => void;

  constructor(
    host: ReactiveControllerHost,
    /** Who is signed in changed: the panel reloads. */
    onChange: () => void,
  ) {
    this.#host = host;
    this.#onChange = onChange;
    host.addController(this);
  }

  hostConnected(): void {
    if (this.session && !this.#unsubscribe) this.#unsubscribe = this.session.subscribe(this.#onChange);
  }

  hostDisconnected(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = null;
    this.#abort?.abort();
  }

  use(connectorUrl: string): PanelSession {
    this.#unsubscribe?.();
    this.session = sessionFor(connectorUrl);
    this.#unsubscribe = this.session.subscribe(this.#onChange);
    return this.session;
  }

  get signedIn(): boolean {
    return Boolean(this.session?.signedIn);
  }

  /** Why the panel is signed out: this panel's last failure, else the session's reason. */
  get reason(): SignedOutReason | null {
    return this.notice ?? this.session?.reason ?? null;
  }

  #update(): void {
    this.#host.requestUpdate();
  }

  /** SSO in a popup (call from a click handler); true when this panel signed in. */
  async signIn(): Promise<boolean> {
    if (!this.session || this.busy) return false;
    this.busy = true;
    this.waiting = false;
    this.notice = null;
    this.#abort = new AbortController();
    this.#update();
    let signedIn = false;
    try {
      await this.session.signInWithPopup({
        signal: this.#abort.signal,
        onWaiting: () => {
          this.waiting = true;
          this.#update();
        },
        onConfirmationNeeded: (request) => {
          this.confirmation = request;
          this.#update();
        },
      });
      signedIn = true;
    } catch (error) {
      if (!(error instanceof SignInError && error.code === 'CANCELLED')) {
        this.notice =
          error instanceof SignInError
            ? { code: error.reason ?? error.code, message: error.message, action: error.action }
            : { code: 'INTERNAL', message: String(error) };
      }
    } finally {
      this.busy = false;
      this.waiting = false;
      this.confirmation = null;
      this.codeError = null;
      this.#abort = null;
      this.#update();
    }
    return signedIn;
  }

  /** The code the sign-in window shows, typed by the teammate. */
  async submitCode(typed: string): Promise<void> {
    if (!this.confirmation || this.checkingCode) return;
    const code = normaliseConfirmationCode(typed);
    // Not six digits: said at once, and no try of the attempt's few is used.
    if (!code) {
      this.codeError = { code: 'CODE_FORMAT' };
      this.#update();
      return;
    }
    this.checkingCode = true;
    this.codeError = null;
    this.#update();
    try {
      await this.confirmation.submit(code);
    } catch (error) {
      // A spent attempt ends the sign-in, which says why (notice); a wrong code is said here.
      if (error instanceof SignInError && error.reason === 'SIGN_IN_CODE_WRONG')
        this.codeError = { code: error.reason, message: error.message, action: error.action };
    } finally {
      this.checkingCode = false;
      this.#update();
    }
  }

  cancelSignIn(): void {
    this.#abort?.abort();
  }

  async useHostProof(proof: HostProof): Promise<void> {
    if (!this.session || this.busy) return;
    this.busy = true;
    this.notice = null;
    this.#update();
    try {
      await this.session.signInWithHostProof(proof.host, proof.proof);
    } finally {
      this.busy = false;
      this.#update();
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
