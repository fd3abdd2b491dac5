import type { Executor } from './rows';

export type Role = 'agent' | 'admin';

export interface Teammate {
  id: number;
  issuer: string;
  subject: string;
  email: string | null;
  name: string;
  role: Role;
  disabledAt: number | null;
}

export interface TeammateRow {
  id: number;
  issuer: string;
  subject: string;
  email: string | null;
  name: string;
  role: Role;
  disabled_at: number | null;
}

export function toTeammate(row: TeammateRow): Teammate {
  return { id: row.id, issuer: row.issuer, subject: row.subject, email: row.email, name: row.name, role: row.role, disabledAt: row.disabled_at };
}

export interface SignInClaims {
  issuer: string;
  subject: string;
  email: string | null;
  name: string;
  role: Role;
}

/** Creates the teammate on first sign-in; later sign-ins refresh name, email and role from the provider. */
export async function upsertTeammate(db: Executor, claims: SignInClaims, now: number): Promise<Teammate> {
  await db('teammates')
    .insert({
      issuer: claims.issuer,
      subject: claims.subject,
      email: claims.email,
      name: claims.name,
      role: claims.role,
      created_at: now,
      last_sign_in_at: now,
    })
    .onConflict(['issuer', 'subject'])
    .merge({ email: claims.email, name: claims.name, role: claims.role, last_sign_in_at: now });
  const row = await db<TeammateRow>('teammates').where({ issuer: claims.issuer, subject: claims.subject }).first();
  if (!row) throw new Error('teammate vanished after upsert');
  return toTeammate(row);
}

export async function findTeammate(db: Executor, id: number): Promise<Teammate | null> {
  const row = await db<TeammateRow>('teammates').where('id', id).first();
  return row ? toTeammate(row) : null;
}

export interface TeammateRecord extends Teammate {
  createdAt: number;
  lastSignInAt: number | null;
}

export async function listTeammates(db: Executor): Promise<TeammateRecord[]> {
  const rows = await db('teammates').orderBy([{ column: 'name' }, { column: 'id' }]);
  return rows.map((row: TeammateRow & { created_at: number; last_sign_in_at: number | null }) => ({
    ...toTeammate(row),
    createdAt: row.created_at,
    lastSignInAt: row.last_sign_in_at,
  }));
}

/** Disables (at `now`) or enables (null) a teammate; false when nothing changed. */
export async function setDisabled(db: Executor, id: number, disabledAt: number | null): Promise<boolean> {
  const query = db('teammates').where({ id });
  if (disabledAt === null) query.whereNotNull('disabled_at');
  else query.whereNull('disabled_at');
  return (await query.update({ disabled_at: disabledAt })) > 0;
}
