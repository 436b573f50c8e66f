import { execFile } from 'node:child_process';
import { randomBytes, verify, createPublicKey } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { derivedKeyId } from '../../src/auth/key-ring.js';
import { SEALED_COLUMNS } from '../../src/auth/reseal.js';
import { reseal } from '../../src/cli/maintenance.js';
import { loadConfig, type Config } from '../../src/config.js';
import { exportedHeadMessage } from '../../src/domain/audit-chain.js';
import { createServer } from '../../src/server.js';
import { migrate, openStore } from '../../src/store/database.js';
import { ApiClient, signedUpClient, STRONG_PASSWORD } from '../support/api-client.js';
import { mailboxOf, registerMailbox, SmtpSink } from '../support/mailbox.js';
import { freePorts } from '../support/ports.js';
import { aws4fetchSigned } from '../support/signed-clients.js';
import { ENGINES, throwAwayPostgres } from '../support/test-server.js';

const run = promisify(execFile);
const newKey = () => randomBytes(32);
const A = newKey();
const B = newKey();
const C = newKey();
const ring = (...keys: Buffer[]) => keys.map((key) => key.toString('base64')).join(',');

interface Jwk {
  kty: string;
  crv: string;
  x: string;
  kid: string;
}

describe.each(ENGINES)('rotating the server key on %s', (engine) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tessera-keys-'));
  let database: { url: string; drop: () => Promise<void> } | undefined;
  let sink: SmtpSink;
  let port: number;
  let app: FastifyInstance | undefined;
  const url = () => `http://127.0.0.1:${port}`;

  beforeAll(async () => {
    database = engine === 'postgres' ? await throwAwayPostgres() : undefined;
    sink = await SmtpSink.start();
    [port] = (await freePorts(1)) as [number];
  });
  afterAll(async () => {
    await app?.close();
    await sink.stop();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const configWith = (secretKey: string): Config =>
    loadConfig({
      TESSERA_DATA_DIR: dataDir,
      TESSERA_PORT: String(port),
      TESSERA_PUBLIC_URL: url(),
      TESSERA_LOG_LEVEL: 'silent',
      SMTP_URL: sink.url,
      TESSERA_SECRET_KEY: secretKey,
      ...(database ? { DATABASE_URL: database.url } : {}),
    });

  /** Stops the running server, if any, and starts one on the same database with `secretKey`. */
  async function restart(secretKey: string): Promise<void> {
    await app?.close();
    app = undefined;
    const started = await createServer(configWith(secretKey), pino({ level: 'silent' }));
    await started.app.listen({ host: '127.0.0.1', port });
    registerMailbox(url(), sink.url.replace(/\/$/, ''));
    app = started.app;
  }

  async function startRefused(secretKey: string): Promise<string> {
    await app?.close();
    app = undefined;
    const error = await createServer(configWith(secretKey), pino({ level: 'silent' })).then(
      () => new Error('started'),
      (refusal: unknown) => refusal as Error,
    );
    return error.message;
  }

  it('seals with the newest key; older keys open what they sealed; reseal lets them go; a ring that opens nothing stops start-up', async () => {
    await restart(ring(A));
    const { client: owner, email } = await signedUpClient(url());
    const key = (await owner.call('CreateAccessKey')).body.AccessKey as { AccessKeyId: string; SecretKey: string };
    const keys = { accessKeyId: key.AccessKeyId, secretKey: key.SecretKey };
    expect((await aws4fetchSigned(url(), 'UpdateAccount', { City: 'Lyon' }, keys)).status).toBe(200);
    const headUnderA = (await owner.call('ReadAuditHead')).body as Record<string, string | number>;
    const [publicA] = (await owner.call('ReadAuditSigningKey')).body.PublicKeys as Jwk[];

    // B is the new key, A still opens: signed calls, sessions, mails and the audit chain go on.
    await restart(ring(B, A));
    expect((await aws4fetchSigned(url(), 'UpdateAccount', { City: 'Brest' }, keys)).status).toBe(200);
    expect((await owner.call('VerifyAuditLog')).body).toMatchObject({ Valid: true });
    await new ApiClient(url()).call('SendResetPasswordEmail', { Email: email });
    expect((await mailboxOf(url()).waitFor(email, /reset-password#/)).text).toBeTruthy();
    const published = (await owner.call('ReadAuditSigningKey')).body as { PublicKey: Jwk; PublicKeys: Jwk[] };
    expect(published.PublicKeys).toHaveLength(2);
    expect(published.PublicKeys[1]).toEqual(publicA);
    expect(published.PublicKey.kid).not.toBe(publicA!.kid);
    // A head signed before the rotation still checks with the key its KeyId names.
    const signer = published.PublicKeys.find((jwk) => jwk.kid === headUnderA.KeyId)!;
    const message = exportedHeadMessage(
      String(headUnderA.AccountId),
      Number(headUnderA.Seq),
      String(headUnderA.Hash),
      String(headUnderA.SignedAt),
    );
    expect(
      verify(
        null,
        Buffer.from(message),
        createPublicKey({ key: { ...signer }, format: 'jwk' }),
        Buffer.from(String(headUnderA.Signature), 'base64url'),
      ),
    ).toBe(true);

    // Before a reseal, the old key cannot go yet: start-up says so, naming it.
    expect(await startRefused(ring(B))).toBe(
      `TESSERA_SECRET_KEY does not open the secrets stored in this database (sealed with key ${derivedKeyId(A)}): put the key that sealed them in the ring, after the newest (TESSERA_SECRET_KEY=new,old), then run tessera reseal before retiring it.`,
    );

    // `tessera reseal`, a process of its own, beside the running server and its writes; then
    // again: nothing left the second time.
    await restart(ring(B, A));
    let writing = true;
    const writes = (async () => {
      for (let i = 0; writing; i += 1) {
        const answer = await aws4fetchSigned(url(), 'UpdateAccount', { City: `Ville ${i}` }, keys);
        if (answer.status !== 200) throw new Error(`a write failed beside the reseal: ${answer.text}`);
      }
    })();
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'reseal'], {
      env: {
        ...process.env,
        TESSERA_DATA_DIR: dataDir,
        TESSERA_SECRET_KEY: ring(B, A),
        ...(database ? { DATABASE_URL: database.url } : {}),
      },
    });
    writing = false;
    await writes;
    const said = stdout.trim().split('\n');
    expect(said.find((line) => line.startsWith('access_keys.secret_sealed'))).toMatch(
      /^access_keys.secret_sealed: 1 resealed/,
    );
    expect(said.find((line) => line.startsWith('audit_events.seal'))).toMatch(/^audit_events.seal: [1-9]\d* resealed/);
    expect(said.at(-1)).toMatch(/^Done: nothing is sealed with an older key any more/);
    const again: string[] = [];
    await reseal(configWith(ring(B, A)), (line) => again.push(line));
    expect(again.filter((line) => / [1-9]\d* resealed/.test(line))).toEqual([]);

    // Only B now: everything opens and verifies.
    await restart(ring(B));
    expect((await aws4fetchSigned(url(), 'UpdateAccount', { City: 'Nantes' }, keys)).status).toBe(200);
    expect((await owner.call('VerifyAuditLog')).body).toMatchObject({ Valid: true });
    expect((await new ApiClient(url()).call('SignIn', { Email: email, Password: STRONG_PASSWORD })).status).toBe(200);
    expect(((await owner.call('ReadAuditSigningKey')).body.PublicKeys as Jwk[]).length).toBe(1);

    // A key that sealed nothing here stops start-up at once, never a 500 later.
    expect(await startRefused(ring(C))).toBe(
      `TESSERA_SECRET_KEY does not open the secrets stored in this database (sealed with key ${derivedKeyId(B)}): put the key that sealed them in the ring, after the newest (TESSERA_SECRET_KEY=new,old), then run tessera reseal before retiring it.`,
    );
    // The same id given to another key is found too.
    expect(await startRefused(`${derivedKeyId(B)}:${C.toString('base64')}`)).toMatch(
      /^TESSERA_SECRET_KEY does not open the secrets stored in this database/,
    );
    await restart(ring(B));
    expect((await aws4fetchSigned(url(), 'ReadAccounts', {}, keys)).status).toBe(200);
  }, 90_000);

  it('values sealed before keys had ids open with the key that sealed them, which start-up then asks for until a reseal', async () => {
    await restart(ring(B));
    const { client: owner } = await signedUpClient(url());
    const key = (await owner.call('CreateAccessKey')).body.AccessKey as { AccessKeyId: string; SecretKey: string };
    const keys = { accessKeyId: key.AccessKeyId, secretKey: key.SecretKey };
    await app?.close();
    app = undefined;
    // As the database of an older Tessera held them: sealed values with no key id, and no canaries.
    const store = openStore({ url: database?.url ?? `sqlite:${join(dataDir, 'tessera.db')}` });
    const dot =
      engine === 'postgres'
        ? (column: string) => sql`strpos(${sql.ref(column)}, '.')`
        : (column: string) => sql`instr(${sql.ref(column)}, '.')`;
    for (const { table, column } of SEALED_COLUMNS)
      await sql`update ${sql.table(table)} set ${sql.ref(column)} = substr(${sql.ref(column)}, ${dot(column)} + 1) where ${sql.ref(column)} like '%.%' and ${sql.ref(column)} not like '{%'`.execute(
        store.db,
      );
    await store.db.deleteFrom('secret_key_canaries').execute();
    await store.close();

    await restart(ring(C, B));
    expect((await aws4fetchSigned(url(), 'UpdateAccount', { City: 'Lyon' }, keys)).status).toBe(200);
    expect((await owner.call('VerifyAuditLog')).body).toMatchObject({ Valid: true });
    expect(await startRefused(ring(C))).toMatch(
      new RegExp(
        `^TESSERA_SECRET_KEY does not open the secrets stored in this database \\(sealed with key ${derivedKeyId(B)}\\)`,
      ),
    );
    await restart(ring(C, B));
    const said: string[] = [];
    await reseal(configWith(ring(C, B)), (line) => said.push(line));
    expect(said.at(-1)).toMatch(/^Done: nothing is sealed with an older key any more/);
    await restart(ring(C));
    expect((await aws4fetchSigned(url(), 'ReadAccounts', {}, keys)).status).toBe(200);
    expect((await owner.call('VerifyAuditLog')).body).toMatchObject({ Valid: true });
  }, 90_000);
});

describe('what tessera reseal covers', () => {
  it('every column that holds a sealed value or a seal is one reseal seals again (a new one must be added to SEALED_COLUMNS)', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'tessera-keys-'));
    const store = openStore({ url: `sqlite:${join(folder, 'tessera.db')}` });
    try {
      await migrate(store, { seal: () => '', holds: () => false });
      const { rows } = await sql<{ table: string; column: string }>`
        select m.name as "table", p.name as "column" from sqlite_master m, pragma_table_info(m.name) p
        where m.type = 'table'`.execute(store.db);
      const sealed = rows
        .filter(({ table, column }) => /seal|signature|payload/.test(column) && table !== 'used_signatures')
        .map(({ table, column }) => `${table}.${column}`)
        .sort();
      expect(sealed).toEqual(SEALED_COLUMNS.map(({ table, column }) => `${table}.${column}`).sort());
    } finally {
      await store.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
