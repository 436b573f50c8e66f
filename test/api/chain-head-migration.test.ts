import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as chainHead from '../../src/store/migrations/0014-account-version-and-chain-head.js';
import { signedUpClient } from '../support/api-client.js';
import { ENGINES, startTestServer, type TestServer } from '../support/test-server.js';

describe.each(ENGINES)('migration 0014 on an existing database on %s', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine);
  });
  afterAll(() => server.close());

  it('puts the head of every audit chain on its account: the last event, else the checkpoint of a trail pruned whole', async () => {
    const busy = await signedUpClient(server.url);
    for (const City of ['Lyon', 'Paris', 'Nantes']) await busy.client.call('UpdateAccount', { City });
    const pruned = await signedUpClient(server.url);
    const { db } = server.services.store;
    const heads = () =>
      db.selectFrom('accounts').select(['account_id', 'audit_seq', 'audit_hash']).orderBy('account_id').execute();
    const [busyId, prunedId] = [busy.account.AccountId as string, pruned.account.AccountId as string];
    // The second trail was pruned whole: only its checkpoint says where it ended.
    await db.deleteFrom('audit_events').where('account_id', '=', prunedId).execute();
    await db
      .insertInto('audit_checkpoints')
      .values({ account_id: prunedId, seq: 41, hash: 'c'.repeat(64), at: Date.now(), signature: 'test' })
      .execute();
    const last = await db
      .selectFrom('audit_events')
      .select(['seq', 'hash'])
      .where('account_id', '=', busyId)
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(last.seq).toBeGreaterThanOrEqual(4);

    // As a database made before 0014 is migrated.
    await chainHead.down(db as unknown as Kysely<unknown>);
    await chainHead.up(db as unknown as Kysely<unknown>);

    expect(await heads()).toEqual(
      expect.arrayContaining([
        { account_id: busyId, audit_seq: last.seq, audit_hash: last.hash },
        { account_id: prunedId, audit_seq: 41, audit_hash: 'c'.repeat(64) },
      ]),
    );
    // The next event follows the head: the chain goes on where it was.
    await busy.client.call('UpdateAccount', { City: 'Lille' });
    expect((await busy.client.call('VerifyAuditLog')).body).toMatchObject({ Valid: true });
  });
});
