import { describe, expect, test } from 'vitest';
import { DEFAULT_GRAPH_API_URL, loadConfig, SANDBOX_DEFAULTS } from '../../../connector/config/config';
import { configProblems, LIVE_ENV } from '../../support/live-env';

const LIVE = LIVE_ENV;

const problems = configProblems;

describe('configuration', () => {
  test('with no variables runs the sandbox on :8080 with an SQLite file under ./data/', () => {
    const config = loadConfig({}, '/srv/go2msg');
    expect(config).toMatchObject({
      mode: 'sandbox',
      port: 8080,
      demoPort: 8081,
      publicUrl: 'http://localhost:8080',
      database: { kind: 'sqlite', filename: '/srv/go2msg/data/go2msg.sqlite' },
      mediaDir: '/srv/go2msg/data/media',
      whatsapp: { phoneNumberId: SANDBOX_DEFAULTS.phoneNumberId, appSecret: SANDBOX_DEFAULTS.appSecret, graphApiUrl: 'http://localhost:8080/graph/v24.0' },
      oidc: { issuer: null },
    });
    expect(config.allowedOrigins).toContain('http://localhost:8081');
  });

  test.each([
    { env: {}, mediaDir: '/srv/go2msg/data/media', sqlite: '/srv/go2msg/data/go2msg.sqlite' },
    { env: { MEDIA_DIR: 'files', SQLITE_FILE: '../db/chat.sqlite' }, mediaDir: '/srv/go2msg/files', sqlite: '/srv/db/chat.sqlite' },
    {
      env: { MEDIA_DIR: '/var/lib/go2msg/media', SQLITE_FILE: '/var/lib/go2msg/db.sqlite' },
      mediaDir: '/var/lib/go2msg/media',
      sqlite: '/var/lib/go2msg/db.sqlite',
    },
    { env: { SQLITE_FILE: ':memory:' }, mediaDir: '/srv/go2msg/data/media', sqlite: ':memory:' },
  ])('makes file paths absolute once, from the directory it starts in: $env', ({ env, mediaDir, sqlite }) => {
    const config = loadConfig(env, '/srv/go2msg');
    expect(config.mediaDir).toBe(mediaDir);
    expect(config.database).toEqual({ kind: 'sqlite', filename: sqlite });
  });

  test('an access token switches to live mode against Meta', () => {
    const config = loadConfig(LIVE);
    expect(config).toMatchObject({
      mode: 'live',
      publicUrl: 'https://wa.acme.com',
      allowedOrigins: ['https://acme.zendesk.com', 'https://crm.acme.com'],
      whatsapp: { graphApiUrl: DEFAULT_GRAPH_API_URL, phoneNumberId: '123456789012345' },
      oidc: { issuer: 'https://acme.okta.com', clientId: 'go2msg' },
    });
  });

  test('DATABASE_URL selects PostgreSQL', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@db/go2msg' }).database).toEqual({ kind: 'postgres', url: 'postgres://u@db/go2msg' });
  });

  test('in sandbox mode the simulator uses the configured app secret and phone number id', () => {
    const config = loadConfig({ WHATSAPP_APP_SECRET: 'my-own-secret', WHATSAPP_PHONE_NUMBER_ID: '555' });
    expect(config.mode).toBe('sandbox');
    expect(config.whatsapp).toMatchObject({ appSecret: 'my-own-secret', phoneNumberId: '555' });
  });

  test.each([
    { description: 'a port that is not a number', env: { PORT: 'eighty' }, names: ['PORT'] },
    { description: 'a Graph URL without version', env: { GRAPH_API_URL: 'https://graph.facebook.com' }, names: ['GRAPH_API_URL'] },
    { description: 'an origin with a path', env: { ALLOWED_ORIGINS: 'https://acme.zendesk.com/agent' }, names: ['ALLOWED_ORIGINS'] },
    { description: 'a non-postgres DATABASE_URL', env: { DATABASE_URL: 'mysql://db/x' }, names: ['DATABASE_URL'] },
    { description: 'a token lifetime over 15 minutes', env: { TOKEN_TTL_SECONDS: '3600' }, names: ['TOKEN_TTL_SECONDS'] },
    { description: 'an OIDC issuer without a client', env: { OIDC_ISSUER: 'https://idp.example' }, names: ['OIDC_CLIENT_ID'] },
  ])('fails fast on $description, naming the variable', ({ env, names }) => {
    const found = problems(env);
    expect(found.length).toBeGreaterThan(0);
    for (const name of names) expect(found.join('\n')).toContain(name);
  });

  test('the sandbox has two numbers, Support (the default) and Sales; WHATSAPP_PHONE_NUMBER_ID alone keeps the one-number case', () => {
    expect(loadConfig({}).whatsapp.numbers).toEqual([
      { id: SANDBOX_DEFAULTS.phoneNumberId, displayPhoneNumber: SANDBOX_DEFAULTS.displayPhoneNumber, label: 'Support' },
      { id: '106540352242923', displayPhoneNumber: '15550783882', label: 'Sales' },
    ]);
    const live = loadConfig({ ...LIVE, WHATSAPP_DISPLAY_PHONE_NUMBER: '15550001111' }).whatsapp;
    expect(live.numbers).toEqual([{ id: '123456789012345', displayPhoneNumber: '15550001111', label: null }]);
    expect(live.phoneNumberId).toBe('123456789012345');
  });

  test('WHATSAPP_PHONE_NUMBERS lists several numbers with labels and display numbers; WHATSAPP_PHONE_NUMBER_ID, when also set, is the default', () => {
    const numbers = '111111111111111:Support:+15550001111, 222222222222222:Sales EU, 333333333333333';
    const listed = loadConfig({ ...LIVE, WHATSAPP_PHONE_NUMBER_ID: undefined, WHATSAPP_PHONE_NUMBERS: numbers }).whatsapp;
    expect(listed.numbers).toEqual([
      { id: '111111111111111', displayPhoneNumber: '15550001111', label: 'Support' },
      { id: '222222222222222', displayPhoneNumber: null, label: 'Sales EU' },
      { id: '333333333333333', displayPhoneNumber: null, label: null },
    ]);
    expect(listed.phoneNumberId).toBe('111111111111111');
    const withDefault = loadConfig({ ...LIVE, WHATSAPP_PHONE_NUMBER_ID: '222222222222222', WHATSAPP_PHONE_NUMBERS: numbers }).whatsapp;
    expect(withDefault.numbers.map((n) => n.id)).toEqual(['222222222222222', '111111111111111', '333333333333333']);
    expect(withDefault.phoneNumberId).toBe('222222222222222');
  });

  test.each([
    { env: { WHATSAPP_PHONE_NUMBERS: 'support' }, says: 'must start with the numeric phone number id' },
    { env: { WHATSAPP_PHONE_NUMBERS: '111:A,111:B' }, says: 'listed twice' },
    { env: { WHATSAPP_PHONE_NUMBERS: '111:A', WHATSAPP_PHONE_NUMBER_ID: '222' }, says: 'is not in WHATSAPP_PHONE_NUMBERS' },
  ])('refuses a WHATSAPP_PHONE_NUMBERS that cannot be right: $says', ({ env, says }) => {
    expect(problems(env).join('\n')).toContain(says);
  });

  test('live mode accepts WHATSAPP_PHONE_NUMBERS instead of WHATSAPP_PHONE_NUMBER_ID', () => {
    expect(problems({ ...LIVE, WHATSAPP_PHONE_NUMBER_ID: undefined, WHATSAPP_PHONE_NUMBERS: '111111111111111:Support' })).toEqual([]);
    expect(problems({ ...LIVE, WHATSAPP_PHONE_NUMBER_ID: undefined }).join('\n')).toContain('WHATSAPP_PHONE_NUMBER_ID (or WHATSAPP_PHONE_NUMBERS');
  });

  test('live mode names every missing variable at once', () => {
    const found = problems({ WHATSAPP_ACCESS_TOKEN: 'EAAG-live-token' });
    for (const name of ['WHATSAPP_PHONE_NUMBER_ID', 'WHATSAPP_APP_SECRET', 'WHATSAPP_VERIFY_TOKEN', 'OIDC_ISSUER', 'PUBLIC_URL', 'ALLOWED_ORIGINS']) {
      expect(found.join('\n')).toContain(name);
    }
  });

  test('automatic assignment is off unless AUTO_ASSIGN=true, with a cap of 10 open conversations each unless told', () => {
    expect(loadConfig({}).autoAssign).toBeNull();
    expect(loadConfig({ AUTO_ASSIGN: 'true' }).autoAssign).toEqual({ maxOpen: 10 });
    expect(loadConfig({ AUTO_ASSIGN: 'true', AUTO_ASSIGN_MAX_OPEN: '25' }).autoAssign).toEqual({ maxOpen: 25 });
    expect(problems({ AUTO_ASSIGN: 'true', AUTO_ASSIGN_MAX_OPEN: '0' }).join('\n')).toContain('AUTO_ASSIGN_MAX_OPEN');
    expect(problems({ AUTO_ASSIGN: 'yes' }).join('\n')).toContain('AUTO_ASSIGN');
  });

  test('an empty variable counts as not set', () => {
    expect(loadConfig({ WHATSAPP_ACCESS_TOKEN: '', PORT: '' }).mode).toBe('sandbox');
  });
});
