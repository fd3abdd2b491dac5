/**
 * Voice notes recorded in the panel, loaded the first time the agent clicks
 * the microphone: MediaRecorder records the microphone while the composer
 * shows the time and a level meter (Stop and preview, or Discard; Escape
 * discards), then the recording becomes an Ogg/Opus file and goes to the
 * composer as an attachment sent with `voice: true`, where the agent can play
 * it back before Send, or remove it.
 *
 * WhatsApp takes only Ogg/Opus as a voice note. Chromium (and Safari) record
 * WebM/Opus, whose packets are moved into Ogg pages without decoding
 * (webm-to-ogg.ts); Firefox records Ogg/Opus itself. The result passes the
 * connector's own check (`checkMedia` with `voice`) before it is uploaded.
 * Recording stops by itself at 512 KB (about two minutes), the size up to which WhatsApp shows a voice message.
 */
import { css, html, nothing, type CSSResult, type LitElement, type ReactiveControllerHost } from 'lit';
import { humanSize, VOICE_NOTE_PLAY_ICON_MAX_BYTES } from '@domain/media';
import type { ComposerView } from '../components/thread/composer';
import type { ComposerController } from '../controllers/composer-controller';
import { VOICE_STRINGS, type VoiceStrings } from '../i18n/voice-strings';
import { format } from '../i18n/strings';
import { webmToOgg } from './webm-to-ogg';

export const voiceStyles = css`
  .recorder { display: flex; align-items: center; gap: 8px; padding: 6px 8px; border: 1px solid var(--_border); border-radius: 8px; }
  .rec-dot { width: 10px; height: 10px; border-radius: 50%; background: var(--_danger); flex: none; }
  .rec-time { font-variant-numeric: tabular-nums; min-width: 3.5em; }
  .recorder meter { flex: 1 1 auto; min-width: 60px; height: 8px; }
  .recorder .send { margin-inline-start: auto; }
`;

/**
 * A voice note's limit: 512 KB, up to which WhatsApp shows it as a voice message (above, as an audio
 * file; audio's own limit is 16 MB), less room for the Ogg pages' headers (about 1 % over WebM's blocks).
 */
const VOICE_LIMIT = VOICE_NOTE_PLAY_ICON_MAX_BYTES;
const RECORDING_LIMIT = Math.floor(VOICE_LIMIT * 0.97);
/** Speech needs no more (WhatsApp's own voice notes are about 16–32 kbit/s); 512 KB, the size up to which WhatsApp shows its voice player, then holds two minutes. */
const BITS_PER_SECOND = 32_000;

type Failure = 'voiceDenied' | 'voiceNoMicrophone' | 'voiceBusy' | 'voiceUnsupported' | 'voiceFailed';

/** The browser's reason for refusing the microphone, in our words. */
function failureOf(error: unknown): Failure {
  const name = (error as { name?: string } | null)?.name;
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'voiceDenied';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'voiceNoMicrophone';
  if (name === 'NotReadableError' || name === 'AbortError') return 'voiceBusy';
  return 'voiceFailed';
}

/** The container the browser records Opus in, WebM first (remuxed), else Ogg (kept as is). */
function recordingType(): string | null {
  for (const type of ['audio/webm;codecs=opus', 'audio/ogg;codecs=opus']) if (MediaRecorder.isTypeSupported(type)) return type;
  return null;
}

const clock = (ms: number) => {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

export class VoiceRecorder {
  private state: 'idle' | 'starting' | 'recording' | 'processing' = 'idle';
  private failure: Failure | null = null;
  private limitReached = false;
  private stream: MediaStream | null = null;
  private recorder: MediaRecorder | null = null;
  private audio: AudioContext | null = null;
  private timer = 0;
  private startedAt = 0;
  private elapsed = 0;
  private level = 0;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly composer: ComposerController,
    deps: { adopt?: (styles: CSSResult) => void },
  ) {
    deps.adopt?.(voiceStyles);
  }

  get active(): boolean {
    return this.state !== 'idle';
  }

  async start(): Promise<void> {
    if (this.state !== 'idle') return;
    this.failure = null;
    this.limitReached = false;
    const type = typeof MediaRecorder === 'undefined' || !navigator.mediaDevices?.getUserMedia ? null : recordingType();
    if (!type) return this.fail('voiceUnsupported');
    this.state = 'starting';
    this.host.requestUpdate();
    let stream: MediaStream;
    try {
      // Mono: WhatsApp's voice notes are one channel (Meta's media page: "OPUS codec only, mono").
      stream = await navigator.mediaDevices.getUserMedia({ audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true } });
    } catch (error) {
      return this.fail(failureOf(error));
    }
    if (this.state !== 'starting') return void stream.getTracks().forEach((t) => t.stop()); // discarded while the browser asked
    this.stream = stream;
    const chunks: Blob[] = [];
    let size = 0;
    const recorder = (this.recorder = new MediaRecorder(stream, { mimeType: type, audioBitsPerSecond: BITS_PER_SECOND }));
    recorder.ondataavailable = (event) => {
      chunks.push(event.data);
      size += event.data.size;
      if (size >= RECORDING_LIMIT && recorder.state === 'recording') {
        this.limitReached = true;
        this.stop();
      }
    };
    recorder.onstop = () => void this.finish(recorder, chunks, type);
    this.meter(stream);
    recorder.start(1000);
    this.startedAt = performance.now();
    this.state = 'recording';
    this.timer = window.setInterval(() => this.tick(), 100);
    this.host.requestUpdate();
    await (this.host as LitElement).updateComplete;
    (this.host as LitElement).renderRoot.querySelector<HTMLElement>('.rec-stop')?.focus();
  }

  /** Stops recording; the file goes to the composer once the recorder hands over its last data. */
  stop(): void {
    if (this.recorder?.state === 'recording') {
      this.state = 'processing';
      this.recorder.stop();
      this.release();
    }
  }

  /** Drops the recording (or the request for the microphone) without keeping anything: Discard, Escape, another customer opened, the panel removed. */
  cancel(): void {
    if (this.state === 'idle') return;
    const recorder = this.recorder;
    this.recorder = null;
    if (recorder) recorder.onstop = null;
    if (recorder?.state === 'recording') recorder.stop();
    this.release();
    this.state = 'idle';
    this.host.requestUpdate();
    (this.host as LitElement).updateComplete.then(() => (this.host as LitElement).renderRoot.querySelector<HTMLElement>('.mic')?.focus());
  }

  private async finish(recorder: MediaRecorder, chunks: Blob[], type: string): Promise<void> {
    if (this.recorder !== recorder) return;
    this.recorder = null;
    try {
      const bytes = new Uint8Array(await new Blob(chunks).arrayBuffer());
      const ogg = type.startsWith('audio/webm') ? webmToOgg(bytes) : bytes;
      this.state = 'idle';
      await this.composer.attach(new File([ogg as Uint8Array<ArrayBuffer>], 'voice-note.ogg', { type: 'audio/ogg' }), true);
    } catch {
      this.fail('voiceFailed');
    }
  }

  private fail(failure: Failure): void {
    this.release();
    this.recorder = null;
    this.state = 'idle';
    this.failure = failure;
    this.host.requestUpdate();
  }

  /** The level meter: the microphone's loudness (RMS of the last 20 ms or so), read with the clock. */
  private meter(stream: MediaStream): void {
    try {
      const audio = (this.audio = new AudioContext());
      const analyser = audio.createAnalyser();
      analyser.fftSize = 1024;
      audio.createMediaStreamSource(stream).connect(analyser);
      const samples = new Float32Array(analyser.fftSize);
      this.readLevel = () => {
        analyser.getFloatTimeDomainData(samples);
        let sum = 0;
        for (const s of samples) sum += s * s;
        // Speech peaks near an RMS of 0.3; scale so a normal voice fills most of the meter.
        return Math.min(1, Math.sqrt(sum / samples.length) * 3);
      };
    } catch {
      this.readLevel = () => 0; // No Web Audio: record without a meter.
    }
  }

  private readLevel: () => number = () => 0;

  private tick(): void {
    this.elapsed = performance.now() - this.startedAt;
    this.level = this.readLevel();
    this.host.requestUpdate();
  }

  private release(): void {
    window.clearInterval(this.timer);
    this.stream?.getTracks().forEach((t) => t.stop());
    this.stream = null;
    void this.audio?.close().catch(() => undefined);
    this.audio = null;
    this.level = 0;
  }

  render(v: ComposerView) {
    const t: VoiceStrings = VOICE_STRINGS[v.locale];
    if (this.failure) {
      return html`<p class="error voice-problem" role="alert">
        ${t[this.failure]}
        <button type="button" class="link" @click=${() => ((this.failure = null), this.host.requestUpdate())}>${t.voiceDismiss}</button>
      </p>`;
    }
    const limit = this.limitReached ? html`<p class="hint" role="status">${format(t.voiceLimit, { limit: humanSize(VOICE_LIMIT) })}</p>` : nothing;
    if (this.state === 'idle') return limit;
    if (this.state !== 'recording')
      return html`<p class="hint voice-status" role="status">${this.state === 'starting' ? t.voiceStarting : t.voiceProcessing}</p>`;
    const onKeydown = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        event.stopPropagation();
        this.cancel();
      }
    };
    return html`<div class="recorder" role="group" aria-label=${t.voiceRecording} @keydown=${onKeydown}>
      <span class="rec-dot" aria-hidden="true"></span>
      <span class="rec-time" role="timer" aria-label=${t.voiceRecording}>${clock(this.elapsed)}</span>
      <meter aria-label=${t.voiceLevel} min="0" max="1" low="0.05" high="0.9" optimum="0.5" .value=${this.level}></meter>
      <button type="button" class="icon rec-cancel" aria-label=${t.voiceCancel} title=${t.voiceCancel} @click=${() => this.cancel()}>✕</button>
      <button type="button" class="send rec-stop" @click=${() => this.stop()}>${t.voiceStop}</button>
    </div>`;
  }
}
