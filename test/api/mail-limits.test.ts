import { describe, expect, it } from 'vitest';
import { MAILS_PER_HOUR } from '../../src/calls/pipeline/mail-queue.js';
import { ApiClient, signedUpClient, STRONG_PASSWORD, uniqueEmail, type Answer } from '../support/api-client.js';
import { useMailedServer } from '../support/smtp-sink.js';
import { uniqueUserName } from '../support/sub-users.js';
import { ENGINES } from '../support/test-server.js';

// ATK-76: whoever asks, one address gets at most three mails of a kind an hour; the caller is
// told with a 429 and Retry-After, and the count holds across instances (it is the outbox's).
describe.each(ENGINES)('mail floods on %s', (engine) => {
  const mailed = useMailedServer(engine);

  async function mailsTo(address: string, subject: RegExp): Promise<number> {
    await mailed.server.services.mail.wake();
    return mailed.sink.to(address).filter((mail) => subject.test(mail.subject ?? '')).length;
  }

  function expectThrottled(answer: Answer): void {
    expect(answer.status, JSON.stringify(answer.body)).toBe(429);
    expect(answer.body.Errors?.[0]?.Code).toBe('24');
    expect(answer.body.Errors?.[0]?.Details).toMatch(/in the last hour: use the latest one, or try again in \d+ min\./);
    expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
  }

  it('ATK-76: adding and removing an outside address as an additional email mails it three times, then refuses', async () => {
    const { client, email } = await signedUpClient(mailed.server.url);
    const outside = uniqueEmail('outside');
    for (let i = 0; i < MAILS_PER_HOUR; i += 1) {
      expect((await client.call('UpdateAccount', { AdditionalEmails: [outside] })).status).toBe(200);
      expect((await client.call('UpdateAccount', { AdditionalEmails: [] })).status).toBe(200);
    }
    expectThrottled(await client.call('UpdateAccount', { AdditionalEmails: [outside] }));
    expect(await mailsTo(outside, /./)).toBe(MAILS_PER_HOUR);
    // Nothing of the refused update was written.
    const account = ((await client.call('ReadAccounts')).body.Accounts as { AdditionalEmails: string[] }[])[0]!;
    expect(account.AdditionalEmails).toEqual([]);
    // An hour later the address may be mailed again (the session has ended by then: a new one).
    mailed.server.clock.advance(61 * 60_000);
    const again = new ApiClient(mailed.server.url);
    await again.call('SignIn', { Email: email, Password: STRONG_PASSWORD });
    expect((await again.call('UpdateAccount', { AdditionalEmails: [outside] })).status).toBe(200);
  });

  it('ATK-76: ResendEmailConfirmation stops at three mails an hour, even when sent all at once', async () => {
    const { client } = await signedUpClient(mailed.server.url);
    const next = uniqueEmail('next');
    expect((await client.call('UpdateAccount', { Email: next })).status).toBe(200);
    const answers = await Promise.all(Array.from({ length: 6 }, () => client.call('ResendEmailConfirmation')));
    // The change mailed the first link: two resends fit in the hour.
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(MAILS_PER_HOUR - 1);
    expectThrottled(answers.find((answer) => answer.status !== 200)!);
    expect(await mailsTo(next, /Confirm your new email address/)).toBe(MAILS_PER_HOUR);
  });

  it('ATK-76: ResendInvitation stops at three invitations an hour to one address', async () => {
    const { client } = await signedUpClient(mailed.server.url);
    const invited = uniqueEmail('invited');
    const userName = uniqueUserName('flood');
    expect((await client.call('CreateUser', { UserName: userName, UserEmail: invited })).status).toBe(200);
    for (let i = 1; i < MAILS_PER_HOUR; i += 1)
      expect((await client.call('ResendInvitation', { UserName: userName })).status).toBe(200);
    expectThrottled(await client.call('ResendInvitation', { UserName: userName }));
    expect(await mailsTo(invited, /invites you to/)).toBe(MAILS_PER_HOUR);
  });

  it('ATK-76: asking to move to an address already in use answers like a free one, and is limited the same', async () => {
    const taken = (await signedUpClient(mailed.server.url)).email;
    const free = uniqueEmail('free');
    const { client } = await signedUpClient(mailed.server.url);
    const other = await signedUpClient(mailed.server.url);
    for (let i = 0; i < MAILS_PER_HOUR; i += 1) {
      expect((await client.call('UpdateAccount', { Email: taken })).status).toBe(200);
      expect((await other.client.call('UpdateAccount', { Email: free })).status).toBe(200);
    }
    expectThrottled(await client.call('UpdateAccount', { Email: taken }));
    expectThrottled(await other.client.call('UpdateAccount', { Email: free }));
    expect(await mailsTo(taken, /Someone tried to use your email address/)).toBe(MAILS_PER_HOUR);
    expect(await mailsTo(free, /Confirm your new email address/)).toBe(MAILS_PER_HOUR);
  });
});
