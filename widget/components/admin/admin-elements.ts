/**
 * The admin elements' chunk: loaded on demand (see widget/index.ts), so the
 * panel agents open on every ticket stays small.
 */
import { defineOnce } from '../../define';
import { Go2msgBusinessProfile } from '../business-profile/business-profile';
import { Go2msgNumberHealth } from '../number-health/number-health';
import { Go2msgSavedRepliesAdmin } from '../saved-replies-admin/saved-replies-admin';
import { Go2msgTemplatesAdmin } from '../templates-admin/templates-admin';

export { Go2msgBusinessProfile, Go2msgNumberHealth, Go2msgSavedRepliesAdmin, Go2msgTemplatesAdmin };

export const ADMIN_ELEMENTS = {
  'go2msg-templates-admin': Go2msgTemplatesAdmin,
  'go2msg-business-profile': Go2msgBusinessProfile,
  'go2msg-number-health': Go2msgNumberHealth,
  'go2msg-saved-replies-admin': Go2msgSavedRepliesAdmin,
} as const;

export function defineAdminElements(): void {
  for (const [tag, element] of Object.entries(ADMIN_ELEMENTS)) defineOnce(tag, element);
}

declare global {
  interface HTMLElementTagNameMap {
    'go2msg-templates-admin': Go2msgTemplatesAdmin;
    'go2msg-business-profile': Go2msgBusinessProfile;
    'go2msg-number-health': Go2msgNumberHealth;
    'go2msg-saved-replies-admin': Go2msgSavedRepliesAdmin;
  }
}
