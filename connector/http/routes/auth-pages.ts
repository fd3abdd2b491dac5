/**
 * The few pages the sign-in popup shows: its last page, which hands the
 * result to the panel, and the page the identity provider returns to after
 * signing out. Each runs one inline script under a per-response CSP nonce.
 */
import type express from 'express';
import { CONFIRMATION_TTL_MS, displayConfirmationCode } from '@domain/sign-in-confirmation';
import { randomToken } from '../../auth/secrets';
import { html, page, scriptJson, type SafeHtml } from '../../web/html';

export const SIGN_IN_MESSAGE = 'go2msg:sign-in';
export const SIGN_IN_ERROR_MESSAGE = 'go2msg:sign-in-error';

function pageHeaders(res: express.Response, nonce: string): void {
  res.setHeader(
    'content-security-policy',
    `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'`,
  );
  res.setHeader('cache-control', 'no-store');
  res.setHeader('referrer-policy', 'no-referrer');
}

/**
 * The popup's last page: posts the result to the panel, to its exact origin
 * only, and closes. When there is no opener (a provider page cut the link to
 * the panel with COOP, or the link was opened from somewhere else, say an
 * email), it posts nothing: a success shows the confirmation code instead
 * (`confirmationBlock`), and the page stays open so it can be read.
 */
export function finishPage(res: express.Response, status: number, title: string, body: SafeHtml, message: unknown, origin: string | null): void {
  const nonce = randomToken(16);
  pageHeaders(res, nonce);
  const script = html`(function () {
    var result = ${scriptJson({ message, origin })};
    var confirm = document.getElementById('confirm');
    if (result.origin && window.opener) {
      window.opener.postMessage(result.message, result.origin);
      setTimeout(function () { window.close(); }, 300);
    } else if (confirm) {
      confirm.hidden = false;
    }
  })();`;
  res
    .status(status)
    .type('html')
    .send(page(title, body, { nonce, script }));
}

/**
 * What a completion page without an opener shows: the code to type into the
 * waiting panel, which page asked, and where never to type it, so that a
 * teammate who opened someone else's sign-in link does not hand them the
 * session (issue 11 §1; docs/ARCHITECTURE.md, sign-in).
 */
export function confirmationBlock(code: string, origin: string): SafeHtml {
  const minutes = Math.round(CONFIRMATION_TTL_MS / 60_000);
  return html`<div id="confirm" hidden>
    <p>To finish, type this code into the go2msg panel where you clicked <strong>Sign in</strong>:</p>
    <p class="code" data-confirmation-code="${code}" aria-label="${code.split('').join(' ')}">${displayConfirmationCode(code)}</p>
    <p>That panel is on <strong>${origin}</strong>. Type the code only into the go2msg panel where you clicked Sign in, on that page: never into another page or window, and never tell it to anyone, not even your admin.</p>
    <p class="muted">If you did not just click Sign in on that page, close this window: someone may be trying to use your account. The code works for ${minutes} minutes and a few tries.</p>
  </div>`;
}

/** Where the identity provider sends the browser after RP-initiated logout. */
export function signedOutPage(res: express.Response): void {
  const nonce = randomToken(16);
  pageHeaders(res, nonce);
  const script = html`setTimeout(function () { window.close(); }, 1200);`;
  res
    .status(200)
    .type('html')
    .send(
      page(
        'Signed out',
        html`<h1>Signed out</h1><p>You are signed out of go2msg and of your company account.</p><p class="muted">You can close this window.</p>`,
        { nonce, script },
      ),
    );
}
