/**
 * Message limits enforced before anything reaches Meta.
 * Source: Meta, messages/* pages (checked 2026-11; mirrored in
 * test/fixtures/cloud-api/limits.json, which a test compares with this file).
 */
export const TEXT_BODY_MAX = 4096;
export const CAPTION_MAX = 1024;
export const TEMPLATE_TEXT_PARAM_MAX = 1024;
export const BIZ_OPAQUE_CALLBACK_DATA_MAX = 512;

export const INTERACTIVE_BUTTON = {
  buttonsMin: 1,
  buttonsMax: 3,
  replyIdMax: 256,
  replyTitleMax: 20,
  bodyMax: 1024,
  footerMax: 60,
  headerTextMax: 60,
} as const;

export const INTERACTIVE_LIST = {
  buttonTextMax: 20,
  sectionsMin: 1,
  sectionsMax: 10,
  sectionTitleMax: 24,
  /** Older docs: ten rows across all sections; newer: ten per section. The stricter one holds for both. */
  rowsTotalMax: 10,
  rowIdMax: 200,
  rowTitleMax: 24,
  rowDescriptionMax: 72,
  bodyMax: 4096,
  footerMax: 60,
  headerTextMax: 60,
} as const;

export const INTERACTIVE_CTA_URL = {
  displayTextMax: 20,
  bodyMax: 1024,
  footerMax: 60,
  headerTextMax: 60,
} as const;

/** Meta only quotes (and lets you react to) messages of the last 30 days. */
export const REACTION_TARGET_MAX_AGE_DAYS = 30;

/** Real coordinates (latitude −90…90, longitude −180…180): a location message or a template's map header. */
export function isOnEarth(place: { latitude: number; longitude: number }): boolean {
  return place.latitude >= -90 && place.latitude <= 90 && place.longitude >= -180 && place.longitude <= 180;
}

/** Meta counts characters; code points are the closest a client can count (an emoji is one). */
export function characters(text: string): number {
  return [...text].length;
}
