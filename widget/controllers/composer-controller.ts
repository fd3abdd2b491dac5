/**
 * The reply being written: text, an attachment (checked with the connector's
 * own media table before any byte is uploaded, then uploaded with progress),
 * quick-reply buttons and the message it quotes. Turns all of it into the
 * Cloud-API-shaped content the connector takes, checked by the same rules.
 */
import type { CSSResult, ReactiveController, ReactiveControllerHost } from 'lit';
import { CAPTION_MAX, INTERACTIVE_BUTTON, TEXT_BODY_MAX } from '@domain/limits';
import type { MediaKind } from '@domain/media';
import { CAPTIONED } from '@domain/media-captions';
import type { OutboundContent } from '@domain/outbound';
import type { MessageView, UploadedMedia } from '@domain/views';
import type { ConnectorClient } from '../api/connector-client';
import type { Upload } from '../api/media-upload';
import { characters } from '../components/thread/format';

type AttachmentsModule = typeof import('../lazy/attachments');
type QuickRepliesModule = typeof import('../lazy/quick-replies');
type SavedRepliesModule = typeof import('../lazy/saved-replies');
type VoiceModule = typeof import('../lazy/voice-recorder');
type SavedReplyPeople = import('../lazy/saved-replies').SavedReplyPeople;

/** Why something was refused: the vocabulary's code and facts (worded in the agent's language), and the English said with them. */
export interface Problem {
  code?: string;
  message: string;
  action: string;
  details?: Record<string, unknown>;
}

export interface Attachment {
  file: File;
  name: string;
  size: number;
  kind: MediaKind;
  mime: string;
  /** Local preview (images, video, audio), revoked when the attachment goes. */
  previewUrl: string | null;
  /** Offered for OGG files; WhatsApp plays OGG/Opus as a voice note. */
  voiceAllowed: boolean;
  voice: boolean;
  progress: number;
  upload: Upload | null;
  uploaded: UploadedMedia | null;
  error: Problem | null;
}

/** The client-side typing signal is sent at most this often (the connector throttles too). */
export const TYPING_EVERY_MS = 10_000;

/** A DomainError (from the shared rules) or an ApiError (from the connector): both say what to do. */
export function problemOf(error: unknown): Problem {
  const { action, code, details } = (error ?? {}) as { action?: unknown; code?: string; details?: Record<string, unknown> };
  if (error instanceof Error && typeof action === 'string') return { code, message: error.message, action, details };
  return { message: String(error instanceof Error ? error.message : error), action: '' };
}

export class ComposerController implements ReactiveController {
  draft = '';
  attachment: Attachment | null = null;
  /** Why the last file or message could not be accepted, with what to do. */
  problem: Problem | null = null;
  replyTo: MessageView | null = null;
  /** null: plain message; otherwise 1–3 quick-reply button titles. */
  buttons: string[] | null = null;
  /** File checks and the attachment preview; loaded with the first file (or ahead of it, see `prefetch`). */
  attachments: AttachmentsModule | null = null;
  /** The quick-reply editor and its rule; loaded when the agent first asks for buttons. */
  quickReplies: QuickRepliesModule | null = null;
  /** Saved replies: "/" in the draft or their button loads them (lazy/saved-replies.ts does the rest). */
  saved: InstanceType<SavedRepliesModule['SavedReplies']> | null = null;
  /** The voice recorder: loaded by the first click on the microphone (lazy/voice-recorder.ts). */
  voice: InstanceType<VoiceModule['VoiceRecorder']> | null = null;
  #attachmentsLoading: Promise<AttachmentsModule> | null = null;
  #lastTypingAt = 0;

  readonly #host: ReactiveControllerHost;

  constructor(
    host: ReactiveControllerHost,
    readonly deps: {
      client: () => ConnectorClient | null;
      contact: () => string;
      now: () => number;
      /** The teammate's customer-visible signature, appended by the connector to free text. */
      signature?: () => string;
      /** Adds a lazy chunk's styles to the panel's shadow root. */
      adopt?: (styles: CSSResult) => void;
      /** The customer and the agent a saved reply's placeholders name (lazy/saved-replies.ts reads their names and number). */
      facts?: () => SavedReplyPeople;
    },
  ) {
    this.#host = host;
    host.addController(this);
  }

  hostDisconnected(): void {
    // A panel taken off the page lets go of the microphone too.
    this.voice?.cancel();
    this.clearAttachment();
  }

  changed(): void {
    this.#host.requestUpdate();
  }

  setDraft(value: string): void {
    this.draft = value;
    this.problem = null;
    if (value.trim() !== '') this.#signalTyping();
    if (value.includes('/')) this.showSaved();
    this.changed();
  }

  showSaved(event?: Event): void {
    void import('../lazy/saved-replies').then((m) => (this.saved ??= new m.SavedReplies(this.#host, this, this.deps)).show(event));
  }

  record(): void {
    void import('../lazy/voice-recorder').then((m) => (this.voice ??= new m.VoiceRecorder(this.#host, this, this.deps)).start());
  }

  #signalTyping(): void {
    const now = Date.now();
    if (now - this.#lastTypingAt < TYPING_EVERY_MS) return;
    this.#lastTypingAt = now;
    this.deps
      .client()
      ?.typing(this.deps.contact())
      .catch(() => {
        // Typing is a courtesy: a failure must never disturb the agent.
      });
  }

  /** Characters left for the text field: 4,096 for a message, 1,024 for a caption or button message body. */
  get limit(): number {
    if (this.attachment && CAPTIONED.has(this.attachment.kind)) return CAPTION_MAX;
    if (this.buttons) return INTERACTIVE_BUTTON.bodyMax;
    return TEXT_BODY_MAX;
  }

  /** The signature the connector will append to this message: free text only, never captions or buttons. */
  get signature(): string {
    return this.attachment || this.buttons ? '' : (this.deps.signature?.() ?? '');
  }

  /** What counts toward WhatsApp's limit, the signature included. */
  get length(): number {
    return characters(this.draft) + characters(this.signature);
  }

  /** Loads the attachments chunk once; the file input's `accept` list comes with it. */
  prefetch(): Promise<AttachmentsModule> {
    this.#attachmentsLoading ??= import('../lazy/attachments').then((m) => {
      this.deps.adopt?.(m.attachmentStyles);
      this.attachments = m;
      this.changed();
      return m;
    });
    return this.#attachmentsLoading;
  }

  /** `voice`: a voice note recorded in the panel, checked and uploaded as one (Ogg/Opus). */
  async attach(file: File, voice = false): Promise<void> {
    this.clearAttachment();
    this.problem = null;
    this.buttons = null;
    let checked: { kind: MediaKind; mime: string };
    let attachments: AttachmentsModule;
    try {
      checked = await (attachments = await this.prefetch()).checkFile(file, voice);
    } catch (error) {
      this.problem = problemOf(error);
      this.changed();
      return;
    }
    const previewable = checked.kind === 'image' || checked.kind === 'sticker' || checked.kind === 'video' || checked.kind === 'audio';
    this.attachment = {
      file,
      name: file.name || checked.kind,
      size: file.size,
      kind: checked.kind,
      mime: checked.mime,
      previewUrl: previewable ? URL.createObjectURL(file) : null,
      voiceAllowed: checked.mime === 'audio/ogg',
      voice,
      progress: 0,
      upload: null,
      uploaded: null,
      error: null,
    };
    attachments.startUpload(this);
  }

  /** Cancels a running upload and forgets the file. */
  clearAttachment(): void {
    const a = this.attachment;
    if (!a) return;
    this.attachment = null;
    a.upload?.cancel();
    if (a.previewUrl) URL.revokeObjectURL(a.previewUrl);
    this.changed();
  }

  setReplyTo(message: MessageView | null): void {
    this.replyTo = message;
    this.changed();
  }

  async toggleButtons(): Promise<void> {
    if (!this.buttons && !this.quickReplies) {
      this.quickReplies = await import('../lazy/quick-replies');
      this.deps.adopt?.(this.quickReplies.quickReplyStyles);
    }
    this.buttons = this.buttons ? null : [''];
    this.changed();
  }

  /** The quick-reply titles as the editor (lazy/quick-replies.ts) changed them; null for a plain message. */
  setButtons(buttons: string[] | null): void {
    this.buttons = buttons;
    this.problem = null;
    this.changed();
  }

  /** True when there is something to send and nothing is still uploading. */
  get ready(): boolean {
    if (this.saved?.blocks(this.draft)) return false;
    if (this.attachment) return Boolean(this.attachment.uploaded) && this.length <= this.limit;
    if (this.buttons) {
      const titlesOk = this.buttons.every((b) => b.trim() !== '' && characters(b) <= INTERACTIVE_BUTTON.replyTitleMax);
      return this.draft.trim() !== '' && titlesOk && this.length <= this.limit;
    }
    return this.draft.trim() !== '' && this.length <= TEXT_BODY_MAX;
  }

  /**
   * The messages this reply becomes (an attachment without a caption field and
   * text go as two). Lengths are checked by `ready`; buttons by the shared rule
   * (throws a DomainError naming it).
   */
  build(): Array<{ content: OutboundContent; label: string }> {
    const context = this.replyTo?.wamid ? { context: { message_id: this.replyTo.wamid } } : {};
    const text = this.draft;
    const out: Array<{ content: OutboundContent; label: string }> = [];
    const a = this.attachment;
    if (a?.uploaded && this.attachments) {
      out.push(...this.attachments.attachmentParts(a, a.uploaded.id, text, context));
    } else if (this.buttons && this.quickReplies) {
      const content = this.quickReplies.buttonMessage(text, this.buttons, context);
      out.push({ content, label: `${text}\n[${this.buttons.map((b) => b.trim()).join('] [')}]` });
    } else {
      out.push({ content: { type: 'text', text: { body: text }, ...context }, label: text });
    }
    return out;
  }

  /** After the reply went out (or onto the send queue). */
  reset(): void {
    this.draft = '';
    this.buttons = null;
    this.replyTo = null;
    this.problem = null;
    const a = this.attachment;
    this.attachment = null;
    if (a?.previewUrl) URL.revokeObjectURL(a.previewUrl);
    this.changed();
  }
}
