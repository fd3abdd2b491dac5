/**
 * The conversation routes of the connector for the in-page fake (docs/API.md,
 * "conversations"), answered in the API's own types from @domain: pages by tab,
 * order and search with a cursor, counts, lastEventId; assign, resolve,
 * reopen, snooze by the domain's own rule; teammates. Every change is pushed as
 * a `conversation` event on the fake's live stream, as the connector does.
 */
import { compareConversations, inConversationView } from '@domain/conversation-order';
import {
  applyConversationAction,
  CONVERSATION_VIEWS,
  type ConversationAction,
  type ConversationChangeCause,
  type ConversationPage,
  type ConversationSummary,
  type ConversationView,
  type ConversationViewName,
} from '@domain/conversations';
import type { BusinessNumber } from '@domain/business-numbers';
import { isDomainError } from '@domain/errors';
import type { FakeConnector } from './fake-connector';

export const ANA = { id: 7, name: 'Ana Souza' };

/** Whether a contact reference names this conversation: its customer, or its customer on its business number ("+…@<number id>"). */
function isRef(c: ConversationView, ref: string): boolean {
  const [customer, number] = ref.split('@');
  return (c.contact.phone === customer || c.contact.userId === customer) && (number === undefined || c.contact.phoneNumberId === number);
}
export const BEN = { id: 8, name: 'Ben Carter' };

type ErrorReply = { status: number; code: string; message: string; action: string };

export class FakeInbox {
  /** Every conversation, with this teammate's unread count. */
  conversations: ConversationView[] = [];
  teammates = [ANA, BEN];
  /** The signed-in teammate (the fake's token is Ana's). */
  me = ANA.id;
  pageSize = 50;
  pageRequests: URLSearchParams[] = [];
  actions: Array<{ contact: string; type: string; body: unknown }> = [];
  /** The next action answers with this error. */
  failNextAction: ErrorReply | null = null;
  /** The business's WhatsApp numbers (GET /api/business-numbers); null: an older connector, which answers 404. */
  numbers: BusinessNumber[] | null = null;
  private nextContact = 1;
  private nextMessage = 5000;

  constructor(readonly fake: FakeConnector) {
    fake.routes.push((request, path) =>
      path.startsWith('/api/conversations') || path === '/api/teammates' || path === '/api/business-numbers' ? this.handle(request, path) : null,
    );
  }

  /** A conversation as the connector lists it; a customer message `waitingMinutes` ago unless told otherwise. */
  conversation(name: string | null, partial: Partial<ConversationView> & { waitingMinutes?: number; text?: string } = {}): ConversationView {
    const id = this.nextContact++;
    const { waitingMinutes = 5, text = `Hello from ${name ?? 'a customer'}`, ...rest } = partial;
    const at = this.fake.serverNow - waitingMinutes * 60_000;
    const phone = `+1555010${String(id).padStart(4, '0')}`;
    const view: ConversationView = {
      contact: { id, phone, waId: phone.slice(1), userId: null, name, lastInboundAt: at, windowClosedAt: null },
      state: 'open',
      snoozedUntil: null,
      owner: null,
      waitingSince: at,
      lastMessage: { id: this.nextMessage++, at, direction: 'in', channel: 'whatsapp', type: 'text', text },
      lastActivityAt: at,
      unread: 1,
      ...rest,
    };
    this.conversations.push(view);
    return view;
  }

  /** A customer writes: their conversation opens (or is created), waits, and is pushed live. */
  customerWrites(contactId: number, text: string): ConversationSummary {
    const current = this.conversations.find((c) => c.contact.id === contactId)!;
    const at = this.fake.serverNow;
    return this.change(contactId, 'customer_message', {
      state: 'open',
      snoozedUntil: null,
      waitingSince: current.waitingSince ?? at,
      contact: { ...current.contact, lastInboundAt: at },
      lastMessage: { id: this.nextMessage++, at, direction: 'in', channel: 'whatsapp', type: 'text', text },
      lastActivityAt: at,
      unread: current.unread + 1,
    });
  }

  /** A new customer's first message. */
  newCustomer(name: string, text: string): ConversationSummary {
    const view = this.conversation(name, { waitingMinutes: 0, text });
    return this.announce(view, 'customer_message');
  }

  /** Changes a conversation and pushes it, as every change on the connector is. */
  change(contactId: number, cause: ConversationChangeCause, partial: Partial<ConversationView>): ConversationSummary {
    const index = this.conversations.findIndex((c) => c.contact.id === contactId);
    this.conversations[index] = { ...this.conversations[index]!, ...partial };
    return this.announce(this.conversations[index]!, cause);
  }

  private announce(view: ConversationView, cause: ConversationChangeCause): ConversationSummary {
    const { unread: _unread, ...summary } = view;
    this.fake.push({ type: 'conversation', conversation: summary, cause });
    return summary;
  }

  counts(): Record<ConversationViewName, number> {
    const now = this.fake.serverNow;
    return Object.fromEntries(CONVERSATION_VIEWS.map((v) => [v, this.conversations.filter((c) => inConversationView(c, v, this.me, now)).length])) as Record<
      ConversationViewName,
      number
    >;
  }

  private page(params: URLSearchParams): ConversationPage {
    const view = (params.get('view') ?? 'all') as ConversationViewName;
    const order = params.get('order') === 'activity' ? 'activity' : 'waiting';
    const q = (params.get('q') ?? '').toLowerCase();
    const limit = Number(params.get('limit') ?? this.pageSize);
    const now = this.fake.serverNow;
    const matches = (c: ConversationView) => !q || [c.contact.name, c.contact.phone, c.lastMessage?.text].some((s) => s?.toLowerCase().includes(q));
    const all = this.conversations.filter((c) => inConversationView(c, view, this.me, now) && matches(c)).sort(compareConversations(order));
    const start = Number(params.get('cursor') ?? 0);
    const data = all.slice(start, start + limit);
    return { data, next: start + limit < all.length ? String(start + limit) : null, counts: this.counts(), lastEventId: this.fake.lastEventId, serverNow: now };
  }

  private async handle(request: Request, path: string): Promise<Response | null> {
    const bearer = /^Bearer (.+)$/.exec(request.headers.get('authorization') ?? '')?.[1];
    if (!bearer) return this.fake.json(401, { error: { code: 'UNAUTHENTICATED', message: 'Not signed in.', action: 'Sign in again.' } });
    if (path === '/api/teammates') return this.fake.json(200, { data: this.teammates });
    if (path === '/api/business-numbers')
      return this.numbers
        ? this.fake.json(200, { data: this.numbers, defaultId: this.numbers[0]!.id })
        : this.fake.json(404, { error: { code: 'NOT_FOUND', message: 'Not found.', action: 'Check the address.' } });
    if (path === '/api/conversations' && request.method === 'GET') {
      const params = new URL(request.url).searchParams;
      this.pageRequests.push(params);
      return this.fake.json(200, this.page(params));
    }
    if (path === '/api/conversations/events') return null; // the fake's own live stream
    const one = /^\/api\/conversations\/([^/]+)$/.exec(path);
    if (one && request.method === 'GET') {
      const found = this.conversations.find((c) => isRef(c, decodeURIComponent(one[1]!)));
      return found ? this.fake.json(200, found) : this.fake.json(404, { error: { code: 'NOT_FOUND', message: 'Not found.', action: 'Check the address.' } });
    }
    const action = /^\/api\/conversations\/([^/]+)\/(assign|resolve|reopen|snooze)$/.exec(path);
    if (!action || request.method !== 'POST') return null;
    const [, contact, type] = action as unknown as [string, string, ConversationAction['type']];
    const body = type === 'assign' || type === 'snooze' ? ((await request.json()) as Record<string, unknown>) : undefined;
    this.actions.push({ contact, type, body });
    const failure = this.failNextAction;
    this.failNextAction = null;
    if (failure) return this.fake.json(failure.status, { error: { code: failure.code, message: failure.message, action: failure.action } });
    const current = this.conversations.find((c) => isRef(c, decodeURIComponent(contact)));
    if (!current) return this.fake.json(404, { error: { code: 'NOT_FOUND', message: 'Not found.', action: 'Check the address.' } });
    const change: ConversationAction =
      type === 'assign' ? { type, teammateId: body!.teammateId as number | null } : type === 'snooze' ? { type, until: body!.until as number } : { type };
    let applied: ReturnType<typeof applyConversationAction>;
    try {
      applied = applyConversationAction({ ...current, ownerId: current.owner?.id ?? null }, change, this.fake.serverNow);
    } catch (error) {
      if (isDomainError(error)) return this.fake.json(422, { error: { code: error.code, message: error.message, action: 'Pick another time.' } });
      throw error;
    }
    if (applied) {
      const { ownerId, ...rest } = applied;
      const owner = ownerId === undefined ? current.owner : (this.teammates.find((t) => t.id === ownerId) ?? null);
      this.change(current.contact.id, 'change', { ...rest, owner });
    }
    return this.fake.json(
      200,
      this.conversations.find((c) => c.contact.id === current.contact.id),
    );
  }
}
