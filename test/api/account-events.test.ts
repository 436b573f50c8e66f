import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, signedUpClient, uniqueEmail } from '../support/api-client.js';
import { signInAtProvider, startIdentityProvider, type TestIdentityProvider } from '../support/identity-provider.js';
import { freePorts } from '../support/ports.js';
import { SmtpSink, useMailedServer } from '../support/smtp-sink.js';
import { invitedSubUser } from '../support/sub-users.js';
import { ENGINES, startTestServer, type TestServer } from '../support/test-server.js';

const SECRET = 'the webhook secret of the account events, forty';

interface Received {
  body: string;
  signature: string;
  status: number;
  event: { EventId: string; Type: string; AccountId: string; Sequence: number; OccurredAt: string; Data: unknown };
}

/**
 * A platform service's endpoint on 127.0.0.1: closed until `open`, then answering `status`
 * (or redirecting to `redirectTo`), recording every request.
 */
function receiver(port: number, path: string) {
  const received: Received[] = [];
  const state = { status: 200, redirectTo: undefined as string | undefined };
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const status = state.redirectTo ? 307 : state.status;
      received.push({
        body,
        signature: String(request.headers['tessera-signature'] ?? ''),
        status,
        event: JSON.parse(body) as Received['event'],
      });
      if (state.redirectTo) response.setHeader('location', state.redirectTo);
      response.statusCode = status;
      response.end();
    });
  });
  return {
    url: `http://127.0.0.1:${port}${path}`,
    received,
    state,
    /** The events it acknowledged (answered 2xx), in the order they came. */
    acknowledged: () => received.filter((delivery) => delivery.status < 300).map((delivery) => delivery.event),
    open: () => new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve)),
    close: () => new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve())),
  };
}

/** What a receiver does: recompute the HMAC of `<t>.<body>` and compare. */
function signatureHolds({ body, signature }: Pick<Received, 'body' | 'signature'>): boolean {
  const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(signature) ?? [];
  return v1 === createHmac('sha256', SECRET).update(`${t}.${body}`).digest('hex');
}

/** The events of each account, in the order received: each account's Sequence only grows. */
function byAccount(events: Received['event'][]): Map<string, Received['event'][]> {
  const accounts = new Map<string, Received['event'][]>();
  for (const event of events) accounts.set(event.AccountId, [...(accounts.get(event.AccountId) ?? []), event]);
  return accounts;
}

async function pending(server: TestServer, endpoint: string): Promise<number> {
  const row = await server.services.store.db
    .selectFrom('account_event_deliveries')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('endpoint', '=', endpoint)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

const accountIdOf = async (client: ApiClient) =>
  ((await client.call('ReadAccounts')).body.Accounts as { AccountId: string }[])[0]!.AccountId;

const [allPort, usersPort, redirectPort] = await freePorts(3);

describe.each(ENGINES)('account events on %s', (engine) => {
  const all = receiver(allPort!, '/events');
  const users = receiver(usersPort!, '/users');
  const redirecting = receiver(redirectPort!, '/moved');
  const mailed = useMailedServer(engine, {
    TESSERA_WEBHOOK_SECRET: SECRET,
    TESSERA_EVENT_ENDPOINTS: JSON.stringify([
      { Url: all.url, Events: ['*'] },
      { Url: users.url, Events: ['user.*'] },
      { Url: redirecting.url, Events: ['account.created'] },
    ]),
  });
  const session: { ownerAccount?: string; otherAccount?: string; subUser?: string; keyId?: string } = {};

  beforeAll(async () => {
    // The first endpoint is down (its port closed); the others answer from the start.
    await users.open();
    redirecting.state.redirectTo = users.url;
    await redirecting.open();
    const { server, sink } = mailed;
    const owner = await signedUpClient(server.url);
    session.ownerAccount = await accountIdOf(owner.client);
    const ok = async (name: string, input: Record<string, unknown>, status = 200) => {
      const answer = await owner.client.call(name, input);
      expect(answer.status, `${name}: ${JSON.stringify(answer.body)}`).toBe(status);
      return answer.body;
    };
    await ok('UpdateAccount', { City: 'Saint-Cloud', CompanyName: 'Dupont SA' });
    // Rolled back: a DryRun and a refused call emit nothing.
    await ok('UpdateAccount', { City: 'Nowhere', DryRun: true });
    await ok('CreateUser', { UserName: 'not a name!' }, 400);
    const sub = await invitedSubUser(server, sink, owner.client, { Rights: ['ManageNetwork'] });
    session.subUser = sub.userName;
    await ok('UpdateUserDetails', { UserName: sub.userName, Rights: ['ManageNetwork', 'ManageIpFailOvers'] });
    await ok('DisableUser', { UserName: sub.userName });
    await ok('EnableUser', { UserName: sub.userName });
    const key = (await ok('CreateAccessKey', { UserName: sub.userName })).AccessKey as { AccessKeyId: string };
    session.keyId = key.AccessKeyId;
    for (const State of ['INACTIVE', 'ACTIVE', 'INACTIVE'])
      await ok('UpdateAccessKey', { UserName: sub.userName, AccessKeyId: key.AccessKeyId, State });
    await ok('DeleteAccessKey', { UserName: sub.userName, AccessKeyId: key.AccessKeyId });
    await ok('DeleteUser', { UserName: sub.userName });
    // Advanced security on, then off: each a validated operation, whose call emits when it runs.
    const validate = async (body: Record<string, unknown>) => {
      const { OperationId } = body.Operation as { OperationId: string };
      const Token = await sink.operationToken(owner.email, OperationId);
      expect((await ok('ValidateOperation', { OperationId, Token })).Operation).toMatchObject({ State: 'done' });
    };
    await validate(
      await ok('UpdateAccountSecurity', { AdvancedSecurity: true, ValidationPolicy: 'AnyValidator' }, 202),
    );
    // A change waiting for a validator emits nothing.
    await ok('CreateAccessKey', {}, 202);
    await validate(await ok('UpdateAccountSecurity', { AdvancedSecurity: false }, 202));
    const other = await signedUpClient(server.url);
    session.otherAccount = await accountIdOf(other.client);
    expect((await other.client.call('UpdateAccount', { City: 'Lyon' })).status).toBe(200);
  });
  afterAll(async () => {
    await Promise.all([all.close(), users.close(), redirecting.close()]);
  });

  it('an endpoint down, then failing, then up receives every event once, in order per account, signed', async () => {
    const { server } = mailed;
    const worker = server.services.events;
    await worker.wake();
    expect(all.received).toEqual([]);
    // Up, but answering 500: each account's first event is tried again after its back-off, and
    // nothing behind it goes meanwhile.
    all.state.status = 500;
    await all.open();
    server.clock.advance(31_000);
    await worker.wake();
    expect(all.received.map(({ event }) => [event.AccountId, event.Type]).sort()).toEqual(
      [
        [session.ownerAccount, 'account.created'],
        [session.otherAccount, 'account.created'],
      ].sort(),
    );
    // Up and answering 200: everything goes, each account in its order.
    all.state.status = 200;
    server.clock.advance(61_000);
    await worker.wake();
    expect(await pending(server, all.url)).toBe(0);
    expect(await pending(server, users.url)).toBe(0);
    const acknowledged = all.acknowledged();
    const ids = acknowledged.map((event) => event.EventId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const events of byAccount(acknowledged).values()) {
      const order = events.map((event) => event.Sequence);
      expect(order).toEqual([...order].sort((a, b) => a - b));
    }
    for (const delivery of all.received) expect(signatureHolds(delivery)).toBe(true);
    const last = all.received.at(-1)!;
    expect(signatureHolds({ ...last, body: last.body.replace('"Type":"', '"Type":"x') })).toBe(false);
    // Later passes send nothing more.
    server.clock.advance(2 * 3_600_000);
    await worker.wake();
    expect(all.acknowledged()).toHaveLength(acknowledged.length);
  });

  it("a scripted session's events arrive with their types and data; what was rolled back or waits emits nothing", () => {
    const events = byAccount(all.acknowledged());
    const owner = events.get(session.ownerAccount!)!;
    const sub = { UserName: session.subUser };
    const key = { AccessKeyId: session.keyId, ...sub };
    expect(owner.map((event) => ({ Type: event.Type, Data: event.Data }))).toMatchObject([
      {
        Type: 'account.created',
        Data: { Via: 'SignUp', CustomerId: expect.stringMatching(/^\d{8}$/), Profile: { FirstName: 'Jean' } },
      },
      {
        Type: 'account.profile-updated',
        Data: { Fields: ['CompanyName', 'City'], Values: { CompanyName: 'Dupont SA', City: 'Saint-Cloud' } },
      },
      { Type: 'user.created', Data: { ...sub, Path: '/', Rights: ['ManageNetwork'] } },
      { Type: 'user.updated', Data: { ...sub, Fields: ['InvitationPending'] } },
      { Type: 'user.rights-updated', Data: { ...sub, Rights: ['ManageNetwork', 'ManageIpFailOvers'] } },
      { Type: 'user.disabled', Data: sub },
      { Type: 'user.enabled', Data: sub },
      { Type: 'access-key.created', Data: { ...key, State: 'ACTIVE' } },
      { Type: 'access-key.deactivated', Data: key },
      { Type: 'access-key.activated', Data: key },
      { Type: 'access-key.deactivated', Data: key },
      { Type: 'access-key.deleted', Data: key },
      { Type: 'user.deleted', Data: sub },
      {
        Type: 'account.security-updated',
        Data: {
          Fields: ['AdvancedSecurity', 'ValidationPolicy'],
          Values: { AdvancedSecurity: true, ValidationPolicy: 'AnyValidator' },
        },
      },
      { Type: 'account.security-updated', Data: { Fields: ['AdvancedSecurity'], Values: { AdvancedSecurity: false } } },
    ]);
    expect(owner).toHaveLength(15);
    // Never a secret, never the refused name or the DryRun's city.
    const text = JSON.stringify(all.received.map((delivery) => delivery.body));
    expect(text).not.toMatch(/SecretKey|Nowhere|not a name/);
    expect(owner[0]!.OccurredAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(events.get(session.otherAccount!)!.map((event) => event.Type)).toEqual([
      'account.created',
      'account.profile-updated',
    ]);
  });

  it("an endpoint's filter: it receives the types it asked for, and only those", () => {
    const types = users.acknowledged().map((event) => event.Type);
    expect(types).toEqual([
      'user.created',
      'user.updated',
      'user.rights-updated',
      'user.disabled',
      'user.enabled',
      'user.deleted',
    ]);
    // The same events as the endpoint that takes everything: one EventId each, whoever receives it.
    const allIds = new Set(all.acknowledged().map((event) => event.EventId));
    for (const event of users.acknowledged()) expect(allIds.has(event.EventId)).toBe(true);
  });

  it('ASVS 15.3.2: an endpoint that redirects is a failed delivery, retried, never followed', async () => {
    expect(redirecting.received.length).toBeGreaterThan(0);
    expect(redirecting.received.every((delivery) => delivery.event.Type === 'account.created')).toBe(true);
    // The redirect's target never saw what was posted to the redirecting endpoint.
    expect(users.received.some((delivery) => delivery.event.Type === 'account.created')).toBe(false);
    expect(await pending(mailed.server, redirecting.url)).toBe(2);
  });

  it("a new address counts once its link is followed; a rename names the name before; a user's details by name only", async () => {
    const { server, sink } = mailed;
    const owner = await signedUpClient(server.url);
    const accountId = await accountIdOf(owner.client);
    const next = uniqueEmail('moved');
    const ok = async (name: string, input: Record<string, unknown>) =>
      expect((await owner.client.call(name, input)).status, name).toBe(200);
    await ok('UpdateAccount', { Email: next });
    await ok('ConfirmEmail', { Token: SmtpSink.linkToken(await sink.waitFor(next, /\/confirm-email#/)) });
    await ok('CreateUser', { UserName: 'ana' });
    await ok('UpdateUser', { UserName: 'ana', NewUserName: 'anna', NewPath: '/team/' });
    await ok('UpdateUserDetails', { UserName: 'anna', FirstName: 'Anna', PhoneNumber: '+33 6 12 34 56 78' });
    await server.services.events.wake();
    const events = byAccount(all.acknowledged()).get(accountId)!;
    expect(events.map(({ Type, Data }) => ({ Type, Data }))).toMatchObject([
      { Type: 'account.created' },
      { Type: 'account.profile-updated', Data: { Fields: ['Email'], Values: { Email: next } } },
      { Type: 'user.created', Data: { UserName: 'ana', Path: '/', Rights: [] } },
      { Type: 'user.updated', Data: { UserName: 'anna', PreviousUserName: 'ana', Fields: ['UserName', 'Path'] } },
      { Type: 'user.updated', Data: { UserName: 'anna', Fields: ['FirstName', 'PhoneNumber'] } },
    ]);
    expect(events).toHaveLength(5);
    expect(JSON.stringify(events)).not.toContain('Anna');
  });

  it('acknowledged events are pruned after a week; those an endpoint still owes are kept', async () => {
    const { server } = mailed;
    const stored = async () =>
      (await server.services.store.db.selectFrom('account_events').select('type').execute()).map((row) => row.type);
    expect((await stored()).length).toBe(22);
    server.clock.advance(8 * 86_400_000);
    await server.services.events.prune();
    // The redirecting endpoint never acknowledged the three accounts' creation.
    expect(await stored()).toEqual(['account.created', 'account.created', 'account.created']);
  });
});

describe.each(ENGINES.filter((engine) => engine === 'postgres'))('account events with two instances on one %s', () => {
  let first: TestServer;
  let second: TestServer;
  let endpoint: ReturnType<typeof receiver>;
  let sink: SmtpSink;

  beforeAll(async () => {
    const [port] = await freePorts(1);
    endpoint = receiver(port!, '/events');
    await endpoint.open();
    // One SMTP server for both: a mail queued by one instance may be sent by the other's worker.
    sink = await SmtpSink.start();
    const env = {
      SMTP_URL: sink.url,
      TESSERA_WEBHOOK_SECRET: SECRET,
      TESSERA_SECRET_KEY: randomBytes(32).toString('base64'),
      TESSERA_EVENT_ENDPOINTS: JSON.stringify([{ Url: endpoint.url, Events: ['*'] }]),
    };
    first = await startTestServer('postgres', env);
    second = await startTestServer('postgres', { ...env, DATABASE_URL: first.services.config.databaseUrl });
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
    await endpoint?.close();
    await sink?.stop();
  });

  it('each event is delivered once, in order per account, whichever instance takes it', async () => {
    // Both instances' workers pass while the changes are made, on either one.
    endpoint.state.status = 503;
    const accounts = await Promise.all([signedUpClient(first.url), signedUpClient(second.url)]);
    for (const [index, { client }] of accounts.entries())
      for (const city of ['Lyon', 'Nantes', 'Lille', 'Brest'])
        expect((await client.call('UpdateAccount', { City: `${city} ${index}` })).status).toBe(200);
    endpoint.state.status = 200;
    first.clock.advance(31_000);
    second.clock.advance(31_000);
    await Promise.all([first.services.events.wake(), second.services.events.wake(), first.services.events.wake()]);
    await Promise.all([first.services.events.wake(), second.services.events.wake()]);
    expect(await pending(first, endpoint.url)).toBe(0);
    const acknowledged = endpoint.acknowledged();
    const ids = acknowledged.map((event) => event.EventId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(10);
    for (const events of byAccount(acknowledged).values())
      expect(events.map((event) => event.Type)).toEqual([
        'account.created',
        ...Array.from({ length: 4 }, () => 'account.profile-updated'),
      ]);
  });
});

describe.each(ENGINES)('account events of a first sign-in with a provider on %s', (engine) => {
  let server: TestServer;
  let idp: TestIdentityProvider;
  let endpoint: ReturnType<typeof receiver>;
  let redirectUri: string;

  beforeAll(async () => {
    const [tesseraPort, idpPort, endpointPort] = (await freePorts(3)) as [number, number, number];
    redirectUri = `http://127.0.0.1:${tesseraPort}/oidc/callback`;
    idp = await startIdentityProvider(idpPort, redirectUri);
    endpoint = receiver(endpointPort, '/accounts');
    await endpoint.open();
    server = await startTestServer(engine, {
      TESSERA_PORT: String(tesseraPort),
      ...idp.env(),
      TESSERA_WEBHOOK_SECRET: SECRET,
      TESSERA_EVENT_ENDPOINTS: JSON.stringify([{ Url: endpoint.url, Events: ['account.*'] }]),
    });
  });
  afterAll(async () => {
    await server?.close();
    await idp?.close();
    await endpoint?.close();
  });

  it('the account a new identity creates is told once; signing in again creates nothing', async () => {
    const email = uniqueEmail('idp');
    idp.people.set('grace', { email, email_verified: true, given_name: 'Grace', family_name: 'Hopper' });
    const signIn = async () => {
      const client = new ApiClient(server.url);
      const started = await client.call('StartExternalSignIn', { Provider: 'testidp', Intent: 'SignIn' });
      const query = await signInAtProvider(started.body.AuthorizationUrl as string, 'grace', redirectUri);
      return (await client.call('CompleteExternalSignIn', { Query: query })).body;
    };
    expect(await signIn()).toMatchObject({ Intent: 'SignIn', Created: true });
    expect(await signIn()).toMatchObject({ Intent: 'SignIn', Created: false });
    await server.services.events.wake();
    expect(endpoint.acknowledged()).toMatchObject([
      {
        Type: 'account.created',
        Data: { Via: 'ExternalSignIn', Email: email, Profile: { FirstName: 'Grace', LastName: 'Hopper' } },
      },
    ]);
    expect(endpoint.acknowledged()).toHaveLength(1);
  });
});
