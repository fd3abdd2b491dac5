/**
 * The template picker's strings, in every language the panel speaks. They load
 * with the picker's code (a lazy chunk), not with every panel.
 */
import type { Locale } from './locale';

const en = {
  templateLabel: 'Template',
  noTemplates: 'No approved templates are available.',
  closeTemplates: 'Close templates',
  searchTemplates: 'Search templates',
  category: 'Category',
  categoryAll: 'All',
  categoryUTILITY: 'Utility',
  categoryMARKETING: 'Marketing',
  categoryAUTHENTICATION: 'Authentication',
  categoryHelpUTILITY: 'Updates the customer expects about an order, a booking or their account.',
  categoryHelpMARKETING: 'Offers and promotions. Meta bills every marketing message, and customers can opt out.',
  categoryHelpAUTHENTICATION: 'Only for one-time codes. Never use it for support replies.',
  language: 'Language',
  allLanguages: 'All languages',
  noTemplateMatch: 'No approved template matches.',
  headerVariable: 'Header: {label}',
  headerMedia: 'Header {kind}',
  headerLatitude: 'Header map: latitude',
  headerLongitude: 'Header map: longitude',
  headerPlaceName: 'Place name (optional)',
  headerPlaceAddress: 'Address (optional)',
  bodyVariable: 'Body: {label}',
  buttonVariable: 'Link of “{text}”',
  fillEveryField: 'Fill in every field to send this template.',
  templatePreview: 'Preview, as the customer will see it',
} as const;

export type PickerStrings = Record<keyof typeof en, string>;

const es: PickerStrings = {
  templateLabel: 'Plantilla',
  noTemplates: 'No hay plantillas aprobadas disponibles.',
  closeTemplates: 'Cerrar plantillas',
  searchTemplates: 'Buscar plantillas',
  category: 'Categoría',
  categoryAll: 'Todas',
  categoryUTILITY: 'Utilidad',
  categoryMARKETING: 'Marketing',
  categoryAUTHENTICATION: 'Autenticación',
  categoryHelpUTILITY: 'Avisos que el cliente espera sobre un pedido, una reserva o su cuenta.',
  categoryHelpMARKETING: 'Ofertas y promociones. Meta cobra cada mensaje de marketing y el cliente puede darse de baja.',
  categoryHelpAUTHENTICATION: 'Solo para códigos de un solo uso. Nunca para respuestas de soporte.',
  language: 'Idioma',
  allLanguages: 'Todos los idiomas',
  noTemplateMatch: 'Ninguna plantilla aprobada coincide.',
  headerVariable: 'Encabezado: {label}',
  headerMedia: 'Encabezado: {kind}',
  headerLatitude: 'Mapa del encabezado: latitud',
  headerLongitude: 'Mapa del encabezado: longitud',
  headerPlaceName: 'Nombre del lugar (opcional)',
  headerPlaceAddress: 'Dirección (opcional)',
  bodyVariable: 'Cuerpo: {label}',
  buttonVariable: 'Enlace de «{text}»',
  fillEveryField: 'Completa todos los campos para enviar esta plantilla.',
  templatePreview: 'Vista previa, tal como la verá el cliente',
};

const ptBR: PickerStrings = {
  templateLabel: 'Modelo',
  noTemplates: 'Nenhum modelo aprovado disponível.',
  closeTemplates: 'Fechar modelos',
  searchTemplates: 'Buscar modelos',
  category: 'Categoria',
  categoryAll: 'Todas',
  categoryUTILITY: 'Utilidade',
  categoryMARKETING: 'Marketing',
  categoryAUTHENTICATION: 'Autenticação',
  categoryHelpUTILITY: 'Avisos que o cliente espera sobre um pedido, uma reserva ou a conta dele.',
  categoryHelpMARKETING: 'Ofertas e promoções. A Meta cobra cada mensagem de marketing, e o cliente pode cancelar o recebimento.',
  categoryHelpAUTHENTICATION: 'Só para códigos de uso único. Nunca para respostas de atendimento.',
  language: 'Idioma',
  allLanguages: 'Todos os idiomas',
  noTemplateMatch: 'Nenhum modelo aprovado corresponde.',
  headerVariable: 'Cabeçalho: {label}',
  headerMedia: 'Cabeçalho: {kind}',
  headerLatitude: 'Mapa do cabeçalho: latitude',
  headerLongitude: 'Mapa do cabeçalho: longitude',
  headerPlaceName: 'Nome do local (opcional)',
  headerPlaceAddress: 'Endereço (opcional)',
  bodyVariable: 'Corpo: {label}',
  buttonVariable: 'Link de “{text}”',
  fillEveryField: 'Preencha todos os campos para enviar este modelo.',
  templatePreview: 'Prévia, como o cliente verá',
};

export const PICKER_STRINGS: Record<Locale, PickerStrings> = { en, es, 'pt-BR': ptBR };
