/**
 * The panel's signed-out screen: Sign in, the wait for the popup, the code a
 * popup without its link to the panel shows (issue 11 §1), and why the panel
 * is signed out. Also where keyboard focus goes as a sign-in moves on, since
 * the control that had it (Sign in, Cancel) disappears each time.
 */
import { html, nothing } from 'lit';
import type { SessionController } from '../../controllers/session-controller';
import type { Explainable } from '../../i18n/error-catalog';
import { format, type Strings } from '../../i18n/strings';

export interface SignInView {
  t: Strings;
  auth: SessionController;
  /** The host whose user is linked by this sign-in ("crm.acme.example"), or null. */
  linkLabel: string | null;
  onSignIn: () => void;
  /** Why a sign-in was refused, in the panel's language (codes of the error vocabulary; others as the connector said). */
  describe: (error: Explainable) => string;
}

type CodeStrings = Pick<Strings, 'codePrompt' | 'codeLabel' | 'codeSubmit' | 'codeChecking' | 'codeFormat' | 'cancel'>;

/** The field for the code a popup without its link to the panel shows; the admin elements use it too. */
export function codeEntry(t: CodeStrings, auth: SessionController) {
  const digits = auth.confirmation!.digits;
  const error = auth.codeError;
  const submit = (event: Event) => {
    event.preventDefault();
    const input = (event.currentTarget as HTMLFormElement).elements.namedItem('code') as HTMLInputElement;
    void auth.submitCode(input.value).then(() => {
      // Retyping replaces a refused code at once.
      if (auth.codeError) input.select();
    });
  };
  return html`<form class="code-entry" novalidate @submit=${submit}>
    <p id="code-prompt">${format(t.codePrompt, { digits })}</p>
    <label for="signin-code">${t.codeLabel}</label>
    <input
      id="signin-code"
      name="code"
      inputmode="numeric"
      autocomplete="one-time-code"
      spellcheck="false"
      maxlength=${digits + 3}
      aria-describedby=${error ? 'code-prompt code-error' : 'code-prompt'}
      aria-invalid=${error ? 'true' : 'false'}
      ?readonly=${auth.checkingCode}
    />
    <button type="submit" aria-disabled=${auth.checkingCode ? 'true' : 'false'}>${auth.checkingCode ? t.codeChecking : t.codeSubmit}</button>
    <button class="link" type="button" @click=${() => auth.cancelSignIn()}>${t.cancel}</button>
    ${
      error
        ? html`<p id="code-error" class="error" role="alert" data-code=${error.code}>
          ${error.code === 'CODE_FORMAT' ? format(t.codeFormat, { digits }) : `${error.message ?? ''} ${error.action ?? ''}`}
        </p>`
        : nothing
    }
  </form>`;
}

export function signInView(v: SignInView) {
  const { t, auth } = v;
  const reason = auth.reason;
  const said = reason
    ? reason.message
      ? v.describe({ ...reason, message: reason.message })
      : `${reason.code === 'TEAMMATE_DISABLED' ? t.disabled : t.signedOut} ${reason.action ?? ''}`
    : null;
  const step = auth.confirmation
    ? codeEntry(t, auth)
    : auth.waiting
      ? html`<p role="status">${t.waitingForSignIn}</p><button class="link" type="button" @click=${() => auth.cancelSignIn()}>${t.cancel}</button>`
      : html`<button class="sign-in" type="button" ?disabled=${auth.busy} @click=${v.onSignIn}>${auth.busy ? t.signingIn : t.signIn}</button>`;
  // Said after a sign-out here, so whoever clicks Sign in next knows they will be asked who they are.
  const switching = auth.session?.signedOutHere && !reason && !auth.busy ? html`<p class="switching" role="status">${t.signedOutSwitch}</p>` : nothing;
  return html`<div class="signin">
    <p>${v.linkLabel ? format(t.linkPrompt, { host: v.linkLabel }) : t.signInPrompt}</p>
    ${switching} ${step} ${said ? html`<p class="error" role="alert" data-code=${reason!.code}>${said}</p>` : nothing}
  </div>`;
}

type FocusGoal = 'code' | 'sign-in' | 'thread';

/**
 * Moves focus, after a render, to where the teammate's next step is: the code
 * field when it appears, the first thing to do in the thread after signing in
 * (the reply box, else the composer's first control), Sign in again after a
 * failure, a cancel or a sign-out. Without it focus falls to the host page's
 * body and a keyboard user starts over from the top of the page.
 */
export class SignInFocus {
  #goal: FocusGoal | null = null;
  #askedFor: unknown = null;

  /** A sign-in started from this panel ended. */
  signInEnded(signedIn: boolean): void {
    this.#goal = signedIn ? 'thread' : 'sign-in';
  }

  signedOut(): void {
    this.#goal = 'sign-in';
  }

  /** Call after every render; `threadSettled` is false while the thread is still loading. */
  apply(root: ParentNode, auth: SessionController, threadSettled: boolean): void {
    if (auth.confirmation && auth.confirmation !== this.#askedFor) {
      this.#askedFor = auth.confirmation;
      this.#goal = 'code';
    }
    if (!this.#goal) return;
    const target = this.#target(root, threadSettled);
    if (!target) return;
    target.focus();
    this.#goal = null;
  }

  #target(root: ParentNode, threadSettled: boolean): HTMLElement | null {
    const find = (selector: string) => root.querySelector<HTMLElement>(selector);
    switch (this.#goal) {
      case 'code':
        return find('#signin-code');
      case 'sign-in':
        return find('.signin button.sign-in:not([disabled])');
      case 'thread':
        if (!threadSettled) return null;
        return find('#draft:not([disabled])') ?? find('.composer button:not([disabled])') ?? find('.signin button') ?? find('header .account button');
      default:
        return null;
    }
  }
}
