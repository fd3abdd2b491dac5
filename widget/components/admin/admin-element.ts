/**
 * What the admin elements (and the audit log) share: the connector, the
 * signed-in teammate (the same in-memory session as the panel on the page,
 * renewed with it), sign-in through the same popup, the admin-role gate, and
 * errors shown with what to do and, for Meta's rules, every rule broken.
 */
import { html, LitElement, nothing, type PropertyDeclarations, type PropertyValues } from 'lit';
import { AdminClient } from '../../api/admin-client';
import { ApiError } from '../../api/errors';
import type { PanelSession } from '../../api/session';
import { SignInError } from '../../api/sign-in';
import { SessionController } from '../../controllers/session-controller';
import { errorCatalogFor, inEnglish, type Explainable } from '../../i18n/error-catalog';
import { resolveLocale } from '../../i18n/locale';
import { en, format } from '../../i18n/strings';
import { codeEntry, SignInFocus } from '../thread/sign-in-view';

export interface Notice {
  kind: 'error' | 'ok';
  message: string;
  action?: string;
  /** A refusal from the connector, worded in the page's language when shown. */
  error?: Explainable;
  violations?: Array<{ rule: string; path: string; message: string }>;
}

/** The gate's words; each element brings its own. `adminsOnly` may name the teammate as {name}. */
export type GateStrings = Record<'signInPrompt' | 'signIn' | 'signingIn' | 'adminsOnly', string>;

export abstract class AdminElement extends LitElement {
  static override properties: PropertyDeclarations = {
    connectorUrl: { attribute: 'connector-url' },
    busy: { state: true },
    notice: { state: true },
  };

  declare connectorUrl: string;
  declare busy: boolean;
  declare notice: Notice | null;

  // Each element's own dictionary, so an element's chunk carries only its strings.
  protected abstract readonly t: GateStrings;
  protected session: PanelSession | null = null;
  protected client: AdminClient | null = null;
  /** The page's session for this connector, and this element's sign-in (popup, code, cancel). */
  private readonly auth = new SessionController(this, () => this.reload());
  private readonly signInFocus = new SignInFocus();

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

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('connectorUrl') && this.connectorUrl) {
      this.session = this.auth.use(this.connectorUrl);
      // The session's renewal keeps the admin elements signed in as long as the panel.
      this.client = new AdminClient(
        this.connectorUrl.replace(/\/+$/, ''),
        () => this.session?.token ?? null,
        () => this.session?.renew() ?? Promise.resolve(false),
      );
      this.reload();
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    this.signInFocus.apply(this.renderRoot, this.auth, true);
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
      this.report(error);
      return undefined;
    } finally {
      this.busy = false;
    }
  }

  /** Shows a refusal as the notice; a refused session is renewed if it can be, or ends. */
  protected report(error: unknown): void {
    if (error instanceof SignInError) {
      this.notice = { kind: 'error', message: error.message, action: error.action };
      return;
    }
    const e = error instanceof ApiError ? error : ApiError.network();
    const violations = Array.isArray(e.details?.violations) ? (e.details.violations as Notice['violations']) : undefined;
    this.notice = { kind: 'error', message: e.message, action: e.action, error: e, ...(violations ? { violations } : {}) };
    if (e.status === 401) void this.session?.recover(e.code);
  }

  private async signIn(): Promise<void> {
    if (!this.client || !this.session) return;
    this.notice = null;
    // Signed in, the element's content takes over; otherwise Sign in gets the focus back.
    if (!(await this.auth.signIn())) this.signInFocus.signInEnded(false);
    const failed = this.auth.notice;
    if (failed) this.notice = { kind: 'error', message: failed.message ?? en.signedOut, ...(failed.action ? { action: failed.action } : {}) };
    this.requestUpdate();
  }

  /** The sign-in prompt or the admins-only message; null when the element can show its content. */
  protected renderGate() {
    const t = this.t;
    if (!this.connectorUrl) return html``;
    if (!this.signedIn) {
      const auth = this.auth;
      return html`<div class="signin">
        <p class="muted">${t.signInPrompt}</p>
        ${
          auth.confirmation
            ? codeEntry(en, auth)
            : auth.waiting
              ? html`<p role="status">${en.waitingForSignIn}</p><button class="link" type="button" @click=${() => auth.cancelSignIn()}>${en.cancel}</button>`
              : html`<button class="primary sign-in" type="button" ?disabled=${auth.busy} @click=${() => this.signIn()}>${auth.busy ? t.signingIn : t.signIn}</button>`
        }
        ${this.renderNotice()}
      </div>`;
    }
    if (this.adminOnly && !this.isAdmin) return html`<p class="muted" role="status">${format(t.adminsOnly, { name: this.session?.teammate?.name ?? '' })}</p>`;
    return null;
  }

  /** A refusal in the element's language (its `lang`, else the page's): the same tables as the panel's. */
  private describe(error: Explainable): string {
    const locale = resolveLocale(this.getAttribute('lang') || document.documentElement.lang);
    return errorCatalogFor(locale, () => this.requestUpdate())?.describe(error) ?? inEnglish(error);
  }

  protected renderNotice() {
    const n = this.notice;
    if (!n) return nothing;
    if (n.kind === 'ok') return html`<p class="ok" role="status">${n.message}</p>`;
    return html`<div role="alert">
      <p class="error">${n.error ? this.describe(n.error) : `${n.message} ${n.action ?? ''}`}</p>
      ${n.violations?.length ? html`<ul class="violations">${n.violations.map((v) => html`<li><code>${v.rule}</code> ${v.message}</li>`)}</ul>` : nothing}
    </div>`;
  }
}
