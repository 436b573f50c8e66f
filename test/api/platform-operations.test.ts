import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedUpClient, type ApiClient } from '../support/api-client.js';
import { freePorts } from '../support/ports.js';
import { aws4fetchSigned, type Keys } from '../support/signed-clients.js';
import { useMailedServer } from '../support/smtp-sink.js';
import { invitedSubUser } from '../support/sub-users.js';
import { ENGINES } from '../support/test-server.js';

const SECRET = 'a shared webhook secret of forty characters';

interface Delivery {
  body: string;
  signature: string;
}

/** A platform service's endpoint that is down for its first `failures` deliveries. */
async function webhookReceiver(port: number, failures: number) {
  const deliveries: Delivery[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      deliveries.push({ body, signature: String(request.headers['tessera-signature'] ?? '') });
      response.statusCode = deliveries.length <= failures ? 503 : 204;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${port}/hooks/tessera`, deliveries, close: () => server.close() };
}

/** What a receiver does: recompute the HMAC of `<t>.<body>` and compare. */
function signatureHolds({ body, signature }: Delivery): boolean {
  const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(signature) ?? [];
  return v1 === createHmac('sha256', SECRET).update(`${t}.${body}`).digest('hex');
}

describe.each(ENGINES)("the platform's own operations on %s", (engine) => {
  const mailed = useMailedServer(engine, { TESSERA_WEBHOOK_SECRET: SECRET });
  let platformKeys: Keys;
  let platformAccountId: string;
  let receiver: Awaited<ReturnType<typeof webhookReceiver>>;

  beforeAll(async () => {
    const platform = await signedUpClient(mailed.server.url);
    const accountId = ((await platform.client.call('ReadAccounts')).body.Accounts as { AccountId: string }[])[0]!
      .AccountId;
    // The platform's account exists only once the server runs: named in its settings now.
    platformAccountId = accountId;
    Object.assign(mailed.server.services.config, { platformAccountId: accountId });
    const key = (await platform.client.call('CreateAccessKey', {})).body.AccessKey as {
      AccessKeyId: string;
      SecretKey: string;
    };
    platformKeys = { accessKeyId: key.AccessKeyId, secretKey: key.SecretKey };
    receiver = await webhookReceiver((await freePorts(1))[0]!, 1);
  });
  afterAll(() => receiver?.close());

  async function customer(advanced: boolean) {
    const owner = await signedUpClient(mailed.server.url);
    const validator = await invitedSubUser(mailed.server, mailed.sink, owner.client, { Rights: ['TokenValidator'] });
    const accountId = ((await owner.client.call('ReadAccounts')).body.Accounts as { AccountId: string }[])[0]!
      .AccountId;
    if (advanced) {
      const activation = (await owner.client.call('UpdateAccountSecurity', { AdvancedSecurity: true })).body
        .Operation as { OperationId: string };
      await validate(validator, activation.OperationId);
    }
    return { owner, validator, accountId };
  }

  async function validate(validator: { client: ApiClient; email: string }, operationId: string) {
    const token = await mailed.sink.operationToken(validator.email, operationId);
    return validator.client.call('ValidateOperation', { OperationId: operationId, Token: token });
  }

  const submit = (accountId: string, extra: Record<string, unknown> = {}) =>
    aws4fetchSigned(
      mailed.server.url,
      'CreateOperation',
      {
        AccountId: accountId,
        Action: 'network:DeletePublicIp',
        Summary: { en: 'Delete the public IP 192.0.2.4', fr: "Supprimer l'IP publique 192.0.2.4" },
        Changes: [{ Field: 'PublicIp', OldValue: '192.0.2.4' }],
        ...extra,
      },
      platformKeys,
    );

  it('a platform action waits for a validator, who sees its summary; the outcome is posted, signed, retried until the receiver takes it, once', async () => {
    const customerOf = await customer(true);
    const { validator, accountId } = customerOf;
    const answer = await submit(accountId, { WebhookUrl: receiver.url });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body).toMatchObject({
      ValidationRequired: true,
      Operation: { State: 'pending', Action: 'network:DeletePublicIp', RequesterUserName: 'owner' },
    });
    const operationId = (answer.body.Operation as { OperationId: string }).OperationId;
    const mail = await mailed.sink.waitFor(validator.email, new RegExp(`operation ${operationId}`, 'i'));
    expect(mail.text).toContain('Delete the public IP 192.0.2.4');
    expect(mail.text).toContain('PublicIp: 192.0.2.4 →');
    // ASVS 16.3.1: the customer's trail shows what the platform asked in their name.
    const { owner } = customerOf;
    const trail = (await owner.client.call('ReadAuditLog', { Filters: { Action: 'CreateOperation' } })).body.Events;
    expect(trail).toMatchObject([
      {
        Actor: 'platform',
        Interface: 'platform',
        Target: 'network:DeletePublicIp',
        OperationId: operationId,
        Outcome: 'awaiting-validation',
        Changes: [{ Field: 'PublicIp', OldValue: '192.0.2.4' }],
      },
    ]);

    expect((await validate(validator, operationId)).body.Operation).toMatchObject({ State: 'done' });
    await mailed.server.services.mail.wake();
    expect(receiver.deliveries).toHaveLength(1);
    // The receiver was down: the outbox tries again after its back-off.
    mailed.server.clock.advance(mailed.server.services.config.mailRetrySeconds * 1000 + 1);
    await mailed.server.services.mail.wake();
    expect(receiver.deliveries).toHaveLength(2);
    // Later passes send nothing more (the clock stays within the signature window of the signed calls).
    mailed.server.clock.advance(10 * 60_000);
    await mailed.server.services.mail.wake();
    expect(receiver.deliveries).toHaveLength(2);
    for (const delivery of receiver.deliveries) expect(signatureHolds(delivery)).toBe(true);
    expect(
      signatureHolds({ ...receiver.deliveries[1]!, body: receiver.deliveries[1]!.body.replace('done', 'cancelled') }),
    ).toBe(false);
    expect(JSON.parse(receiver.deliveries[1]!.body)).toEqual({
      OperationId: operationId,
      AccountId: accountId,
      Action: 'network:DeletePublicIp',
      State: 'done',
      DecidedBy: validator.userName,
    });

    // Polling says the same.
    const polled = await aws4fetchSigned(
      mailed.server.url,
      'ReadOperations',
      { AccountId: accountId, OperationId: operationId },
      platformKeys,
    );
    expect((polled.body.Operations as { State: string }[])[0]).toMatchObject({ State: 'done' });
  });

  it('an account without advanced security needs no validation; only the platform may submit or read others', async () => {
    const { owner, accountId } = await customer(false);
    expect((await submit(accountId)).body).toEqual(expect.objectContaining({ ValidationRequired: false }));
    const key = (await owner.client.call('CreateAccessKey', {})).body.AccessKey as {
      AccessKeyId: string;
      SecretKey: string;
    };
    const customerKeys = { accessKeyId: key.AccessKeyId, secretKey: key.SecretKey };
    const forged = await aws4fetchSigned(
      mailed.server.url,
      'CreateOperation',
      { AccountId: accountId, Action: 'x', Summary: { en: 'x', fr: 'x' }, Changes: [] },
      customerKeys,
    );
    expect(forged.status).toBe(403);
    const peek = await aws4fetchSigned(mailed.server.url, 'ReadOperations', { AccountId: accountId }, customerKeys);
    expect(peek.status).toBe(403);
    const plainHttp = await submit(accountId, { WebhookUrl: 'http://example.com/hook' });
    expect(plainHttp.status).toBe(400);
  });

  it("ASVS 8.2.1: a user of the platform's account without SubmitOperations cannot mail a customer's validators", async () => {
    const { accountId } = await customer(true);
    const platformOwner = await signedUpClient(mailed.server.url);
    Object.assign(mailed.server.services.config, {
      platformAccountId: (
        (await platformOwner.client.call('ReadAccounts')).body.Accounts as { AccountId: string }[]
      )[0]!.AccountId,
    });
    try {
      const staff = await invitedSubUser(mailed.server, mailed.sink, platformOwner.client, { Rights: ['Support'] });
      const key = (await staff.client.call('CreateAccessKey', {})).body.AccessKey as {
        AccessKeyId: string;
        SecretKey: string;
      };
      const staffKeys = { accessKeyId: key.AccessKeyId, secretKey: key.SecretKey };
      const body = { AccountId: accountId, Action: 'x', Summary: { en: 'Phish', fr: 'Phish' }, Changes: [] };
      const refused = await aws4fetchSigned(mailed.server.url, 'CreateOperation', body, staffKeys);
      expect(refused.status).toBe(403);
      expect(refused.body.Errors?.[0]?.Details).toMatch(/SubmitOperations/);
    } finally {
      Object.assign(mailed.server.services.config, { platformAccountId });
    }
  });

  it('ASVS 15.3.2: a webhook that answers with a redirect is a failed delivery, retried, never followed', async () => {
    const [port, elsewherePort] = await freePorts(2);
    const followed: string[] = [];
    const elsewhere = createServer((request, response) => {
      followed.push(String(request.headers['tessera-signature'] ?? ''));
      response.statusCode = 204;
      response.end();
    });
    await new Promise<void>((resolve) => elsewhere.listen(elsewherePort, '127.0.0.1', resolve));
    let attempts = 0;
    const redirecting = createServer((request, response) => {
      attempts += 1;
      request.resume();
      response.statusCode = 307;
      response.setHeader('location', `http://127.0.0.1:${elsewherePort}/stolen`);
      response.end();
    });
    await new Promise<void>((resolve) => redirecting.listen(port, '127.0.0.1', resolve));
    try {
      const { validator, accountId } = await customer(true);
      const operation = (await submit(accountId, { WebhookUrl: `http://127.0.0.1:${port}/hook` })).body.Operation as {
        OperationId: string;
      };
      expect((await validate(validator, operation.OperationId)).status).toBe(200);
      await expect.poll(() => attempts, { timeout: 10_000 }).toBeGreaterThan(0);
      const failed = await mailed.server.services.store.db
        .selectFrom('outbox')
        .select(['status', 'last_error'])
        .where('recipient', '=', `http://127.0.0.1:${port}/hook`)
        .executeTakeFirstOrThrow();
      await expect
        .poll(
          async () =>
            (
              await mailed.server.services.store.db
                .selectFrom('outbox')
                .select('last_error')
                .where('recipient', '=', `http://127.0.0.1:${port}/hook`)
                .executeTakeFirstOrThrow()
            ).last_error,
        )
        .toMatch(/307/);
      expect(failed.status).not.toBe('sent');
      expect(followed).toEqual([]);
    } finally {
      redirecting.close();
      elsewhere.close();
    }
  });
});
