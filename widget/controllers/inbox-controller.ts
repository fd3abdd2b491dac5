/**
 * The inbox's list: one tab's pages, kept current by the conversations' live
 * stream. A change lands where the next page load would put it (the domain's
 * own view and order rules), so the list never needs a refresh; the tabs'
 * counts are read again after changes, a few at a time.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { compareConversations, inConversationView } from '@domain/conversation-order';
import type { ConversationChangeCause, ConversationOrder, ConversationSummary, ConversationView, ConversationViewName } from '@domain/conversations';
import type { LiveEvent } from '@domain/views';
import type { ConnectorClient } from '../api/connector-client';
import { conversationEventsUrl, conversationPage } from '../api/conversations';
import { ApiError } from '../api/errors';
import { openEventStream, type StreamState } from '../api/event-stream';
import { bringsCustomerMessage } from '../components/inbox/alert-rule';

/** Counts are read again this long after the last change (a burst of messages is one read). */
export const COUNTS_DEBOUNCE_MS = 250;

/** The counts are read again at least this often (by the connector's clock): a snooze ending elsewhere sends no event. */
export const COUNTS_EVERY_MS = 60_000;

export type ListState = 'idle' | 'loading' | 'ready' | 'error';

export interface InboxOptions {
  onSignedOut: (code: string) => void;
  /** Every conversation change the stream brings, with what the inbox knew of it before (for alerts). */
  /** A conversation event changed a row; `cause` says whether a customer wrote (alerts ring only then). */
  onChange?: (before: ConversationSummary | undefined, after: ConversationSummary, cause: ConversationChangeCause) => void;
}

export class InboxController implements ReactiveController {
  view: ConversationViewName = 'unassigned';
  order: ConversationOrder = 'waiting';
  query = '';
  state: ListState = 'idle';
  rows: ConversationView[] = [];
  next: string | null = null;
  counts: Record<ConversationViewName, number> | null = null;
  error: ApiError | null = null;
  more: 'idle' | 'loading' | ApiError = 'idle';
  connection: StreamState = 'closed';
  /** The conversation open beside the list (a contact id): its messages are read as they come. */
  lookingAt: number | null = null;
  private client: ConnectorClient | null = null;
  private token: () => string | null = () => null;
  private teammateId = 0;
  private offsetMs = 0;
  private generation = 0;
  private stopStream: (() => void) | null = null;
  /** What the inbox last knew of each conversation, from pages and the stream. */
  private readonly known = new Map<number, ConversationSummary>();
  /** Changes the stream brought while a page was loading: applied over the page when it arrives. */
  private duringLoad: Map<number, ConversationSummary> | null = null;
  private countsTimer: ReturnType<typeof setTimeout> | null = null;
  /** When each known snooze ends: nothing is sent then (the connector computes it), so the inbox watches the clock. */
  private readonly snoozeEnds = new Map<number, number>();
  /** When the counts were last read (connector time). */
  private countsAt = 0;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: InboxOptions,
  ) {
    host.addController(this);
  }

  /** The connector's "now" (waiting times, windows, snoozes). */
  now(): number {
    return Date.now() + this.offsetMs;
  }

  get me(): number {
    return this.teammateId;
  }

  hostDisconnected(): void {
    this.close();
  }

  close(): void {
    this.generation += 1;
    this.stopStream?.();
    this.stopStream = null;
    if (this.countsTimer) clearTimeout(this.countsTimer);
    this.countsTimer = null;
    this.known.clear();
    this.snoozeEnds.clear();
  }

  /** Before each render (the tick, a clock event): a snooze whose time came puts its conversation back where it belongs. */
  hostUpdate(): void {
    const now = this.now();
    for (const [id, until] of this.snoozeEnds) {
      if (until > now) continue;
      this.snoozeEnds.delete(id);
      const summary = this.known.get(id);
      if (summary) this.place(summary, undefined);
      this.scheduleCounts();
    }
    if (this.state === 'ready' && !this.countsTimer && now - this.countsAt >= COUNTS_EVERY_MS) this.scheduleCounts();
  }

  /** What the inbox knows of a conversation (a row of any tab seen, or a live change). */
  find(contactId: number): ConversationSummary | undefined {
    return this.known.get(contactId);
  }

  private remember(summary: ConversationSummary): void {
    this.known.set(summary.contact.id, summary);
    if (summary.state === 'snoozed' && summary.snoozedUntil !== null && summary.snoozedUntil > this.now())
      this.snoozeEnds.set(summary.contact.id, summary.snoozedUntil);
    else this.snoozeEnds.delete(summary.contact.id);
  }

  /** Loads the tab shown and starts the live stream from that page. */
  start(client: ConnectorClient, token: () => string | null, teammateId: number): void {
    this.close();
    this.client = client;
    this.token = token;
    this.teammateId = teammateId;
    void this.load(true);
  }

  setView(view: ConversationViewName): void {
    if (view === this.view) return;
    this.view = view;
    void this.load();
  }

  setQuery(query: string): void {
    if (query.trim() === this.query.trim()) return;
    this.query = query;
    void this.load();
  }

  /** The first page of the tab (and search) shown. */
  async load(openStream = false): Promise<void> {
    const client = this.client;
    if (!client) return;
    const generation = ++this.generation;
    this.duringLoad = new Map();
    this.state = 'loading';
    this.error = null;
    this.more = 'idle';
    this.host.requestUpdate();
    try {
      const page = await conversationPage(client, { view: this.view, order: this.order, q: this.query });
      if (generation !== this.generation) return;
      this.offsetMs = page.serverNow - Date.now();
      this.counts = page.counts;
      this.countsAt = page.serverNow;
      this.next = page.next;
      this.rows = page.data;
      for (const row of page.data) this.remember(row);
      const meanwhile = this.duringLoad;
      this.duringLoad = null;
      for (const summary of meanwhile.values()) this.place(summary, undefined);
      this.state = 'ready';
      if (openStream || !this.stopStream) this.listen(client, page.lastEventId);
    } catch (error) {
      if (generation !== this.generation) return;
      this.duringLoad = null;
      this.fail(error);
    }
    this.host.requestUpdate();
  }

  /** The next page of the tab ("Load more", or the end of the list scrolled into view). */
  async loadMore(): Promise<void> {
    const client = this.client;
    if (!client || !this.next || this.more === 'loading') return;
    const generation = this.generation;
    this.more = 'loading';
    this.host.requestUpdate();
    try {
      const page = await conversationPage(client, { view: this.view, order: this.order, q: this.query, cursor: this.next });
      if (generation !== this.generation) return;
      const shown = new Set(this.rows.map((r) => r.contact.id));
      this.rows = [...this.rows, ...page.data.filter((r) => !shown.has(r.contact.id))];
      for (const row of page.data) this.remember(row);
      this.next = page.next;
      this.counts = page.counts;
      this.more = 'idle';
    } catch (error) {
      if (generation !== this.generation) return;
      this.more = error instanceof ApiError ? error : ApiError.network();
    }
    this.host.requestUpdate();
  }

  /** The conversation open beside the list changed: its unread count is cleared (the thread marks it read). */
  look(contactId: number | null): void {
    this.lookingAt = contactId;
    if (contactId !== null) this.rows = this.rows.map((r) => (r.contact.id === contactId && r.unread ? { ...r, unread: 0 } : r));
    this.host.requestUpdate();
  }

  /** The connector's answer to a teammate's own change (it also comes by the stream; whichever is first shows). */
  applyView(view: ConversationView): void {
    this.remember(view);
    this.place(view, view.unread);
    this.scheduleCounts();
    this.host.requestUpdate();
  }

  private listen(client: ConnectorClient, lastEventId: number): void {
    this.stopStream?.();
    this.stopStream = openEventStream({
      url: conversationEventsUrl(client),
      token: this.token,
      lastEventId,
      onEvent: (event) => this.apply(event),
      onState: (state) => {
        this.connection = state;
        this.host.requestUpdate();
      },
      onSignedOut: (code) => this.options.onSignedOut(code),
    });
  }

  private apply(event: LiveEvent): void {
    if (event.type === 'clock') {
      // The sandbox clock moved: waiting times, windows and snoozes follow it.
      this.offsetMs = event.now - Date.now();
      this.host.requestUpdate();
    }
    if (event.type !== 'conversation') return;
    const after = event.conversation;
    const before = this.known.get(after.contact.id);
    this.remember(after);
    this.duringLoad?.set(after.contact.id, after);
    this.place(after, undefined, before, event.cause);
    this.options.onChange?.(before, after, event.cause);
    this.scheduleCounts();
    this.host.requestUpdate();
  }

  /**
   * Puts a conversation where it belongs in the tab shown: moved, added, or
   * taken out. While searching, only rows already found are updated (the
   * search itself is the connector's). A row that sorts past the last page
   * loaded waits for "Load more".
   */
  private place(summary: ConversationSummary, unread: number | undefined, before?: ConversationSummary, cause: ConversationChangeCause = 'change'): void {
    const id = summary.contact.id;
    const current = this.rows.find((r) => r.contact.id === id);
    const rest = this.rows.filter((r) => r.contact.id !== id);
    const belongs = inConversationView(summary, this.view, this.teammateId, this.now()) && (current !== undefined || this.query.trim() === '');
    if (!belongs) {
      if (current) this.rows = rest;
      return;
    }
    const counted = unread ?? (current?.unread ?? 0) + (bringsCustomerMessage(before ?? current, summary, cause) ? 1 : 0);
    const row: ConversationView = { ...summary, unread: id === this.lookingAt ? 0 : counted };
    const sorted = [...rest, row].sort(compareConversations(this.order));
    if (!current && this.next !== null && sorted.at(-1) === row) return;
    this.rows = sorted;
  }

  private scheduleCounts(): void {
    if (this.countsTimer) clearTimeout(this.countsTimer);
    this.countsTimer = setTimeout(() => void this.refreshCounts(), COUNTS_DEBOUNCE_MS);
  }

  private async refreshCounts(): Promise<void> {
    this.countsTimer = null;
    const client = this.client;
    if (!client) return;
    try {
      const page = await conversationPage(client, { view: this.view, limit: 1 });
      this.counts = page.counts;
      this.countsAt = page.serverNow;
      // The whole tab is shown and its count says otherwise (a conversation came back from a
      // snooze this inbox never saw): the tab is read again.
      if (this.state === 'ready' && !this.query.trim() && this.next === null && page.counts[this.view] !== this.rows.length) void this.load();
      this.host.requestUpdate();
    } catch {
      // The counts are read again with the next change; the list itself is current.
    }
  }

  private fail(error: unknown): void {
    this.state = 'error';
    this.error = error instanceof ApiError ? error : ApiError.network();
    if (this.error.status === 401 || this.error.code === 'TEAMMATE_DISABLED') this.options.onSignedOut(this.error.code);
  }
}
