/**
 * A real failure for one webhook body, on either database: a trigger that refuses to
 * store the message with id POISONED_WAMID. It stands for any fault that makes a body
 * fail (a bug, a constraint); dropping it is "the fix".
 */
import type { Knex } from 'knex';
import { dbKind } from '../../connector/store/db';

export const POISONED_WAMID = 'wamid.poisoned-for-the-test';
export const POISON_ERROR = 'poisoned for the test';

export async function poison(db: Knex): Promise<void> {
  if (dbKind(db) === 'sqlite') {
    await db.raw(
      `CREATE TRIGGER go2msg_test_poison BEFORE INSERT ON messages WHEN NEW.wamid = '${POISONED_WAMID}' BEGIN SELECT RAISE(ABORT, '${POISON_ERROR}'); END`,
    );
    return;
  }
  await db.raw(
    `CREATE FUNCTION go2msg_test_poison() RETURNS trigger AS $$ BEGIN IF NEW.wamid = '${POISONED_WAMID}' THEN RAISE EXCEPTION '${POISON_ERROR}'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`,
  );
  await db.raw('CREATE TRIGGER go2msg_test_poison BEFORE INSERT ON messages FOR EACH ROW EXECUTE FUNCTION go2msg_test_poison()');
}

export async function cure(db: Knex): Promise<void> {
  if (dbKind(db) === 'sqlite') {
    await db.raw('DROP TRIGGER go2msg_test_poison');
    return;
  }
  await db.raw('DROP TRIGGER go2msg_test_poison ON messages');
  await db.raw('DROP FUNCTION go2msg_test_poison()');
}
