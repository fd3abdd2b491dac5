/** Small helpers shared by the repositories. */
import type { Knex } from 'knex';

export type Executor = Knex | Knex.Transaction;

export function toJson(value: unknown): string {
  return JSON.stringify(value);
}

/**
 * Text cut to a column's size, in characters. PostgreSQL refuses a longer value for
 * varchar(n) ("value too long for type character varying(n)") where SQLite keeps it whole;
 * cutting here stores the same on both. Only for descriptive text from outside (a profile
 * name, a message type, an event name) whose full form stays in the payload kept with it.
 */
export function fitColumn(text: string, max: number): string {
  // UTF-16 units are never fewer than characters, so a text this short already fits.
  if (text.length <= max) return text;
  return Array.from(text).slice(0, max).join('');
}

export function fromJson<T>(text: string | null | undefined): T | null {
  return text ? (JSON.parse(text) as T) : null;
}

/**
 * Reads rows to change them: on PostgreSQL they stay locked until the transaction
 * ends, so two writers of one row take turns instead of the later one writing over
 * what it did not read. SQLite needs nothing: its one connection already serialises
 * transactions.
 */
export function forChange<Q extends Knex.QueryBuilder>(db: Executor, query: Q): Q {
  return db.client.config.client === 'pg' ? (query.forUpdate() as Q) : query;
}
