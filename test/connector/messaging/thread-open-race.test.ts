/**
 * A thread opened at the moment the customer's first message is recorded. The
 * answer may or may not hold the message, but when it does, the contact beside it
 * must already carry what that message brought: the customer's name and the open
 * window. Otherwise the panel would show a message next to "never opened".
 */
import pino from 'pino';
import { describe, expect, test } from 'vitest';
import { SANDBOX_DEFAULTS } from '../../../connector/config/config';
import { applyWebhookBodies } from '../../../connector/services/inbound/ingest-webhook';
import { LiveFeed } from '../../../connector/services/live/live-feed';
import { openThread } from '../../../connector/services/messaging/thread';
import { DB_KINDS, useMigratedDatabase } from '../../support/databases';
import { sandboxWebhook } from '../../support/webhooks';
import { BusinessNumbers } from '../../../connector/services/account/business-numbers';
import { SANDBOX_NUMBERS } from '../../../connector/config/business-numbers';

const ROUNDS = 40;

describe.each(DB_KINDS)('a thread opened while its first message lands, on %s', (kind) => {
  const database = useMigratedDatabase(kind);
  const deps = () => ({
    db: database.db,
    clock: { now: () => Date.now() },
    live: new LiveFeed(),
    log: pino({ level: 'silent' }),
    numbers: new BusinessNumbers(SANDBOX_NUMBERS),
    phoneNumberId: SANDBOX_DEFAULTS.phoneNumberId,
  });

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
