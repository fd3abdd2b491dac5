/** The account tables on SQLite and PostgreSQL: templates as Meta reviews them, account state, raw account events. */
import { beforeAll, describe, expect, test } from 'vitest';
import type { NumberHealthView } from '../../connector/domain/account-views';
import { recentAccountEvents, recordAccountEvent } from '../../connector/store/account-events';
import { readState, writeState } from '../../connector/store/account-state';
import type { Db } from '../../connector/store/db';
import { findTemplateView, insertTemplate, listTemplateViews, replaceTemplates, updateTemplate } from '../../connector/store/templates';
import { DB_KINDS, useMigratedDatabase } from '../support/databases';

describe.each(DB_KINDS)('account store on %s', (kind) => {
  const database = useMigratedDatabase(kind);
  let db: Db;

  beforeAll(() => {
    db = database.db;
  });

  test("a review webhook that overtakes the submission's own write keeps Meta's decision", async () => {
    await insertTemplate(db, { id: '111', name: 'raced', language: 'en_US', category: 'UTILITY', status: 'PENDING', components: [] }, 1);
    await updateTemplate(db, { name: 'raced', language: 'en_US' }, { status: 'APPROVED', category: 'MARKETING', statusAt: 2 });
    await insertTemplate(
      db,
      { id: '111', name: 'raced', language: 'en_US', category: 'UTILITY', status: 'PENDING', components: [{ type: 'BODY', text: 'Hi' }], submittedBy: null },
      3,
    );
    expect(await findTemplateView(db, { name: 'raced', language: 'en_US' })).toMatchObject({
      status: 'APPROVED',
      category: 'MARKETING',
      billing: 'always',
      components: [{ type: 'BODY', text: 'Hi' }],
    });
  });

  test('a sync keeps what only webhooks tell, and rows written after the list was requested', async () => {
    await updateTemplate(
      db,
      { name: 'raced', language: 'en_US' },
      { status: 'REJECTED', rejectedReason: 'SCAM', statusDetail: { title: 'SCAM', description: 'asks for card numbers', recommendation: null } },
    );
    await insertTemplate(db, { id: '222', name: 'newer', language: 'en_US', category: 'UTILITY', status: 'PENDING', components: [] }, 100);
    await replaceTemplates(db, [{ id: '111', name: 'raced', language: 'en_US', category: 'MARKETING', status: 'REJECTED', components: [], quality: null }], 50);
    const views = await listTemplateViews(db);
    expect(views.map((t) => t.name)).toEqual(['newer', 'raced']);
    expect(views.find((t) => t.name === 'raced')).toMatchObject({ rejectedReason: 'SCAM', statusDetail: { description: 'asks for card numbers' } });
  });

  test('account state is one JSON value per key, replaced on write', async () => {
    expect(await readState(db, 'number_health')).toBeNull();
    const health = { phoneNumberId: '1', qualityRating: 'GREEN' } as NumberHealthView;
    await writeState(db, 'number_health', health, 1);
    await writeState(db, 'number_health', { ...health, qualityRating: 'RED' }, 2);
    expect(await readState(db, 'number_health')).toMatchObject({ qualityRating: 'RED' });
  });

  test('account events are kept as sent, newest first', async () => {
    await recordAccountEvent(db, { field: 'account_alerts', event: null, subject: 'X', value: { a: 1 } }, 1);
    await recordAccountEvent(db, { field: 'phone_number_quality_update', event: 'FLAGGED', subject: '1555', value: { b: 'é' } }, 2);
    expect((await recentAccountEvents(db, 5)).map((e) => [e.field, e.event, e.value])).toEqual([
      ['phone_number_quality_update', 'FLAGGED', { b: 'é' }],
      ['account_alerts', null, { a: 1 }],
    ]);
  });
});
