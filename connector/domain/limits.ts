/**
 * Message limits enforced before anything reaches Meta.
 * Source: Meta, messages/text-messages and the per-type pages (checked 2026-11;
 * mirrored in shared/reference/cloud-api/limits.json, which a test compares).
 */
export const TEXT_BODY_MAX = 4096;
export const CAPTION_MAX = 1024;
export const TEMPLATE_TEXT_PARAM_MAX = 1024;
