import type { SmsProvider } from '../../sms/provider';
import type { ServiceDeps } from '../runtime/deps';

/** What the SMS use cases need besides the common deps; `sms` is null when SMS is not configured. */
export interface SmsDeps extends ServiceDeps {
  sms: SmsProvider | null;
  smsOutbox: { kick(): void };
  /** Only a conversation's owner (or an admin) replies (CONVERSATION_OWNER_ONLY). */
  ownerOnly?: boolean;
}
