import type { Knex } from 'knex';

/**
 * A typed number Meta corrected (Brazil's ninth digit, Mexico's "1") reaches the
 * customer's thread on each business number it was used from, so an alias is
 * unique per (typed number, business number) instead of per typed number: with
 * the old key, using the same typed number from Sales took Support's alias away,
 * and Support's next send started an empty thread that only a merge could fold
 * back. The table is rebuilt (SQLite cannot change a primary key in place);
 * existing aliases take their contact's number.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('contact_aliases_by_number', (t) => {
    t.string('wa_id', 32).notNullable();
    t.string('phone_number_id', 32).notNullable();
    t.integer('contact_id').notNullable().references('id').inTable('contacts');
    t.string('source', 32).notNullable();
    t.bigInteger('created_at').notNullable();
    t.primary(['wa_id', 'phone_number_id']);
    t.index(['contact_id']);
  });
  // Aliases of contacts not yet given a number (from before several numbers) take '' until the connector's start gives
  // their contacts the configured number, and the aliases with them (store/contacts.ts assignContactsWithoutNumber).
  await knex.raw(
    `INSERT INTO contact_aliases_by_number (wa_id, phone_number_id, contact_id, source, created_at)
     SELECT a.wa_id, COALESCE(c.phone_number_id, ''), a.contact_id, a.source, a.created_at
     FROM contact_aliases a JOIN contacts c ON c.id = a.contact_id`,
  );
  await knex.schema.dropTable('contact_aliases');
  await knex.schema.renameTable('contact_aliases_by_number', 'contact_aliases');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.createTable('contact_aliases_by_typed_number', (t) => {
    t.string('wa_id', 32).primary();
    t.integer('contact_id').notNullable().references('id').inTable('contacts');
    t.string('source', 32).notNullable();
    t.bigInteger('created_at').notNullable();
    t.index(['contact_id']);
  });
  // The old key holds one contact per typed number: the most recent alias of each wins.
  const rows: Array<{ wa_id: string; contact_id: number; source: string; created_at: number }> = await knex('contact_aliases').orderBy('created_at', 'desc');
  const seen = new Set<string>();
  for (const row of rows) {
    if (seen.has(row.wa_id)) continue;
    seen.add(row.wa_id);
    await knex('contact_aliases_by_typed_number').insert({ wa_id: row.wa_id, contact_id: row.contact_id, source: row.source, created_at: row.created_at });
  }
  await knex.schema.dropTable('contact_aliases');
  await knex.schema.renameTable('contact_aliases_by_typed_number', 'contact_aliases');
}
