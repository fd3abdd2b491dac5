/**
 * The pages the connector serves inside a host's frame: the Zendesk sidebar
 * app, the Salesforce Canvas page, the HubSpot modal and the script-tag
 * embed's frame. Each is the same shell: one module script from
 * /widget/adapters/, a JSON boot block it reads (a data block, never run),
 * and a policy that lets exactly the configured hosts frame it.
 *
 * No inline script runs; the shell's few styles carry a per-response nonce.
 */
import type { AdapterBoot } from '@domain/hosts';
import type express from 'express';
import { randomToken } from '../../auth/secrets';
import { html, scriptJson } from '../../web/html';

export function adapterPolicy(frameAncestors: string[], nonce: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "connect-src 'self'",
    "img-src 'self' blob: https:",
    'media-src blob:',
    `style-src 'nonce-${nonce}'`,
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${frameAncestors.length ? frameAncestors.join(' ') : "'none'"}`,
  ].join('; ');
}

export function sendAdapterPage(
  res: express.Response,
  page: { status?: number; title: string; script: string; boot: AdapterBoot; frameAncestors: string[] },
): void {
  const nonce = randomToken(16);
  res.setHeader('content-security-policy', adapterPolicy(page.frameAncestors, nonce));
  res.setHeader('cache-control', 'no-store');
  // The page holds a host's proof: it must not leak to other sites through the Referer header.
  res.setHeader('referrer-policy', 'no-referrer');
  res.setHeader('x-content-type-options', 'nosniff');
  // Helmet's X-Frame-Options would forbid what frame-ancestors allows; CSP wins in every current browser, but be explicit.
  res.removeHeader('x-frame-options');
  res
    .status(page.status ?? 200)
    .type('html')
    .send(
      html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title}</title>
<style nonce="${nonce}">
  html, body { margin: 0; height: 100%; background: transparent; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2328; }
  #go2msg-root { display: flex; flex-direction: column; height: 100%; }
  #go2msg-root go2msg-thread { flex: 1; min-height: 0; }
  .go2msg-bar { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; padding: 6px 8px; font-size: 13px; }
  .go2msg-bar select, .go2msg-bar button { font: inherit; padding: 4px 8px; border: 1px solid #c8ced6; border-radius: 6px; background: #fff; color: inherit; }
  .go2msg-bar button:disabled { opacity: .6; }
  .go2msg-note { color: #57606a; }
  .go2msg-error { color: #b42318; padding: 12px; }
</style>
<script type="application/json" id="go2msg-boot">${scriptJson(page.boot)}</script>
<script type="module" src="${page.script}"></script>
</head>
<body><div id="go2msg-root"></div></body>
</html>`.value,
    );
}

/** A host page refused outright (a Canvas request that is not Salesforce's): no panel, the reason and what to do. */
export function sendAdapterRefusal(res: express.Response, status: number, frameAncestors: string[], message: string, action: string): void {
  const nonce = randomToken(16);
  res.setHeader('content-security-policy', adapterPolicy(frameAncestors, nonce));
  res.setHeader('cache-control', 'no-store');
  res.removeHeader('x-frame-options');
  res
    .status(status)
    .type('html')
    .send(
      html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>go2msg</title></head>
<body><p class="go2msg-error" role="alert">${message}</p><p>${action}</p></body></html>`.value,
    );
}
