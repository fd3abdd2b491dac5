/** The reply area while the window is open. State lives in ComposerController. */
import { html, nothing } from 'lit';
import type { Explainable } from '../../i18n/error-catalog';
import type { Locale } from '../../i18n/locale';
import { format, type Strings } from '../../i18n/strings';
import { CAPTIONED } from '@domain/media-captions';
import type { ComposerController } from '../../controllers/composer-controller';

export interface ComposerView {
  t: Strings;
  /** The language of \`t\`: the lazy parts bring their own strings in it. */
  locale: Locale;
  composer: ComposerController;
  customerName: string;
  onSend: () => void;
  onOpenTemplates: (event: Event) => void;
  /** A refusal in the panel's language. */
  describe: (error: Explainable) => string;
  /** The window is closed: saved replies say why they are not offered. */
  closed?: boolean;
}

/** The Saved replies button, drawn as the "/" that also opens them from the reply box; what it opens (and "/" typed in the draft) comes with its chunk (lazy/saved-replies.ts). */
export const savedRepliesButton = (v: ComposerView) =>
  html`<button type="button" class="icon saved-open" aria-haspopup="dialog" aria-label=${v.t.savedReplies} title=${v.t.savedReplies} @click=${(e: Event) => v.composer.showSaved(e)}>/</button>`;

export function composerView(v: ComposerView) {
  const t = v.t;
  const c = v.composer;
  const a = c.attachment;
  const left = c.limit - c.length;
  const captioned = a && CAPTIONED.has(a.kind);
  const onKeydown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      v.onSend();
    }
  };
  const onPaste = (event: ClipboardEvent) => {
    const file = event.clipboardData?.files?.[0];
    if (file) {
      event.preventDefault();
      void c.attach(file);
    }
  };
  return html`${c.problem ? html`<p class="error problem" role="alert">${v.describe(c.problem)}</p>` : nothing} ${c.saved?.render(v)} ${c.voice?.render(v)}
    ${
      c.replyTo
        ? html`<div class="replying">
          <blockquote class="quote">
            <span class="quote-who">${format(t.replyingTo, { name: c.replyTo.direction === 'in' ? v.customerName : t.you })}</span>
            <span class="quote-text">${c.replyTo.text ?? c.replyTo.media?.filename ?? (c.replyTo.media ? t[c.replyTo.media.kind] : t.quotedMissing)}</span>
          </blockquote>
          <button type="button" class="icon" aria-label=${t.cancelReply} title=${t.cancelReply} @click=${() => c.setReplyTo(null)}>✕</button>
        </div>`
        : nothing
    }
    ${a && c.attachments ? c.attachments.attachmentPreview(a, v) : nothing} ${c.buttons && c.quickReplies ? c.quickReplies.buttonsEditor(v, c.buttons) : nothing}
    <label class="sr-only" for="draft">${t.composerLabel}</label>
    <textarea
      id="draft"
      rows="2"
      .value=${c.draft}
      placeholder=${captioned ? t.captionPlaceholder : t.composerPlaceholder}
      aria-describedby="counter"
      @input=${(e: Event) => c.setDraft((e.target as HTMLTextAreaElement).value)}
      @keydown=${onKeydown}
      @paste=${onPaste}
    ></textarea>
    <div class="row">
      <div class="tools">
        <input
          id="file"
          class="sr-only"
          type="file"
          tabindex="-1"
          aria-hidden="true"
          accept=${c.attachments?.ACCEPT ?? ''}
          @change=${(e: Event) => {
            const input = e.target as HTMLInputElement;
            const file = input.files?.[0];
            input.value = '';
            if (file) void c.attach(file);
          }}
        />
        <button type="button" class="icon attach" aria-label=${t.attach} title=${t.attach} @click=${(e: Event) => ((e.currentTarget as HTMLElement).parentElement!.querySelector('#file') as HTMLInputElement).click()}><svg class="glyph" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true"><path d="M21.4 11.1l-9.2 9.2a6 6 0 0 1-8.5-8.5l8.6-8.6a4 4 0 0 1 5.7 5.7l-8.6 8.5a2 2 0 0 1-2.8-2.8l8.5-8.5" /></svg></button>
        <button type="button" class="icon mic" aria-label=${t.recordVoice} title=${t.recordVoice} ?disabled=${Boolean(a)} @click=${() => c.record()}><svg class="glyph" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true"><path d="M12 15a3 3 0 0 0 3-3V6a3 3 0 0 0-6 0v6a3 3 0 0 0 3 3zm6-3a6 6 0 0 1-12 0m6 6v3" /></svg></button>
        <button type="button" class="icon" aria-pressed=${c.buttons ? 'true' : 'false'} aria-label=${t.quickReplies} title=${t.quickReplies} ?disabled=${Boolean(a)} @click=${() => c.toggleButtons()}>☰</button>
        <button type="button" class="link templates-open" aria-haspopup="dialog" @click=${v.onOpenTemplates}>${t.templates}</button>
        ${savedRepliesButton(v)}
      </div>
      <span id="counter" class="counter" ?data-over=${left < 0} aria-live="polite"
        >${
          left < 0
            ? format(captioned ? t.captionTooLong : t.tooLong, { n: -left })
            : c.length > c.limit - 500
              ? format(t.charactersLeft, { n: left })
              : c.signature
                ? format(t.signatureNote, { signature: c.signature.trim() })
                : ''
        }</span
      >
      <button type="button" class="send" ?disabled=${!c.ready} @click=${v.onSend}>${t.send}</button>
    </div>`;
}
