import type { Knex } from 'knex';

/**
 * What the audit trail records about an outgoing message, as columns so it can
 * be filtered and exported: host attribution, window state and template at send
 * time, a digest and size of the content, the provider's id and status; and the
 * hash chain (each row's hash covers the previous row's hash and its own content).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('audit_log', (t) => {
    t.string('host', 255);
    t.string('host_user_id', 255);
    t.string('window_state', 16);
    t.string('template_name', 512);
    t.string('template_category', 32);
    t.string('content_sha256', 64);
    t.integer('content_bytes');
    t.string('provider_message_id', 255);
    t.string('status', 32);
    t.string('prev_hash', 64);
    t.string('row_hash', 64);
    t.index(['message_id', 'id']);
    t.index(['action', 'id']);
    t.index(['channel', 'id']);
    t.index(['at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('audit_log', (t) => {
    t.dropIndex(['message_id', 'id']);
    t.dropIndex(['action', 'id']);
    t.dropIndex(['channel', 'id']);
    t.dropIndex(['at']);
    t.dropColumns(
      'host',
      'host_user_id',
      'window_state',
      'template_name',
      'template_category',
      'content_sha256',
      'content_bytes',
      'provider_message_id',
      'status',
      'prev_hash',
      'row_hash',
    );
  });
}
