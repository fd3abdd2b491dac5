/**
 * Who owns the conversation, in the thread's header, with "Assign to me" when
 * it is not mine (the one click that takes it over, audited by the connector),
 * and who else is on the thread (presence.ts). Loaded with the first thread
 * shown, outside the core bundle; kept current by the `conversation` and
 * `presence` events on the thread's own stream. A helpdesk's record of the
 * conversation (a Zendesk ticket, issue 14) shows beside the owner as a link.
 * When the business has several WhatsApp numbers, the line says which one this
 * thread is with — the one replies go from — and lets the agent switch to the
 * customer's thread with another number (one thread per number and customer).
 * On a thread with another number than the default, the header's name, picture
 * and health are that number's (`identity`): Meta keeps a profile per number.
 */
import { html, nothing, type CSSResult, type ReactiveElement } from 'lit';
import { describeBusinessNumber, type BusinessNumber } from '@domain/business-numbers';
import type { ConversationSummary } from '@domain/conversations';
import type { HostRecordView } from '@domain/host-events';
import type { LiveEvent } from '@domain/views';
import type { BusinessProfileView, NumberHealthView } from '@domain/account-views';
import type { BusinessIdentity, ConnectorClient, NumberHealth, SignedInTeammate } from '../api/connector-client';
import { businessNumbers, changeConversation, conversation } from '../api/conversations';
import { ApiError } from '../api/errors';
import type { Explainable } from '../i18n/error-catalog';
import type { Locale } from '../i18n/locale';
import { format } from '../i18n/strings';
import { ThreadPresence, type ThreadState } from './presence';

const STRINGS = {
  en: {
    owner: 'Assigned to {name}',
    mine: 'Assigned to you',
    none: 'Unassigned',
    claim: 'Assign to me',
    ticket: 'Ticket #{id}',
    case: 'Salesforce Case',
    record: '{host} record {id}',
    replyFrom: 'Replies go from',
  },
  es: {
    owner: 'Asignada a {name}',
    mine: 'Asignada a ti',
    none: 'Sin asignar',
    claim: 'Asignarme',
    ticket: 'Ticket n.º {id}',
    case: 'Caso de Salesforce',
    record: 'Registro {id} en {host}',
    replyFrom: 'Las respuestas salen de',
  },
  'pt-BR': {
    owner: 'Atribuída a {name}',
    mine: 'Atribuída a você',
    none: 'Sem responsável',
    claim: 'Atribuir a mim',
    ticket: 'Ticket nº {id}',
    case: 'Caso do Salesforce',
    record: 'Registro {id} em {host}',
    replyFrom: 'As respostas saem de',
  },
} satisfies Record<Locale, Record<string, string>>;

/** Helpdesks whose records are tickets. */
const TICKET_HOSTS = new Set(['zendesk', 'freshdesk', 'hubspot']);

/** The helpdesk's record of this conversation ("Ticket #1234"), opening in the helpdesk. */
function renderRecord(record: HostRecordView, s: (typeof STRINGS)[Locale]) {
  // A Case's id (5005g…) means nothing to an agent; its page shows the Case number.
  const label =
    record.host === 'salesforce'
      ? s.case
      : TICKET_HOSTS.has(record.host)
        ? format(s.ticket, { id: record.id })
        : format(s.record, { host: record.host, id: record.id });
  return record.url
    ? html`<a class="host-record" part="host-record" href=${record.url} target="_blank" rel="noopener noreferrer">${label}</a>`
    : html`<span class="host-record" part="host-record">${label}</span>`;
}

export class Ownership {
  conversation: ConversationSummary | null = null;
  error: ApiError | null = null;
  busy = false;
  /** The business's WhatsApp numbers (more than one: the line offers the choice). */
  numbers: Array<BusinessNumber & { health?: NumberHealthView | null }> = [];
  private defaultId: string | null = null;
  /** Each other number's profile, read once when a thread with it is first shown (null while reading or unreadable). */
  private readonly profiles = new Map<string, BusinessProfileView | null>();
  private client: ConnectorClient | null = null;
  private contact = '';
  private readonly presence: ThreadPresence;

  constructor(
    private readonly host: ReactiveElement,
    thread: ThreadState,
    /** The panel's way to add a lazy chunk's styles to its shadow root. */
    adopt: (styles: CSSResult) => void,
  ) {
    this.presence = new ThreadPresence(host, thread, adopt);
  }

  /** Reads the conversation of the thread just opened (none yet for a customer who never wrote: unassigned), and says this panel is on it. */
  async load(client: ConnectorClient, contact: string): Promise<void> {
    this.contact = contact;
    this.presence.open(client, contact);
    this.conversation = null;
    this.error = null;
    // Read with each thread (a small answer): none from a connector older than several numbers.
    this.client = client;
    void businessNumbers(client).then(
      ({ data, defaultId }) => {
        this.numbers = data;
        this.defaultId = defaultId;
        this.host.requestUpdate();
      },
      () => undefined,
    );
    try {
      const found = await conversation(client, contact);
      if (this.contact === contact) this.conversation = found;
    } catch {
      // No conversation yet, or an older connector: the header shows no owner.
    }
    this.host.requestUpdate();
  }

  /**
   * The header's name, picture and health when this thread is with another number than the
   * default (whose identity the panel reads itself); null otherwise, or until that number's
   * health is known.
   */
  get identity(): { business: BusinessIdentity; health: NumberHealth } | null {
    const id = this.conversation?.contact.phoneNumberId;
    const number = this.numbers.find((n) => n.id === id);
    if (!id || id === this.defaultId || !number?.health) return null;
    if (!this.profiles.has(id) && this.client) {
      this.profiles.set(id, null);
      void this.client.request<{ profile: BusinessProfileView }>(`/api/business-profile?number=${encodeURIComponent(id)}`).then(
        ({ profile }) => (this.profiles.set(id, profile), this.host.requestUpdate()),
        () => undefined,
      );
    }
    const profile = this.profiles.get(id);
    const health = number.health;
    return {
      business: {
        name: health.verifiedName ?? number.label,
        about: profile?.about ?? null,
        pictureUrl: profile?.profilePictureUrl ?? null,
        verified: health.officialBusinessAccount,
      },
      health: { quality: health.qualityRating, tier: health.messagingLimit.tier },
    };
  }

  /** A `conversation` or `presence` event from the thread's stream. */
  apply(event: Extract<LiveEvent, { type: 'conversation' | 'presence' }>): void {
    if (event.type === 'presence') return this.presence.apply(event.presence);
    const summary = event.conversation;
    if (this.conversation === null || summary.contact.id === this.conversation.contact.id) this.conversation = summary;
    this.host.requestUpdate();
  }

  /** Asked before a reply leaves: true when it waits for the teammate's answer to the collision warning (presence.ts). */
  hold(send: () => void): boolean {
    return this.presence.hold(send);
  }

  async claim(client: ConnectorClient, teammateId: number): Promise<void> {
    const contact = this.contact;
    this.busy = true;
    this.error = null;
    this.host.requestUpdate();
    try {
      const view = await changeConversation(client, contact, { type: 'assign', teammateId });
      if (this.contact === contact) this.conversation = view;
    } catch (error) {
      this.error = error instanceof ApiError ? error : ApiError.network();
    } finally {
      this.busy = false;
      this.host.requestUpdate();
    }
  }

  /**
   * The business number replies go from, as a choice when there are several: picking another
   * opens the customer's thread with that number (the panel's `contact` becomes "+…@<number id>").
   */
  private renderNumber(s: (typeof STRINGS)[Locale]) {
    const contact = this.conversation?.contact;
    const customer = contact?.phone ?? contact?.userId;
    if (this.numbers.length < 2 || !contact?.phoneNumberId || !customer) return nothing;
    const pick = (event: Event) => {
      const id = (event.target as HTMLSelectElement).value;
      (this.host as ReactiveElement & { contact: string }).contact = `${customer}@${id}`;
    };
    return html`<label class="reply-from" part="reply-from"
      >${s.replyFrom}
      <select @change=${pick}>
        ${this.numbers.map((n) => html`<option value=${n.id} ?selected=${n.id === contact.phoneNumberId}>${describeBusinessNumber(n)}</option>`)}
      </select></label
    >`;
  }

  render(locale: Locale, teammate: SignedInTeammate | null, describe: (e: Explainable) => string, onClaim: () => void) {
    if (!teammate) return nothing;
    const s = STRINGS[locale];
    const owner = this.conversation?.owner ?? null;
    const mine = owner?.id === teammate.id;
    // Laid out like the header's .account row (the owner on the left, the one click to take it on the
    // right) but not named .account: that one is the sign-in row (who is signed in, Sign out).
    return html`<div class="owner-line" part="owner">
      <span class="owner" data-owner=${owner ? (mine ? 'me' : 'other') : 'none'}>${owner ? (mine ? s.mine : format(s.owner, { name: owner.name })) : s.none}</span>
      ${this.renderNumber(s)} ${(this.conversation?.records ?? []).map((r) => renderRecord(r, s))}
      ${this.presence.render(locale, teammate.id)}
      ${mine ? nothing : html`<button class="link claim" type="button" ?disabled=${this.busy} @click=${onClaim}>${s.claim}</button>`}
      ${this.error ? html`<span class="error" role="alert">${describe(this.error)}</span>` : nothing}
    </div>
    ${this.presence.renderWarning(locale)}`;
  }
}
