/** Configuration tests' helpers. */
import { ConfigError, loadConfig } from '../../connector/config/config';

/** A complete live-mode environment for configuration tests. */
export const LIVE_ENV = {
  WHATSAPP_ACCESS_TOKEN: 'EAAG-live-token',
  WHATSAPP_PHONE_NUMBER_ID: '123456789012345',
  WHATSAPP_WABA_ID: '987654321098765',
  WHATSAPP_APP_SECRET: 'a-very-secret-app-secret',
  WHATSAPP_VERIFY_TOKEN: 'verify-me-please',
  OIDC_ISSUER: 'https://acme.okta.com',
  OIDC_CLIENT_ID: 'go2msg',
  OIDC_CLIENT_SECRET: 'client-secret',
  PUBLIC_URL: 'https://wa.acme.com/',
  ALLOWED_ORIGINS: 'https://acme.zendesk.com, https://crm.acme.com',
};

/** What loadConfig refuses in `env`, one problem a line; none when it loads. */
export function configProblems(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}
