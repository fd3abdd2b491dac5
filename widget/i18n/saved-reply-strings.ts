/**
 * The saved-reply picker's strings, in every language the panel speaks. They
 * load with the picker's code (a lazy chunk), not with every panel.
 */
import type { Locale } from './locale';

const en = {
  savedRepliesTitle: 'Saved replies',
  searchSaved: 'Search saved replies',
  savedList: 'Saved replies',
  savedLoading: 'Loading saved replies…',
  savedNone: 'No saved replies yet. An admin adds them in go2msg’s admin page.',
  savedNoMatch: 'No saved reply matches “{query}”.',
  savedCount: '{n} saved replies. Up and Down arrows to choose, Enter or Tab to insert, Escape to close.',
  savedOne: '1 saved reply. Enter or Tab to insert, Escape to close.',
  savedAnyLanguage: 'any language',
  savedClosed:
    'Saved replies are free text, which WhatsApp delivers only within 24 hours of the customer’s last message. Until they write again, send an approved template.',
  savedShowTemplates: 'Choose a template',
  savedClose: 'Close',
  savedUnfilled: 'Fill in {placeholders} before sending: type what it stands for, or delete it.',
} as const;

export type SavedReplyStrings = Record<keyof typeof en, string>;

const es: SavedReplyStrings = {
  savedRepliesTitle: 'Respuestas guardadas',
  searchSaved: 'Buscar respuestas guardadas',
  savedList: 'Respuestas guardadas',
  savedLoading: 'Cargando respuestas guardadas…',
  savedNone: 'Aún no hay respuestas guardadas. Un administrador las añade en la página de administración de go2msg.',
  savedNoMatch: 'Ninguna respuesta guardada coincide con «{query}».',
  savedCount: '{n} respuestas guardadas. Flechas arriba y abajo para elegir, Intro o Tab para insertar, Escape para cerrar.',
  savedOne: '1 respuesta guardada. Intro o Tab para insertar, Escape para cerrar.',
  savedAnyLanguage: 'cualquier idioma',
  savedClosed:
    'Las respuestas guardadas son texto libre, que WhatsApp solo entrega dentro de las 24 horas siguientes al último mensaje del cliente. Hasta que vuelva a escribir, envía una plantilla aprobada.',
  savedShowTemplates: 'Elegir una plantilla',
  savedClose: 'Cerrar',
  savedUnfilled: 'Completa {placeholders} antes de enviar: escribe lo que corresponde o bórralo.',
};

const ptBR: SavedReplyStrings = {
  savedRepliesTitle: 'Respostas salvas',
  searchSaved: 'Buscar respostas salvas',
  savedList: 'Respostas salvas',
  savedLoading: 'Carregando respostas salvas…',
  savedNone: 'Ainda não há respostas salvas. Um administrador as adiciona na página de administração do go2msg.',
  savedNoMatch: 'Nenhuma resposta salva corresponde a “{query}”.',
  savedCount: '{n} respostas salvas. Setas para cima e para baixo para escolher, Enter ou Tab para inserir, Esc para fechar.',
  savedOne: '1 resposta salva. Enter ou Tab para inserir, Esc para fechar.',
  savedAnyLanguage: 'qualquer idioma',
  savedClosed:
    'Respostas salvas são texto livre, que o WhatsApp só entrega até 24 horas depois da última mensagem do cliente. Até ele escrever de novo, envie um modelo aprovado.',
  savedShowTemplates: 'Escolher um modelo',
  savedClose: 'Fechar',
  savedUnfilled: 'Preencha {placeholders} antes de enviar: digite o que corresponde ou apague.',
};

export const SAVED_REPLY_STRINGS: Record<Locale, SavedReplyStrings> = { en, es, 'pt-BR': ptBR };
