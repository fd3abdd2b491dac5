/**
 * The strings of the rarer message types (lazy/rich-messages.ts: locations,
 * contact cards, buttons and lists), in every language the panel speaks. They
 * load with that chunk, not with every panel.
 */
import type { Locale } from './locale';

const en = {
  openMap: 'Open in a map',
  contactCard: 'Contact card',
  tappedReply: 'Replied with a button',
  listChoice: 'Picked from a list',
  buttonsOffered: 'Buttons: {list}',
} as const;

export type RichStrings = Record<keyof typeof en, string>;

const es: RichStrings = {
  openMap: 'Abrir en un mapa',
  contactCard: 'Tarjeta de contacto',
  tappedReply: 'Respondió con un botón',
  listChoice: 'Eligió de una lista',
  buttonsOffered: 'Botones: {list}',
};

const ptBR: RichStrings = {
  openMap: 'Abrir no mapa',
  contactCard: 'Cartão de contato',
  tappedReply: 'Respondeu com um botão',
  listChoice: 'Escolheu de uma lista',
  buttonsOffered: 'Botões: {list}',
};

export const RICH_STRINGS: Record<Locale, RichStrings> = { en, es, 'pt-BR': ptBR };
