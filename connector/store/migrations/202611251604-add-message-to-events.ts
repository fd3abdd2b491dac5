import type { Knex } from 'knex';

/**
 * Which message a live event shows. Retention needs it: a message's view can be
 * written to the feed long after the message (a late read receipt, a reaction,
 * a reply quoting it), so deleting events by age alone would keep its body.
 * Existing message events are filled in from their payload.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('events', (t) => {
    t.integer('message_id');
    t.index(['message_id']);
  });
  const BATCH = 1000;
  for (let after = 0; ;) {
    const rows: Array<{ id: number; payload: string }> = await knex('events')
      .where('type', 'message')
      .andWhere('id', '>', after)
      .orderBy('id')
      .limit(BATCH)
      .select('id', 'payload');
    for (const row of rows) {
      const messageId = (JSON.parse(row.payload) as { message?: { id?: number } }).message?.id;
      if (typeof messageId === 'number') await knex('events').where('id', row.id).update({ message_id: messageId });
    }
    if (rows.length < BATCH) break;
    after = rows.at(-1)!.id;
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('events', (t) => {
    t.dropIndex(['message_id']);
    t.dropColumn('message_id');
  });
}
