import { describe, expect, it } from 'vitest';
import { ApiClient, signedUpClient, uniqueEmail } from '../support/api-client.js';
import { useMailedServer } from '../support/smtp-sink.js';
import { invitationToken, SUB_USER_PASSWORD, uniqueUserName } from '../support/sub-users.js';

const PROBLEM = { accept: 'application/json, application/problem+json' };

describe('what a form needs from a refusal', () => {
  const mailed = useMailedServer('sqlite');

  it('two refused fields: OAPI clients get the first, problem details list both with their fields', async () => {
    const { client } = await signedUpClient(mailed.server.url);
    await client.call('UpdateAccount', { Country: 'FR' });
    const input = { PhoneNumber: 'not a phone', MobileNumber: '12', City: 'Lyon' };
    const oapi = await client.call('UpdateAccount', input);
    expect(oapi.status).toBe(400);
    expect(oapi.body.Errors).toHaveLength(1);
    expect(oapi.body.Errors?.[0]?.Details).toMatch(/^PhoneNumber is not a valid phone number/);

    const problem = JSON.parse((await client.call('UpdateAccount', input, PROBLEM)).text) as {
      field: string;
      errors: { code: string; field: string; detail: string }[];
    };
    expect(problem.field).toBe('PhoneNumber');
    expect(problem.errors.map((error) => [error.code, error.field])).toEqual([
      ['PhoneNumberInvalid', 'PhoneNumber'],
      ['PhoneNumberInvalid', 'MobileNumber'],
    ]);
    // Nothing is half-written.
    const account = (await client.call('ReadAccounts')).body.Accounts as { City?: string }[];
    expect(account[0]!.City).toBeUndefined();
  });

  it('a national number without a country says to write it internationally or to set the country', async () => {
    const { client } = await signedUpClient(mailed.server.url);
    const answer = await client.call('UpdateAccount', { PhoneNumber: '06 12 34 56 78' });
    expect(answer.status).toBe(400);
    expect(answer.body.Errors?.[0]?.Details).toBe(
      "PhoneNumber is written as a national number, and the account has no Country to tell which nation: write it in international form, such as +33 6 12 34 56 78, or set the account's Country first.",
    );
    const withCountry = await client.call('UpdateAccount', { Country: 'FR', PhoneNumber: '06 12 34 56 78' });
    expect(withCountry.status).toBe(200);
    expect((withCountry.body.Account as { PhoneNumber: string }).PhoneNumber).toBe('+33612345678');
  });

  it('a user who accepts an invitation in French gets French afterwards', async () => {
    const { client: admin } = await signedUpClient(mailed.server.url);
    const email = uniqueEmail('invited');
    await admin.call('CreateUser', { UserName: uniqueUserName('fr'), UserEmail: email });
    const token = await invitationToken(mailed.server, mailed.sink, email);
    const accepted = await new ApiClient(mailed.server.url).call('AcceptInvitation', {
      Token: token,
      Password: SUB_USER_PASSWORD,
      Language: 'fr',
    });
    expect(accepted.status, accepted.text).toBe(200);
    const user = new ApiClient(mailed.server.url);
    await user.call('SignIn', { Email: email, Password: SUB_USER_PASSWORD });
    expect((await user.call('ReadUserDetails')).body.UserDetails).toMatchObject({ Language: 'fr' });
  });
});
