/**
 * Bringing a number that is in use in WhatsApp (Messenger or the WhatsApp
 * Business app) to the Cloud API: keeping the Business app beside it
 * (Coexistence), or moving it. Source: Meta,
 * solution-providers/migrate-existing-whatsapp-number-to-a-business-account,
 * business-phone-numbers/phone-numbers (reference README §9), and the
 * smb_message_echoes and history webhook references.
 */
export const MIGRATION_GUIDE = `Bringing a number that is in use in a WhatsApp app to the Cloud API
  Two ways, depending on the app and whether its phone should keep working:

  A. Keep the WhatsApp Business app (Coexistence; WhatsApp Business app numbers only)
  1. Onboard the number through a solution provider's Embedded Signup that offers
     Coexistence: the business scans a QR code in the app, and the number is then on
     the Cloud API and in the app at once (about 20 messages per second on the API).
  2. Subscribe the app to the smb_message_echoes and history webhook fields besides
     messages: go2msg shows what the business sends from the phone in the customer's
     thread ("From the WhatsApp Business app", audited), and imports the app's chat
     history (up to 180 days) once, if the business shares it within 24 hours of
     onboarding.
  3. Set WHATSAPP_PHONE_NUMBER_ID to the number's id and run \`npm run setup\` again.

  B. Move the number (WhatsApp Messenger, or a Business app number without Coexistence)
  1. Back up what you need: deleting the WhatsApp account loses the chat history.
  2. On the phone: WhatsApp (or WhatsApp Business) > Settings > Account >
     Delete my account. The number is free for the Cloud API within about 3 minutes.
     (A banned number must win its appeal first.)
  3. In Meta's App Dashboard > WhatsApp > API Setup (or through Embedded Signup), add
     the number to your WhatsApp Business Account and verify it with the SMS or voice code.
  4. Set WHATSAPP_PHONE_NUMBER_ID to the new number's id, and run \`npm run setup\` again:
     it registers the number with the PIN in WHATSAPP_REGISTRATION_PIN (6 digits; the
     two-step verification PIN, or the one to set if there is none yet).`;
