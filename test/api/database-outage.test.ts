import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedUpClient } from '../support/api-client.js';
import { privatePostgres, privatePostgresMissing, type PrivatePostgres } from '../support/private-postgres.js';
import { switchingProxy, type SwitchingProxy } from '../support/switching-proxy.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const CITIES = ['Lyon', 'Paris', 'Nantes', 'Lille'];

interface Tally {
  ok: number;
  unavailable: number;
  /** Anything else: a 500, a bad envelope, a 503 without Retry-After. */
  wrong: string[];
}

/** Calls `call` again and again until `until` says stop, counting what came back. */
async function keepCalling(call: (i: number) => Promise<Response>, until: () => boolean, tally: Tally) {
  for (let i = 0; !until(); i++) {
    const response = await call(i).catch(() => undefined);
    if (!response) {
      tally.wrong.push('no answer');
      continue;
    }
    const body = (await response.json()) as { Errors?: { Type: string; Code: string; Details: string }[] };
    if (response.status === 200) tally.ok += 1;
    else if (
      response.status === 503 &&
      response.headers.get('retry-after') === '2' &&
      body.Errors?.[0]?.Type === 'DependencyProblem' &&
      /try again in a few seconds/.test(body.Errors[0].Details)
    )
      tally.unavailable += 1;
    else tally.wrong.push(`${response.status} ${JSON.stringify(body)}`);
  }
}

describe.skipIf(privatePostgresMissing !== undefined)('PostgreSQL restarting under load', () => {
  let postgres: PrivatePostgres;
  let server: TestServer;
  beforeAll(async () => {
    postgres = await privatePostgres();
    server = await startTestServer('postgres', { DATABASE_URL: postgres.url });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await postgres?.destroy();
  });

  it('answers 503 with Retry-After while it is down, writes nothing by half, and recovers by itself', async () => {
    const { client } = await signedUpClient(server.url);
    const post = (call: string, body: unknown) =>
      fetch(`${server.url}/api/v1/${call}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: client.cookie! },
        body: JSON.stringify(body),
      });
    const tally: Tally = { ok: 0, unavailable: 0, wrong: [] };
    let done = false;
    const load = Promise.all(
      Array.from({ length: 8 }, (_, worker) =>
        keepCalling(
          (i) =>
            worker % 2 === 0
              ? post('UpdateAccount', { City: CITIES[(worker + i) % CITIES.length] })
              : post('ReadAccounts', {}),
          () => done,
          tally,
        ),
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await postgres.stop();
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const duringOutage = { ...tally };
    await postgres.start();
    // Back without restarting Tessera: the pool opens new connections by itself.
    await expect.poll(async () => (await post('ReadAccounts', {})).status, { timeout: 15_000 }).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    done = true;
    await load;

    expect(tally.wrong).toEqual([]);
    expect(duringOutage.unavailable).toBeGreaterThan(0);
    expect(tally.ok).toBeGreaterThan(duringOutage.ok);
    // Every change is in the trail and every event has its change: the account's version counts
    // the updates that committed, and the chain holds.
    const { db } = server.services.store;
    const [account] = await db.selectFrom('accounts').select(['account_id', 'version']).execute();
    const updates = await db
      .selectFrom('audit_events')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('account_id', '=', account!.account_id)
      .where('action', '=', 'UpdateAccount')
      .executeTakeFirstOrThrow();
    expect(Number(updates.n)).toBe(account!.version);
    expect((await client.call('VerifyAuditLog')).body).toMatchObject({ Valid: true });
  }, 60_000);
});

describe.skipIf(privatePostgresMissing !== undefined)('PostgreSQL that takes no write (a failover under way)', () => {
  let primary: PrivatePostgres;
  let standby: PrivatePostgres;
  let proxy: SwitchingProxy;
  let server: TestServer;
  const portOf = (url: string) => Number(new URL(url).port);
  beforeAll(async () => {
    primary = await privatePostgres();
    standby = await primary.standby();
    proxy = await switchingProxy(portOf(primary.url));
    const url = new URL(primary.url);
    url.port = String(proxy.port);
    // Behind a TCP proxy, as behind HAProxy: statements are prepared, as the README says to set.
    server = await startTestServer('postgres', { DATABASE_URL: url.toString(), TESSERA_DATABASE_PREPARE: 'true' });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await proxy?.close();
    await standby?.destroy();
    await primary?.destroy();
  });

  const statusOf = (answer: { status: number; headers: Headers; body: { Errors?: { Type: string }[] } }) =>
    answer.status === 503 &&
    answer.headers.get('retry-after') === '2' &&
    answer.body.Errors?.[0]?.Type === 'DependencyProblem'
      ? '503 Retry-After'
      : String(answer.status);

  it('a server in recovery is never used: 503 with Retry-After, never 500, and no connection to it stays in the pool', async () => {
    const { client } = await signedUpClient(server.url);
    // The old primary is back as a replica, and the proxy still routes new connections to it.
    proxy.routeTo(portOf(standby.url), { cut: true });
    const during = [];
    for (let i = 0; i < 6; i++) {
      during.push(statusOf(await client.call('UpdateAccount', { City: `Lyon ${i}` })));
      during.push(statusOf(await client.call('CreateAccessKey', {})));
    }
    expect(new Set(during)).toEqual(new Set(['503 Retry-After']));
    // The proxy now routes to the primary, without ending anything: every write succeeds at once.
    proxy.routeTo(portOf(primary.url));
    for (let i = 0; i < 10; i++) expect((await client.call('UpdateAccount', { City: `Paris ${i}` })).status).toBe(200);
    expect((await client.call('VerifyAuditLog')).body).toMatchObject({ Valid: true });
  });

  it('a server that turns read-only answers 503 with Retry-After, never 500, and writes resume when it takes them again', async () => {
    const { client } = await signedUpClient(server.url);
    const admin = new pg.Client({ connectionString: primary.url });
    await admin.connect();
    try {
      await admin.query('alter system set default_transaction_read_only = on');
      await admin.query('select pg_reload_conf()');
      await expect
        .poll(async () => statusOf(await client.call('UpdateAccount', { City: 'Nantes' })))
        .toBe('503 Retry-After');
      const during = [];
      for (let i = 0; i < 6; i++) during.push(statusOf(await client.call('CreateUser', { UserName: `ro${i}` })));
      expect(new Set(during)).toEqual(new Set(['503 Retry-After']));
      await admin.query('alter system reset default_transaction_read_only');
      await admin.query('select pg_reload_conf()');
      await expect.poll(async () => (await client.call('UpdateAccount', { City: 'Lille' })).status).toBe(200);
      expect(((await client.call('ReadUsers')).body.Users as unknown[]).length).toBe(0);
    } finally {
      await admin.end();
    }
  });
});
