/**
 * Reads Meta's webhook envelope into flat items.
 *
 * One POST may batch up to 1,000 updates across many entries and changes, so
 * every entry, change, message, status and error is visited. Fields other than
 * `messages` (template status, quality, account updates) carry no `metadata`
 * and are passed on as they are, never dropped.
 * Source: Meta, webhooks/overview and webhooks/reference/messages; reference README §10.
 */
import { isProviderStatus, type ProviderStatus } from '@domain/message-status';

interface RawContact {
  wa_id?: string;
  user_id?: string;
  parent_user_id?: string;
  profile?: { name?: string; username?: string };
}
interface RawError {
  code?: number;
  title?: string;
  message?: string;
  error_data?: { details?: string };
}
interface RawMessage {
  id?: string;
  from?: string;
  from_user_id?: string;
  from_parent_user_id?: string;
  timestamp?: string;
  type?: string;
  [key: string]: unknown;
}
interface RawStatus {
  id?: string;
  status?: string;
  timestamp?: string;
  recipient_id?: string;
  recipient_user_id?: string;
  recipient_parent_user_id?: string;
  biz_opaque_callback_data?: string;
  errors?: RawError[];
  pricing?: unknown;
}
interface RawValue {
  metadata?: { phone_number_id?: string; display_phone_number?: string };
  contacts?: RawContact[];
  messages?: RawMessage[];
  statuses?: RawStatus[];
  errors?: RawError[];
  user_preferences?: RawPreference[];
  /** smb_message_echoes: what the business sent from the WhatsApp Business app (coexistence). */
  message_echoes?: RawMessage[];
  /** history: the WhatsApp Business app's chat history, in phases and chunks. */
  history?: RawHistoryChunk[];
  /** smb_app_state_sync: the WhatsApp Business app's address book, one contact change each. */
  state_sync?: RawStateSync[];
}
/** Source: Meta, webhooks/reference/smb_app_state_sync (test/fixtures/cloud-api/webhooks/webhook-smb-app-state-sync.json). */
interface RawStateSync {
  type?: string;
  contact?: { full_name?: string; first_name?: string; phone_number?: string };
  action?: string;
  metadata?: { timestamp?: string | number };
}
/** Source: Meta, webhooks/reference/history (test/fixtures/cloud-api/webhooks/webhook-history*.json). */
interface RawHistoryChunk {
  metadata?: { phase?: number; chunk_order?: number; progress?: number };
  threads?: Array<{ id?: string; messages?: Array<RawMessage & { history_context?: { status?: string } }> }>;
  errors?: RawError[];
}
/** Source: Meta, webhooks/reference/user_preferences (test/fixtures/cloud-api/webhooks/webhook-user-preferences-*.json). */
interface RawPreference {
  wa_id?: string;
  user_id?: string;
  category?: string;
  value?: string;
  detail?: string;
  timestamp?: number | string;
}
interface RawEnvelope {
  object?: string;
  entry?: Array<{ id?: string; changes?: Array<{ field?: string; value?: RawValue }> }>;
}

export interface ProviderError {
  code: number;
  title: string;
  details: string | null;
}

export interface InboundMessage {
  wamid: string;
  /** The sender's wa_id; absent when the user hides their number (BSUID era). */
  waId: string | null;
  userId: string | null;
  name: string | null;
  /** The WhatsApp username and the parent business-scoped id, when Meta reports them. */
  username: string | null;
  parentUserId: string | null;
  /** Meta's timestamp, epoch ms: the window is measured from it, not from receipt. */
  at: number;
  type: string;
  /** The message object exactly as Meta sent it. */
  raw: RawMessage;
}

export interface StatusUpdate {
  wamid: string;
  status: ProviderStatus;
  at: number;
  recipientWaId: string | null;
  /** The recipient's business-scoped user id, when Meta reports it beside the wa_id. */
  recipientUserId: string | null;
  recipientParentUserId: string | null;
  callbackData: string | null;
  errors: ProviderError[];
}

/**
 * The business added or edited (`add`) or removed (`remove`) a customer in the WhatsApp Business
 * app's address book (the smb_app_state_sync field, coexistence). The names are absent on remove.
 */
export interface AddressBookChange {
  /** The customer's number, digits only. */
  waId: string;
  fullName: string | null;
  firstName: string | null;
  action: 'add' | 'remove';
  /** Meta's timestamp, epoch ms. */
  at: number;
}

/** A customer stopped or resumed marketing messages (the user_preferences field). */
export interface PreferenceUpdate {
  waId: string | null;
  userId: string | null;
  name: string | null;
  category: string;
  value: string;
  /** Meta's timestamp, epoch ms. */
  at: number;
}

/**
 * A message the WhatsApp Business app holds: one the business sent from the
 * phone (an echo), or one of the app's chat history, either way.
 */
export interface PhoneAppMessage {
  wamid: string;
  /** The customer's number, digits only (the echo's `to`, the history thread's id). */
  customer: string;
  /** Sent by the business (from the phone app); false for the customer's own messages in the history. */
  fromBusiness: boolean;
  /** Meta's timestamp (the device's, for history), epoch ms. */
  at: number;
  type: string;
  /** The history's last known status of a message the business sent ("DELIVERED", "READ"…), when given. */
  status: string | null;
  raw: RawMessage;
}

export type WebhookItem =
  | { kind: 'message'; phoneNumberId: string | null; message: InboundMessage }
  | { kind: 'status'; phoneNumberId: string | null; status: StatusUpdate }
  | { kind: 'error'; phoneNumberId: string | null; error: ProviderError }
  | { kind: 'preference'; phoneNumberId: string | null; preference: PreferenceUpdate }
  | { kind: 'field'; field: string; value: unknown }
  | { kind: 'echo'; phoneNumberId: string | null; message: PhoneAppMessage }
  | { kind: 'address_book'; phoneNumberId: string | null; change: AddressBookChange }
  | {
      kind: 'history';
      phoneNumberId: string | null;
      message: PhoneAppMessage;
      chunk: { phase: number | null; chunkOrder: number | null; progress: number | null };
    };

const digits = (value: string | undefined) => (value ?? '').replace(/\D/g, '');

function toMs(timestamp: string | undefined): number {
  const seconds = Number(timestamp);
  return Number.isFinite(seconds) ? seconds * 1000 : Number.NaN;
}

function readError(e: RawError): ProviderError {
  return { code: Number(e.code ?? 0), title: e.title ?? e.message ?? 'Unknown error', details: e.error_data?.details ?? null };
}

function contactFor(contacts: RawContact[], m: RawMessage): RawContact | undefined {
  return contacts.find((c) => (m.from && c.wa_id === m.from) || (m.from_user_id && c.user_id === m.from_user_id)) ?? contacts[0];
}

export function isEnvelope(body: unknown): body is RawEnvelope {
  return typeof body === 'object' && body !== null && Array.isArray((body as RawEnvelope).entry);
}

export function* readEnvelope(body: RawEnvelope): Generator<WebhookItem> {
  for (const entry of body.entry ?? []) {
    for (const change of entry.changes ?? []) {
      const value = change.value ?? {};
      const phoneNumberId = value.metadata?.phone_number_id ?? null;
      const contacts = value.contacts ?? [];
      if (change.field === 'user_preferences') {
        for (const p of value.user_preferences ?? []) {
          const contact = contacts.find((c) => (p.wa_id && c.wa_id === p.wa_id) || (p.user_id && c.user_id === p.user_id)) ?? contacts[0];
          yield {
            kind: 'preference',
            phoneNumberId,
            preference: {
              waId: p.wa_id ?? contact?.wa_id ?? null,
              userId: p.user_id ?? contact?.user_id ?? null,
              name: contact?.profile?.name ?? null,
              category: p.category ?? 'unknown',
              value: p.value ?? 'unknown',
              at: toMs(p.timestamp === undefined ? undefined : String(p.timestamp)),
            },
          };
        }
        continue;
      }
      if (change.field === 'smb_message_echoes') {
        for (const m of value.message_echoes ?? []) {
          if (!m.id || !digits(m.to as string | undefined)) continue;
          const message = {
            wamid: m.id,
            customer: digits(m.to as string),
            fromBusiness: true,
            at: toMs(m.timestamp),
            type: m.type ?? 'unknown',
            status: null,
            raw: m,
          };
          yield { kind: 'echo', phoneNumberId, message };
        }
        continue;
      }
      if (change.field === 'smb_app_state_sync') {
        for (const s of value.state_sync ?? []) {
          const waId = digits(s.contact?.phone_number);
          if (s.type !== 'contact' || !waId || (s.action !== 'add' && s.action !== 'remove')) continue;
          const at = toMs(s.metadata?.timestamp === undefined ? undefined : String(s.metadata.timestamp));
          const change = { waId, fullName: s.contact?.full_name ?? null, firstName: s.contact?.first_name ?? null, action: s.action, at } as const;
          yield { kind: 'address_book', phoneNumberId, change };
        }
        continue;
      }
      if (change.field === 'history') {
        for (const chunk of value.history ?? []) {
          const meta = chunk.metadata ?? {};
          const at = { phase: meta.phase ?? null, chunkOrder: meta.chunk_order ?? null, progress: meta.progress ?? null };
          // Declined sharing (code 2593109) and other refusals arrive as the chunk's errors.
          for (const e of chunk.errors ?? []) yield { kind: 'error', phoneNumberId, error: readError(e) };
          for (const thread of chunk.threads ?? []) {
            const customer = digits(thread.id);
            if (!customer) continue;
            for (const m of thread.messages ?? []) {
              if (!m.id) continue;
              const fromBusiness = digits(m.from) !== customer;
              const message = {
                wamid: m.id,
                customer,
                fromBusiness,
                at: toMs(m.timestamp),
                type: m.type ?? 'unknown',
                status: m.history_context?.status ?? null,
                raw: m,
              };
              yield { kind: 'history', phoneNumberId, message, chunk: at };
            }
          }
        }
        continue;
      }
      if (change.field !== 'messages') {
        yield { kind: 'field', field: change.field ?? 'unknown', value };
        continue;
      }
      for (const m of value.messages ?? []) {
        if (!m.id) continue;
        const contact = contactFor(contacts, m);
        yield {
          kind: 'message',
          phoneNumberId,
          message: {
            wamid: m.id,
            waId: m.from ?? contact?.wa_id ?? null,
            userId: m.from_user_id ?? contact?.user_id ?? null,
            name: contact?.profile?.name ?? null,
            username: contact?.profile?.username ?? null,
            parentUserId: m.from_parent_user_id ?? contact?.parent_user_id ?? null,
            at: toMs(m.timestamp),
            type: m.type ?? 'unknown',
            raw: m,
          },
        };
      }
      for (const s of value.statuses ?? []) {
        if (!s.id || !s.status || !isProviderStatus(s.status)) continue;
        yield {
          kind: 'status',
          phoneNumberId,
          status: {
            wamid: s.id,
            status: s.status,
            at: toMs(s.timestamp),
            recipientWaId: s.recipient_id ?? null,
            recipientUserId: s.recipient_user_id ?? null,
            recipientParentUserId: s.recipient_parent_user_id ?? null,
            callbackData: s.biz_opaque_callback_data ?? null,
            errors: (s.errors ?? []).map(readError),
          },
        };
      }
      for (const e of value.errors ?? []) yield { kind: 'error', phoneNumberId, error: readError(e) };
    }
  }
}
