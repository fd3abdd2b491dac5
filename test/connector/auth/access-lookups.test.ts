/**
 * Bearer tokens checked together, on a real database: requests arriving at the
 * same moment share one look-up of their tokens, yet each is answered for its
 * own token, and a token revoked before a request is refused to it.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { authenticateAccess, type SignInDeps } from '../../../connector/auth/sessions';
import { startConnector, type RunningConnector } from '../../support/connector';
import { DB_KINDS } from '../../support/databases';
import { postJson, signIn } from '../../support/sign-in';

describe.each(DB_KINDS)('bearer tokens looked up together on %s', (kind) => {
  let running: RunningConnector;

  beforeAll(async () => {
    running = await startConnector({ db: kind });
  });

  afterAll(async () => {
    await running?.close();
  });

  test('thirty requests at once are checked in one read, each answered for its own token; a revoked one is refused', async () => {
    const ana = await signIn(running.url, running.demoUrl, 'ana');
    const ben = await signIn(running.url, running.demoUrl, 'ben');
    const gone = await signIn(running.url, running.demoUrl, 'ana');
    expect((await postJson(`${running.url}/auth/logout`, {}, gone.headers)).status).toBe(200);
    const { connector } = running;
    const deps = { db: connector.db, reader: connector.reader, wallClock: { now: () => Date.now() } } as unknown as SignInDeps;

    const reads: string[] = [];
    const listen = (query: { sql: string }) => {
      if (query.sql.includes('access_tokens')) reads.push(query.sql);
    };
    connector.reader.on('query', listen);
    const tokens = Array.from({ length: 30 }, (_, i) => [ana.token, ben.token, gone.token, 'not-a-token'][i % 4]!);
    const answers = await Promise.allSettled(tokens.map((token) => authenticateAccess(deps, token)));
    connector.reader.off('query', listen);

    answers.forEach((answer, i) => {
      if (i % 4 === 0) expect(answer).toMatchObject({ status: 'fulfilled', value: { teammate: { id: ana.teammate.id } } });
      else if (i % 4 === 1) expect(answer).toMatchObject({ status: 'fulfilled', value: { teammate: { id: ben.teammate.id } } });
      else expect(answer).toMatchObject({ status: 'rejected', reason: { code: 'UNAUTHENTICATED' } });
    });
    // Made in the same turn of the event loop: one read for all thirty.
    expect(reads).toHaveLength(1);

    // A request after a sign-out is refused: each request reads its token after it arrived.
    expect((await postJson(`${running.url}/auth/logout`, {}, ben.headers)).status).toBe(200);
    await expect(authenticateAccess(deps, ben.token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});
