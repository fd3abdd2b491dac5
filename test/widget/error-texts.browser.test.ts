/**
 * Errors in the agent's language: every code of the vocabulary and every Meta
 * and Twilio failure code has its English, Spanish and Brazilian Portuguese
 * words, filled from the error's facts; the panel shows them instead of the
 * connector's English.
 */
import { describe, expect, test } from 'vitest';
import { ERROR_CODES } from '@domain/errors';
import { describeFailure, META_ERRORS } from '@domain/meta-errors';
import { TWILIO_ERRORS } from '@domain/twilio-errors';
import type { ErrorTexts } from '../../widget/i18n/error-catalog';
import * as en from '../../widget/i18n/errors/en';
import * as es from '../../widget/i18n/errors/es';
import * as ptBR from '../../widget/i18n/errors/pt-br';
import { signInPanelSession, ThreadPanelHarness, until } from './support/harness';
import { H, useFakeConnector } from './support/setup';

const ctx = useFakeConnector();
const LANGUAGES = [
  { name: 'English', table: en },
  { name: 'Spanish', table: es },
  { name: 'Brazilian Portuguese', table: ptBR },
];
/** Facts the domain words in English; a translation may leave them out (a webhook body never reaches an agent). */
const ENGLISH_FACTS: Record<string, string[]> = { MESSAGE_INVALID: ['rule'], WEBHOOK_BODY_REFUSED: ['reason'] };

const placeholders = (text: string) => new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!));

describe('every error has words in every language', () => {
  test.each(LANGUAGES)('$name: every code of connector/domain/errors.ts, and NETWORK, with the facts it names', ({ table }) => {
    const codes = [...Object.keys(ERROR_CODES), 'NETWORK'] as Array<keyof ErrorTexts>;
    for (const code of codes) {
      const text = table.texts[code];
      expect(text?.message, `${code}: message`).toBeTruthy();
      expect(text?.action, `${code}: action`).toBeTruthy();
      if (code === 'NETWORK') continue;
      const english = placeholders(ERROR_CODES[code].message + ERROR_CODES[code].action);
      const own = placeholders(text.message + text.action);
      for (const fact of own) expect(english.has(fact), `${code}: {${fact}} is not a fact the connector gives`).toBe(true);
      for (const fact of english) if (!ENGLISH_FACTS[code]?.includes(fact)) expect(own.has(fact), `${code}: {${fact}} is missing`).toBe(true);
    }
    expect(Object.keys(table.texts).sort()).toEqual(codes.sort());
  });

  test.each(LANGUAGES)('$name: every Meta and Twilio failure code, and the unknown ones', ({ table }) => {
    for (const code of Object.keys(META_ERRORS)) {
      expect(table.failures.meta[Number(code)]?.reason, `Meta ${code}: reason`).toBeTruthy();
      expect(table.failures.meta[Number(code)]?.action, `Meta ${code}: action`).toBeTruthy();
    }
    for (const code of Object.keys(TWILIO_ERRORS)) {
      expect(table.failures.twilio[Number(code)]?.reason, `Twilio ${code}: reason`).toBeTruthy();
      expect(table.failures.twilio[Number(code)]?.action, `Twilio ${code}: action`).toBeTruthy();
    }
    expect(Object.keys(table.failures.meta).sort()).toEqual(Object.keys(META_ERRORS).sort());
    expect(Object.keys(table.failures.twilio).sort()).toEqual(Object.keys(TWILIO_ERRORS).sort());
    expect(table.failures.metaUnknown.reason && table.failures.twilioUnknown.reason).toBeTruthy();
  });

  test('facts are filled in, a media kind by its name in the language', () => {
    const tooLarge = {
      code: 'MEDIA_TOO_LARGE',
      message: 'This file is 6 MB; WhatsApp accepts at most 5 MB for image.',
      action: '',
      details: { kind: 'image', actual: '6 MB', limit: '5 MB' },
    };
    expect(es.catalog.describe(tooLarge)).toBe(
      'Este archivo pesa 6 MB; WhatsApp acepta como máximo 5 MB para imagen. Envía un archivo más pequeño o comparte un enlace.',
    );
    expect(ptBR.catalog.describe(tooLarge)).toBe(
      'Este arquivo tem 6 MB; o WhatsApp aceita no máximo 5 MB para imagem. Envie um arquivo menor ou compartilhe um link.',
    );
    const voice = { code: 'MEDIA_TYPE_UNSUPPORTED', message: '', details: { kind: 'audio', voice: true, accepted: '.ogg (Opus)' } };
    expect(en.catalog.describe(voice)).toBe('WhatsApp does not accept this file as voice note. Send a file of one of these types: .ogg (Opus).');
    // A request limit is named from its setting, in the language; the English what/per are not shown.
    const limited = {
      code: 'TOO_MANY_REQUESTS',
      message: '',
      details: { limit: 20, what: 'sign-ins', per: 'from one network address', setting: 'RATE_LIMIT_SIGN_IN_PER_MINUTE', retryAfter: 30 },
    };
    expect(es.catalog.describe(limited)).toBe(
      'Demasiadas solicitudes: como máximo 20 inicios de sesión por minuto desde una misma dirección de red. Espera 30 segundos y vuelve a intentarlo. Si pasa en el trabajo normal, pide a tu administrador que aumente RATE_LIMIT_SIGN_IN_PER_MINUTE.',
    );
    // Facts missing (an older connector): the connector's complete English, not a sentence with a hole.
    expect(es.catalog.describe({ ...tooLarge, details: {} })).toBe(tooLarge.message);
    // A code newer than this panel keeps the connector's own words.
    expect(es.catalog.describe({ code: 'SOMETHING_NEW', message: 'Something new.', action: 'Do this.' })).toBe('Something new. Do this.');
    // A failure with no provider code (the provider never answered) keeps the connector's words too.
    expect(es.catalog.failure({ code: null, title: 'Timeout', details: null, reason: 'No answer.', action: 'Retried.' }, 'whatsapp')).toBe(
      'No answer. Retried.',
    );
    expect(ptBR.catalog.failure(describeFailure(999_999), 'whatsapp')).toBe(`${ptBR.failures.metaUnknown.reason} ${ptBR.failures.metaUnknown.action}`);
  });
});

describe('the panel words errors in its language', () => {
  test('Spanish: a send the connector refuses says why and what to do in Spanish, from the facts', async () => {
    signInPanelSession();
    ctx.fake.contact.lastInboundAt = ctx.fake.serverNow - H;
    ctx.fake.failNextSends.push({
      status: 409,
      code: 'WINDOW_CLOSED',
      message: 'The 24-hour customer service window is closed, so free-form messages cannot be sent.',
      action: "Send an approved template; the customer's reply opens the window again.",
    });
    const panel = await ThreadPanelHarness.ready({ attributes: { lang: 'es' } });
    await panel.typeMessage('Hola');
    await panel.pressEnter();
    const failure = await panel.find('.log.pending .failure');
    await until(() => failure.textContent === `No enviado: ${es.texts.WINDOW_CLOSED.message} ${es.texts.WINDOW_CLOSED.action}`, 4000, 'the Spanish reason');
    expect(failure.textContent).not.toMatch(/window is closed/);
  });

  test("Brazilian Portuguese: a message WhatsApp failed shows Meta's reason in Portuguese, and an SMS Twilio's", async () => {
    signInPanelSession();
    ctx.fake.contact.lastInboundAt = ctx.fake.serverNow - H;
    const ana = { teammateId: 7, name: 'Ana Souza' };
    ctx.fake.messages = [
      ctx.fake.message({ direction: 'out', sender: ana, status: 'failed', text: 'Oi', failure: describeFailure(131026, 'Message undeliverable') }),
      ctx.fake.message({
        direction: 'out',
        sender: ana,
        status: 'failed',
        channel: 'sms',
        text: 'Oi por SMS',
        failure: { code: 21610, title: 'Unsubscribed', details: null, reason: TWILIO_ERRORS[21610]!.reason, action: TWILIO_ERRORS[21610]!.action },
      }),
    ];
    const panel = await ThreadPanelHarness.ready({ attributes: { lang: 'pt-BR' } });
    const whatsapp = await panel.waitForMessage('Oi');
    const sms = await panel.waitForMessage('Oi por SMS');
    const meta = ptBR.failures.meta[131026]!;
    const twilio = ptBR.failures.twilio[21610]!;
    await until(() => whatsapp.querySelector('.failure')?.textContent === `${meta.reason} ${meta.action}`, 4000, 'the Portuguese reason');
    expect(sms.querySelector('.failure')?.textContent).toBe(`${twilio.reason} ${twilio.action}`);
  });

  test('Spanish: a file refused before upload names its kind in Spanish', async () => {
    signInPanelSession();
    ctx.fake.contact.lastInboundAt = ctx.fake.serverNow - H;
    const panel = await ThreadPanelHarness.ready({ attributes: { lang: 'es' } });
    await panel.attach(new File([], 'vacío.pdf', { type: 'application/pdf' }));
    await until(() => panel.problem() === `${es.texts.MEDIA_EMPTY.message} ${es.texts.MEDIA_EMPTY.action}`, 4000, 'the Spanish problem');
  });
});
