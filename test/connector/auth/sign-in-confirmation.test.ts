/**
 * The confirmation code of a sign-in whose popup lost its link to the panel
 * (issue 11 §1): a few tries, counted before they are compared even when sent
 * all at once, and a few minutes; then the attempt redeems no way at all. On
 * SQLite and PostgreSQL, since the try counter is the database's.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { AttemptPollResponse } from '../../../connector/domain/sign-in';
import { startConnector, type RunningConnector } from '../../support/connector';
import { DB_KINDS } from '../../support/databases';
import { pkcePair, postJson, runPopup, shownConfirmationCode } from '../../support/sign-in';

type ErrorAnswer = { error?: { code: string; message: string; action: string; details?: { reason?: string; triesLeft?: number; digits?: number } } };

describe.each(DB_KINDS)('on %s', (kind) => {
  let running: RunningConnector;

  beforeAll(async () => {
    running = await startConnector({ db: kind });
  });

  afterAll(async () => {
    await running?.close();
  });

  const poll = (attempt: string, verifier: string, confirmationCode?: string) =>
    postJson<AttemptPollResponse & ErrorAnswer>(
      `${running.url}/auth/attempts/${attempt}`,
      { verifier, ...(confirmationCode === undefined ? {} : { confirmationCode }) },
      { origin: running.demoUrl },
    );

  /** A sign-in completed in a popup without an opener: its attempt, verifier and the code its page shows. */
  async function completed() {
    const pair = pkcePair();
    const popup = await runPopup(running.url, { origin: running.demoUrl, attempt: pair.attempt, challenge: pair.challenge });
    const shown = shownConfirmationCode(popup.html);
    expect(shown).toMatch(/^\d{6}$/);
    return { ...pair, popup, shown: shown! };
  }
  const wrongCode = (shown: string) => (shown === '000000' ? '999999' : '000000');

  test('a wrong code says so with the tries left; the third wrong one spends the attempt, and then even the right code is refused', async () => {
    const { attempt, verifier, shown, popup } = await completed();
    const first = await poll(attempt, verifier, wrongCode(shown));
    expect(first.status).toBe(401);
    expect(first.body.error).toMatchObject({
      code: 'SIGN_IN_CODE_WRONG',
      message: 'That is not the code your sign-in window shows.',
      details: { triesLeft: 2, digits: 6 },
    });
    expect(first.body.error?.action).toMatch(/Tries left: 2/);
    expect((await poll(attempt, verifier, 'not a code')).body.error).toMatchObject({ code: 'SIGN_IN_CODE_WRONG', details: { triesLeft: 1 } });
    const third = await poll(attempt, verifier, wrongCode(shown));
    expect(third.body.error).toMatchObject({ code: 'SIGN_IN_EXPIRED', action: 'Click Sign in to start again.' });

    for (const answer of [await poll(attempt, verifier, shown), await poll(attempt, verifier)]) {
      expect(answer.status).toBe(401);
      expect(answer.body.error?.code).toBe('SIGN_IN_EXPIRED');
    }
    // The message path is closed too: a spent attempt redeems no way at all.
    const redeem = await postJson<ErrorAnswer>(
      `${running.url}/auth/token`,
      { attempt, code: popup.posted!.message!.code!, verifier },
      { origin: running.demoUrl },
    );
    expect(redeem.body.error?.code).toBe('SIGN_IN_EXPIRED');
    expect((await running.connector.db('sign_in_attempts').where({ id: attempt }).first()).redeemed_at).toBeNull();
  });

  test('guesses sent all at once share no try: at most three are compared', async () => {
    const { attempt, verifier, shown } = await completed();
    const guesses = await Promise.all(Array.from({ length: 12 }, () => poll(attempt, verifier, wrongCode(shown))));
    expect(guesses.filter((g) => g.body.error?.code === 'SIGN_IN_CODE_WRONG')).toHaveLength(2);
    expect(guesses.filter((g) => g.body.error?.code === 'SIGN_IN_EXPIRED')).toHaveLength(10);
    expect((await running.connector.db('sign_in_attempts').where({ id: attempt }).first()).confirmation_tries).toBe(3);
  });

  test('the code expires: after its time even the right code is refused', async () => {
    const { attempt, verifier, shown } = await completed();
    await running.connector
      .db('sign_in_attempts')
      .where({ id: attempt })
      .update({ confirmation_expires_at: Date.now() - 1 });
    const late = await poll(attempt, verifier, shown);
    expect(late.status).toBe(401);
    expect(late.body.error).toMatchObject({ code: 'SIGN_IN_EXPIRED', details: { reason: 'the code expired' } });
  });
});
