/**
 * The account alerts a panel shows: read once when the panel opens, then
 * replaced by every `template` and `health` live event (which carry the whole
 * current list). An agent may dismiss one; it comes back if its value changes
 * (medium quality dismissed, then low quality shows).
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { AccountAlert } from '@domain/account-views';
import type { LiveEvent } from '@domain/views';
import type { ConnectorClient } from '../api/connector-client';

const dismissKey = (a: AccountAlert) => `${a.key}|${a.value ?? ''}`;

export class AccountAlertsController implements ReactiveController {
  #alerts: AccountAlert[] = [];
  readonly #dismissed = new Set<string>();
  #generation = 0;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {}

  get visible(): AccountAlert[] {
    return this.#alerts.filter((a) => !this.#dismissed.has(dismissKey(a)));
  }

  load(client: ConnectorClient): Promise<void> {
    return this.loadFrom(client.numberHealth().then((r) => r.alerts));
  }

  /** Shows what `read` brings (read elsewhere: with the header's identity), unless a live event was newer. */
  async loadFrom(read: Promise<AccountAlert[] | null>): Promise<void> {
    const generation = ++this.#generation;
    // Alerts are a courtesy: a connector without them (or a failed call) shows none.
    const alerts = await read.catch(() => null);
    if (generation === this.#generation) this.#alerts = alerts ?? [];
    this.host.requestUpdate();
  }

  apply(event: LiveEvent): void {
    if (event.type !== 'template' && event.type !== 'health') return;
    this.#generation += 1;
    this.#alerts = event.alerts;
    this.host.requestUpdate();
  }

  dismiss(alert: AccountAlert): void {
    this.#dismissed.add(dismissKey(alert));
    this.host.requestUpdate();
  }

  clear(): void {
    this.#generation += 1;
    this.#alerts = [];
    this.host.requestUpdate();
  }
}
