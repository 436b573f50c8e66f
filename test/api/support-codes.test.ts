import { beforeAll, describe, expect, it } from 'vitest';
import { SUPPORT_CODE_ALPHABET } from '../../src/domain/support-codes.js';
import { signedUpClient, type ApiClient } from '../support/api-client.js';
import { useMailedServer } from '../support/smtp-sink.js';
import { expectError, invitedSubUser, type SubUser } from '../support/sub-users.js';
import { ENGINES } from '../support/test-server.js';

interface Event {
  Actor: string;
  Interface: string;
  Action: string;
  Outcome: string;
  Reason?: string;
  Credential?: string;
}

describe.each(ENGINES)('the support identity check on %s', (engine) => {
  const mailed = useMailedServer(engine);
  let agent: SubUser;
  let operatorOwner: ApiClient;

  beforeAll(async () => {
    const operator = await signedUpClient(mailed.server.url);
    operatorOwner = operator.client;
    const accountId = ((await operator.client.call('ReadAccounts')).body.Accounts as { AccountId: string }[])[0]!
      .AccountId;
    // The platform's account exists only once the server runs: named in its settings now.
    Object.assign(mailed.server.services.config, { platformAccountId: accountId });
    agent = await invitedSubUser(mailed.server, mailed.sink, operator.client, { Rights: ['Support'] });
  });

  const newCode = async (client: ApiClient) => {
    const answer = await client.call('CreateSupportCode');
    expect(answer.status).toBe(200);
    return answer.body as { Code: string; ExpirationDate: string };
  };

  it("shows the customer's verified identity once, and the check is in the customer's security activity", async () => {
    const { client: customer, email } = await signedUpClient(mailed.server.url, { CompanyName: 'Cloudcraft' });
    const { Code, ExpirationDate } = await newCode(customer);
    expect(Code).toMatch(new RegExp(`^[${SUPPORT_CODE_ALPHABET}]{4}-[${SUPPORT_CODE_ALPHABET}]{4}$`));
    expect(Date.parse(ExpirationDate) - mailed.server.clock.now()).toBe(10 * 60_000);

    // Read out over the phone: any case, without the dash.
    const checked = await agent.client.call('CheckSupportCode', { Code: Code.replace('-', ' ').toLowerCase() });
    expect(checked.status).toBe(200);
    const accountId = ((await customer.call('ReadAccounts')).body.Accounts as { AccountId: string }[])[0]!.AccountId;
    expect(checked.body).toMatchObject({
      AccountId: accountId,
      FirstName: 'Jean',
      LastName: 'Dupont',
      Email: email,
      EmailConfirmed: true,
      CompanyName: 'Cloudcraft',
    });
    expect(checked.body.UserName).toBeUndefined();

    // Used: a second check is refused.
    expectError(await agent.client.call('CheckSupportCode', { Code }), 400, '4047');

    const activity = (await customer.call('ReadSecurityActivity')).body.Events as Event[];
    expect(activity[0]).toMatchObject({ Actor: 'support', Interface: 'support', Action: 'CheckSupportCode' });
    // Nothing of the support side reaches the customer: not the agent's session.
    expect(activity[0]!.Credential).toBeUndefined();
    // The operator's own trail says which agent checked.
    const operatorTrail = (await operatorOwner.call('ReadAuditLog', { Filters: { Action: 'CheckSupportCode' } })).body
      .Events as Event[];
    expect(operatorTrail.map((event) => [event.Actor, event.Outcome, event.Reason])).toEqual([
      [agent.userName, 'refused', 'BadSupportCode'],
      [agent.userName, 'success', undefined],
    ]);
  });

  it('a new code replaces the previous one; an expired code is refused', async () => {
    const { client: customer } = await signedUpClient(mailed.server.url);
    const first = await newCode(customer);
    const second = await newCode(customer);
    expectError(await agent.client.call('CheckSupportCode', { Code: first.Code }), 400, '4047');
    mailed.server.clock.advance(10 * 60_000);
    const expired = await agent.client.call('CheckSupportCode', { Code: second.Code });
    expectError(expired, 400, '4047');
    expect(expired.body.Errors).toEqual([expect.objectContaining({ Details: expect.stringMatching(/expired/) })]);
  });

  it('a sub-user is shown with their own names and UserName', async () => {
    const { client: owner } = await signedUpClient(mailed.server.url);
    const user = await invitedSubUser(mailed.server, mailed.sink, owner, { FirstName: 'Odile', LastName: 'Martin' });
    const { Code } = await newCode(user.client);
    expect((await agent.client.call('CheckSupportCode', { Code })).body).toMatchObject({
      UserName: user.userName,
      FirstName: 'Odile',
      LastName: 'Martin',
      Email: user.email,
      EmailConfirmed: true,
    });
  });

  it('nobody outside the operator account, nor without the Support right, can check a code', async () => {
    const { client: customer } = await signedUpClient(mailed.server.url);
    const { Code } = await newCode(customer);
    // Another customer's owner holds every right of their own account, Support included.
    const { client: outsider } = await signedUpClient(mailed.server.url);
    expectError(await outsider.call('CheckSupportCode', { Code }), 403, '4');
    const colleague = await invitedSubUser(mailed.server, mailed.sink, operatorOwner);
    expect((await colleague.client.call('CheckSupportCode', { Code })).status).toBe(403);
    // The code still works for support.
    expect((await agent.client.call('CheckSupportCode', { Code })).status).toBe(200);
  });

  it('ASVS 6.3.1: codes cannot be guessed: five wrong codes stop the agent for 15 minutes, even the right one', async () => {
    const { client: customer } = await signedUpClient(mailed.server.url);
    const guesser = await invitedSubUser(mailed.server, mailed.sink, operatorOwner, { Rights: ['Support'] });
    const { Code } = await newCode(customer);
    for (let i = 0; i < 5; i++)
      expectError(await guesser.client.call('CheckSupportCode', { Code: 'ABCD-EFGH' }), 400, '4047');
    const locked = await guesser.client.call('CheckSupportCode', { Code });
    expectError(locked, 429, '24');
    expect(locked.headers.get('retry-after')).toBe(String(15 * 60));
    mailed.server.clock.advance(15 * 60_000);
    // The customer's code has expired meanwhile (10 minutes); a new one works.
    const fresh = await newCode(customer);
    expect((await guesser.client.call('CheckSupportCode', { Code: fresh.Code })).status).toBe(200);
  });
});
