import { describe, expect, test } from 'vitest';
import { ConfigError, loadConfig } from '../../../connector/config/config';

describe('account settings in the environment', () => {
  test('defaults: sync every 15 minutes, app id from the token, a 10-second sandbox review', () => {
    expect(loadConfig({}).account).toEqual({ syncIntervalSeconds: 900, appId: null, sandboxReviewSeconds: 10 });
  });

  test('reads each variable', () => {
    expect(loadConfig({ TEMPLATE_SYNC_INTERVAL_SECONDS: '0', WHATSAPP_APP_ID: '1234567890123456', SANDBOX_TEMPLATE_REVIEW_SECONDS: '0.5' }).account).toEqual({
      syncIntervalSeconds: 0,
      appId: '1234567890123456',
      sandboxReviewSeconds: 0.5,
    });
  });

  test.each([
    ['TEMPLATE_SYNC_INTERVAL_SECONDS', 'often'],
    ['TEMPLATE_SYNC_INTERVAL_SECONDS', '-5'],
    ['WHATSAPP_APP_ID', 'my-app'],
    ['SANDBOX_TEMPLATE_REVIEW_SECONDS', '999999'],
  ])('a bad %s (%s) stops the start, naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    try {
      loadConfig({ [name]: value });
    } catch (error) {
      expect((error as ConfigError).message).toContain(name);
    }
  });
});
