import { css } from 'lit';

/**
 * Themable through CSS custom properties on the element (documented in the
 * README): --go2msg-font, --go2msg-bg, --go2msg-fg, --go2msg-muted,
 * --go2msg-accent, --go2msg-bubble-in, --go2msg-bubble-out, --go2msg-danger,
 * --go2msg-radius. Inherited host styles are reset on :host.
 */
export const threadStyles = css`
  :host {
    all: initial;
    display: block;
    height: 100%;
    min-height: 360px;
    font: 14px/1.45 var(--go2msg-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    color: var(--go2msg-fg, #111b21);
    --_bg: var(--go2msg-bg, #ffffff);
    --_muted: var(--go2msg-muted, #667781);
    --_accent: var(--go2msg-accent, #128c7e);
    --_in: var(--go2msg-bubble-in, #ffffff);
    --_out: var(--go2msg-bubble-out, #d9fdd3);
    --_danger: var(--go2msg-danger, #b42318);
    --_radius: var(--go2msg-radius, 10px);
    --_log-bg: var(--go2msg-log-bg, #efeae2);
  }
  * { box-sizing: border-box; }
  .panel { display: flex; flex-direction: column; height: 100%; background: var(--_bg); border-radius: var(--_radius); overflow: hidden; border: 1px solid #d1d7db; }
  header { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 10px; padding: 10px 12px; border-bottom: 1px solid #e9edef; }
  .who { flex: 1 1 auto; min-width: 0; }
  .who strong { display: block; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
  .who span { color: var(--_muted); font-size: 12px; }
  .badge { font-size: 12px; font-weight: 600; padding: 3px 8px; border-radius: 999px; white-space: nowrap; }
  .badge[data-state='open'] { background: #d9fdd3; color: #0b5d1e; }
  .badge[data-state='closing_soon'] { background: #fff4ce; color: #7a4d00; }
  .badge[data-state='closed'], .badge[data-state='never_opened'] { background: #fde8e8; color: #8a1c1c; }
  .account { width: 100%; display: flex; justify-content: space-between; gap: 8px; color: var(--_muted); font-size: 12px; }
  .connection[data-state='reconnecting'] { color: var(--_danger); font-weight: 600; }
  .log { flex: 1 1 auto; overflow-y: auto; margin: 0; padding: 12px; list-style: none; background: var(--_log-bg); display: flex; flex-direction: column; gap: 6px; }
  .empty { margin: auto; color: var(--_muted); }
  .msg { max-width: 82%; padding: 6px 9px 4px; border-radius: 8px; background: var(--_in); box-shadow: 0 1px 0.5px rgba(11, 20, 26, 0.13); align-self: flex-start; }
  .msg.out { background: var(--_out); align-self: flex-end; }
  .msg .text { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
  .msg .placeholder { margin: 0; font-style: italic; color: var(--_muted); }
  .meta { display: flex; justify-content: flex-end; align-items: center; gap: 6px; font-size: 11px; color: var(--_muted); margin-top: 2px; }
  .sender { font-weight: 600; }
  .channel { border: 1px solid currentColor; border-radius: 4px; padding: 0 4px; font-size: 10px; letter-spacing: 0.04em; }
  .ticks { letter-spacing: -3px; padding-right: 3px; }
  .ticks[data-status='read'], .ticks[data-status='played'] { color: #53bdeb; }
  .ticks[data-status='failed'] { color: var(--_danger); letter-spacing: 0; }
  .failure { margin: 4px 0 0; font-size: 12px; color: var(--_danger); }
  .composer { border-top: 1px solid #e9edef; padding: 10px 12px; display: grid; gap: 8px; }
  textarea, select, input { font: inherit; color: inherit; width: 100%; border: 1px solid #d1d7db; border-radius: 8px; padding: 8px 10px; background: var(--_bg); }
  textarea { resize: vertical; min-height: 44px; max-height: 200px; }
  textarea:disabled { background: #f0f2f5; }
  .row { display: flex; align-items: center; gap: 8px; justify-content: space-between; }
  .counter { font-size: 11px; color: var(--_muted); }
  .counter[data-over] { color: var(--_danger); font-weight: 600; }
  button { font: inherit; border: 0; border-radius: 8px; padding: 8px 14px; background: var(--_accent); color: #fff; cursor: pointer; font-weight: 600; }
  button.link { background: none; color: var(--_accent); padding: 0; font-weight: 500; }
  button:disabled { opacity: 0.5; cursor: not-allowed; }
  button:focus-visible, textarea:focus-visible, select:focus-visible, input:focus-visible { outline: 2px solid var(--_accent); outline-offset: 1px; }
  .reason { margin: 0; font-size: 13px; color: #7a4d00; background: #fff8e1; border-radius: 6px; padding: 8px 10px; }
  .error { margin: 0; font-size: 13px; color: var(--_danger); }
  .preview { margin: 0; padding: 8px 10px; background: var(--_out); border-radius: 8px; font-size: 13px; white-space: pre-wrap; }
  .signin { margin: auto; padding: 24px; text-align: center; display: grid; gap: 12px; max-width: 320px; }
  .signin p { margin: 0; color: var(--_muted); }
  .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;
