import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hash } from '@node-rs/argon2';
import { CompiledQuery } from 'kysely';
import { eventRow, type AuditEntry } from '../src/calls/pipeline/audit-writer.js';
import { findSigningKey } from '../src/store/access-keys.js';
import { profileOf, readAccount, updateProfileFields, updateProfileWithEvent } from '../src/store/accounts.js';
import { chainHeadOf, lockChainHead } from '../src/store/audit-events.js';
import { migrate, openStore, type Engine } from '../src/store/database.js';
import { sweepExpired } from '../src/store/expiry-sweeps.js';
import { findSession } from '../src/store/sessions.js';
import { findUserByEmailKey } from '../src/store/users.js';
import { SmtpSink } from '../test/support/mailbox.js';
import { throwAwayPostgres } from '../test/support/test-server.js';
import { benchUsers, type BenchUsers } from './bench-users.js';
import { HOT_REQUESTS } from './hot-requests.js';
import { compare, load, PASSWORD, report, type Ceiling, type Row } from './load.js';
import { startProcess, type Started } from './processes.js';
import { seededAccount, seedAccounts } from './seed-accounts.js';

// The hot calls at a thousand accounts and at a million (BENCH_ACCOUNTS), each Tessera on its own
// database, measured in alternating rounds: every hot statement is an index lookup, so the size
// of the tables must not show (issue 17: within 10 %). The plans of the hot statements follow.
const SMALL = 1_000;
const LARGE = Number(process.env.BENCH_ACCOUNTS ?? 1_000_000);
const here = fileURLToPath(new URL('.', import.meta.url));

const dataDir = mkdtempSync(join(tmpdir(), 'tessera-scale-'));
const mail = await SmtpSink.start();
const running: Started[] = [];
const databases: { drop(): Promise<void> }[] = [];
const passwordHash = await hash(PASSWORD, { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 });

async function databaseUrl(engine: Engine, label: string): Promise<string> {
  if (engine === 'sqlite') return `sqlite:${join(dataDir, label, 'tessera.db')}`;
  const database = await throwAwayPostgres();
  databases.push(database);
  return database.url;
}

/** The plan of each statement the hot paths run, on the seeded tables. */
async function plans(url: string, engine: Engine): Promise<string[]> {
  const statements = new Map<string, readonly unknown[]>();
  const store = openStore({ url, onQuery: (text, parameters) => void statements.set(text, parameters) });
  const { accountId, tokenHash, accessKeyId, ownerEmailKey } = seededAccount(Math.floor(LARGE / 2));
  try {
    await findSession(store.db, tokenHash);
    await findSigningKey(store.db, accessKeyId);
    await readAccount(store.db, accountId);
    await findUserByEmailKey(store.db, ownerEmailKey);
    await store.transaction(
      async (tx) => {
        const row = (await readAccount(tx.db, accountId))!;
        const profile = { ...profileOf(row), City: 'Lyon' };
        // A session's UpdateAccount on PostgreSQL: the change and its event in one statement.
        if (engine === 'postgres') {
          const context = { principal: undefined, device: { ip: '127.0.0.1', userAgent: 'bench' } };
          const entry: AuditEntry = { accountId, action: 'UpdateAccount', changes: [], outcome: 'success' };
          await updateProfileWithEvent(
            tx.db,
            row,
            profile,
            eventRow(context, entry, chainHeadOf(row), Date.now(), { seal: () => 'a seal', holds: () => false }),
          );
        }
        // The transaction it falls back to: on SQLite, signed, or when the account moved meanwhile.
        await updateProfileFields(tx, row, profile, ['City'], Date.now());
        tx.chainHeads.clear();
        await lockChainHead(tx, accountId);
      },
      { rollback: true },
    );
    await sweepExpired(store.db, engine, Date.now());
    const lines: string[] = [];
    const explain = engine === 'postgres' ? 'explain (costs off) ' : 'explain query plan ';
    for (const [text, parameters] of statements) {
      if (!/^(select|update|delete|with)/i.test(text.trim())) continue;
      const result = await store.db.executeQuery<Record<string, unknown>>(
        CompiledQuery.raw(explain + text, [...parameters]),
      );
      const plan = result.rows.map((row) => String(row['QUERY PLAN'] ?? row.detail)).join('\n    ');
      lines.push(`${text.replace(/\s+/g, ' ').slice(0, 160)}…\n    ${plan}`);
    }
    return lines;
  } finally {
    await store.close();
  }
}

/** A database of `count` accounts and a Tessera on it, with the bench's users signed up through the API. */
async function seeded(engine: Engine, count: number): Promise<{ url: string; users: BenchUsers; plans: string[] }> {
  const url = await databaseUrl(engine, `scale_${count}`);
  const store = openStore({ url });
  const started = Date.now();
  try {
    await migrate(store, { seal: () => 'a seal', holds: () => false });
    await seedAccounts(store.db, engine, count, passwordHash, (line) => console.log(line));
  } finally {
    await store.close();
  }
  console.log(
    `${engine}: ${count.toLocaleString('en')} accounts seeded in ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
  const explained = count === LARGE ? await plans(url, engine) : [];
  const tessera = await startProcess(join(here, '..', 'src', 'cli', 'main.js'), {
    TESSERA_PORT: '0',
    TESSERA_LOG_LEVEL: 'info',
    TESSERA_DRAIN_SECONDS: '0',
    SMTP_URL: mail.url,
    TESSERA_DATA_DIR: join(dataDir, `scale_${count}`),
    ...(engine === 'postgres' ? { DATABASE_URL: url } : {}),
  });
  running.push(tessera);
  return { url: tessera.url, users: await benchUsers(tessera.url, mail), plans: explained };
}

try {
  for (const engine of (process.env.BENCH_ENGINES ?? 'sqlite,postgres').split(',') as Engine[]) {
    const small = await seeded(engine, SMALL);
    const large = await seeded(engine, LARGE);
    const rows: Row[] = [];
    for (const [name, requests] of Object.entries(HOT_REQUESTS)) {
      const atSmall: Ceiling = async () => (await load(requests(small.url, small.users))).requests.average;
      rows.push({
        name,
        measure: await compare(requests(large.url, large.users), {
          [`${SMALL.toLocaleString('en')} accounts`]: atSmall,
        }),
        target: 0.9,
        against: `${SMALL.toLocaleString('en')} accounts`,
      });
    }
    report(`${engine}: ${LARGE.toLocaleString('en')} accounts against ${SMALL.toLocaleString('en')}`, rows);
    console.log(`\n${engine}: plans of the hot statements at ${LARGE.toLocaleString('en')} accounts\n`);
    for (const plan of large.plans) console.log(`  ${plan}\n`);
    for (const started of running.splice(0)) await started.stop();
  }
} finally {
  for (const started of running) await started.stop();
  for (const database of databases) await database.drop();
  await mail.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
