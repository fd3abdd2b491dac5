/**
 * A thread opened at the moment the customer's first message is recorded. The
 * answer may or may not hold the message, but when it does, the contact beside it
 * must already carry what that message brought: the customer's name and the open
 * window. Otherwise the panel would show a message next to "never opened".
 */
import { describe, expect, test } from 'vitest';
import { applyWebhookBodies } from '../../../connector/services/inbound/ingest-webhook';
import { openThread } from '../../../connector/services/messaging/thread';
import { DB_KINDS, useMigratedDatabase } from '../../support/databases';
import { sandboxWebhook } from '../../support/webhooks';
import { serviceDeps } from '../../support/service-deps';

const ROUNDS = 40;

describe.each(DB_KINDS)('a thread opened while its first message lands, on %s', (kind) => {
  const database = useMigratedDatabase(kind);
  const deps = () => serviceDeps(database.db);

  const firstMessage = (waId: string, n: number) =>
    sandboxWebhook({
      contacts: [{ profile: { name: `Customer ${n}` }, wa_id: waId }],
      messages: [{ from: waId, id: `wamid.open-race-${n}`, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: 'Hello' } }],
    });

  test('a page that holds the message comes with the name and the window it opened', async () => {
    for (let n = 0; n < ROUNDS; n++) {
      const waId = `1650555${String(n).padStart(4, '0')}`;
      await openThread(deps(), `+${waId}`);
      const ingest = database.db.transaction((trx) => applyWebhookBodies(deps(), trx, [firstMessage(waId, n)], Date.now()));
      // A panel polling while the message lands: every answer is checked, up to the first that holds it.
      const polling = (async () => {
        for (;;) {
          const thread = await openThread(deps(), `+${waId}`);
          if (thread.messages.length === 0) continue;
          expect(thread.contact).toMatchObject({ name: `Customer ${n}`, lastInboundAt: expect.any(Number) });
          return;
        }
      })();
      await Promise.all([ingest, polling]);
    }
  });
});
