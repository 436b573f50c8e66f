import { describe, expect, it } from 'vitest';
import { ApiClient, signedUpClient, uniqueEmail } from '../support/api-client.js';
import { useMailedServer } from '../support/smtp-sink.js';
import { ENGINES } from '../support/test-server.js';

// Limits that count rows hold however many requests arrive at once: the rows counted are taken
// under the holder's lock, so the count and the insert cannot interleave.
describe.each(ENGINES)('limits under concurrency on %s', (engine) => {
  const mailed = useMailedServer(engine);

  it('ASVS 6.3.8: eight sign-ups of one new address at once all get the same answer, and make one account', async () => {
    const email = uniqueEmail('race');
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        new ApiClient(mailed.server.url).call('SignUp', {
          Email: email,
          Password: `racing passphrase number ${i}`,
          FirstName: 'Ana',
          LastName: 'Silva',
        }),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(8).fill(200));
    const { db } = mailed.server.services.store;
    const owners = await db.selectFrom('users').select('account_id').where('email', '=', email).execute();
    expect(owners).toHaveLength(1);
    // Nothing of the losers was kept: no account without its owner.
    const orphans = await db
      .selectFrom('accounts')
      .select('account_id')
      .where('account_id', 'not in', db.selectFrom('users').select('account_id'))
      .execute();
    expect(orphans).toEqual([]);
  });

  it('at most 10 access keys per user, even from 20 requests at once', async () => {
    const { client } = await signedUpClient(mailed.server.url);
    const answers = await Promise.all(Array.from({ length: 20 }, () => client.call('CreateAccessKey')));
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(10);
    expect(statuses.filter((status) => status === 400)).toHaveLength(10);
    expect(answers.find((answer) => answer.status === 400)!.body.Errors?.[0]?.Type).toBe('TooManyResources');
    expect((await client.call('ReadAccessKeys')).body.AccessKeys).toHaveLength(10);
  });

  it('ASVS 2.4.1: at most three reset mails an hour to one address, even from 12 requests at once', async () => {
    const { email } = await signedUpClient(mailed.server.url);
    const answers = await Promise.all(
      Array.from({ length: 12 }, () =>
        new ApiClient(mailed.server.url).call('SendResetPasswordEmail', { Email: email }),
      ),
    );
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    await mailed.server.services.mail.wake();
    expect(mailed.sink.to(email).filter((mail) => mail.subject === 'Reset your password')).toHaveLength(3);
  });
});
