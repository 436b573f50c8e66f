import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedUpClient } from '../support/api-client.js';
import { privatePostgres, privatePostgresMissing, type PrivatePostgres } from '../support/private-postgres.js';
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
