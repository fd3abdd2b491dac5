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
import { writeOtherProfile, type AccountSync } from './account-sync';
import type { BusinessNumber } from '@domain/business-numbers';
import type { Executor } from '../../store/rows';
import { atMeta } from '../../whatsapp/provider-errors';
import type { AdminDeps } from './template-admin';

export interface ProfileDeps extends AdminDeps {
  accountSync: Pick<AccountSync, 'refreshProfile'>;
}

/**
 * The number a profile request is about: the one named (refused with the list of ours when it is
 * not one of them), else the default. Meta keeps one profile per number.
 */
export function profileNumber(deps: Pick<ProfileDeps, 'numbers'>, named: string | null | undefined): BusinessNumber {
  return deps.numbers.find(deps.numbers.checked(named) ?? deps.numbers.defaultId)!;
}

async function storedProfile(db: Executor, number: BusinessNumber, isDefault: boolean): Promise<BusinessProfileView | null> {
  if (isDefault) return readState(db, 'business_profile');
  return (await readState(db, 'numbers_profile'))?.[number.id] ?? null;
}

/** A number's last known profile (the default's when none is named); asks Meta when none was fetched yet. */
export async function readBusinessProfile(deps: ProfileDeps, numberId?: string | null): Promise<BusinessProfileView> {
  const number = profileNumber(deps, numberId);
  const stored = await storedProfile(deps.db, number, number.id === deps.numbers.defaultId);
  return stored ?? atMeta(() => deps.accountSync.refreshProfile(number.id));
}

export async function readNumberHealth(deps: Pick<AdminDeps, 'db' | 'clock'>): Promise<NumberHealthResponse> {
  return { health: await readState(deps.db, 'number_health'), alerts: await currentAlerts(deps.db, deps.clock.now()) };
}

const FIELDS = ['about', 'address', 'description', 'email', 'websites', 'vertical'] as const;

/** Changes one number's profile (the default's when none is named); the audit names the number. */
export async function updateBusinessProfile(
  deps: ProfileDeps,
  teammate: Teammate,
  update: BusinessProfileUpdate,
  numberId?: string | null,
): Promise<BusinessProfileView> {
  const number = profileNumber(deps, numberId);
  const isDefault = number.id === deps.numbers.defaultId;
  assertBusinessProfile(update);
  const before = await storedProfile(deps.db, number, isDefault);
  await atMeta(() => deps.management.updateBusinessProfile(update, number.id));
  const fields = await atMeta(() => deps.management.getBusinessProfile(number.id));
  const now = deps.clock.now();
  const profile: BusinessProfileView = { ...fields, checkedAt: now };
  const changed = FIELDS.filter((f) => update[f] !== undefined);
  await deps.db.transaction(async (trx) => {
    if (isDefault) await writeState(trx, 'business_profile', profile, now);
    else await writeOtherProfile(trx, number.id, profile, now);
    await appendAudit(trx, {
      at: now,
      action: 'profile.changed',
      teammateId: teammate.id,
      details: {
        number: { id: number.id, label: number.label, displayPhoneNumber: number.displayPhoneNumber },
        fields: [...changed, ...(update.profilePictureHandle ? ['profilePicture'] : [])],
        before: Object.fromEntries(changed.map((f) => [f, before?.[f] ?? null])),
        after: Object.fromEntries(changed.map((f) => [f, profile[f]])),
      },
    });
    // Panels' headers show the default number's profile; another number's change is not theirs to show.
    if (isDefault) await publishProfile(trx, profile, now);
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
