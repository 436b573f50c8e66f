import { createHash, createPublicKey, verify } from 'node:crypto';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { pruneAuditEvents } from '../../src/calls/audit/audit-retention.js';
import { eventHash } from '../../src/domain/audit-chain.js';
import { chainedEventOf } from '../../src/store/audit-events.js';
import { ApiClient, signedUpClient, STRONG_PASSWORD } from '../support/api-client.js';
import { aws4fetchSigned } from '../support/signed-clients.js';
import { useMailedServer } from '../support/smtp-sink.js';
import { invitedSubUser } from '../support/sub-users.js';
import { ENGINES } from '../support/test-server.js';

interface AuditEvent {
  Seq: number;
  Actor: string;
  Interface: string;
  Credential?: string;
  Action: string;
  Target?: string;
  Changes: { Field: string; OldValue?: string; NewValue?: string; Secret?: boolean }[];
  Outcome: string;
  Reason?: string;
}

describe.each(ENGINES)('the audit trail on %s', (engine) => {
  const mailed = useMailedServer(engine);

  const events = async (client: ApiClient, input: Record<string, unknown> = {}) =>
    (await client.call('ReadAuditLog', input)).body.Events as AuditEvent[];

  it('each change leaves one event with its actor, interface, credential and diff; secrets only as changed', async () => {
    const { client: owner } = await signedUpClient(mailed.server.url);
    await owner.call('UpdateAccount', { City: 'Saint-Cloud' });
    await owner.call('UpdatePassword', {
      CurrentPassword: STRONG_PASSWORD,
      NewPassword: 'purple elephants dance at midnight',
    });
    const key = (await owner.call('CreateAccessKey', { Tag: 'ci' })).body.AccessKey as {
      AccessKeyId: string;
      SecretKey: string;
    };
    const signed = await aws4fetchSigned(
      mailed.server.url,
      'UpdateAccount',
      { JobTitle: 'CTO' },
      {
        accessKeyId: key.AccessKeyId,
        secretKey: key.SecretKey,
      },
    );
    expect(signed.status).toBe(200);

    const trail = await events(owner);
    const [jobTitle, createKey, password, city] = trail;
    expect(jobTitle).toMatchObject({
      Actor: 'owner',
      Interface: 'api',
      Credential: key.AccessKeyId,
      Action: 'UpdateAccount',
      Changes: [{ Field: 'JobTitle', NewValue: 'CTO' }],
      Outcome: 'success',
    });
    expect(createKey).toMatchObject({
      Interface: 'console',
      Action: 'CreateAccessKey',
      Changes: [
        { Field: 'Tag', NewValue: 'ci' },
        { Field: 'AccessKeyId', NewValue: key.AccessKeyId },
      ],
    });
    expect(password).toMatchObject({
      Action: 'UpdatePassword',
      Changes: [
        { Field: 'CurrentPassword', Secret: true },
        { Field: 'NewPassword', Secret: true },
      ],
    });
    expect(city).toMatchObject({ Action: 'UpdateAccount', Changes: [{ Field: 'City', NewValue: 'Saint-Cloud' }] });
    expect(trail.map((event) => event.Seq)).toEqual([...trail.keys()].map((i) => trail.length - i));

    // Secrets never reach the table.
    const rows = await mailed.server.services.store.db.selectFrom('audit_events').selectAll().execute();
    const stored = JSON.stringify(rows);
    for (const secret of [STRONG_PASSWORD, 'purple elephants dance at midnight', key.SecretKey])
      expect(stored).not.toContain(secret);
  });

  it('ASVS 16.2.1: a sign-up and its confirmation from the console are recorded as the console, not as anonymous', async () => {
    const browser = { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/156.0 Safari/537.36' };
    const { client: owner } = await signedUpClient(mailed.server.url, {}, browser);
    const events = (await owner.call('ReadAuditLog')).body.Events as { Action: string; Interface: string }[];
    expect(events.filter((event) => ['SignUp', 'ConfirmEmail'].includes(event.Action))).toEqual([
      expect.objectContaining({ Action: 'ConfirmEmail', Interface: 'console' }),
      expect.objectContaining({ Action: 'SignUp', Interface: 'console' }),
    ]);
  });

  it('a change that fails leaves no event; a DryRun neither, nor a call that changed nothing', async () => {
    const { client: owner } = await signedUpClient(mailed.server.url);
    await owner.call('UpdateAccount', { City: 'Lyon' });
    const before = (await events(owner)).length;
    expect((await owner.call('UpdateAccount', { City: 'Lyon' })).status).toBe(200);
    expect((await owner.call('UpdateAccount', { PhoneNumber: 'not a phone' })).status).toBe(400);
    expect((await owner.call('CreateUser', { UserName: 'dry.run', DryRun: true })).status).toBe(200);
    expect((await events(owner)).length).toBe(before);
  });

  it('filters by action, actor and target, pages, and is readable with the ReadAuditLog right only', async () => {
    const { client: owner } = await signedUpClient(mailed.server.url);
    const auditor = await invitedSubUser(mailed.server, mailed.sink, owner, { Rights: ['ReadAuditLog'] });
    const other = await invitedSubUser(mailed.server, mailed.sink, owner);
    await owner.call('UpdateUserDetails', { UserName: other.userName, FirstName: 'Odile' });
    const byAction = await events(auditor.client, { Filters: { Action: 'UpdateUserDetails' } });
    expect(byAction).toHaveLength(1);
    expect(byAction[0]).toMatchObject({ Actor: 'owner', Target: other.userName });
    // The auditor only accepted the invitation and signed in.
    expect(
      (await events(auditor.client, { Filters: { ActorUserName: auditor.userName } })).map((event) => event.Action),
    ).toEqual(['SignIn', 'AcceptInvitation']);
    const page = await auditor.client.call('ReadAuditLog', { ResultsPerPage: 1 });
    expect(page.body).toMatchObject({ HasMoreItems: true });
    expect((await other.client.call('ReadAuditLog', {})).status).toBe(403);
    // Everyone reads their own activity: the other user signed in, then changed their name.
    await other.client.call('UpdateUserDetails', { LastName: 'Martin' });
    const own = (await other.client.call('ReadSecurityActivity', {})).body.Events as AuditEvent[];
    // Reading the audit log without the right is refused, and that refusal is an event too.
    expect(own.map((event) => [event.Actor, event.Action, event.Reason])).toEqual([
      [other.userName, 'UpdateUserDetails', undefined],
      [other.userName, 'ReadAuditLog', 'AccessDenied'],
      [other.userName, 'SignIn', undefined],
      [other.userName, 'AcceptInvitation', undefined],
    ]);
    expect(own[0]!.Changes).toEqual([{ Field: 'LastName', NewValue: 'Martin' }]);
  });

  it('a language change records the language it replaced; choosing the same one again records nothing', async () => {
    const { client: owner } = await signedUpClient(mailed.server.url);
    expect((await owner.call('UpdateLanguage', { Language: 'fr' })).status).toBe(200);
    expect((await owner.call('UpdateLanguage', { Language: 'fr' })).status).toBe(200);
    expect((await owner.call('UpdateLanguage', { Language: 'en' })).status).toBe(200);
    const changes = (await events(owner, { Filters: { Action: 'UpdateLanguage' } })).map((event) => event.Changes);
    expect(changes).toEqual([
      [{ Field: 'Language', OldValue: 'fr', NewValue: 'en' }],
      [{ Field: 'Language', OldValue: 'en', NewValue: 'fr' }],
    ]);
  });

  it("the log's readers see the account's people by name and email, to choose whose events to see", async () => {
    const { client: owner, email } = await signedUpClient(mailed.server.url);
    const auditor = await invitedSubUser(mailed.server, mailed.sink, owner, { Rights: ['ReadAuditLog'] });
    await owner.call('UpdateUserDetails', { UserName: auditor.userName, FirstName: 'Odile', LastName: 'Martin' });
    const people = (await auditor.client.call('ReadAuditPeople')).body.People as Record<string, string>[];
    // The owner first, then by name.
    expect(people).toEqual([
      { UserName: 'owner', DisplayName: 'Jean Dupont', Email: email },
      { UserName: auditor.userName, DisplayName: 'Odile Martin', Email: auditor.email },
    ]);
    // The UserName each one is listed with is what the ActorUserName filter takes.
    const listed = people.find((person) => person.DisplayName === 'Odile Martin')!;
    const theirs = await events(auditor.client, { Filters: { ActorUserName: listed.UserName } });
    expect(theirs.map((event) => event.Action)).toEqual(['SignIn', 'AcceptInvitation']);
    const other = await invitedSubUser(mailed.server, mailed.sink, owner);
    expect((await other.client.call('ReadAuditPeople')).status).toBe(403);
  });

  it('a sign-in, and a failed one, are events of the account, by the console, never with the password', async () => {
    const { email } = await signedUpClient(mailed.server.url);
    const browser = new ApiClient(mailed.server.url);
    expect((await browser.call('SignIn', { Email: email, Password: 'not the password at all' })).status).toBe(401);
    expect((await browser.call('SignIn', { Email: email, Password: STRONG_PASSWORD })).status).toBe(200);
    const activity = async () => (await browser.call('ReadSecurityActivity', {})).body.Events as AuditEvent[];
    // The failure is recorded apart from the answer, so that its timing tells nothing.
    await expect.poll(async () => (await activity()).filter((event) => event.Outcome === 'refused').length).toBe(1);
    const failed = (await activity()).find((event) => event.Outcome === 'refused');
    // Whoever typed it proved nothing: anonymous, with the address as a hash that tells nothing of it.
    expect(failed).toMatchObject({ Actor: 'anonymous', Action: 'SignIn', Reason: 'WrongPassword' });
    expect(failed!.Changes).toEqual([{ Field: 'EmailHash', NewValue: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
    expect(JSON.stringify(failed)).not.toContain(email);
    expect(JSON.stringify(failed)).not.toContain('not the password at all');
    const signIn = (await activity()).find((event) => event.Action === 'SignIn' && event.Outcome === 'success');
    expect(signIn).toMatchObject({
      Actor: 'owner',
      Interface: 'console',
      Action: 'SignIn',
      Changes: [
        { Field: 'Email', NewValue: email },
        { Field: 'Password', Secret: true },
      ],
    });
  });

  it('ASVS 16.3.1, 16.3.2: a refused signature, Basic password and right are events of the account concerned, without secrets', async () => {
    const { client: owner, email } = await signedUpClient(mailed.server.url);
    const key = (await owner.call('CreateAccessKey', {})).body.AccessKey as { AccessKeyId: string; SecretKey: string };
    const forged = await aws4fetchSigned(
      mailed.server.url,
      'ReadAccounts',
      {},
      {
        accessKeyId: key.AccessKeyId,
        secretKey: 'not the secret key of this access key at all',
      },
    );
    expect(forged.status).toBe(401);
    const basic = await fetch(`${mailed.server.url}/api/v1/ReadAccessKeys`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Basic ${Buffer.from(`${email}:not the password`).toString('base64')}`,
      },
      body: '{}',
    });
    expect(basic.status).toBe(401);
    const member = await invitedSubUser(mailed.server, mailed.sink, owner);
    expect((await member.client.call('ReadUsers')).status).toBe(403);

    const refused = async () =>
      ((await owner.call('ReadAuditLog', { Filters: { Outcome: 'refused' } })).body.Events as AuditEvent[]).map(
        (event) => [event.Action, event.Actor, event.Interface, event.Credential, event.Reason],
      );
    await expect.poll(async () => (await refused()).length).toBe(3);
    expect(await refused()).toEqual(
      expect.arrayContaining([
        ['ReadAccounts', 'anonymous', 'api', key.AccessKeyId, 'BadSignature'],
        ['ReadAccessKeys', 'anonymous', 'basic', undefined, 'WrongPassword'],
        ['ReadUsers', member.userName, 'console', expect.any(String), 'AccessDenied'],
      ]),
    );
    const stored = JSON.stringify(
      await mailed.server.services.store.db.selectFrom('audit_events').selectAll().execute(),
    );
    expect(stored).not.toContain('not the password');
    expect(stored).not.toContain(key.SecretKey);
  });

  it('exports every matching event as NDJSON, oldest first, past any page size', async () => {
    const { client: owner } = await signedUpClient(mailed.server.url);
    for (let i = 0; i < 30; i++) await owner.call('UpdateAccount', { City: `Ville ${i}` });
    const exported = await owner.call('ReadAuditLog', {
      Format: 'ndjson',
      ResultsPerPage: 5,
      Filters: { Action: 'UpdateAccount' },
    });
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    const lines = exported.text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as AuditEvent);
    expect(lines).toHaveLength(30);
    expect(lines[0]).toMatchObject({ Action: 'UpdateAccount', Changes: [{ Field: 'City', NewValue: 'Ville 0' }] });
    expect(lines.map((event) => event.Seq)).toEqual([...lines.map((event) => event.Seq)].sort((a, b) => a - b));
  });

  it('the chain verifies; editing or deleting one event is found at that event', async () => {
    const { client: owner } = await signedUpClient(mailed.server.url);
    for (const city of ['Lyon', 'Nantes', 'Lille', 'Brest']) await owner.call('UpdateAccount', { City: city });
    // Signing up and confirming the address came first: six events.
    const verified = await owner.call('VerifyAuditLog');
    expect(verified.body).toMatchObject({ Valid: true, VerifiedEvents: 6 });

    const accountId = ((await owner.call('ReadAccounts')).body.Accounts as { AccountId: string }[])[0]!.AccountId;
    const { db } = mailed.server.services.store;
    await db
      .updateTable('audit_events')
      .set({ changes: '[{"Field":"City","NewValue":"Paris"}]' })
      .where('account_id', '=', accountId)
      .where('seq', '=', 5)
      .execute();
    expect((await owner.call('VerifyAuditLog')).body).toMatchObject({
      Valid: false,
      VerifiedEvents: 4,
      FirstBrokenSeq: 5,
      Reason: 'content',
    });
    await db.deleteFrom('audit_events').where('account_id', '=', accountId).where('seq', '=', 4).execute();
    expect((await owner.call('VerifyAuditLog')).body).toMatchObject({
      Valid: false,
      FirstBrokenSeq: 4,
      Reason: 'missing',
    });
  });

  /** An account of six events, its id, and the database behind it, as someone who can write it but has not the server's key. */
  async function sixEvents() {
    const { client: owner } = await signedUpClient(mailed.server.url);
    for (const city of ['Lyon', 'Nantes', 'Lille', 'Brest']) await owner.call('UpdateAccount', { City: city });
    const accountId = ((await owner.call('ReadAccounts')).body.Accounts as { AccountId: string }[])[0]!.AccountId;
    expect((await owner.call('VerifyAuditLog')).body).toMatchObject({ Valid: true, VerifiedEvents: 6 });
    return { owner, accountId, db: mailed.server.services.store.db };
  }

  it('ASVS 16.4.2: an exported trail is verified elsewhere with the public key alone, and a rewritten event in it is found', async () => {
    const { owner, accountId, db } = await sixEvents();
    const exported = async () =>
      (
        await owner.raw('/api/v1/ReadAuditLog', {
          body: JSON.stringify({ Format: 'ndjson' }),
          headers: { 'content-type': 'application/json' },
        })
      ).text
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { Seq: number; Hash: string; PrevHash: string; Canonical: string });
    const head = (await owner.call('ReadAuditHead')).body as {
      AccountId: string;
      Seq: number;
      Hash: string;
      SignedAt: string;
      Signature: string;
    };
    const { PublicKey } = (await new ApiClient(mailed.server.url).call('ReadAuditSigningKey')).body as {
      PublicKey: Record<string, string>;
    };
    // What a verifier elsewhere does, with nothing but the export, the signed head and the public key.
    const verifies = (events: Awaited<ReturnType<typeof exported>>) => {
      const key = createPublicKey({ key: PublicKey, format: 'jwk' });
      const message = JSON.stringify(['audit-head-export', head.AccountId, head.Seq, head.Hash, head.SignedAt]);
      if (!verify(null, Buffer.from(message), key, Buffer.from(head.Signature, 'base64url'))) return 'signature';
      let prev = '0'.repeat(64);
      for (const event of events) {
        // The canonical form's 16th field is the hash it chains to.
        if (event.PrevHash !== prev || (JSON.parse(event.Canonical) as unknown[])[15] !== prev)
          return `link ${event.Seq}`;
        if (createHash('sha256').update(event.Canonical).digest('hex') !== event.Hash) return `content ${event.Seq}`;
        prev = event.Hash;
      }
      return prev === head.Hash && events.at(-1)?.Seq === head.Seq ? 'valid' : 'cut';
    };
    expect(head.AccountId).toBe(accountId);
    expect(verifies(await exported())).toBe('valid');
    await db
      .updateTable('audit_events')
      .set({ changes: '[{"Field":"City","NewValue":"Nowhere"}]' })
      .where('account_id', '=', accountId)
      .where('seq', '=', 3)
      .execute();
    expect(verifies(await exported())).toBe('content 3');
  });

  it('ASVS 16.4.2: deleting the newest events is found, even with the head moved back to the last one left', async () => {
    const { owner, accountId, db } = await sixEvents();
    await db.deleteFrom('audit_events').where('account_id', '=', accountId).where('seq', '>=', 5).execute();
    expect((await owner.call('VerifyAuditLog')).body).toMatchObject({
      Valid: false,
      FirstBrokenSeq: 5,
      Reason: 'missing',
    });
    const last = await db
      .selectFrom('audit_events')
      .select(['seq', 'hash'])
      .where('account_id', '=', accountId)
      .where('seq', '=', 4)
      .executeTakeFirstOrThrow();
    await db
      .updateTable('accounts')
      .set({ audit_seq: last.seq, audit_hash: last.hash })
      .where('account_id', '=', accountId)
      .execute();
    expect((await owner.call('VerifyAuditLog')).body).toMatchObject({
      Valid: false,
      FirstBrokenSeq: 5,
      Reason: 'missing',
    });
    // The server does not vouch for a head moved by hand.
    expect((await owner.call('ReadAuditHead')).status).toBe(400);
    // What the server appends after a head it did not seal keeps the break where it is.
    expect((await owner.call('UpdateAccount', { City: 'Quimper' })).status).toBe(200);
    expect((await owner.call('VerifyAuditLog')).body).toMatchObject({
      Valid: false,
      FirstBrokenSeq: 5,
      Reason: 'seal',
    });
  });

  it('ASVS 16.4.2: a trail deleted whole, its head set back to the start, is found, before and after the next event', async () => {
    const { owner, accountId, db } = await sixEvents();
    await db.deleteFrom('audit_events').where('account_id', '=', accountId).execute();
    await db
      .updateTable('accounts')
      .set({ audit_seq: 0, audit_hash: '0'.repeat(64), audit_head_seal: null })
      .where('account_id', '=', accountId)
      .execute();
    expect((await owner.call('VerifyAuditLog')).body).toMatchObject({
      Valid: false,
      FirstBrokenSeq: 1,
      Reason: 'missing',
    });
    expect((await owner.call('UpdateAccount', { City: 'Quimper' })).status).toBe(200);
    expect((await owner.call('VerifyAuditLog')).body).toMatchObject({
      Valid: false,
      FirstBrokenSeq: 1,
      Reason: 'seal',
    });
  });

  it('ASVS 16.4.2: an event rewritten with the plain SHA-256 chain recomputed after it is found at that event', async () => {
    const { owner, accountId, db } = await sixEvents();
    const rows = await db
      .selectFrom('audit_events')
      .selectAll()
      .where('account_id', '=', accountId)
      .orderBy('seq')
      .execute();
    // What a database writer can do: rewrite event 3 and every hash after it, and the head.
    let prev = rows[1]!.hash;
    for (const row of rows.slice(2)) {
      const rewritten = {
        ...row,
        prev_hash: prev,
        ...(row.seq === 3 ? { changes: '[{"Field":"City","NewValue":"Nowhere"}]' } : {}),
      };
      prev = eventHash(chainedEventOf(rewritten));
      await db
        .updateTable('audit_events')
        .set({ changes: rewritten.changes, prev_hash: rewritten.prev_hash, hash: prev })
        .where('account_id', '=', accountId)
        .where('seq', '=', row.seq)
        .execute();
    }
    await db.updateTable('accounts').set({ audit_hash: prev }).where('account_id', '=', accountId).execute();
    expect((await owner.call('VerifyAuditLog')).body).toMatchObject({
      Valid: false,
      VerifiedEvents: 2,
      FirstBrokenSeq: 3,
      Reason: 'seal',
    });
  });
});

describe.each(ENGINES)('audit retention on %s', (engine) => {
  const mailed = useMailedServer(engine, { TESSERA_AUDIT_RETENTION_DAYS: '30' });
  const DAY = 24 * 60 * 60_000;

  it('deletes events past retention by whole prefixes; the signed checkpoint keeps the rest verifiable, and cannot be moved', async () => {
    const { server } = mailed;
    const { client: owner, account } = await signedUpClient(server.url);
    const accountId = account.AccountId as string;
    await owner.call('UpdateAccount', { City: 'Lyon' });
    await owner.call('UpdateAccount', { City: 'Nantes' });
    server.clock.advance(31 * DAY);
    // The session is older than that: a new one, then two recent events.
    const again = new ApiClient(server.url);
    await again.call('SignIn', { Email: account.Email as string, Password: STRONG_PASSWORD });
    await again.call('UpdateAccount', { City: 'Lille' });
    const before = (await again.call('VerifyAuditLog')).body;
    expect(before).toMatchObject({ Valid: true, VerifiedEvents: 6 });

    expect(await pruneAuditEvents(server.services)).toBeGreaterThan(0);
    const events = (await again.call('ReadAuditLog')).body.Events as AuditEvent[];
    expect(events.map((event) => event.Action)).toEqual(['UpdateAccount', 'SignIn']);
    expect((await again.call('VerifyAuditLog')).body).toMatchObject({
      Valid: true,
      VerifiedEvents: 2,
      PrunedThroughSeq: 4,
    });

    // Tampering after pruning is still found; so is a checkpoint moved by hand.
    const { db } = server.services.store;
    await db
      .updateTable('audit_events')
      .set({ ip: '203.0.113.9' })
      .where('account_id', '=', accountId)
      .where('seq', '=', 6)
      .execute();
    expect((await again.call('VerifyAuditLog')).body).toMatchObject({
      Valid: false,
      FirstBrokenSeq: 6,
      Reason: 'content',
    });
    await db.updateTable('audit_checkpoints').set({ seq: 5 }).where('account_id', '=', accountId).execute();
    expect((await again.call('VerifyAuditLog')).body).toMatchObject({ Valid: false, Reason: 'checkpoint' });
  });
});

describe.each(ENGINES)('the audit trail under faults on %s', (engine) => {
  const mailed = useMailedServer(engine);

  /** Makes the database refuse one kind of statement, as a full disk or a lost connection would. */
  async function refuse(table: 'audit_events' | 'accounts', when: 'INSERT' | 'UPDATE') {
    const { db } = mailed.server.services.store;
    if (engine === 'sqlite') {
      await sql
        .raw(`create trigger injected_fault before ${when} on ${table} begin select raise(abort, 'injected'); end`)
        .execute(db);
      return () => sql`drop trigger injected_fault`.execute(db);
    }
    await sql`create or replace function injected_fault() returns trigger language plpgsql as $$ begin raise exception 'injected'; end $$`.execute(
      db,
    );
    await sql
      .raw(`create trigger injected_fault before ${when} on ${table} for each row execute function injected_fault()`)
      .execute(db);
    return () => sql.raw(`drop trigger injected_fault on ${table}`).execute(db);
  }

  it('a change whose event cannot be written does not happen; an event is never written for a change that failed', async () => {
    const { client: owner } = await signedUpClient(mailed.server.url);
    await owner.call('UpdateAccount', { City: 'Lyon' });
    const trail = async () => (await owner.call('ReadAuditLog')).body.Events as AuditEvent[];
    const city = async () => ((await owner.call('ReadAccounts')).body.Accounts as { City?: string }[])[0]!.City;
    const before = (await trail()).length;

    const restoreEvents = await refuse('audit_events', 'INSERT');
    const withoutEvent = await owner.call('UpdateAccount', { City: 'Nantes' });
    await restoreEvents();
    expect(withoutEvent.status).toBe(500);
    expect(await city()).toBe('Lyon');

    const restoreAccounts = await refuse('accounts', 'UPDATE');
    const withoutChange = await owner.call('UpdateAccount', { City: 'Lille' });
    await restoreAccounts();
    expect(withoutChange.status).toBe(500);
    expect(await city()).toBe('Lyon');
    expect((await trail()).length).toBe(before);
    expect((await owner.call('VerifyAuditLog')).body).toMatchObject({ Valid: true });
  });
});
