import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { WriteTransaction } from '../../src/store/transaction.js';
import { signedUpClient } from '../support/api-client.js';
import { postgresMissing, startTestServer, type TestServer } from '../support/test-server.js';

/** A promise and the function that settles it, to make two transactions wait for each other. */
function signal(): { fired: Promise<void>; fire: () => void } {
  let fire = () => {};
  const fired = new Promise<void>((resolve) => (fire = resolve));
  return { fired, fire };
}

describe.skipIf(postgresMissing !== undefined)('transactions undone by PostgreSQL for a deadlock', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('postgres');
  });
  afterAll(() => server.close());

  const addFailure = (tx: WriteTransaction, subject: string) =>
    tx.db
      .updateTable('auth_failures')
      .set((eb) => ({ failures: eb('failures', '+', 1) }))
      .where('subject', '=', subject)
      .execute();

  it('are run again: two requests that lock the same two rows in opposite orders both succeed', async () => {
    const { store } = server.services;
    await store.db
      .insertInto('auth_failures')
      .values(['deadlock:a', 'deadlock:b'].map((subject) => ({ subject, failures: 0, locked_until: 0, updated_at: 0 })))
      .execute();
    const aHeld = signal();
    const bHeld = signal();
    let attempts = 0;
    // Holds one row, then waits until the other transaction holds the other one, and takes it.
    const lockingInOrder = (
      held: string,
      mine: ReturnType<typeof signal>,
      other: string,
      theirs: ReturnType<typeof signal>,
    ) =>
      store.transaction(async (tx) => {
        attempts += 1;
        await addFailure(tx, held);
        mine.fire();
        await theirs.fired;
        await addFailure(tx, other);
      });
    // Each holds one row and then waits for the other's: PostgreSQL undoes one of them.
    const first = lockingInOrder('deadlock:a', aHeld, 'deadlock:b', bHeld);
    const second = lockingInOrder('deadlock:b', bHeld, 'deadlock:a', aHeld);
    const outcomes = await Promise.allSettled([first, second]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'fulfilled']);
    // The victim ran twice; its first run left nothing behind.
    expect(attempts).toBe(3);
    const rows = await store.db
      .selectFrom('auth_failures')
      .select(['subject', 'failures'])
      .where('subject', 'like', 'deadlock:%')
      .orderBy('subject')
      .execute();
    expect(rows).toEqual([
      { subject: 'deadlock:a', failures: 2 },
      { subject: 'deadlock:b', failures: 2 },
    ]);
  });

  it('are answered 503 DatabaseBusy with Retry-After, not 500, when undone every time', async () => {
    const { client } = await signedUpClient(server.url);
    const { store } = server.services;
    const deadlock = Object.assign(new Error('deadlock detected'), { code: '40P01' });
    const undone = vi.spyOn(store, 'transaction').mockRejectedValue(deadlock);
    const answer = await client.call('CreateAccessKey');
    undone.mockRestore();
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toBe('1');
    expect(answer.body).toMatchObject({ Errors: [{ Type: 'DependencyProblem' }] });
    expect(answer.text).not.toContain('deadlock');
    expect((await client.call('ReadAccessKeys')).body.AccessKeys).toEqual([]);
  });

  it('are run three times at most, then the deadlock is told', async () => {
    let attempts = 0;
    const deadlock = Object.assign(new Error('deadlock detected'), { code: '40P01' });
    const run = server.services.store.transaction(() => {
      attempts += 1;
      return Promise.reject(deadlock);
    });
    await expect(run).rejects.toBe(deadlock);
    expect(attempts).toBe(3);
  });
});
