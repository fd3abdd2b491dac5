/**
 * A tiny HTML template tag for the connector's few server-rendered pages
 * (sign-in popup, sandbox pages). Every interpolated value is escaped unless it
 * was itself produced by `html`, so a name from an identity provider or a
 * customer can never become markup.
 */
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (ch) => ESCAPES[ch] ?? ch);
}

function render(value: unknown): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(value);
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  return new SafeHtml(strings.reduce((out, s, i) => out + s + (i < values.length ? render(values[i]) : ''), ''));
}

/** JSON for an inline <script>: "<" is escaped so no value can close the script element. */
export function scriptJson(value: unknown): SafeHtml {
  return new SafeHtml(
    JSON.stringify(value)
      .replace(/</g, '\\u003c')
      .replace(/\u2028/g, '\\u2028')
      .replace(/\u2029/g, '\\u2029'),
  );
}

export function page(title: string, body: SafeHtml, options: { nonce?: string; script?: SafeHtml } = {}): string {
  const script = options.script ? html`<script nonce="${options.nonce ?? ''}">${options.script}</script>` : '';
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>
  body { font: 15px/1.5 system-ui, sans-serif; margin: 0; padding: 32px; color: #1b1f23; background: #f6f7f9; }
  main { max-width: 420px; margin: 0 auto; background: #fff; border-radius: 12px; padding: 24px; box-shadow: 0 1px 3px rgba(0,0,0,.12); }
  h1 { font-size: 20px; margin: 0 0 12px; }
  button { font: inherit; display: block; width: 100%; text-align: left; margin: 8px 0; padding: 12px 14px; border: 1px solid #d0d7de; border-radius: 8px; background: #fff; cursor: pointer; }
  button:hover, button:focus { border-color: #128c7e; outline: 2px solid #128c7e33; }
  .muted { color: #57606a; font-size: 13px; }
  .error { color: #b42318; }
  .code { font: 600 32px/1.2 ui-monospace, monospace; letter-spacing: .12em; margin: 12px 0; }
</style>
</head>
<body><main>${body}</main>${script}</body>
</html>`.value;
}
