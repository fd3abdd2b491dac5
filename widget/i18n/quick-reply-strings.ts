/**
 * The quick-reply editor's strings (lazy/quick-replies.ts), in every language
 * the panel speaks. They load with that chunk, not with every panel.
 */
import type { Locale } from './locale';

const en = {
  addButton: 'Add a button',
  buttonLabel: 'Button {n}',
  removeButton: 'Remove button {n}',
  buttonsNeedText: 'Write the message the buttons belong to.',
} as const;

export type QuickReplyStrings = Record<keyof typeof en, string>;

const es: QuickReplyStrings = {
  addButton: 'Añadir un botón',
  buttonLabel: 'Botón {n}',
  removeButton: 'Quitar el botón {n}',
  buttonsNeedText: 'Escribe el mensaje al que pertenecen los botones.',
};

const ptBR: QuickReplyStrings = {
  addButton: 'Adicionar um botão',
  buttonLabel: 'Botão {n}',
  removeButton: 'Remover o botão {n}',
  buttonsNeedText: 'Escreva a mensagem à qual os botões pertencem.',
};

export const QUICK_REPLY_STRINGS: Record<Locale, QuickReplyStrings> = { en, es, 'pt-BR': ptBR };
