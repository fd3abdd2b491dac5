/**
 * What every helpdesk that keeps a ticket per conversation shares (Zendesk, Freshdesk, HubSpot,
 * Salesforce): the events it acts on, its API with its credential, and the one link per conversation claimed before
 * anything is created (store/host-deliveries.ts `claimRecordLink`), so a ticket is created only
 * when the conversation has none; each helpdesk says how it creates, resolves and reopens one.
 */
import type { HostCallOutcome } from '@domain/host-delivery';
import type { HostEventBody, HostEventType } from '@domain/host-events';
import { TIMELINE_EVENTS, timelineNote, type TimelineNote } from '@domain/host-timeline';
import type { Db } from '../../store/db';
import { claimRecordLink, findRecordLink, type ClaimedDelivery } from '../../store/host-deliveries';
import type { Clock } from '../runtime/clock';
import type { LiveFeed } from '../live/live-feed';
import { deliverWith, HostApi } from './host-http';
import { linkRecord } from './host-links';
import type { HostAdapter } from './host-outbox';

export interface TicketHostDeps {
  db: Db;
  clock: Clock;
  live: LiveFeed;
  fetch: typeof fetch;
  /** Real time, for the hosts' Retry-After dates. */
  wallClock: Clock;
  /** Copy later customer messages and agent replies to the record's timeline (HOST_TIMELINE; off by default). */
  timeline?: boolean;
}

/** Basic auth from `user:password`: the header, and the secret with its base64 form (which a host may echo). */
export function basicCredential(userPassword: string, secret: string): { authorization: string; secrets: string[] } {
  const basic = Buffer.from(userPassword).toString('base64');
  return { authorization: `Basic ${basic}`, secrets: [secret, basic] };
}

const TICKET_EVENTS = new Set<HostEventType>(['conversation.created', 'conversation.reopened', 'conversation.resolved']);

export abstract class TicketHost implements HostAdapter {
  readonly label: string;
  readonly configVariables: string;
  secrets: readonly string[];
  protected readonly api: HostApi;

  constructor(
    readonly name: string,
    protected readonly deps: TicketHostDeps,
    spec: {
      /** "Zendesk": how alerts name it, with its account's host. */
      product: string;
      url: string;
      sandbox: boolean;
      apiPath: string;
      /** The Authorization header's value (basic auth, a bearer token), or a function that gets one (an OAuth token that expires). */
      authorization: string | (() => Promise<string>);
      /** The credentials, and anything made of them, never to appear in a log or an error. */
      secrets: readonly string[];
      timeoutMs: number;
      configVariables: string;
      explain: (json: unknown) => string;
      onUnauthorized?: () => void;
      classify?: (status: number, json: unknown) => HostCallOutcome | null;
    },
  ) {
    this.label = spec.sandbox ? `${spec.product} (sandbox)` : `${spec.product} (${new URL(spec.url).host})`;
    this.configVariables = spec.configVariables;
    this.secrets = spec.secrets;
    this.api = new HostApi({
      doFetch: deps.fetch,
      baseUrl: `${spec.url}${spec.apiPath}`,
      authorization: spec.authorization,
      timeoutMs: spec.timeoutMs,
      now: () => deps.wallClock.now(),
      explain: spec.explain,
      onUnauthorized: spec.onUnauthorized,
      classify: spec.classify,
    });
  }

  wants(type: HostEventType): boolean {
    return TICKET_EVENTS.has(type) || (!!this.deps.timeline && TIMELINE_EVENTS.includes(type));
  }

  /** The message that opens (or reopens) a conversation is already the record's description (or reopening note): not copied again. */
  get skipsOpeningMessage(): boolean {
    return !!this.deps.timeline;
  }

  deliver(delivery: ClaimedDelivery): Promise<HostCallOutcome> {
    return deliverWith(async () => {
      const { event, contactId } = delivery;
      if (event.type === 'message.received' || event.type === 'message.sent') return this.copyToTimeline(event, contactId);
      const link = await claimRecordLink(this.deps.db, this.name, contactId, this.deps.clock.now());
      if (event.type === 'conversation.resolved') {
        if (link.recordId) await this.resolveTicket(link.recordId);
      } else if (!link.recordId) {
        await this.createTicket(event, contactId);
      } else if (event.type === 'conversation.reopened') {
        await this.reopenTicket(event, contactId, link.recordId);
      }
    });
  }

  /** The ticket's page for agents. */
  abstract ticketUrl(id: string): string;
  /** Creates the conversation's ticket, or finds the one a lost answer created, and links it. */
  protected abstract createTicket(event: HostEventBody, contactId: number): Promise<void>;
  protected abstract resolveTicket(ticketId: string): Promise<void>;
  protected abstract reopenTicket(event: HostEventBody, contactId: number, ticketId: string): Promise<void>;

  /**
   * Adds a message to the record's timeline, once: a delivery is retried when an answer was
   * lost (or an instance stopped mid-call), so the record is first looked at for the note's
   * marker. A conversation with no record (from before the host was configured) has nothing to add to.
   */
  private async copyToTimeline(event: HostEventBody, contactId: number): Promise<void> {
    const note = timelineNote(event);
    const link = await findRecordLink(this.deps.db, this.name, contactId);
    if (!note || !link?.recordId) return;
    if (await this.timelineHas(link.recordId, note.marker)) return;
    await this.addToTimeline(link.recordId, note);
  }

  /** Whether the record's timeline already has a note ending with this marker (its most recent notes, at least a hundred). */
  protected abstract timelineHas(recordId: string, marker: string): Promise<boolean>;
  /** Adds the note, visible to agents only. */
  protected abstract addToTimeline(recordId: string, note: TimelineNote): Promise<void>;

  protected link(contactId: number, ticketId: string): Promise<void> {
    return linkRecord(this.deps, this.name, contactId, { id: ticketId, url: this.ticketUrl(ticketId) });
  }
}
