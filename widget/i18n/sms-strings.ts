/**
 * The SMS reply's strings, in every language the panel speaks. They load with
 * the SMS reply's code (a lazy chunk), not with every panel.
 */
import type { Locale } from './locale';

const en = {
  smsInstead: 'Send as SMS instead',
  smsWhenClosed: 'Or reach the customer by SMS',
  smsWhenClosedHint: 'SMS has no 24-hour window; the reply arrives in this thread.',
  smsLabel: 'SMS to the customer',
  smsPlaceholder: 'Write an SMS…',
  smsFrom: 'From {sender}',
  smsCount: '{chars} characters · {segments} SMS',
  smsTooLong: '{n} characters over the SMS limit',
  smsSend: 'Send SMS',
  smsCancel: 'Cancel',
} as const;

export type SmsStrings = Record<keyof typeof en, string>;

const es: SmsStrings = {
  smsInstead: 'Enviar como SMS',
  smsWhenClosed: 'O contacta al cliente por SMS',
  smsWhenClosedHint: 'El SMS no tiene ventana de 24 horas; la respuesta llega a esta conversación.',
  smsLabel: 'SMS al cliente',
  smsPlaceholder: 'Escribe un SMS…',
  smsFrom: 'Desde {sender}',
  smsCount: '{chars} caracteres · {segments} SMS',
  smsTooLong: '{n} caracteres por encima del límite del SMS',
  smsSend: 'Enviar SMS',
  smsCancel: 'Cancelar',
};

const ptBR: SmsStrings = {
  smsInstead: 'Enviar como SMS',
  smsWhenClosed: 'Ou fale com o cliente por SMS',
  smsWhenClosedHint: 'O SMS não tem janela de 24 horas; a resposta chega nesta conversa.',
  smsLabel: 'SMS para o cliente',
  smsPlaceholder: 'Escreva um SMS…',
  smsFrom: 'De {sender}',
  smsCount: '{chars} caracteres · {segments} SMS',
  smsTooLong: '{n} caracteres acima do limite do SMS',
  smsSend: 'Enviar SMS',
  smsCancel: 'Cancelar',
};

export const SMS_STRINGS: Record<Locale, SmsStrings> = { en, es, 'pt-BR': ptBR };
