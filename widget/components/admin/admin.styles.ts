import { css } from 'lit';

/**
 * Shared by the admin elements; themable with the panel's custom properties
 * (--go2msg-font, --go2msg-bg, --go2msg-fg, --go2msg-muted, --go2msg-accent,
 * --go2msg-danger, --go2msg-radius).
 */
export const adminStyles = css`
  :host {
    all: initial;
    display: block;
    font: 14px/1.45 var(--go2msg-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    color: var(--go2msg-fg, #111b21);
    --_bg: var(--go2msg-bg, #ffffff);
    --_muted: var(--go2msg-muted, #667781);
    --_accent: var(--go2msg-accent, #008069); /* the panel's light accent: 4.5:1 and more under white text, which #128c7e was not */
    --_danger: var(--go2msg-danger, #b42318);
    --_radius: var(--go2msg-radius, 10px);
  }
  * { box-sizing: border-box; }
  section.box { background: var(--_bg); border: 1px solid #d1d7db; border-radius: var(--_radius); padding: 14px 16px; display: grid; gap: 12px; }
  h2 { font-size: 16px; margin: 0; }
  h3 { font-size: 13px; margin: 0; text-transform: uppercase; letter-spacing: 0.04em; color: var(--_muted); }
  .bar { display: flex; align-items: center; justify-content: space-between; gap: 8px; flex-wrap: wrap; }
  .muted, .hint { color: var(--_muted); font-size: 12px; margin: 0; }
  .error { color: var(--_danger); margin: 0; font-size: 13px; }
  .ok { color: #0b5d1e; margin: 0; font-size: 13px; }
  table { width: 100%; border-collapse: collapse; font-size: 13px; }
  th { text-align: left; color: var(--_muted); font-weight: 600; border-bottom: 1px solid #e9edef; padding: 6px 8px; }
  td { border-bottom: 1px solid #f0f2f5; padding: 6px 8px; vertical-align: top; overflow-wrap: break-word; }
  td button { white-space: nowrap; }
  .pill { display: inline-block; font-size: 11px; font-weight: 600; padding: 2px 8px; border-radius: 999px; background: #f0f2f5; white-space: nowrap; }
  .pill[data-value='APPROVED'], .pill[data-value='GREEN'], .pill[data-value='CONNECTED'] { background: #d9fdd3; color: #0b5d1e; }
  .pill[data-value='PENDING'], .pill[data-value='PENDING_REVIEW'], .pill[data-value='IN_APPEAL'], .pill[data-value='YELLOW'] { background: #fff4ce; color: #7a4d00; }
  .pill[data-value='REJECTED'], .pill[data-value='PAUSED'], .pill[data-value='DISABLED'], .pill[data-value='RED'], .pill[data-value='DECLINED'] { background: #fde8e8; color: #8a1c1c; }
  form, .fields { display: grid; gap: 10px; }
  fieldset { border: 1px solid #e9edef; border-radius: 8px; padding: 10px; margin: 0; display: grid; gap: 8px; }
  legend { font-weight: 600; padding: 0 4px; }
  label { display: grid; gap: 4px; font-size: 13px; }
  label.check { display: flex; align-items: center; gap: 6px; }
  input, select, textarea { font: inherit; color: inherit; width: 100%; border: 1px solid #d1d7db; border-radius: 8px; padding: 7px 9px; background: var(--_bg); }
  input[type='checkbox'] { width: auto; }
  input[aria-invalid='true'], textarea[aria-invalid='true'], select[aria-invalid='true'] { border-color: var(--_danger); }
  textarea { min-height: 72px; resize: vertical; }
  button { font: inherit; border: 0; border-radius: 8px; padding: 7px 12px; background: var(--_accent); color: #fff; cursor: pointer; font-weight: 600; }
  button.secondary { background: #f0f2f5; color: inherit; }
  button.danger { background: var(--_danger); }
  button.link { background: none; color: var(--_accent); padding: 0; font-weight: 500; }
  button:disabled { opacity: 0.5; cursor: not-allowed; }
  button:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible { outline: 2px solid var(--_accent); outline-offset: 1px; }
  .violations { margin: 0; padding-left: 18px; color: var(--_danger); font-size: 12px; }
  .violations code { font-size: 11px; }
  .counter { font-size: 11px; color: var(--_muted); justify-self: end; }
  .counter[data-over] { color: var(--_danger); font-weight: 600; }
  .row { display: flex; gap: 8px; align-items: end; }
  .row > * { flex: 1 1 auto; }
  .row > button { flex: 0 0 auto; }
  .preview { white-space: pre-wrap; background: #d9fdd3; border-radius: 8px; padding: 8px 10px; font-size: 13px; margin: 0; }
  dl { display: grid; grid-template-columns: minmax(120px, max-content) 1fr; gap: 6px 12px; margin: 0; }
  dt { color: var(--_muted); }
  dd { margin: 0; overflow-wrap: anywhere; }
  img.picture { width: 72px; height: 72px; border-radius: 50%; object-fit: cover; background: #f0f2f5; }
  ul.plain { list-style: none; margin: 0; padding: 0; display: grid; gap: 6px; }
  ul.events li { font-size: 12px; overflow-wrap: anywhere; }
  .alert { font-size: 13px; padding: 6px 8px; border-radius: 6px; background: #fff8e1; color: #7a4d00; }
  .alert[data-severity='critical'] { background: #fde8e8; color: #8a1c1c; }
  .signin { display: grid; gap: 10px; justify-items: start; }
  .code-entry { display: grid; gap: 8px; justify-items: start; }
  .code-entry input { font: 600 20px/1.2 ui-monospace, monospace; letter-spacing: 0.2em; padding: 6px 8px; }
`;
