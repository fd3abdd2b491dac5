/**
 * What a thread reads from its connector besides the thread itself: the
 * sending number's identity and health for the header (read once per client,
 * with the account alerts that come with it), and the approved templates
 * (read the first time they are needed after each reload).
 */
import type { ReactiveControllerHost } from 'lit';
import type { Template } from '@domain/templates';
import type { BusinessIdentity, ConnectorClient, NumberHealth } from '../api/connector-client';
import type { AccountAlertsController } from './account-alerts-controller';

/** Needs no lifecycle of its own: the thread calls reload() when it reopens. */
export class IdentityController {
  business: BusinessIdentity | null = null;
  health: NumberHealth | null = null;
  /** Null until needed since the last reload; empty while loading or when they could not be read. */
  templates: Template[] | null = null;
  #identityFor: ConnectorClient | null = null;

  readonly #host: ReactiveControllerHost;
  readonly #alerts: AccountAlertsController;
  readonly #client: () => ConnectorClient | null;
  /** The templates arrived (the picker shows them). */
  readonly #onTemplates: (templates: Template[]) => void;

  constructor(
    host: ReactiveControllerHost,
    alerts: AccountAlertsController,
    client: () => ConnectorClient | null,
    onTemplates: (templates: Template[]) => void,
  ) {
    this.#host = host;
    this.#alerts = alerts;
    this.#client = client;
    this.#onTemplates = onTemplates;
  }

  /** The thread (re)opened with `client`: templates are read again when next needed. */
  reload(client: ConnectorClient): void {
    this.templates = null;
    // A new client's first open reads the alerts with the header's identity (one read of the number's health).
    if (this.#identityFor === client) void this.#alerts.load(client);
    else void this.#alerts.loadFrom(this.#loadIdentity(client));
  }

  /** Reads the header's identity; resolves to the alerts that came with it. */
  async #loadIdentity(client: ConnectorClient) {
    this.#identityFor = client;
    const { business, health, alerts } = await client.identity();
    if (this.#client() === client) {
      this.business = business;
      this.health = health;
      this.#host.requestUpdate();
    }
    return alerts;
  }

  /** Starts reading the templates unless they were read since the last reload. */
  needTemplates(): void {
    if (this.templates !== null) return;
    this.templates = [];
    void this.#loadTemplates();
  }

  async #loadTemplates(): Promise<void> {
    const client = this.#client();
    if (!client) return;
    try {
      this.templates = (await client.templates()).data;
    } catch {
      this.templates = [];
    }
    this.#onTemplates(this.templates);
    this.#host.requestUpdate();
  }
}
