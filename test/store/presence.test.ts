/**
 * Presence on both databases: a panel's report is kept for every instance to
 * read and reaches that customer's stream as an event; repeats are not
 * written again; reports run out by the connector's clock; housekeeping
 * deletes panels and events gone by. Nothing is audited.
 */
import { describe, expect, test } from 'vitest';
import { TYPING_FOR_MS, VIEWING_FOR_MS } from '@domain/presence';
import { PRESENCE_KEPT_MS, sweepPresence } from '../../connector/services/runtime/housekeeping';
import { PresenceWrites, reportPresence, type PresenceDeps } from '../../connector/services/inbox/presence';
import { upsertContact } from '../../connector/store/contacts';
import { feedRowsBetween, type FeedEvent } from '../../connector/store/events';
import { teammatesPresent } from '../../connector/store/presence';
import { setDisabled, upsertTeammate, type Teammate } from '../../connector/store/teammates';
import { DB_KINDS, useMigratedDatabase } from '../support/databases';
import { SUPPORT_NUMBER_ID } from '../support/fixtures';
import { serviceDeps } from '../support/service-deps';

const T = Date.UTC(2026, 11, 6, 12);

describe.each(DB_KINDS)('on %s', (kind) => {
  const database = useMigratedDatabase(kind);
  /** The contact's live events as its stream would show them. */
  const contactEvents = async (contactId: number) =>
    (await feedRowsBetween(database.db, { contactId }, 0, Number.MAX_SAFE_INTEGER)).map((r) => ({ event: JSON.parse(r.payload) as FeedEvent }));
  let now = T;
  const deps = (): PresenceDeps => ({
    ...serviceDeps(database.db, () => now),
    presenceWrites: new PresenceWrites(),
  });
  const teammate = (subject: string, name: string): Promise<Teammate> =>
    upsertTeammate(database.db, { issuer: 'https://idp', subject, email: `${subject}@acme.test`, name, role: 'agent' }, T - 1);
  const sso = (t: Teammate) => ({ teammateId: t.id, host: null, hostUserId: null });

  test("a panel's report reaches the customer's stream and is read back by others, never audited", async () => {
    now = T;
    const [ana, ben] = [await teammate('ana-p', 'Ana Souza'), await teammate('ben-p', 'Ben Carter')];
    const contact = await upsertContact(database.db, { waId: '16505559001', userId: null, numberId: SUPPORT_NUMBER_ID }, T);
    const d = deps();
    const auditBefore = await database.db('audit_log').count<{ n: number }[]>('* as n');

    await reportPresence(d, {
      teammate: ana,
      attribution: { teammateId: ana.id, host: 'zendesk:acme.zendesk.com', hostUserId: '42' },
      panel: 'panel-ana-1',
      contactRef: '+16505559001',
      report: { typing: true, leaving: false },
    });
    const seenByBen = await reportPresence(d, {
      teammate: ben,
      attribution: sso(ben),
      panel: 'panel-ben-1',
      contactRef: '+16505559001',
      report: { typing: false, leaving: false },
    });

    expect(seenByBen.present).toEqual([
      {
        panel: 'panel-ana-1',
        teammate: { id: ana.id, name: 'Ana Souza' },
        host: 'zendesk:acme.zendesk.com',
        viewingUntil: T + VIEWING_FOR_MS,
        typingUntil: T + TYPING_FOR_MS,
        at: T,
      },
    ]);
    const events = (await contactEvents(contact.id)).map((e) => e.event).filter((e) => e.type === 'presence');
    expect(events.map((e) => e.type === 'presence' && [e.presence.teammate.name, e.presence.typingUntil !== null])).toEqual([
      ['Ana Souza', true],
      ['Ben Carter', false],
    ]);
    expect(await database.db('audit_log').count<{ n: number }[]>('* as n')).toEqual(auditBefore);
  });

  test('a repeat inside the report’s life is not written again; a change is', async () => {
    now = T;
    const ana = await teammate('ana-r', 'Ana Repeat');
    const contact = await upsertContact(database.db, { waId: '16505559002', userId: null, numberId: SUPPORT_NUMBER_ID }, T);
    const d = deps();
    const request = { teammate: ana, attribution: sso(ana), panel: 'panel-ana-2', contactRef: '+16505559002' };
    const count = async () => (await contactEvents(contact.id)).filter((e) => e.event.type === 'presence').length;
    await reportPresence(d, { ...request, report: { typing: false, leaving: false } });
    now = T + 1_000;
    await reportPresence(d, { ...request, report: { typing: false, leaving: false } });
    expect(await count()).toBe(1);
    await reportPresence(d, { ...request, report: { typing: true, leaving: false } });
    expect(await count()).toBe(2);
    now = T + VIEWING_FOR_MS / 2;
    await reportPresence(d, { ...request, report: { typing: false, leaving: false } });
    await reportPresence(d, { ...request, report: { typing: false, leaving: true } });
    expect(await count()).toBe(4);
  });

  test('a panel that stops reporting is gone by the clock; one that leaves is gone at once; a disabled teammate is not at their desk', async () => {
    now = T;
    const [cleo, dan, eve] = [await teammate('cleo', 'Cleo'), await teammate('dan', 'Dan'), await teammate('eve', 'Eve')];
    await upsertContact(database.db, { waId: '16505559003', userId: null, numberId: SUPPORT_NUMBER_ID }, T);
    const d = deps();
    await reportPresence(d, {
      teammate: cleo,
      attribution: sso(cleo),
      panel: 'panel-cleo',
      contactRef: '+16505559003',
      report: { typing: false, leaving: false },
    });
    await reportPresence(d, { teammate: dan, attribution: sso(dan), panel: 'inbox-dan-1', contactRef: null, report: { typing: false, leaving: false } });
    await reportPresence(d, { teammate: eve, attribution: sso(eve), panel: 'inbox-eve-1', contactRef: null, report: { typing: false, leaving: false } });
    await setDisabled(database.db, eve.id, T);
    expect(await teammatesPresent(database.db, T + 1)).toEqual(expect.arrayContaining([cleo.id, dan.id]));
    expect(await teammatesPresent(database.db, T + 1)).not.toContain(eve.id);

    await reportPresence(d, { teammate: dan, attribution: sso(dan), panel: 'inbox-dan-1', contactRef: null, report: { typing: false, leaving: true } });
    expect(await teammatesPresent(database.db, T + 1)).not.toContain(dan.id);
    expect(await teammatesPresent(database.db, T + VIEWING_FOR_MS)).not.toContain(cleo.id);
    const seen = await reportPresence(d, {
      teammate: dan,
      attribution: sso(dan),
      panel: 'panel-dan',
      contactRef: '+16505559003',
      report: { typing: false, leaving: false },
    });
    expect(seen.present.map((p) => p.teammate.name)).toEqual(['Cleo']);
  });

  test('housekeeping deletes panels and presence events gone by, and keeps the rest', async () => {
    now = T;
    const fay = await teammate('fay', 'Fay');
    const contact = await upsertContact(database.db, { waId: '16505559004', userId: null, numberId: SUPPORT_NUMBER_ID }, T);
    const d = deps();
    await reportPresence(d, {
      teammate: fay,
      attribution: sso(fay),
      panel: 'panel-fay-old',
      contactRef: '+16505559004',
      report: { typing: false, leaving: false },
    });
    now = T + PRESENCE_KEPT_MS + VIEWING_FOR_MS + 1;
    await reportPresence(d, {
      teammate: fay,
      attribution: sso(fay),
      panel: 'panel-fay-new',
      contactRef: '+16505559004',
      report: { typing: false, leaving: false },
    });
    await database.db('events').insert({ contact_id: contact.id, type: 'clock', payload: JSON.stringify({ type: 'clock', now: T }), created_at: T });

    const swept = await sweepPresence(database.db, now);

    expect(swept.panels).toBeGreaterThanOrEqual(1);
    expect(swept.events).toBeGreaterThanOrEqual(1);
    expect(await database.db('presence').where('teammate_id', fay.id).pluck('panel')).toEqual(['panel-fay-new']);
    const left = (await contactEvents(contact.id)).map((e) => (e.event.type === 'presence' ? e.event.presence.panel : e.event.type));
    expect(left).toEqual(['panel-fay-new', 'clock']);
  });
});
