/**
 * The business profile: every teammate reads it (the panel header shows it);
 * an admin changes it, within Meta's limits, audited. A new picture is first
 * uploaded through Meta's Resumable Upload API, then set by its handle.
 */
import type { BusinessProfileView, NumberHealthResponse } from '@domain/account-views';
import { assertBusinessProfile, type BusinessProfileUpdate } from '@domain/business-profile';
import { checkUpload, type UploadPurpose } from '@domain/uploads';
import { readState, writeState } from '../../store/account-state';
import { appendAudit } from '../../store/audit-writer';
import type { Teammate } from '../../store/teammates';
import { currentAlerts, publishProfile } from './account-alerts';
import type { AccountSync } from './account-sync';
import { atMeta } from '../../whatsapp/provider-errors';
import type { AdminDeps } from './template-admin';

export interface ProfileDeps extends AdminDeps {
  accountSync: Pick<AccountSync, 'refreshProfile'>;
}

/** The last known profile; asks Meta when none was fetched yet. */
export async function readBusinessProfile(deps: ProfileDeps): Promise<BusinessProfileView> {
  return (await readState(deps.db, 'business_profile')) ?? atMeta(() => deps.accountSync.refreshProfile());
}

export async function readNumberHealth(deps: Pick<AdminDeps, 'db' | 'clock'>): Promise<NumberHealthResponse> {
  return { health: await readState(deps.db, 'number_health'), alerts: await currentAlerts(deps.db, deps.clock.now()) };
}

const FIELDS = ['about', 'address', 'description', 'email', 'websites', 'vertical'] as const;

export async function updateBusinessProfile(deps: ProfileDeps, teammate: Teammate, update: BusinessProfileUpdate): Promise<BusinessProfileView> {
  assertBusinessProfile(update);
  const before = await readState(deps.db, 'business_profile');
  await atMeta(() => deps.management.updateBusinessProfile(update));
  const fields = await atMeta(() => deps.management.getBusinessProfile());
  const now = deps.clock.now();
  const profile: BusinessProfileView = { ...fields, checkedAt: now };
  const changed = FIELDS.filter((f) => update[f] !== undefined);
  await deps.db.transaction(async (trx) => {
    await writeState(trx, 'business_profile', profile, now);
    await appendAudit(trx, {
      at: now,
      action: 'profile.changed',
      teammateId: teammate.id,
      details: {
        fields: [...changed, ...(update.profilePictureHandle ? ['profilePicture'] : [])],
        before: Object.fromEntries(changed.map((f) => [f, before?.[f] ?? null])),
        after: Object.fromEntries(changed.map((f) => [f, profile[f]])),
      },
    });
    await publishProfile(trx, profile, now);
  });
  deps.live.notify();
  return profile;
}

/** Checks the file (real type, size) and hands it to Meta; the handle sets a picture or a template header sample. */
export async function uploadFile(
  deps: AdminDeps,
  purpose: UploadPurpose,
  fileName: string,
  bytes: Uint8Array,
): Promise<{ handle: string; type: string; bytes: number }> {
  const type = checkUpload(purpose, bytes);
  const handle = await atMeta(() => deps.management.uploadFile({ name: fileName, type, bytes }));
  return { handle, type, bytes: bytes.length };
}
