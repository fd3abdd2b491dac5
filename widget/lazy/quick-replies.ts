/**
 * Quick-reply buttons (1–3, at most 20 characters each), loaded when the agent
 * first asks for them. The message is checked with the connector's own rule
 * (`checkOutbound`) before it is queued.
 */
import { css, html, nothing } from 'lit';
import { INTERACTIVE_BUTTON } from '@domain/limits';
import { characters, checkOutbound, type InteractiveContent, type ReplyContext } from '@domain/outbound';
import { QUICK_REPLY_STRINGS } from '../i18n/quick-reply-strings';
import { format } from '../i18n/strings';
import type { ComposerView } from '../components/thread/composer';
import type { ComposerController } from '../controllers/composer-controller';

/** Adopted by the panel when this chunk loads, so the core bundle does not carry them. */
export const quickReplyStyles = css`
  .buttons-editor { border: 1px solid var(--_border); border-radius: 8px; padding: 6px 8px 8px; display: grid; gap: 6px; margin: 0; }
  .buttons-editor legend { font-size: 12px; color: var(--_muted); padding: 0 4px; }
  .button-row { display: flex; align-items: center; gap: 6px; }
  .button-row .counter { flex: 0 0 auto; }
`;

/** The interactive button message; throws a DomainError naming the rule it breaks. */
export function buttonMessage(text: string, titles: string[], context: { context?: ReplyContext }): InteractiveContent {
  const buttons = titles.map((title, i) => ({ type: 'reply' as const, reply: { id: `option-${i + 1}`, title: title.trim() } }));
  const content: InteractiveContent = { type: 'interactive', interactive: { type: 'button', body: { text }, action: { buttons } }, ...context };
  checkOutbound(content);
  return content;
}

/** The editor's changes, kept here with it so the core panel does not carry them. */
const setTitle = (c: ComposerController, index: number, title: string) => c.setButtons(c.buttons && c.buttons.map((b, i) => (i === index ? title : b)));
const addButton = (c: ComposerController) => c.buttons && c.buttons.length < INTERACTIVE_BUTTON.buttonsMax && c.setButtons([...c.buttons, '']);
const removeButton = (c: ComposerController, index: number) => {
  const left = c.buttons?.filter((_, i) => i !== index) ?? [];
  c.setButtons(left.length ? left : null);
};

export function buttonsEditor(v: ComposerView, buttons: string[]) {
  const t = { ...v.t, ...QUICK_REPLY_STRINGS[v.locale] };
  const c = v.composer;
  return html`<fieldset class="buttons-editor">
    <legend>${t.quickReplies}</legend>
    ${buttons.map((title, i) => {
      const over = characters(title) > INTERACTIVE_BUTTON.replyTitleMax;
      return html`<div class="button-row">
        <input
          class="button-title"
          aria-label=${format(t.buttonLabel, { n: i + 1 })}
          placeholder=${format(t.buttonLabel, { n: i + 1 })}
          .value=${title}
          aria-invalid=${over ? 'true' : 'false'}
          @input=${(e: Event) => setTitle(c, i, (e.target as HTMLInputElement).value)}
        />
        <span class="counter" ?data-over=${over}>${characters(title)}/${INTERACTIVE_BUTTON.replyTitleMax}</span>
        <button type="button" class="icon" aria-label=${format(t.removeButton, { n: i + 1 })} @click=${() => removeButton(c, i)}>✕</button>
      </div>`;
    })}
    ${buttons.length < INTERACTIVE_BUTTON.buttonsMax ? html`<button type="button" class="link add-button" @click=${() => addButton(c)}>+ ${t.addButton}</button>` : nothing}
    ${v.composer.draft.trim() === '' ? html`<span class="hint">${t.buttonsNeedText}</span>` : nothing}
  </fieldset>`;
}
