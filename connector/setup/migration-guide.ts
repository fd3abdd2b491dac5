/**
 * Moving a number that is in use in WhatsApp (Messenger or the WhatsApp
 * Business app) to the Cloud API. Source: Meta,
 * solution-providers/migrate-existing-whatsapp-number-to-a-business-account and
 * business-phone-numbers/phone-numbers (reference README §9).
 */
export const MIGRATION_GUIDE = `Moving a number from the WhatsApp app to the Cloud API
  A number can be on the Cloud API or in a WhatsApp app, not both (except through a
  solution provider that offers Coexistence for the WhatsApp Business app).
  1. Back up what you need: deleting the WhatsApp account loses the chat history.
  2. On the phone: WhatsApp (or WhatsApp Business) > Settings > Account >
     Delete my account. The number is free for the Cloud API within about 3 minutes.
     (A banned number must win its appeal first.)
  3. In Meta's App Dashboard > WhatsApp > API Setup (or through Embedded Signup), add
     the number to your WhatsApp Business Account and verify it with the SMS or voice code.
  4. Set WHATSAPP_PHONE_NUMBER_ID to the new number's id, and run \`npm run setup\` again:
     it registers the number with the PIN in WHATSAPP_REGISTRATION_PIN (6 digits; the
     two-step verification PIN, or the one to set if there is none yet).`;
