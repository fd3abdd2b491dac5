/**
 * The full-size image viewer, loaded the first time an agent opens an image.
 * A modal <dialog> inside the panel's shadow root: focus moves into it,
 * Escape or the close button closes it, and focus returns to the thumbnail.
 */
import { css, html } from 'lit';
import type { Strings } from '../i18n/strings';

export const viewerStyles = css`
  .viewer { padding: 0; border: 0; border-radius: 10px; background: #000; color: #fff; max-width: 92%; max-height: 92%; }
  .viewer::backdrop { background: rgba(0, 0, 0, 0.75); }
  .viewer img { display: block; max-width: 100%; max-height: 80vh; margin: auto; }
  .viewer-bar { display: flex; justify-content: space-between; align-items: center; gap: 10px; padding: 8px 10px; }
  .viewer-caption { font-size: 13px; overflow-wrap: anywhere; }
`;

export interface ViewerState {
  url: string;
  alt: string;
  /** Where focus goes back to. */
  opener: HTMLElement | null;
}

export function mediaViewer(state: ViewerState, t: Strings, onClose: () => void) {
  const close = () => {
    onClose();
    state.opener?.focus();
  };
  return html`<dialog class="viewer" part="media-viewer" aria-label=${t.imageViewer} @close=${close} @click=${(e: Event) => e.target === e.currentTarget && (e.currentTarget as HTMLDialogElement).close()}>
    <img src=${state.url} alt=${state.alt} />
    <div class="viewer-bar">
      <span class="viewer-caption">${state.alt}</span>
      <button type="button" class="viewer-close" autofocus @click=${(e: Event) => (e.currentTarget as HTMLElement).closest('dialog')!.close()}>${t.close}</button>
    </div>
  </dialog>`;
}

/** Opens the dialog once it is in the DOM. */
export function showViewer(root: ShadowRoot | HTMLElement): void {
  const dialog = root.querySelector<HTMLDialogElement>('dialog.viewer');
  if (dialog && !dialog.open) dialog.showModal();
}
