/**
 * An open inbox tells the connector its teammate is at their desk
 * (POST /api/presence when it opens, every PRESENCE_BEAT_MS, and when it
 * closes), so automatic assignment (AUTO_ASSIGN) gives them conversations.
 * A thread panel says the same through its own presence reports (lazy/presence.ts).
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { PRESENCE_BEAT_MS } from '@domain/presence';
import type { ConnectorClient } from '../api/connector-client';

export class AtDeskController implements ReactiveController {
  /** This inbox's own id (random): a teammate may have several open. */
  private readonly panel = crypto.randomUUID();
  private client: ConnectorClient | null = null;
  private beat: ReturnType<typeof setInterval> | null = null;

  constructor(host: ReactiveControllerHost) {
    host.addController(this);
  }

  start(client: ConnectorClient): void {
    if (this.client && this.client !== client) this.say(true);
    this.client = client;
    this.say(false);
    this.beat ??= setInterval(() => this.say(false), PRESENCE_BEAT_MS);
    addEventListener('pagehide', this.onPageHide);
  }

  /** `goodbye` false when the session is over: there is nobody left to sign the call, and the report runs out by itself. */
  stop(goodbye = true): void {
    if (goodbye) this.say(true);
    this.client = null;
    if (this.beat) clearInterval(this.beat);
    this.beat = null;
    removeEventListener('pagehide', this.onPageHide);
  }

  hostDisconnected(): void {
    this.stop();
  }

  private readonly onPageHide = (): void => this.say(true);

  private say(leaving: boolean): void {
    // keepalive: a closing page's last word still reaches the connector (sendBeacon cannot carry the bearer token).
    this.client?.request('/api/presence', { method: 'POST', body: JSON.stringify({ panel: this.panel, leaving }), keepalive: leaving }).catch(() => {
      // Being counted at one's desk is a courtesy: the inbox works without it (an older connector, a network blip).
    });
  }
}
