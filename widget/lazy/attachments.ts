/**
 * Attaching files, loaded with the first file (or just after the composer
 * appears): the check against the connector's own media table, by the file's
 * real type (magic bytes) and the size limit of its kind, before a byte is
 * uploaded; and the attachment preview with progress and cancel.
 */
import { css, html, nothing } from 'lit';
import { acceptFor, checkMedia, kindForMime, sniff, SNIFF_BYTES, type MediaKind } from '@domain/media';
import { CAPTIONED } from '@domain/media-captions';
import { ATTACHMENT_STRINGS } from '../i18n/attachment-strings';
import { format } from '../i18n/strings';
import type { OutboundContent, ReplyContext } from '@domain/outbound';
import { problemOf, type Attachment, type ComposerController } from '../controllers/composer-controller';
import type { ComposerView } from '../components/thread/composer';
import { formatBytes } from '../components/thread/format';

/** Adopted by the panel when this chunk loads, so the core bundle does not carry them. */
export const attachmentStyles = css`
  .attachment { display: flex; align-items: center; gap: 10px; padding: 8px; border: 1px dashed var(--_border); border-radius: 8px; }
  .att-thumb { width: 56px; height: 56px; object-fit: cover; border-radius: 6px; }
  .att-icon { font-size: 28px; }
  .att-audio { max-width: 220px; height: 36px; }
  .att-info { display: grid; gap: 2px; flex: 1 1 auto; min-width: 0; font-size: 12px; }
  .att-name { font-weight: 600; font-size: 13px; overflow-wrap: anywhere; }
  .att-size, .att-state { color: var(--_muted); }
  .att-state.ok { color: var(--_ok-fg); }
  progress { width: 100%; height: 6px; accent-color: var(--_accent); }
  .check { display: flex; align-items: center; gap: 6px; }
`;

/** The file input's accept list, from the same table. */
export const ACCEPT = acceptFor();

/** Reads a file's first bytes and checks it; the verdict decides the kind it is sent as. Throws a DomainError. */
export async function checkFile(file: File, voice = false): Promise<{ kind: MediaKind; mime: string }> {
  const head = new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer());
  const found = sniff(head).mime;
  const mime = found === 'ole2' || found === 'zip' ? file.type : found;
  const kind = (mime && kindForMime(mime)) || 'document';
  const verdict = checkMedia({ kind, head, size: file.size, filename: file.name, declaredMime: file.type || null, voice });
  return { kind, mime: verdict.mime };
}

export function attachmentPreview(a: Attachment, v: ComposerView) {
  const t = { ...v.t, ...ATTACHMENT_STRINGS[v.locale] };
  const c = v.composer;
  const preview =
    a.previewUrl && (a.kind === 'image' || a.kind === 'sticker')
      ? html`<img class="att-thumb" src=${a.previewUrl} alt="" />`
      : a.previewUrl && a.kind === 'video'
        ? html`<video class="att-thumb" src=${a.previewUrl} muted></video>`
        : a.previewUrl && a.kind === 'audio'
          ? html`<audio class="att-audio" src=${a.previewUrl} controls aria-label=${a.voice ? t.voiceNote : t.audio}></audio>`
          : html`<span class="att-icon" aria-hidden="true">${a.kind === 'audio' ? '🎵' : '📄'}</span>`;
  const uploading = !a.uploaded && !a.error;
  return html`<div class="attachment" role="group" aria-label=${format(t.attachmentLabel, { name: a.name, size: formatBytes(a.size) })}>
    ${preview}
    <div class="att-info">
      <span class="att-name">${a.name}</span>
      <span class="att-size">${formatBytes(a.size)} · ${t[a.kind]}</span>
      ${
        uploading
          ? html`<progress max="100" value=${Math.round(a.progress * 100)} aria-label=${format(t.uploading, { percent: Math.round(a.progress * 100) })}></progress>
            <span class="att-state" role="status">${format(t.uploading, { percent: Math.round(a.progress * 100) })}</span>`
          : a.error
            ? html`<span class="error" role="alert">${v.describe(a.error)}</span>`
            : html`<span class="att-state ok" role="status">${t.uploaded}</span>`
      }
      ${
        a.voiceAllowed
          ? html`<label class="check"><input type="checkbox" .checked=${a.voice} @change=${(e: Event) => setVoice(c, (e.target as HTMLInputElement).checked)} /> ${t.sendAsVoice}</label>`
          : nothing
      }
      ${!CAPTIONED.has(a.kind) ? html`<span class="hint">${t.noCaption}</span>` : nothing}
    </div>
    ${a.error ? html`<button type="button" class="link" @click=${() => retryUpload(c)}>${t.retrySend}</button>` : nothing}
    <button type="button" class="icon cancel-upload" aria-label=${uploading ? t.cancelUpload : t.removeAttachment} title=${uploading ? t.cancelUpload : t.removeAttachment} @click=${() => c.clearAttachment()}>✕</button>
  </div>`;
}

/** Uploads the composer's attachment with progress; the composer keeps the upload so Remove cancels it. */
export function startUpload(c: ComposerController): void {
  const a = c.attachment;
  const client = c.deps.client();
  if (!a || !client) return;
  const upload = client.upload({
    file: a.file,
    kind: a.kind,
    filename: a.name,
    mimeType: a.mime,
    voice: a.voice,
    onProgress: (progress) => {
      if (c.attachment?.upload === upload) {
        c.attachment = { ...c.attachment, progress };
        c.changed();
      }
    },
  });
  c.attachment = { ...a, upload };
  c.changed();
  upload.done.then(
    (uploaded) => {
      if (c.attachment?.upload !== upload) return;
      c.attachment = { ...c.attachment, uploaded, progress: 1 };
      c.changed();
    },
    (error) => {
      if (c.attachment?.upload !== upload || (error as Error).name === 'UploadCancelled') return;
      c.attachment = { ...c.attachment, error: problemOf(error) };
      c.changed();
    },
  );
}

/** Voice notes must be OGG/Opus: checked again before uploading as one. */
async function setVoice(c: ComposerController, voice: boolean): Promise<void> {
  const a = c.attachment;
  if (!a) return;
  try {
    await checkFile(a.file, voice);
  } catch (error) {
    c.problem = problemOf(error);
    c.changed();
    return;
  }
  a.upload?.cancel();
  c.attachment = { ...a, voice, upload: null, uploaded: null, progress: 0, error: null };
  c.problem = null;
  startUpload(c);
}

function retryUpload(c: ComposerController): void {
  if (c.attachment) {
    c.attachment = { ...c.attachment, error: null, progress: 0, upload: null };
    startUpload(c);
  }
}

/** The messages an uploaded attachment becomes: itself (with the caption where its kind has one), then the text when it has none. */
export function attachmentParts(
  a: Attachment,
  id: string,
  text: string,
  context: { context?: ReplyContext },
): Array<{ content: OutboundContent; label: string }> {
  const caption = CAPTIONED.has(a.kind) && text.trim() !== '' ? { caption: text } : {};
  const content: OutboundContent =
    a.kind === 'image'
      ? { type: 'image', image: { id, ...caption }, ...context }
      : a.kind === 'video'
        ? { type: 'video', video: { id, ...caption }, ...context }
        : a.kind === 'document'
          ? { type: 'document', document: { id, filename: a.name, ...caption }, ...context }
          : a.kind === 'audio'
            ? { type: 'audio', audio: { id, ...(a.voice ? { voice: true } : {}) }, ...context }
            : { type: 'sticker', sticker: { id }, ...context };
  const out: Array<{ content: OutboundContent; label: string }> = [{ content, label: `📎 ${a.name}${caption.caption ? ` — ${text}` : ''}` }];
  if (!CAPTIONED.has(a.kind) && text.trim() !== '') out.push({ content: { type: 'text', text: { body: text } }, label: text });
  return out;
}
