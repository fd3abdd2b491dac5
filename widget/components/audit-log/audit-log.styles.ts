import { css } from 'lit';

export const auditLogStyles = css`
  :host {
    display: block;
    font: var(--go2msg-font, 13px/1.4 system-ui, -apple-system, 'Segoe UI', sans-serif);
    color: var(--go2msg-fg, #1f2328);
    background: var(--go2msg-bg, #fff);
    --_muted: var(--go2msg-muted, #57606a);
    --_accent: var(--go2msg-accent, #1f7a4d);
    --_radius: var(--go2msg-radius, 8px);
  }
  section { display: flex; flex-direction: column; gap: 10px; padding: 12px; }
  h2 { margin: 0; font-size: 15px; }
  form { display: flex; flex-wrap: wrap; gap: 8px; align-items: flex-end; }
  label { display: flex; flex-direction: column; gap: 2px; font-size: 11px; color: var(--_muted); }
  input, select { font: inherit; padding: 4px 6px; border: 1px solid #d0d7de; border-radius: 6px; color: inherit; background: #fff; }
  button { font: inherit; padding: 5px 10px; border: 1px solid #d0d7de; border-radius: 6px; background: #f6f8fa; color: inherit; cursor: pointer; }
  button.primary { background: var(--_accent); border-color: var(--_accent); color: #fff; }
  button[disabled] { opacity: 0.5; cursor: default; }
  .bar { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; justify-content: space-between; }
  .bar .group { display: flex; gap: 6px; align-items: center; }
  .scroll { overflow: auto; border: 1px solid #d0d7de; border-radius: var(--_radius); }
  table { border-collapse: collapse; width: 100%; font-size: 12px; }
  th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid #eaeef2; vertical-align: top; white-space: nowrap; }
  th { position: sticky; top: 0; background: #f6f8fa; font-weight: 600; }
  td.wrap { white-space: normal; min-width: 140px; }
  .muted { color: var(--_muted); }
  .digest { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 11px; }
  .deleted { display: block; font-style: italic; color: var(--_muted); }
  .error { color: var(--go2msg-danger, #b42318); }
  .signin { display: flex; flex-direction: column; gap: 10px; align-items: flex-start; }
  .signin p { margin: 0; }
  .empty { padding: 16px; text-align: center; color: var(--_muted); }
`;
