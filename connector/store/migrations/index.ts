/**
 * The ordered list of migrations. Listing them here (instead of letting knex scan
 * a folder) works the same under tsx, vitest and any bundler.
 * One change per file, named <YYYYMMDDHHmm>-<verb>-<object>.
 */
import type { Knex } from 'knex';
import * as createTeammates from './202611251200-create-teammates';
import * as createSignInTables from './202611251201-create-sign-in-tables';
import * as createContactsAndMessages from './202611251202-create-contacts-and-messages';
import * as createAuditLog from './202611251203-create-audit-log';
import * as createEventsAndWebhookInbox from './202611251204-create-events-and-webhook-inbox';
import * as createTemplates from './202611251205-create-templates';
import * as addTemplateReviewColumns from './202611251500-add-template-review-columns';
import * as createAccountState from './202611251501-create-account-state';
import * as createAccountEvents from './202611251502-create-account-events';

const MIGRATIONS: Record<string, Knex.Migration> = {
  '202611251200-create-teammates': createTeammates,
  '202611251201-create-sign-in-tables': createSignInTables,
  '202611251202-create-contacts-and-messages': createContactsAndMessages,
  '202611251203-create-audit-log': createAuditLog,
  '202611251204-create-events-and-webhook-inbox': createEventsAndWebhookInbox,
  '202611251205-create-templates': createTemplates,
  '202611251500-add-template-review-columns': addTemplateReviewColumns,
  '202611251501-create-account-state': createAccountState,
  '202611251502-create-account-events': createAccountEvents,
};

export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(MIGRATIONS),
  getMigrationName: (name) => name,
  getMigration: async (name) => {
    const migration = MIGRATIONS[name];
    if (!migration) throw new Error(`unknown migration ${name}`);
    return migration;
  },
};
