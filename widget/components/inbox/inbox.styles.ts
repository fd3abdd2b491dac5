import { css } from 'lit';

/**
 * The inbox's own rules, on top of the thread's (thread.styles.ts: the same
 * tokens, themes, reset, buttons and window pills). The list and the thread sit
 * side by side; in a narrow frame (under 720 px) one shows at a time.
 */
export const inboxStyles = css`
  :host { min-height: 420px; }
  .inbox { flex-direction: row; container-type: inline-size; }
  .list-pane { flex: 0 0 min(380px, 100%); min-width: 0; display: flex; flex-direction: column; border-right: 1px solid var(--_border); }
  .inbox:not([data-thread-open]) .list-pane:only-child { flex: 1 1 auto; border-right: 0; }
  .thread-pane { flex: 1 1 auto; min-width: 0; display: flex; flex-direction: column; }
  .thread-pane go2msg-thread { flex: 1 1 0; min-height: 0; height: auto; }
  /* The thread sits inside the inbox's frame: one border, not two. */
  .thread-pane go2msg-thread::part(panel) { border: 0; border-radius: 0; }
  .thread-pane.placeholder { display: grid; place-items: center; background: var(--_log-bg); }
  .close-thread { align-self: flex-start; margin: 6px 10px; font-size: 12px; display: none; }
  @container (max-width: 720px) {
    .inbox[data-thread-open] .list-pane, .thread-pane.placeholder { display: none; }
    .inbox[data-thread-open] .thread-pane { flex-basis: 100%; }
    .close-thread { display: inline-block; }
    .list-pane { flex: 1 1 auto; border-right: 0; }
  }
  .inbox-bar { flex: none; display: grid; gap: 8px; padding: 10px 12px; border-bottom: 1px solid var(--_border); }
  .tabs { display: flex; gap: 2px; overflow-x: auto; }
  .tabs [role='tab'] { flex: 1 1 auto; background: none; color: var(--_muted); border-radius: 6px 6px 0 0; padding: 6px 4px; font-size: 13px; border-bottom: 2px solid transparent; font-weight: 600; white-space: nowrap; }
  .tabs [role='tab'][aria-selected='true'] { color: var(--_link); border-bottom-color: var(--_accent); }
  .count { display: inline-block; min-width: 1.6em; padding: 0 5px; border-radius: 999px; background: var(--_soft); font-size: 11px; text-align: center; }
  .alerts { display: flex; align-items: center; justify-content: space-between; gap: 8px; font-size: 12px; color: var(--_muted); }
  .alerts .check { font-size: 12px; }
  .connection { margin: 0; padding: 4px 12px; font-size: 12px; color: var(--_danger); font-weight: 600; }
  .list-scroll { flex: 1 1 0; min-height: 0; overflow-y: auto; }
  .list-scroll > .hint { padding: 16px 12px; text-align: center; }
  .conversations { list-style: none; margin: 0; padding: 0; }
  .conv { position: relative; display: grid; grid-template-columns: 1fr auto; border-bottom: 1px solid var(--_border); }
  .conv[data-selected] { background: var(--_soft); }
  .conv .error { grid-column: 1 / -1; padding: 0 12px 8px; }
  button.open { all: unset; box-sizing: border-box; display: grid; position: relative; padding: 9px 6px 9px 12px; min-width: 0; cursor: pointer; color: var(--_fg); font-size: 13px; }
  button.open:focus-visible { outline: 2px solid var(--_accent); outline-offset: -2px; }
  button.open:hover { background: var(--_soft); }
  .visual { display: grid; gap: 2px; min-width: 0; }
  .line { display: flex; align-items: center; gap: 8px; min-width: 0; }
  .name { flex: 1 1 auto; min-width: 0; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; font-size: 14px; }
  .waited { flex: none; font-size: 11px; color: var(--_muted); }
  .waited[data-waiting] { color: var(--_warning); font-weight: 600; }
  .preview { flex: 1 1 auto; min-width: 0; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; color: var(--_muted); }
  .unread { flex: none; min-width: 20px; padding: 1px 6px; border-radius: 999px; background: var(--_accent); color: var(--_accent-fg); font-size: 11px; font-weight: 700; text-align: center; }
  .small { font-size: 11px; }
  .small .badge { font-size: 11px; padding: 1px 6px; }
  .owner, .via { color: var(--_muted); }
  .owner[data-owner='me'] { color: var(--_link); font-weight: 600; }
  .row-actions { position: relative; display: flex; flex-direction: column; align-items: flex-end; justify-content: center; gap: 4px; padding: 6px 10px 6px 0; }
  .claim { font-size: 12px; padding: 3px 8px; white-space: nowrap; background: var(--_soft); color: var(--_link); border: 1px solid var(--_border); }
  .more { background: none; color: var(--_muted); padding: 2px 8px; font-size: 16px; line-height: 1; }
  .menu { position: absolute; right: 8px; top: calc(100% - 6px); z-index: 2; display: grid; min-width: 200px; padding: 4px; border: 1px solid var(--_border); border-radius: 8px; background: var(--_bg); box-shadow: 0 4px 14px rgba(11, 20, 26, 0.25); }
  .menu [role='menuitem'] { background: none; color: var(--_fg); text-align: left; font-weight: 500; padding: 6px 10px; border-radius: 6px; }
  .menu [role='menuitem']:hover, .menu [role='menuitem']:focus-visible { background: var(--_soft); }
  .menu-group { display: grid; }
  .menu-label { padding: 6px 10px 2px; font-size: 11px; color: var(--_muted); text-transform: uppercase; letter-spacing: 0.04em; }
  .more-row { padding: 10px 12px; text-align: center; }
`;
