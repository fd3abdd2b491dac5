/**
 * The account-wide facts the connector keeps (number health, business profile,
 * Meta's alerts), one JSON value per key; in the sandbox also how far its
 * WhatsApp clock was moved, so a restart resumes the same sandbox time.
 */
import type { BusinessProfileView, MetaAccountAlert, NumberHealthView } from '@domain/account-views';
import { fromJson, toJson, type Executor } from './rows';

export interface AccountState {
  number_health: NumberHealthView;
  /** Each business number's health by phone number id, when there are several (the default's is number_health too). */
  numbers_health: Record<string, NumberHealthView>;
  business_profile: BusinessProfileView;
  /** The other business numbers' profiles by phone number id (Meta keeps one per number; the default's is business_profile). */
  numbers_profile: Record<string, BusinessProfileView>;
  meta_alerts: MetaAccountAlert[];
  sandbox_clock: { offsetMs: number };
}

export type AccountStateKey = keyof AccountState;

export async function readState<K extends AccountStateKey>(db: Executor, key: K): Promise<AccountState[K] | null> {
  const row = await db('account_state').where({ key }).first('value');
  return fromJson<AccountState[K]>(row?.value as string | undefined);
}

export async function writeState<K extends AccountStateKey>(db: Executor, key: K, value: AccountState[K], now: number): Promise<void> {
  await db('account_state')
    .insert({ key, value: toJson(value), updated_at: now })
    .onConflict('key')
    .merge(['value', 'updated_at']);
}
