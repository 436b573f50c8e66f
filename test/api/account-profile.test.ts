import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditSealer } from '../../src/auth/secret-box.js';
import { eventRow } from '../../src/calls/pipeline/audit-writer.js';
import { profileOf, readAccount as findAccount, updateProfileWithEvent } from '../../src/store/accounts.js';
import { chainHeadOf } from '../../src/store/audit-events.js';
import { signedUpClient, type ApiClient } from '../support/api-client.js';
import { ENGINES, postgresMissing, startTestServer, type TestServer } from '../support/test-server.js';

describe.each(ENGINES)('account profile on %s', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine);
  });
  afterAll(() => server.close());

  async function readAccount(client: ApiClient): Promise<Record<string, unknown>> {
    const answer = await client.call('ReadAccounts');
    expect(answer.status).toBe(200);
    return (answer.body.Accounts as Record<string, unknown>[])[0]!;
  }

  it('sign-up creates an account with a 12-digit AccountId and an 8-digit CustomerId', async () => {
    const { client, email } = await signedUpClient(server.url);
    const account = await readAccount(client);
    expect(account.AccountId).toMatch(/^[1-9]\d{11}$/);
    expect(account.CustomerId).toMatch(/^[1-9]\d{7}$/);
    expect(account).toMatchObject({ Email: email, FirstName: 'Jean', LastName: 'Dupont', AdditionalEmails: [] });
  });

  it('ReadAccounts returns exactly OAPI Account members, unset ones omitted', async () => {
    const { client } = await signedUpClient(server.url, { City: 'Saint-Cloud' });
    const answer = await client.call('ReadAccounts');
    expect(Object.keys(answer.body).sort()).toEqual(['Accounts', 'ResponseContext']);
    const account = (answer.body.Accounts as Record<string, unknown>[])[0]!;
    expect(Object.keys(account).sort()).toEqual([
      'AccountId',
      'AdditionalEmails',
      'City',
      'CustomerId',
      'Email',
      'FirstName',
      'LastName',
    ]);
  });

  it('UpdateAccount changes only the given fields and normalises them', async () => {
    const { client } = await signedUpClient(server.url, { CompanyName: 'EXAMPLE SAS' });
    const answer = await client.call('UpdateAccount', {
      Country: 'France',
      PhoneNumber: '01 23 45 67 89',
      MobileNumber: '+33.612345678',
      ZipCode: '92210',
      City: 'Saint-Cloud',
      VatNumber: 'fr 403 032 650 45',
      AdditionalEmails: ['Billing@Example.COM'],
    });
    expect(answer.status).toBe(200);
    const expected = {
      CompanyName: 'EXAMPLE SAS',
      Country: 'FR',
      PhoneNumber: '+33123456789',
      MobileNumber: '+33612345678',
      ZipCode: '92210',
      City: 'Saint-Cloud',
      VatNumber: 'FR40303265045',
      AdditionalEmails: ['Billing@example.com'],
      FirstName: 'Jean',
    };
    expect(answer.body.Account).toMatchObject(expected);
    expect(await readAccount(client)).toMatchObject(expected);
  });

  it('an empty string clears an optional field; AdditionalEmails [] clears the list', async () => {
    const { client } = await signedUpClient(server.url, { JobTitle: 'CTO' });
    await client.call('UpdateAccount', { AdditionalEmails: ['ops@example.com'] });
    const answer = await client.call('UpdateAccount', { JobTitle: '', AdditionalEmails: [] });
    expect(answer.status).toBe(200);
    const account = await readAccount(client);
    expect(account.JobTitle).toBeUndefined();
    expect(account.AdditionalEmails).toEqual([]);
  });

  it('ASVS 2.3.3: an update with one invalid field changes nothing', async () => {
    const { client } = await signedUpClient(server.url);
    const before = await readAccount(client);
    const answer = await client.call('UpdateAccount', {
      City: 'Lyon',
      CompanyName: 'ACME',
      JobTitle: 'CEO',
      ZipCode: '69001',
      Country: 'FR',
      PhoneNumber: '123',
    });
    expect(answer.status).toBe(400);
    expect(answer.body.Errors?.[0]?.Details).toMatch(/PhoneNumber/);
    expect(await readAccount(client)).toEqual(before);
  });

  it('DryRun validates and reports the result, changing nothing', async () => {
    const { client } = await signedUpClient(server.url);
    const before = await readAccount(client);
    const answer = await client.call('UpdateAccount', { City: 'Lyon', DryRun: true });
    expect(answer.status).toBe(200);
    expect(answer.body.Account).toMatchObject({ City: 'Lyon' });
    expect(await readAccount(client)).toEqual(before);
    const refused = await client.call('UpdateAccount', { ZipCode: 'ABCDEFGHIJKLMNOP', DryRun: true });
    expect(refused.status).toBe(400);
  });

  it('a new Email waits for confirmation: ReadAccounts keeps the current one', async () => {
    const { client, email } = await signedUpClient(server.url);
    const answer = await client.call('UpdateAccount', { Email: 'new.address@example.com' });
    expect(answer.status).toBe(200);
    expect((answer.body.Account as Record<string, unknown>).Email).toBe(email);
    expect((await readAccount(client)).Email).toBe(email);
    expect((await client.call('ReadEmailAddresses')).body).toMatchObject({
      Email: email,
      PendingEmail: 'new.address@example.com',
    });
  });

  it('ASVS 2.1.2: postal code and VAT are checked against the country', async () => {
    const { client } = await signedUpClient(server.url, { Country: 'FR', ZipCode: '75001' });
    const wrongZip = await client.call('UpdateAccount', { ZipCode: '7500' });
    expect(wrongZip.status).toBe(400);
    expect(wrongZip.body.Errors?.[0]?.Details).toBe('ZipCode 7500 is not a valid postal code for FR.');
    const foreignVat = await client.call('UpdateAccount', { VatNumber: 'DE136695976' });
    expect(foreignVat.status).toBe(400);
    const moveWithoutZip = await client.call('UpdateAccount', { Country: 'NL' });
    expect(moveWithoutZip.status).toBe(400);
    expect(moveWithoutZip.body.Errors?.[0]?.Details).toMatch(/ZipCode/);
    const move = await client.call('UpdateAccount', { Country: 'NL', ZipCode: '1012 ab' });
    expect(move.status).toBe(200);
    expect(move.body.Account).toMatchObject({ Country: 'NL', ZipCode: '1012 AB' });
  });

  it('AdditionalEmails: at most 10, no duplicates, not the main Email', async () => {
    const { client, email } = await signedUpClient(server.url);
    const eleven = Array.from({ length: 11 }, (_, i) => `a${i}@example.com`);
    expect((await client.call('UpdateAccount', { AdditionalEmails: eleven })).status).toBe(400);
    expect((await client.call('UpdateAccount', { AdditionalEmails: ['a@example.com', 'A@example.com'] })).status).toBe(
      400,
    );
    expect((await client.call('UpdateAccount', { AdditionalEmails: [email.toUpperCase()] })).status).toBe(400);
    expect((await client.call('UpdateAccount', { AdditionalEmails: eleven.slice(0, 10) })).status).toBe(200);
  });

  it('concurrent updates of different fields never lose one another, and each leaves its event on an intact chain', async () => {
    const { client } = await signedUpClient(server.url, { Country: 'FR' });
    const updates = [
      { City: 'Lyon' },
      { CompanyName: 'ACME' },
      { JobTitle: 'CTO' },
      { ZipCode: '69001' },
      { PhoneNumber: '+33123456789' },
      { MobileNumber: '+33612345678' },
      { StateProvince: 'Rhône' },
      { FirstName: 'Jeanne' },
    ];
    // Among calls that move the account's audit head without changing its profile.
    const answers = await Promise.all(
      updates.flatMap((update) => [client.call('UpdateAccount', update), client.call('CreateAccessKey')]),
    );
    expect(answers.map((a) => a.status)).toEqual(updates.flatMap(() => [200, 200]));
    expect(await readAccount(client)).toMatchObject(Object.assign({}, ...updates) as Record<string, string>);
    // Each update raced the others for the account's row and its audit head (written in one
    // statement, or else in a transaction): one event each, chained without a gap or a fork.
    const { Events } = (await client.call('ReadAuditLog', { Filters: { Action: 'UpdateAccount' }, ResultsPerPage: 50 }))
      .body as { Events: { Changes: { Field: string }[] }[] };
    expect(Events.map((event) => event.Changes.map((change) => change.Field)).sort()).toEqual(
      updates.map((update) => Object.keys(update)).sort(),
    );
    expect((await client.call('VerifyAuditLog')).body).toMatchObject({ Valid: true });
  });

  it('one account never sees another account', async () => {
    const first = await signedUpClient(server.url, { City: 'Lyon' });
    const second = await signedUpClient(server.url, { City: 'Brest' });
    expect((await readAccount(first.client)).City).toBe('Lyon');
    expect((await readAccount(second.client)).City).toBe('Brest');
    await second.client.call('UpdateAccount', { City: 'Nantes' });
    expect((await readAccount(first.client)).City).toBe('Lyon');
  });
});

describe.skipIf(postgresMissing !== undefined)('UpdateAccount in one statement on PostgreSQL', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('postgres');
  });
  afterAll(() => server.close());

  it('writes nothing, event included, once the audit chain moved past the head it read', async () => {
    const { client } = await signedUpClient(server.url, { City: 'Lyon' });
    const account = async () =>
      ((await client.call('ReadAccounts')).body.Accounts as { AccountId: string; City?: string }[])[0]!;
    const accountId = (await account()).AccountId;
    const { db } = server.services.store;
    const stale = (await findAccount(db, accountId))!;
    // Another call's event (a key created) moves the head; the profile's version stays.
    expect((await client.call('CreateAccessKey')).status).toBe(200);
    const event = eventRow(
      { principal: undefined, device: { ip: '127.0.0.1', userAgent: 'test' } },
      { accountId, action: 'UpdateAccount', changes: [], outcome: 'success' },
      chainHeadOf(stale),
      Date.now(),
      auditSealer(server.services.secrets),
    );
    const after = { ...profileOf(stale), City: 'Brest' };
    expect(await updateProfileWithEvent(db, stale, after, event)).toBe(false);
    expect((await account()).City).toBe('Lyon');
    expect((await client.call('VerifyAuditLog')).body).toMatchObject({ Valid: true });
  });
});
