/**
 * The inbox's alerts: a browser notification (permission asked only from a
 * click, never on load), an optional sound (off unless the teammate turns it
 * on), and the number of conversations calling for attention in front of the
 * page's title, restored when none is left.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export type AlertPermission = NotificationPermission | 'unsupported';

export interface Alert {
  /** One notification per conversation: a newer one replaces it. */
  contactId: number;
  title: string;
  body: string;
}

export class InboxAlerts implements ReactiveController {
  sound = false;
  /** Conversations that alerted and have not been looked at since. */
  private readonly pending = new Set<number>();
  private baseTitle: string | null = null;
  private audio: AudioContext | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    /** A click on a notification opens its conversation. */
    private readonly onOpen: (contactId: number) => void,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.pending.clear();
    this.showCount();
    void this.audio?.close();
    this.audio = null;
  }

  get permission(): AlertPermission {
    return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
  }

  /** Asks the browser for notifications; call from a click handler only. */
  async enable(): Promise<void> {
    if (this.permission !== 'default') return;
    await Notification.requestPermission();
    this.host.requestUpdate();
  }

  setSound(on: boolean): void {
    this.sound = on;
    this.host.requestUpdate();
  }

  raise(alert: Alert): void {
    this.pending.add(alert.contactId);
    this.showCount();
    if (this.permission === 'granted') {
      const notification = new Notification(alert.title, { body: alert.body, tag: `go2msg-${alert.contactId}` });
      notification.onclick = () => {
        window.focus();
        this.onOpen(alert.contactId);
        notification.close();
      };
    }
    if (this.sound) this.chime();
  }

  /** The teammate looked at this conversation, or nobody waits on it any more. */
  settle(contactId: number): void {
    if (this.pending.delete(contactId)) this.showCount();
  }

  get count(): number {
    return this.pending.size;
  }

  private showCount(): void {
    const n = this.pending.size;
    if (n > 0) {
      this.baseTitle ??= document.title;
      document.title = `(${n}) ${this.baseTitle}`;
    } else if (this.baseTitle !== null) {
      document.title = this.baseTitle;
      this.baseTitle = null;
    }
  }

  /** Two short tones, made on the spot: no sound file to load or to be blocked by a host's CSP. */
  private chime(): void {
    try {
      this.audio ??= new AudioContext();
      const start = this.audio.currentTime;
      for (const [offset, pitch] of [
        [0, 880],
        [0.14, 1175],
      ] as const) {
        const tone = this.audio.createOscillator();
        const volume = this.audio.createGain();
        tone.frequency.value = pitch;
        volume.gain.setValueAtTime(0.12, start + offset);
        volume.gain.exponentialRampToValueAtTime(0.001, start + offset + 0.12);
        tone.connect(volume).connect(this.audio.destination);
        tone.start(start + offset);
        tone.stop(start + offset + 0.12);
      }
    } catch {
      // A page without audio output still has the notification and the title.
    }
  }
}
