/** Small helpers shared by the repositories. */
import type { Knex } from 'knex';

export type Executor = Knex | Knex.Transaction;

export function toJson(value: unknown): string {
  return JSON.stringify(value);
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
