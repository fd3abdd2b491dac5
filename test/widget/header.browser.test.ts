/** The panel header's view of the sending number, in real Chromium against the fake connector. */
import { beforeEach, describe, expect, test } from 'vitest';
import { signInPanelSession, ThreadPanelHarness, until } from './support/harness';
import { useFakeConnector } from './support/setup';
import { SHEENA } from '../support/fixtures';

const ctx = useFakeConnector();

describe("the sending number's health in the header", () => {
  beforeEach(() => signInPanelSession());

  test.each([
    { tier: 'TIER_1K', lang: 'en', quality: 'YELLOW', text: 'Messaging limit: 1,000 customers per 24 h', rating: 'Number quality: medium' },
    { tier: 'TIER_100K', lang: 'es', quality: 'GREEN', text: 'Límite de mensajes: 100.000 clientes cada 24 h', rating: 'Calidad del número: alta' },
    { tier: 'TIER_UNLIMITED', lang: 'pt-BR', quality: 'RED', text: 'Limite de mensagens: ilimitado', rating: 'Qualidade do número: baixa' },
    { tier: 'TIER_SOMETHING_NEW', lang: 'en', quality: 'GREEN', text: 'Messaging limit: TIER_SOMETHING_NEW', rating: 'Number quality: high' },
  ])("says Meta's $tier as people read it ($lang)", async ({ tier, lang, quality, text, rating }) => {
    ctx.fake.numberHealth = { qualityRating: quality, messagingTier: tier };
    const panel = await ThreadPanelHarness.ready({ attributes: { lang } });
    await until(() => panel.text('.tier') === text, 4000, `the tier to read "${text}"`);
    expect(panel.text('.health')).toBe(rating);
  });
});

describe('the customer in the header', () => {
  beforeEach(() => signInPanelSession());

  test('shows the name with the number under it', async () => {
    const panel = await ThreadPanelHarness.ready();
    expect(panel.text('.who strong')).toBe('Sheena Nelson');
    expect(panel.text('.who span')).toBe(SHEENA);
  });

  test('shows the WhatsApp username after the number, and learns one live', async () => {
    const panel = await ThreadPanelHarness.ready();
    expect(panel.qa('.who span').map((s) => s.textContent)).toEqual([SHEENA]);
    ctx.fake.push({ type: 'contact', contact: { ...ctx.fake.contact, username: '@sheena.n', userId: 'US.13491208655302741918' } });
    await until(() => panel.qa('.who span').length === 2, 4000, 'the username to show');
    expect(panel.qa('.who span').map((s) => s.textContent)).toEqual([SHEENA, '@sheena.n']);
  });

  test('shows the business-scoped parent id Meta links to the customer (parent_user_id) after the username', async () => {
    const panel = await ThreadPanelHarness.ready();
    ctx.fake.push({
      type: 'contact',
      contact: { ...ctx.fake.contact, username: '@sheena.n', userId: 'US.13491208655302741918', parentUserId: 'US.ENT.11815799212886844830' },
    });
    await until(() => panel.qa('.who span').length === 3, 4000, 'the parent id to show');
    expect(panel.qa('.who span').map((s) => s.textContent)).toEqual([SHEENA, '@sheena.n', 'US.ENT.11815799212886844830']);
  });

  test('with no name, shows the number once', async () => {
    ctx.fake.contact = { ...ctx.fake.contact, name: null };
    const panel = await ThreadPanelHarness.ready();
    expect(panel.text('.who')).toBe(SHEENA);
    expect(panel.q('.who span')).toBeNull();
  });
});
