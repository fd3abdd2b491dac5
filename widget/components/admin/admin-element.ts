/**
 * What the admin elements share: the connector, the signed-in teammate (the
 * same in-memory session as the panel on the page), sign-in through the same
 * popup, the admin-role gate, and errors shown with what to do and, for
 * Meta's rules, every rule broken.
 */
import { html, LitElement, nothing, type PropertyDeclarations, type PropertyValues } from 'lit';
import { AdminClient } from '../../api/admin-client';
import { ApiError } from '../../api/errors';
import { sessionFor, type PanelSession } from '../../api/session';
import { adminEn, type AdminStrings } from '../../i18n/admin-strings';

export interface Notice {
  kind: 'error' | 'ok';
  message: string;
  action?: string;
  violations?: Array<{ rule: string; path: string; message: string }>;
}

export abstract class AdminElement extends LitElement {
  static override properties: PropertyDeclarations = {
    connectorUrl: { attribute: 'connector-url' },
    busy: { state: true },
    notice: { state: true },
  };

  declare connectorUrl: string;
  declare busy: boolean;
  declare notice: Notice | null;

  protected readonly t: AdminStrings = adminEn;
  protected session: PanelSession | null = null;
  protected client: AdminClient | null = null;
  private unsubscribe: (() => void) | null = null;

  constructor() {
    super();
    this.connectorUrl = '';
    this.busy = false;
    this.notice = null;
  }

  /** Reads what the element shows; called when the connector or the teammate changes. */
  protected abstract load(): Promise<void>;

  /** Admin-only elements show nothing to agents; the others show it read-only. */
  protected get adminOnly(): boolean {
    return true;
  }

  protected get isAdmin(): boolean {
    return this.session?.teammate?.role === 'admin';
  }

  protected get signedIn(): boolean {
    return Boolean(this.session?.token);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.session && !this.unsubscribe) this.unsubscribe = this.session.subscribe(() => this.reload());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('connectorUrl') && this.connectorUrl) {
      this.unsubscribe?.();
      this.session = sessionFor(this.connectorUrl);
      // The session's renewal keeps the admin elements signed in as long as the panel.
      this.client = new AdminClient(this.connectorUrl.replace(/\/+$/, ''), () => this.session?.token ?? null, () => this.session?.renew() ?? Promise.resolve(false));
      this.unsubscribe = this.session.subscribe(() => this.reload());
      this.reload();
    }
  }

  protected reload(): void {
    this.notice = null;
    if (this.signedIn && (this.isAdmin || !this.adminOnly)) void this.load();
    this.requestUpdate();
  }

  /** Runs an action with the busy flag; a refusal becomes the notice. Returns undefined when it failed. */
  protected async attempt<T>(action: () => Promise<T>): Promise<T | undefined> {
    this.busy = true;
    this.notice = null;
    try {
      return await action();
    } catch (error) {
      const e = error instanceof ApiError ? error : ApiError.network();
      const violations = Array.isArray(e.details?.violations) ? (e.details.violations as Notice['violations']) : undefined;
      this.notice = { kind: 'error', message: e.message, action: e.action, ...(violations ? { violations } : {}) };
      if (e.status === 401) void this.session?.recover(e.code);
      return undefined;
    } finally {
      this.busy = false;
    }
  }

  private async signIn(): Promise<void> {
    if (!this.client || !this.session) return;
    await this.attempt(() => this.session!.signInWithPopup());
  }

  /** The sign-in prompt or the admins-only message; null when the element can show its content. */
  protected renderGate() {
    const t = this.t;
    if (!this.connectorUrl) return html``;
    if (!this.signedIn) {
      return html`<div class="signin">
        <p class="muted">${t.signInPrompt}</p>
        <button type="button" ?disabled=${this.busy} @click=${() => this.signIn()}>${this.busy ? t.signingIn : t.signIn}</button>
        ${this.renderNotice()}
      </div>`;
    }
    if (this.adminOnly && !this.isAdmin) return html`<p class="muted" role="status">${t.adminsOnly}</p>`;
    return null;
  }

  protected renderNotice() {
    const n = this.notice;
    if (!n) return nothing;
    if (n.kind === 'ok') return html`<p class="ok" role="status">${n.message}</p>`;
    return html`<div role="alert">
      <p class="error">${n.message} ${n.action ?? ''}</p>
      ${n.violations?.length ? html`<ul class="violations">${n.violations.map((v) => html`<li><code>${v.rule}</code> ${v.message}</li>`)}</ul>` : nothing}
    </div>`;
  }
}
