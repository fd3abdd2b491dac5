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
import * as createMedia from './202611251300-create-media';
import * as addMessageLinks from './202611251301-add-message-links';
import * as createAuthSessions from './202611251400-create-auth-sessions';
import * as createRefreshTokens from './202611251401-create-refresh-tokens';
import * as addSessionToAccessTokens from './202611251402-add-session-to-access-tokens';
import * as addOutcomeToSignInAttempts from './202611251403-add-outcome-to-sign-in-attempts';
import * as createHostUserLinks from './202611251404-create-host-user-links';
import * as createHostLinkTickets from './202611251405-create-host-link-tickets';
import * as addAttributionToMessages from './202611251406-add-attribution-to-messages';
import * as addTemplateReviewColumns from './202611251500-add-template-review-columns';
import * as createAccountState from './202611251501-create-account-state';
import * as createAccountEvents from './202611251502-create-account-events';
import * as addAuditTrailColumns from './202611251600-add-audit-trail-columns';
import * as chainExistingAuditRows from './202611251601-chain-existing-audit-rows';
import * as createAuditAppendOnlyTriggers from './202611251602-create-audit-append-only-triggers';
import * as addMessageRetentionColumns from './202611251603-add-message-retention-columns';
import * as addMessageToEvents from './202611251604-add-message-to-events';
import * as createConversations from './202612061200-create-conversations';
import * as createSavedReplies from './202612061201-create-saved-replies';
import * as addConfirmationToSignInAttempts from './202612061600-add-confirmation-to-sign-in-attempts';
import * as addWebhookRetriesAndDeadLetters from './202612061700-add-webhook-retries-and-dead-letters';
import * as addStatusAtToMessages from './202612061700-add-status-at-to-messages';
import * as addTemplateShownToMessages from './202612061701-add-template-shown-to-messages';
import * as addProviderUrlToMedia from './202612061800-add-provider-url-to-media';
import * as seedConversationReads from './202612061801-seed-conversation-reads';
import * as foldSearchText from './202612061802-fold-search-text';
import * as searchByConversation from './202612062100-search-by-conversation';
import * as createPresence from './202612061900-create-presence';
import * as addContactIdentityLinks from './202612061910-add-contact-identity-links';
import * as addMarketingPreferenceToContacts from './202612061911-add-marketing-preference-to-contacts';
import * as notifyOnNewEvents from './202612062200-notify-on-new-events';
import * as createHostDeliveries from './202612062210-create-host-deliveries';
import * as addOriginToMessages from './202612062300-add-origin-to-messages';
import * as indexHostLinksByContact from './202612062310-index-host-links-by-contact';
import * as keyContactsByBusinessNumber from './202612070000-key-contacts-by-business-number';
import * as addAddressBookNameToContacts from './202612070010-add-address-book-name-to-contacts';
import * as addProviderNumberToMedia from './202612070020-add-provider-number-to-media';
import * as keyContactAliasesByBusinessNumber from './202612070030-key-contact-aliases-by-business-number';
import * as indexPendingWebhooks from './202612070100-index-pending-webhooks';
import * as indexReactionsOnly from './202612070200-index-reactions-only';
import * as createConnectorInstances from './202612070300-create-connector-instances';
import * as createAuditTrailEndFunction from './202612070310-create-audit-trail-end-function';

const MIGRATIONS: Record<string, Knex.Migration> = {
  '202611251200-create-teammates': createTeammates,
  '202611251201-create-sign-in-tables': createSignInTables,
  '202611251202-create-contacts-and-messages': createContactsAndMessages,
  '202611251203-create-audit-log': createAuditLog,
  '202611251204-create-events-and-webhook-inbox': createEventsAndWebhookInbox,
  '202611251205-create-templates': createTemplates,
  '202611251300-create-media': createMedia,
  '202611251301-add-message-links': addMessageLinks,
  '202611251400-create-auth-sessions': createAuthSessions,
  '202611251401-create-refresh-tokens': createRefreshTokens,
  '202611251402-add-session-to-access-tokens': addSessionToAccessTokens,
  '202611251403-add-outcome-to-sign-in-attempts': addOutcomeToSignInAttempts,
  '202611251404-create-host-user-links': createHostUserLinks,
  '202611251405-create-host-link-tickets': createHostLinkTickets,
  '202611251406-add-attribution-to-messages': addAttributionToMessages,
  '202611251500-add-template-review-columns': addTemplateReviewColumns,
  '202611251501-create-account-state': createAccountState,
  '202611251502-create-account-events': createAccountEvents,
  '202611251600-add-audit-trail-columns': addAuditTrailColumns,
  '202611251601-chain-existing-audit-rows': chainExistingAuditRows,
  '202611251602-create-audit-append-only-triggers': createAuditAppendOnlyTriggers,
  '202611251603-add-message-retention-columns': addMessageRetentionColumns,
  '202611251604-add-message-to-events': addMessageToEvents,
  '202612061200-create-conversations': createConversations,
  '202612061201-create-saved-replies': createSavedReplies,
  '202612061600-add-confirmation-to-sign-in-attempts': addConfirmationToSignInAttempts,
  '202612061700-add-webhook-retries-and-dead-letters': addWebhookRetriesAndDeadLetters,
  '202612061700-add-status-at-to-messages': addStatusAtToMessages,
  '202612061701-add-template-shown-to-messages': addTemplateShownToMessages,
  '202612061800-add-provider-url-to-media': addProviderUrlToMedia,
  '202612061801-seed-conversation-reads': seedConversationReads,
  '202612061802-fold-search-text': foldSearchText,
  '202612061900-create-presence': createPresence,
  '202612061910-add-contact-identity-links': addContactIdentityLinks,
  '202612061911-add-marketing-preference-to-contacts': addMarketingPreferenceToContacts,
  '202612062100-search-by-conversation': searchByConversation,
  '202612062200-notify-on-new-events': notifyOnNewEvents,
  '202612062210-create-host-deliveries': createHostDeliveries,
  '202612062300-add-origin-to-messages': addOriginToMessages,
  '202612062310-index-host-links-by-contact': indexHostLinksByContact,
  '202612070000-key-contacts-by-business-number': keyContactsByBusinessNumber,
  '202612070010-add-address-book-name-to-contacts': addAddressBookNameToContacts,
  '202612070020-add-provider-number-to-media': addProviderNumberToMedia,
  '202612070030-key-contact-aliases-by-business-number': keyContactAliasesByBusinessNumber,
  '202612070100-index-pending-webhooks': indexPendingWebhooks,
  '202612070200-index-reactions-only': indexReactionsOnly,
  '202612070300-create-connector-instances': createConnectorInstances,
  '202612070310-create-audit-trail-end-function': createAuditTrailEndFunction,
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
