/**
 * The few pages the sign-in popup shows: its last page, which hands the
 * result to the panel, and the page the identity provider returns to after
 * signing out. Each runs one inline script under a per-response CSP nonce.
 */
import type express from 'express';
import { randomToken } from '../../auth/secrets';
import { html, page, scriptJson, type SafeHtml } from '../html';

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
 * only, and closes. When a provider page cut the link to the panel (COOP),
 * there is no opener: the panel learns the result by polling, so the page
 * only says it is done and tries to close.
 */
export function finishPage(res: express.Response, status: number, title: string, body: SafeHtml, message: unknown, origin: string | null): void {
  const nonce = randomToken(16);
  pageHeaders(res, nonce);
  const script = html`(function () {
    var result = ${scriptJson({ message, origin })};
    var hint = document.getElementById('manual');
    if (result.origin && window.opener) {
      window.opener.postMessage(result.message, result.origin);
    } else if (hint) {
      hint.hidden = false;
    }
    if (result.origin) setTimeout(function () { window.close(); }, 300);
  })();`;
  res.status(status).type('html').send(page(title, body, { nonce, script }));
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
