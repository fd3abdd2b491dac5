/** Small helpers shared by the repositories. */
import type { Knex } from 'knex';

export type Executor = Knex | Knex.Transaction;

export function toJson(value: unknown): string {
  return JSON.stringify(value);
}

export function fromJson<T>(text: string | null | undefined): T | null {
  return text ? (JSON.parse(text) as T) : null;
}

/** True when an insert failed on a unique constraint, on SQLite or PostgreSQL. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; errno?: number } | null;
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT' || (e?.errno === 19 && String(error).includes('UNIQUE'));
}
