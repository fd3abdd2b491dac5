/** The SMS (Twilio) and retention settings: sandbox defaults, live requirements, and bad values named. */
import { describe, expect, test } from 'vitest';
import { DEFAULT_TWILIO_API_URL, loadConfig, SANDBOX_DEFAULTS } from '../../../connector/config/config';
import { configProblems, LIVE_ENV } from '../../support/live-env';

const LIVE = LIVE_ENV;
const TWILIO = {
  TWILIO_ACCOUNT_SID: 'AC0123456789abcdef0123456789abcdef',
  TWILIO_AUTH_TOKEN: '0123456789abcdef0123456789abcdef',
  TWILIO_FROM: '+15017122661',
};

const problems = configProblems;

describe('SMS configuration', () => {
  test('the sandbox texts through its own Twilio simulator, from the sandbox business number', () => {
    expect(loadConfig({ PORT: '9000' }).sms).toEqual({
      accountSid: SANDBOX_DEFAULTS.twilioAccountSid,
      authToken: SANDBOX_DEFAULTS.twilioAuthToken,
      from: '+15550783881',
      messagingServiceSid: null,
      apiUrl: 'http://localhost:9000/sandbox/sms',
    });
  });

  test('live mode without Twilio has no SMS', () => {
    expect(loadConfig(LIVE).sms).toBeNull();
  });

  test("live mode with Twilio speaks to Twilio's API unless TWILIO_API_URL says otherwise", () => {
    expect(loadConfig({ ...LIVE, ...TWILIO }).sms).toEqual({
      accountSid: TWILIO.TWILIO_ACCOUNT_SID,
      authToken: TWILIO.TWILIO_AUTH_TOKEN,
      from: '+15017122661',
      messagingServiceSid: null,
      apiUrl: DEFAULT_TWILIO_API_URL,
    });
    expect(loadConfig({ ...LIVE, ...TWILIO, TWILIO_API_URL: 'https://twilio-proxy.acme.com/' }).sms?.apiUrl).toBe('https://twilio-proxy.acme.com');
  });

  test('a messaging service can stand in for the sending number', () => {
    const { TWILIO_FROM: _, ...noFrom } = TWILIO;
    expect(loadConfig({ ...LIVE, ...noFrom, TWILIO_MESSAGING_SERVICE_SID: 'MG0123456789abcdef0123456789abcdef' }).sms).toMatchObject({
      from: null,
      messagingServiceSid: 'MG0123456789abcdef0123456789abcdef',
    });
  });

  test.each([
    { description: 'an auth token without an account', env: { TWILIO_AUTH_TOKEN: TWILIO.TWILIO_AUTH_TOKEN }, names: 'TWILIO_ACCOUNT_SID' },
    {
      description: 'an account without its auth token',
      env: { TWILIO_ACCOUNT_SID: TWILIO.TWILIO_ACCOUNT_SID, TWILIO_FROM: TWILIO.TWILIO_FROM },
      names: 'TWILIO_AUTH_TOKEN',
    },
    {
      description: 'an account without a sender',
      env: { TWILIO_ACCOUNT_SID: TWILIO.TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN: TWILIO.TWILIO_AUTH_TOKEN },
      names: 'TWILIO_FROM',
    },
    { description: 'an account SID of the wrong shape', env: { ...TWILIO, TWILIO_ACCOUNT_SID: 'AC123' }, names: 'TWILIO_ACCOUNT_SID' },
    { description: 'a sending number without a country code', env: { ...TWILIO, TWILIO_FROM: '5017122661' }, names: 'TWILIO_FROM' },
    { description: 'an API URL that is not a URL', env: { ...TWILIO, TWILIO_API_URL: 'twilio' }, names: 'TWILIO_API_URL' },
  ])('refuses $description, naming $names', ({ env, names }) => {
    expect(problems({ ...LIVE, ...env }).join('\n')).toContain(names);
  });
});

describe('retention configuration', () => {
  test('keeps message bodies unless MESSAGE_RETENTION_DAYS is set', () => {
    expect(loadConfig({}).messageRetentionDays).toBeNull();
    expect(loadConfig({ MESSAGE_RETENTION_DAYS: '30' }).messageRetentionDays).toBe(30);
  });

  test.each(['0', '-5', '2.5', 'thirty', '40000'])('refuses MESSAGE_RETENTION_DAYS=%s, naming it', (value) => {
    expect(problems({ MESSAGE_RETENTION_DAYS: value }).join('\n')).toContain('MESSAGE_RETENTION_DAYS');
  });
});
