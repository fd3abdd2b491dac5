/**
 * The attachment preview's strings (lazy/attachments.ts), in every language
 * the panel speaks. They load with that chunk, not with every panel.
 */
import type { Locale } from './locale';

const en = {
  attachmentLabel: 'Attachment: {name}, {size}',
  cancelUpload: 'Cancel upload',
  removeAttachment: 'Remove the attachment',
  sendAsVoice: 'Send as a voice note',
  noCaption: 'This kind of file has no caption; the text goes as a separate message.',
} as const;

export type AttachmentStrings = Record<keyof typeof en, string>;

const es: AttachmentStrings = {
  attachmentLabel: 'Adjunto: {name}, {size}',
  cancelUpload: 'Cancelar la subida',
  removeAttachment: 'Quitar el adjunto',
  sendAsVoice: 'Enviar como mensaje de voz',
  noCaption: 'Este tipo de archivo no lleva pie; el texto se envía como un mensaje aparte.',
};

const ptBR: AttachmentStrings = {
  attachmentLabel: 'Anexo: {name}, {size}',
  cancelUpload: 'Cancelar o envio do arquivo',
  removeAttachment: 'Remover o anexo',
  sendAsVoice: 'Enviar como mensagem de voz',
  noCaption: 'Este tipo de arquivo não tem legenda; o texto vai como uma mensagem separada.',
};

export const ATTACHMENT_STRINGS: Record<Locale, AttachmentStrings> = { en, es, 'pt-BR': ptBR };
