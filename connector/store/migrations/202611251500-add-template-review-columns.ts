import type { Knex } from 'knex';

/**
 * What Meta's review and quality checks say about each template: its quality,
 * why it was rejected or paused (Meta's own words), a category Meta wants to
 * move it to, and who submitted it from go2msg.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('templates', (t) => {
    t.string('parameter_format', 16);
    t.string('quality', 16);
    t.string('rejected_reason', 64);
    t.text('status_detail');
    t.bigInteger('status_at');
    t.string('correct_category', 32);
    t.bigInteger('category_change_at');
    t.integer('submitted_by').references('id').inTable('teammates');
    t.bigInteger('submitted_at');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('templates', (t) => {
    t.dropColumns(
      'parameter_format',
      'quality',
      'rejected_reason',
      'status_detail',
      'status_at',
      'correct_category',
      'category_change_at',
      'submitted_by',
      'submitted_at',
    );
  });
}
