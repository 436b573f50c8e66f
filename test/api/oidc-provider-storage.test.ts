import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseAdapter } from '../../src/oidc-provider/adapter.js';
import { RETIRED_KEY_KEPT_MS, signingKeys } from '../../src/oidc-provider/keys.js';
import { sweepExpired } from '../../src/store/expiry-sweeps.js';
import { providerDigest } from '../../src/store/oidc-provider-records.js';
import { ENGINES, startTestServer, type TestServer } from '../support/test-server.js';

const DAY = 24 * 3_600_000;

describe.each(ENGINES)("the OpenID provider's storage on %s", (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine);
  });
  afterAll(() => server.close());

  const adapter = (model: string) => {
    const Adapter = databaseAdapter(server.services.store.db, server.services.secrets, server.clock.now);
    return new Adapter(model);
  };

  it('keeps, finds, consumes and forgets records; a grant ends with what it issued; expired records are not found, then swept', async () => {
    const codes = adapter('AuthorizationCode');
    const tokens = adapter('AccessToken');
    const grants = adapter('Grant');
    const sessions = adapter('Session');
    await grants.upsert('g1', { accountId: undefined, clientId: 'billing', kind: 'Grant' }, 3600);
    await codes.upsert('c1', { grantId: 'g1', kind: 'AuthorizationCode', uid: 'u1' }, 60);
    await tokens.upsert('t1', { grantId: 'g1', kind: 'AccessToken' }, 3600);
    await tokens.upsert('t2', { grantId: 'g2', kind: 'AccessToken' }, 3600);
    await sessions.upsert('s1', { uid: 'su1', kind: 'Session' }, 3600);
    await adapter('DeviceCode').upsert('d1', { userCode: 'ABCD-EFGH', kind: 'DeviceCode' }, 600);

    expect(await codes.find('c1')).toMatchObject({ grantId: 'g1', uid: 'u1' });
    expect(await sessions.findByUid('su1')).toMatchObject({ kind: 'Session' });
    expect(await adapter('DeviceCode').findByUserCode('ABCD-EFGH')).toMatchObject({ kind: 'DeviceCode' });
    // One model's id is not another's.
    expect(await tokens.find('c1')).toBeUndefined();

    await codes.consume('c1');
    expect((await codes.find('c1'))?.consumed).toBeTypeOf('number');
    // Upserted again (oidc-provider saves a token anew), it keeps what it was.
    await tokens.upsert('t1', { grantId: 'g1', kind: 'AccessToken', scope: 'openid' }, 3600);
    expect(await tokens.find('t1')).toMatchObject({ scope: 'openid' });

    await grants.revokeByGrantId('g1');
    expect(await codes.find('c1')).toBeUndefined();
    expect(await tokens.find('t1')).toBeUndefined();
    expect(await grants.find('g1')).toBeUndefined();
    expect(await tokens.find('t2')).toBeDefined();
    await tokens.destroy('t2');
    expect(await tokens.find('t2')).toBeUndefined();

    server.clock.advance(3600_000 + 1);
    expect(await sessions.find('s1')).toBeUndefined();
    expect(await sessions.findByUid('su1')).toBeUndefined();
    server.clock.advance(DAY);
    const swept = await sweepExpired(server.services.store.db, server.services.store.engine, server.clock.now());
    expect(swept.oidc_provider_records).toBeGreaterThanOrEqual(2);
    const left = await server.services.store.db
      .selectFrom('oidc_provider_records')
      .select('record_key')
      .where('record_key', 'in', [`Session:${providerDigest('s1')}`, `DeviceCode:${providerDigest('d1')}`])
      .execute();
    expect(left).toEqual([]);
  });

  it('ASVS 14.2.7: a copy of the database holds no live token: ids, uids and user codes stored as digests, payloads sealed and bound to their row', async () => {
    const { db } = server.services.store;
    const tokens = adapter('AccessToken');
    const secret = 'opaque-access-token-value-0123456789';
    await tokens.upsert(secret, { grantId: 'g9', kind: 'AccessToken', scope: 'openid', uid: 'uid-secret' }, 3600);
    await adapter('DeviceCode').upsert('d9', { userCode: 'WXYZ-QRST', kind: 'DeviceCode' }, 600);
    const rows = await db.selectFrom('oidc_provider_records').selectAll().execute();
    const dump = JSON.stringify(rows);
    for (const plain of [secret, 'uid-secret', 'WXYZ-QRST', '"scope"']) expect(dump).not.toContain(plain);
    const row = rows.find((r) => r.record_key === `AccessToken:${providerDigest(secret)}`);
    expect(row?.uid).toBe(providerDigest('uid-secret'));
    expect(row?.grant_id).toBe('g9');
    expect(await tokens.find(secret)).toMatchObject({ scope: 'openid' });
    expect(await tokens.findByUid('uid-secret')).toMatchObject({ scope: 'openid' });
    // A sealed payload copied onto another row (another token, another model) does not open there.
    await tokens.upsert('other-token', { grantId: 'g9', kind: 'AccessToken', scope: 'email' }, 3600);
    await db
      .updateTable('oidc_provider_records')
      .set({ payload: row!.payload })
      .where('record_key', '=', `AccessToken:${providerDigest('other-token')}`)
      .execute();
    expect(await tokens.find('other-token')).toBeUndefined();
    await adapter('RefreshToken').upsert(secret, { grantId: 'g9', kind: 'RefreshToken' }, 3600);
    await db
      .updateTable('oidc_provider_records')
      .set({ payload: row!.payload })
      .where('record_key', '=', `RefreshToken:${providerDigest(secret)}`)
      .execute();
    expect(await adapter('RefreshToken').find(secret)).toBeUndefined();
  });

  it('an id from a request that no record could have (a NUL, any length) finds nothing rather than failing', async () => {
    const tokens = adapter('AccessToken');
    expect(await tokens.find('abc\u0000def')).toBeUndefined();
    expect(await tokens.find('x'.repeat(10_000))).toBeUndefined();
    expect(await adapter('Session').findByUid('\u0000')).toBeUndefined();
    const answer = await fetch(`${server.url}/sso/token/introspection`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'token=a%00b',
    });
    expect(answer.status).toBeLessThan(500);
  });

  it('signing keys: one made at first start, sealed; replaced after the rotation age, the previous one published a week more', async () => {
    const { db } = server.services.store;
    const box = server.services.secrets;
    const rotate = server.services.config.oidcKeyRotationDays * DAY;
    const first = await signingKeys(db, server.services.store.engine, box, server.clock.now(), rotate);
    expect(first).toHaveLength(1);
    const stored = await db.selectFrom('oidc_provider_keys').selectAll().execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.jwk_sealed).not.toContain(first[0]!.d);
    // Another instance reads the same key.
    expect(
      (await signingKeys(db, server.services.store.engine, box, server.clock.now(), rotate)).map((key) => key.kid),
    ).toEqual([first[0]!.kid]);

    server.clock.advance(rotate);
    const rotated = await signingKeys(db, server.services.store.engine, box, server.clock.now(), rotate);
    expect(rotated.map((key) => key.kid)).toEqual([expect.not.stringMatching(first[0]!.kid), first[0]!.kid]);

    server.clock.advance(RETIRED_KEY_KEPT_MS + 1);
    const later = await signingKeys(db, server.services.store.engine, box, server.clock.now(), rotate);
    expect(later.map((key) => key.kid)).toEqual([rotated[0]!.kid]);
  });
});
