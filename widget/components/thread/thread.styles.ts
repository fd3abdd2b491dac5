import { css } from 'lit';

/**
 * Everything stays inside the shadow root. Inherited host styles are reset on
 * :host, and again on the inner .panel: the host page's own rules on the element
 * win over :host when they are !important (`go2msg-thread { font-size: 40px
 * !important }`, or `* {…}`), and inherited properties flow through the shadow
 * boundary. `all: initial` there spares custom properties (so --go2msg-* still
 * theme the panel) and direction (the section's dir="ltr" fixes that). (Comments
 * inside css`` ship in the bundle, so they stay out here.) Only the log gives up
 * height: the header and the composer keep their natural size in any frame. The panel is themed only through these documented custom properties
 * (each has a light and a dark default) and through ::part():
 *   --go2msg-font, --go2msg-bg, --go2msg-fg, --go2msg-muted, --go2msg-border,
 *   --go2msg-accent, --go2msg-accent-fg, --go2msg-bubble-in, --go2msg-bubble-out,
 *   --go2msg-log-bg, --go2msg-danger, --go2msg-warning, --go2msg-radius.
 * Dark: `theme="dark"`, or `prefers-color-scheme: dark` unless `theme="light"`.
 * No style attribute is ever written (a strict host CSP forbids inline styles);
 * Lit adopts these rules as a constructable stylesheet, which CSP allows.
 */
const dark = css`
  --_bg: var(--go2msg-bg, #111b21);
  --_fg: var(--go2msg-fg, #e9edef);
  --_muted: var(--go2msg-muted, #aebac1);
  --_muted-out: var(--go2msg-muted, #c4d8d3);
  --_border: var(--go2msg-border, #2a3942);
  --_accent: var(--go2msg-accent, #00a884);
  --_link: var(--go2msg-accent, #95eed5);
  --_accent-fg: var(--go2msg-accent-fg, #111b21);
  --_in: var(--go2msg-bubble-in, #202c33);
  --_out: var(--go2msg-bubble-out, #005c4b);
  --_log-bg: var(--go2msg-log-bg, #0b141a);
  --_danger: var(--go2msg-danger, #f15c6d);
  --_danger-out: var(--go2msg-danger, #ffb3bd);
  --_warning: var(--go2msg-warning, #ffd279);
  --_field: #2a3942;
  --_soft: rgba(255, 255, 255, 0.06);
  --_ok-bg: #0a3d2e;
  --_ok-fg: #7ae3c3;
  --_soon-bg: #4d3b00;
  --_soon-fg: #ffd279;
  --_closed-bg: #4a1c22;
  --_closed-fg: #ffb3bd;
  color-scheme: dark;
  --_scheme: dark;
`;

export const threadStyles = css`
  :host {
    all: initial;
    display: block;
    height: 100%;
    min-height: 360px;
    --_bg: var(--go2msg-bg, #ffffff);
    --_fg: var(--go2msg-fg, #111b21);
    --_muted: var(--go2msg-muted, #54656f);
    --_muted-out: var(--_muted);
    --_border: var(--go2msg-border, #d1d7db);
    --_accent: var(--go2msg-accent, #008069);
    --_link: var(--go2msg-accent, #006e5a);
    --_accent-fg: var(--go2msg-accent-fg, #ffffff);
    --_in: var(--go2msg-bubble-in, #ffffff);
    --_out: var(--go2msg-bubble-out, #d9fdd3);
    --_log-bg: var(--go2msg-log-bg, #efeae2);
    --_danger: var(--go2msg-danger, #b42318);
    --_danger-out: var(--_danger);
    --_warning: var(--go2msg-warning, #7a4d00);
    --_radius: var(--go2msg-radius, 10px);
    --_field: #ffffff;
    --_soft: rgba(11, 20, 26, 0.05);
    --_ok-bg: #d9fdd3;
    --_ok-fg: #0b5d1e;
    --_soon-bg: #fff4ce;
    --_soon-fg: #7a4d00;
    --_closed-bg: #fde8e8;
    --_closed-fg: #8a1c1c;
    color-scheme: light;
    --_scheme: light;
    color: var(--_fg);
  }
  :host([theme='dark']) { ${dark} }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) { ${dark} }
  }
  :host([hidden]) { display: none; }
  * { box-sizing: border-box; }
  .panel { all: initial; font: 14px/1.45 var(--go2msg-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif); color-scheme: var(--_scheme); }
  .panel { position: relative; display: flex; flex-direction: column; height: 100%; background: var(--_bg); color: var(--_fg); border-radius: var(--_radius); overflow: hidden; border: 1px solid var(--_border); }
  header { flex: none; display: flex; flex-wrap: wrap; align-items: center; gap: 6px 10px; padding: 10px 12px; border-bottom: 1px solid var(--_border); }
  .who { flex: 1 1 auto; min-width: 0; }
  .who strong { display: block; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
  .who span { color: var(--_muted); font-size: 12px; }
  .window { display: flex; flex-direction: column; align-items: flex-end; gap: 1px; }
  .badge { font-size: 12px; font-weight: 600; padding: 3px 8px; border-radius: 999px; white-space: nowrap; }
  .badge[data-state='open'] { background: var(--_ok-bg); color: var(--_ok-fg); }
  .badge[data-state='closing_soon'] { background: var(--_soon-bg); color: var(--_soon-fg); }
  .badge[data-state='closed'], .badge[data-state='never_opened'] { background: var(--_closed-bg); color: var(--_closed-fg); }
  .expiry { font-size: 11px; color: var(--_muted); }
  .business { width: 100%; display: flex; flex-wrap: wrap; align-items: center; gap: 4px 8px; font-size: 12px; color: var(--_muted); }
  .avatar { width: 20px; height: 20px; border-radius: 50%; object-fit: cover; }
  .verified { color: var(--_link); font-weight: 700; }
  .health { padding: 1px 6px; border-radius: 999px; background: var(--_soft); }
  .health[data-quality='RED'] { color: var(--_danger); font-weight: 600; }
  .health[data-quality='YELLOW'] { color: var(--_warning); font-weight: 600; }
  .account, .owner-line { width: 100%; display: flex; justify-content: space-between; gap: 8px; color: var(--_muted); font-size: 12px; }
  .connection[data-state='reconnecting'] { color: var(--_danger); font-weight: 600; }
  .scroll { flex: 1 1 0; min-height: 0; overflow-y: auto; background: var(--_log-bg); padding: 8px 12px 12px; }
  .log { margin: 0; padding: 0; list-style: none; display: flex; flex-direction: column; gap: 6px; }
  .log[data-virtual='true'] { display: block; }
  .log[data-virtual='true'] > .msg { margin-bottom: 6px; max-width: 82%; }
  .log[data-virtual='true'] > .msg.out { margin-left: auto; }
  .log.pending { margin-top: 6px; }
  .day { align-self: center; margin: 4px 0; padding: 3px 10px; border-radius: 8px; background: var(--_bg); color: var(--_muted); font-size: 12px; box-shadow: 0 1px 0.5px rgba(11, 20, 26, 0.13); }
  .earlier { text-align: center; margin: 0 0 8px; font-size: 12px; color: var(--_muted); }
  .empty { margin: auto; color: var(--_muted); list-style: none; }
  .msg { position: relative; max-width: 82%; padding: 6px 9px 4px; border-radius: 8px; background: var(--_in); box-shadow: 0 1px 0.5px rgba(11, 20, 26, 0.13); align-self: flex-start; outline-offset: 2px; }
  .msg.out { background: var(--_out); align-self: flex-end; --_muted: var(--_muted-out); --_danger: var(--_danger-out); }
  .msg:focus-visible { outline: 2px solid var(--_accent); }
  .msg .text { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
  .msg .placeholder { margin: 0; font-style: italic; color: var(--_muted); }
  .forwarded { margin: 0 0 2px; font-size: 12px; font-style: italic; color: var(--_muted); }
  .referral { display: grid; gap: 2px; margin-bottom: 4px; padding: 6px 8px; border-radius: 6px; background: var(--_soft); font-size: 12px; overflow-wrap: anywhere; }
  .ref-label { color: var(--_muted); text-transform: uppercase; font-size: 10px; letter-spacing: 0.04em; }
  .quote { margin: 0 0 4px; padding: 4px 8px; border-left: 3px solid var(--_accent); border-radius: 4px; background: var(--_soft); display: grid; font-size: 12px; }
  .quote-who { font-weight: 600; color: var(--_link); }
  .quote-text { color: var(--_muted); white-space: pre-wrap; overflow: hidden; display: -webkit-box; -webkit-line-clamp: 3; -webkit-box-orient: vertical; overflow-wrap: anywhere; }
  .thumb { display: block; padding: 0; border: 0; background: none; cursor: zoom-in; border-radius: 6px; overflow: hidden; max-width: 260px; }
  .thumb img, .sticker img { display: block; max-width: 100%; max-height: 240px; object-fit: cover; }
  .sticker img { max-width: 140px; }
  .media-wait, .media-note { display: block; padding: 14px; min-width: 160px; text-align: center; font-size: 12px; color: var(--_muted); background: var(--_soft); border-radius: 6px; margin: 0 0 4px; }
  .media-note.failed { color: var(--_danger); }
  .video { display: block; max-width: 280px; max-height: 240px; border-radius: 6px; }
  .play { background: var(--_soft); color: var(--_fg); font-weight: 500; }
  .audio { display: grid; gap: 4px; min-width: 220px; }
  .audio audio { width: 100%; height: 36px; }
  .audio-label { font-size: 12px; color: var(--_muted); }
  .doc { display: flex; align-items: center; gap: 8px; padding: 8px; border-radius: 6px; background: var(--_soft); min-width: 220px; margin-bottom: 4px; }
  .doc-icon { font-size: 22px; }
  .doc-text { display: grid; flex: 1 1 auto; min-width: 0; }
  .doc-name { font-weight: 600; overflow-wrap: anywhere; }
  .doc-size { font-size: 11px; color: var(--_muted); }
  .location, .card { display: grid; gap: 2px; padding: 8px; border-radius: 6px; background: var(--_soft); min-width: 200px; margin-bottom: 4px; overflow-wrap: anywhere; }
  .loc-title, .card-name { font-weight: 600; }
  .loc-address, .card-line { font-size: 12px; color: var(--_muted); }
  a { color: var(--_link); }
  .tpl-header { margin: 0 0 4px; font-weight: 700; }
  .tpl-footer { margin: 4px 0 0; font-size: 12px; color: var(--_muted); }
  .choice { margin: 0; }
  .choice-label { font-size: 12px; color: var(--_muted); }
  .choice .text { display: inline; font-weight: 600; }
  .offered { list-style: none; margin: 6px 0 0; padding: 0; display: grid; gap: 4px; }
  .offered li { text-align: center; padding: 5px; border-radius: 6px; background: var(--_soft); color: var(--_link); font-weight: 600; font-size: 13px; }
  .meta { display: flex; justify-content: flex-end; align-items: center; gap: 6px; font-size: 11px; color: var(--_muted); margin-top: 2px; }
  .sender { font-weight: 600; }
  .channel { border: 1px solid currentColor; border-radius: 4px; padding: 0 4px; font-size: 10px; letter-spacing: 0.04em; }
  .glyph { display: block; fill: none; stroke: currentColor; stroke-width: 2; stroke-linecap: round; stroke-linejoin: round; }
  .ticks { flex: none; fill: none; stroke: currentColor; stroke-width: 1.5; stroke-linecap: round; stroke-linejoin: round; }
  .ticks[data-status='read'], .ticks[data-status='played'] { color: #53bdeb; }
  .ticks[data-status='failed'] { color: var(--_danger); font-weight: 700; font-size: 13px; }
  .failure { margin: 4px 0 0; font-size: 12px; color: var(--_danger); }
  .reactions { list-style: none; display: flex; gap: 2px; margin: 2px 0 -2px; padding: 1px 4px; width: fit-content; border-radius: 999px; background: var(--_bg); box-shadow: 0 1px 2px rgba(11, 20, 26, 0.2); font-size: 13px; }
  .actions { display: flex; gap: 4px; justify-content: flex-end; height: 0; overflow: hidden; }
  .msg:hover .actions, .msg:focus-within .actions, .msg:focus .actions, .msg[data-status='failed'] .actions { height: auto; margin-top: 4px; }
  .act { font-size: 11px; padding: 2px 8px; background: var(--_soft); color: var(--_fg); font-weight: 500; }
  .picker { display: flex; flex-wrap: wrap; align-items: center; gap: 2px; margin-top: 4px; padding: 4px; border-radius: 999px; background: var(--_bg); box-shadow: 0 1px 3px rgba(11, 20, 26, 0.25); }
  .emoji { background: none; padding: 2px 5px; font-size: 18px; color: inherit; }
  .emoji[aria-pressed='true'] { background: var(--_soft); }
  .local-actions { display: flex; gap: 10px; align-items: center; margin-top: 4px; }
  .local-actions .retry { padding: 4px 12px; }
  .composer { flex: none; border-top: 1px solid var(--_border); padding: 10px 12px; display: grid; gap: 8px; max-height: 75%; overflow-y: auto; }
  textarea, select, input { font: inherit; color: inherit; width: 100%; border: 1px solid var(--_border); border-radius: 8px; padding: 8px 10px; background: var(--_field); }
  input[type='checkbox'] { width: auto; }
  textarea { resize: vertical; min-height: 44px; max-height: 200px; }
  textarea:disabled { background: var(--_soft); }
  .row { display: flex; align-items: center; gap: 8px; justify-content: space-between; }
  .tools { display: flex; align-items: center; gap: 4px; flex: 0 0 auto; }
  .counter { font-size: 11px; color: var(--_muted); flex: 1 1 auto; text-align: right; }
  .counter[data-over] { color: var(--_danger); font-weight: 600; }
  button { font: inherit; border: 0; border-radius: 8px; padding: 8px 14px; background: var(--_accent); color: var(--_accent-fg); cursor: pointer; font-weight: 600; }
  button.link { background: none; color: var(--_link); padding: 0; font-weight: 500; }
  button.icon { background: none; color: var(--_muted); padding: 4px 8px; font-size: 16px; font-weight: 400; }
  button.icon[aria-pressed='true'] { background: var(--_soft); color: var(--_link); }
  button:disabled { opacity: 0.5; cursor: not-allowed; }
  button:focus-visible, textarea:focus-visible, select:focus-visible, input:focus-visible, a:focus-visible { outline: 2px solid var(--_accent); outline-offset: 1px; }
  .reason { margin: 0; font-size: 13px; color: var(--_soon-fg); background: var(--_soon-bg); border-radius: 6px; padding: 8px 10px; }
  .error { margin: 0; font-size: 13px; color: var(--_danger); }
  .hint { font-size: 12px; color: var(--_muted); margin: 0; }
  .replying { display: flex; align-items: flex-start; gap: 6px; }
  .replying .quote { flex: 1 1 auto; margin: 0; }
  .dropzone { position: absolute; inset: 0; display: grid; place-items: center; background: color-mix(in srgb, var(--_accent) 18%, transparent); border: 3px dashed var(--_accent); border-radius: var(--_radius); font-weight: 700; color: var(--_fg); pointer-events: none; }
  label { font-size: 12px; color: var(--_muted); }
  .signin { margin: auto; padding: 24px; text-align: center; display: grid; gap: 12px; max-width: 320px; }
  .signin p { margin: 0; color: var(--_muted); }
  .code-entry { display: grid; gap: 8px; }
  .code-entry input { font: 600 20px/1.2 ui-monospace, monospace; letter-spacing: 0.2em; text-align: center; padding: 8px; border: 1px solid var(--_border); border-radius: 8px; background: var(--_bg); color: var(--_fg); }
  .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; padding: 0; margin: -1px; }
`;
