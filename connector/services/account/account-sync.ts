/**
 * Keeps the local copy of the account current: templates (every page), the
 * number's health and the business profile. Runs at start, on a schedule
 * (TEMPLATE_SYNC_INTERVAL_SECONDS), on demand (admin API) and when a webhook
 * says something the local copy cannot explain (an unknown template, a
 * flagged number). What changed is pushed to every panel.
 */
import { accountAlerts, limitLowered, messagingLimit, normaliseQuality, throughput } from '@domain/account-health';
import type { BusinessProfileView, NumberHealthView } from '@domain/account-views';
import { readState, writeState } from '../../store/account-state';
import type { Executor } from '../../store/rows';
import { findTemplateView, listTemplateViews, replaceTemplates, updateTemplate } from '../../store/templates';
import type { ManagementApi, PhoneNumberInfo } from '../../whatsapp/management-api';
import { publishHealth, publishProfile, publishTemplate } from './account-alerts';
import type { ServiceDeps } from '../runtime/deps';
import type { BackgroundWorker } from '../runtime/worker-loop';
import { WorkerLoop } from '../runtime/worker-loop';

export interface AccountSyncDeps extends ServiceDeps {
  management: ManagementApi;
  phoneNumberId: string;
  /** 0 turns the schedule off. */
  intervalMs: number;
}

export type SyncTarget = 'templates' | 'health' | 'profile';

/** What webhook handling may ask for: a sync soon, after the current transaction. */
export interface AccountSyncKicks {
  kick(target: SyncTarget): void;
}

const STATUSES_WITH_DETAIL = new Set(['REJECTED', 'PAUSED', 'DISABLED']);

function key(t: { name: string; language: string }): string {
  return `${t.name}\u0000${t.language}`;
}

function healthChanged(a: NumberHealthView, b: NumberHealthView): boolean {
  const fields = (h: NumberHealthView) => [
    h.qualityRating,
    h.status,
    h.nameStatus,
    h.verifiedName,
    h.messagingLimit.tier,
    h.throughput.level,
    h.limitChange?.at,
  ];
  return JSON.stringify(fields(a)) !== JSON.stringify(fields(b));
}

const TARGETS = ['templates', 'health', 'profile'] as const;

export class AccountSync implements AccountSyncKicks, Omit<BackgroundWorker, 'kick'> {
  /** Kicked targets not started yet, in the order asked: each runs once however often it is asked for meanwhile. */
  private readonly queued = new Set<SyncTarget>();
  /** Runs the queued targets one at a time. */
  private readonly worker: WorkerLoop;
  /** Every TEMPLATE_SYNC_INTERVAL_SECONDS, asks for every target; null when the schedule is off. */
  private readonly schedule: WorkerLoop | null;

  constructor(private readonly deps: AccountSyncDeps) {
    this.worker = new WorkerLoop(
      'account sync',
      {
        pass: async () => {
          const [target] = this.queued;
          if (target === undefined) return false;
          this.queued.delete(target);
          await this.runLogged(target);
          return true;
        },
      },
      deps.log,
      // Work only comes by kick(): a look without one finds nothing, so it is rare.
      { pollMs: 60_000 },
    );
    this.schedule =
      deps.intervalMs > 0
        ? new WorkerLoop(
            'account sync schedule',
            {
              pass: async () => {
                for (const target of TARGETS) this.kick(target);
                return false;
              },
            },
            deps.log,
            // start() runs the first sync itself.
            { pollMs: deps.intervalMs, waitFirst: true },
          )
        : null;
  }

  /** The first sync of everything (awaited, so templates are there when the connector answers), then the schedule. */
  async start(): Promise<void> {
    this.worker.start();
    for (const target of TARGETS) await this.runLogged(target);
    this.schedule?.start();
  }

  async stop(): Promise<void> {
    await this.schedule?.stop();
    await this.worker.stop();
  }

  /** Runs soon, once, however often it is asked for meanwhile. */
  kick(target: SyncTarget): void {
    this.queued.add(target);
    this.worker.kick();
  }

  /** Resolves once no kicked sync is running or waiting. */
  idle(): Promise<void> {
    return this.worker.idle();
  }

  /** Resolves when every sync kicked before the call has run. */
  drain(): Promise<void> {
    return this.worker.drain();
  }

  private async runLogged(target: SyncTarget): Promise<void> {
    try {
      if (target === 'templates') {
        const count = await this.syncTemplates();
        this.deps.log.info({ count }, 'templates synced');
      } else if (target === 'health') {
        await this.refreshHealth();
      } else {
        await this.refreshAllProfiles();
      }
    } catch (error) {
      this.deps.log.error({ err: error, target }, 'account sync failed; it runs again on the next schedule');
    }
  }

  /** Every template Meta lists; changes since the last look are pushed to panels. */
  async syncTemplates(): Promise<number> {
    const { db, clock, live, management } = this.deps;
    // Rows written after the list was requested (a submission in flight) are newer than it and stay.
    const startedAt = clock.now();
    const listed = await management.listTemplates();
    await db.transaction(async (trx) => {
      const before = new Map((await listTemplateViews(trx)).map((t) => [key(t), t]));
      await replaceTemplates(trx, listed, startedAt);
      const now = clock.now();
      for (const t of listed) {
        const prev = before.get(key(t));
        const statusChanged = prev !== undefined && prev.status !== t.status;
        if (statusChanged) {
          const keepDetail = STATUSES_WITH_DETAIL.has(t.status);
          await updateTemplate(trx, t, { statusAt: now, ...(keepDetail ? {} : { rejectedReason: null, statusDetail: null }) });
        }
        const changed = statusChanged || (prev !== undefined && (prev.category !== t.category || (t.quality != null && prev.quality !== t.quality)));
        if (changed || (prev === undefined && before.size > 0)) {
          const view = await findTemplateView(trx, t);
          if (view) await publishTemplate(trx, view, now);
        }
      }
    });
    live.notify();
    return listed.length;
  }

  async refreshHealth(): Promise<NumberHealthView> {
    const { db, clock, live, management } = this.deps;
    const info = await management.getPhoneNumber();
    let health!: NumberHealthView;
    await db.transaction(async (trx) => {
      const now = clock.now();
      const prev = await readState(trx, 'number_health');
      const tier = info.messagingLimitTier ?? prev?.messagingLimit.tier ?? null;
      const lowered = limitLowered(prev?.messagingLimit.tier ?? null, tier);
      health = {
        phoneNumberId: this.deps.phoneNumberId,
        displayPhoneNumber: info.displayPhoneNumber,
        verifiedName: info.verifiedName,
        nameStatus: info.nameStatus,
        officialBusinessAccount: info.officialBusinessAccount,
        qualityRating: normaliseQuality(info.qualityRating),
        messagingLimit: messagingLimit(tier),
        throughput: throughput(info.throughputLevel),
        status: info.status,
        limitChange: lowered ? { from: prev!.messagingLimit.tier, to: tier!, at: now } : (prev?.limitChange ?? null),
        checkedAt: now,
      };
      await writeState(trx, 'number_health', health, now);
      if (!prev || healthChanged(prev, health)) await publishHealth(trx, health, now);
    });
    live.notify();
    await this.refreshOtherNumbers(health);
    return health;
  }

  /**
   * The other business numbers' health, read from Meta like the default's (display name, quality,
   * messaging limit are per number) and kept for GET /api/business-numbers. A number Meta will not
   * describe is logged and left out; the default's health is never held back by it.
   */
  private async refreshOtherNumbers(defaultHealth: NumberHealthView): Promise<void> {
    const { db, clock, live, management, numbers, log } = this.deps;
    const others = numbers.all.filter((n) => n.id !== defaultHealth.phoneNumberId);
    if (others.length === 0) return;
    const read: Record<string, PhoneNumberInfo> = {};
    for (const number of others) {
      try {
        read[number.id] = await management.getPhoneNumber(number.id);
      } catch (error) {
        log.warn(
          { err: error, phoneNumberId: number.id },
          'number health: Meta did not describe this number; its last known health is kept until the next sync',
        );
      }
    }
    let changed: NumberHealthView[] = [];
    await db.transaction(async (trx) => {
      const now = clock.now();
      const before = (await readState(trx, 'numbers_health')) ?? {};
      const all: Record<string, NumberHealthView> = { [defaultHealth.phoneNumberId]: defaultHealth };
      for (const number of others) {
        const info = read[number.id];
        const prev = before[number.id];
        if (!info) {
          if (prev) all[number.id] = prev;
          continue;
        }
        // A number's messaging limit is lowered when Meta's tier falls below the one last read.
        const lowered = limitLowered(prev?.messagingLimit.tier ?? null, info.messagingLimitTier);
        all[number.id] = {
          phoneNumberId: number.id,
          displayPhoneNumber: info.displayPhoneNumber,
          label: number.label,
          verifiedName: info.verifiedName,
          nameStatus: info.nameStatus,
          officialBusinessAccount: info.officialBusinessAccount,
          qualityRating: normaliseQuality(info.qualityRating),
          messagingLimit: messagingLimit(info.messagingLimitTier),
          throughput: throughput(info.throughputLevel),
          status: info.status,
          limitChange: lowered ? { from: prev!.messagingLimit.tier, to: info.messagingLimitTier!, at: now } : (prev?.limitChange ?? null),
          checkedAt: now,
        };
      }
      await writeState(trx, 'numbers_health', all, now);
      changed = others
        .map((n) => all[n.id])
        .filter((h): h is NumberHealthView => h !== undefined && (!before[h.phoneNumberId] || healthChanged(before[h.phoneNumberId]!, h)));
      // Every panel's alert list includes the other numbers' (each naming its number): pushed when one changed.
      if (changed.length > 0) await publishHealth(trx, defaultHealth, now);
    });
    if (changed.length === 0) return;
    live.notify();
    for (const h of changed) {
      const alerts = accountAlerts({ health: null, otherNumbers: [h], templates: [], metaAlerts: [], now: clock.now() });
      if (alerts.length > 0)
        log.warn({ phoneNumberId: h.phoneNumberId, alerts: alerts.map((a) => `${a.kind}:${a.value}`) }, `number health: ${alerts[0]!.details} needs attention`);
    }
  }

  /**
   * A number's business profile from Meta (the default's when none is named). The default's
   * changes are pushed to every panel (its header shows it); another number's is kept for
   * GET /api/business-profile?number=.
   */
  async refreshProfile(phoneNumberId: string = this.deps.phoneNumberId): Promise<BusinessProfileView> {
    const { db, clock, live, management } = this.deps;
    const fields = await management.getBusinessProfile(phoneNumberId);
    const now = clock.now();
    const profile: BusinessProfileView = { ...fields, checkedAt: now };
    if (phoneNumberId !== this.deps.phoneNumberId) {
      await db.transaction(async (trx) => writeOtherProfile(trx, phoneNumberId, profile, now));
      return profile;
    }
    await db.transaction(async (trx) => {
      const prev = await readState(trx, 'business_profile');
      await writeState(trx, 'business_profile', profile, now);
      const { checkedAt: _a, ...before } = prev ?? ({} as BusinessProfileView);
      if (JSON.stringify(before) !== JSON.stringify(fields)) await publishProfile(trx, profile, now);
    });
    live.notify();
    return profile;
  }

  /** The default's profile, then each other number's; one Meta will not describe is logged and tried again on the next sync. */
  private async refreshAllProfiles(): Promise<void> {
    await this.refreshProfile();
    for (const number of this.deps.numbers.all) {
      if (number.id === this.deps.phoneNumberId) continue;
      try {
        await this.refreshProfile(number.id);
      } catch (error) {
        this.deps.log.warn({ err: error, phoneNumberId: number.id }, "business profile: Meta did not give this number's profile; tried again on the next sync");
      }
    }
  }
}

/** Another number's profile beside the others' (one JSON value, read and written in the caller's transaction). */
export async function writeOtherProfile(trx: Executor, phoneNumberId: string, profile: BusinessProfileView, now: number): Promise<void> {
  const all = (await readState(trx, 'numbers_profile')) ?? {};
  await writeState(trx, 'numbers_profile', { ...all, [phoneNumberId]: profile }, now);
}
