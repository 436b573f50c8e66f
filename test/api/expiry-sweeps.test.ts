import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepExpired } from '../../src/store/expiry-sweeps.js';
import { signedUpClient } from '../support/api-client.js';
import { ENGINES, startTestServer, type TestServer } from '../support/test-server.js';

const DAY = 24 * 60 * 60_000;

describe.each(ENGINES)('expired rows are swept in bounded batches on %s', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine);
  });
  afterAll(() => server.close());

  it('sessions, tokens and challenges expired a day ago go, at most 20,000 a table per sweep; live ones and account lockouts stay', async () => {
    const { client } = await signedUpClient(server.url);
    const { db } = server.services.store;
    const now = server.clock.now();
    const [{ user_id: userId }] = (await db
      .selectFrom('users')
      .select('user_id')
      .orderBy('created_at', 'desc')
      .limit(1)
      .execute()) as [{ user_id: string }];
    const session = (hash: string, expiresAt: number) => ({
      token_hash: hash,
      session_id: hash.slice(0, 22),
      user_id: userId,
      created_at: expiresAt - DAY,
      last_seen_at: expiresAt - DAY,
      expires_at: expiresAt,
      ip: '192.0.2.1',
      user_agent: 'sweep test',
      authenticated_at: expiresAt - DAY,
      must_enrol: 0,
    });
    const expired = 20_500;
    for (let first = 0; first < expired; first += 500)
      await db
        .insertInto('sessions')
        .values(
          Array.from({ length: 500 }, (_, i) => session(`expired-${first + i}`.padEnd(64, 'x'), now - 2 * DAY - i)),
        )
        .execute();
    // Expired an hour ago: within the grace, still there to say "expired".
    await db
      .insertInto('sessions')
      .values(session('recent'.padEnd(64, 'x'), now - 60 * 60_000))
      .execute();
    await db
      .insertInto('used_signatures')
      .values([
        { signature: 'spent', expires_at: now - 1 },
        { signature: 'live', expires_at: now + 60_000 },
      ])
      .execute();
    await db
      .insertInto('webauthn_challenges')
      .values({ challenge: 'old', purpose: 'sign-in', user_id: null, expires_at: now - 2 * DAY })
      .execute();
    const failure = (subject: string, lockedUntil = 0) => ({
      subject,
      failures: 7,
      locked_until: lockedUntil,
      updated_at: now - 2 * DAY,
    });
    await db
      .insertInto('auth_failures')
      .values([
        failure('signin-ip:192.0.2.9'),
        failure('ak:AKIDLEFORADAY'),
        failure('signin:someone@example.com'),
        failure('factor:SOMEUSER'),
        failure('login:locked@example.com', now + 60_000),
      ])
      .execute();

    const first = await sweepExpired(db, engine, now);
    expect(first).toMatchObject({ sessions: 20_000, used_signatures: 1, webauthn_challenges: 1, auth_failures: 2 });
    const second = await sweepExpired(db, engine, now);
    expect(second).toMatchObject({ sessions: 500, used_signatures: 0, auth_failures: 0 });

    const sessions = await db.selectFrom('sessions').select('token_hash').execute();
    expect(sessions.map((row) => row.token_hash.replace(/x+$/, '')).sort()).toEqual(expect.arrayContaining(['recent']));
    expect(sessions.some((row) => row.token_hash.startsWith('expired-'))).toBe(false);
    // The signed-in owner's own session is live: still signed in.
    expect((await client.call('ReadAccounts')).status).toBe(200);
    expect((await db.selectFrom('used_signatures').select('signature').execute()).map((row) => row.signature)).toEqual([
      'live',
    ]);
    // NIST SP 800-63B-4 §3.2.2: an account's consecutive failures count until a success or a reset.
    expect(
      (await db.selectFrom('auth_failures').select('subject').orderBy('subject').execute()).map((row) => row.subject),
    ).toEqual(['factor:SOMEUSER', 'login:locked@example.com', 'signin:someone@example.com']);
  });
});
