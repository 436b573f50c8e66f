import { performance } from 'node:perf_hooks';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Engine } from '../src/store/database.js';
import type { Database } from '../src/store/schema.js';

/** Rows written by one statement: set-based, so a million accounts take minutes, not hours. */
const BATCH = 100_000;
const HOUR = 60 * 60_000;

/**
 * What a million customers look like, in proportion: every account has its owner, with an
 * address confirmed and a live session; one in two has a sub-user with a right; one in three an
 * access key. All share one Argon2id hash (its length and cost are real; nobody signs in as them).
 */
export interface SeededShape {
  accounts: number;
  users: number;
  sessions: number;
  accessKeys: number;
}

/** How the seed numbers row `i`'s identifiers: `offset + i`, zero-padded to `width` digits. */
interface Numbering {
  width: number;
  offset: number;
}
const ACCOUNT_ID: Numbering = { width: 12, offset: 100_000_000_000 };
const CUSTOMER_ID: Numbering = { width: 8, offset: 10_000_000 };
const TOKEN_HASH: Numbering = { width: 64, offset: 0 };
const KEY_ID: Numbering = { width: 16, offset: 0 };

/** `i` numbered so, in each engine's SQL. */
function padded(engine: Engine, { width, offset }: Numbering): RawBuilder<string> {
  return engine === 'postgres'
    ? sql<string>`lpad((${sql.lit(offset)} + i)::text, ${sql.lit(width)}, '0')`
    : sql<string>`printf('%0${sql.raw(String(width))}d', ${sql.lit(offset)} + i)`;
}

const number = ({ width, offset }: Numbering, i: number) => String(offset + i).padStart(width, '0');

/** What the seed gave account `i`, to look it up as requests do: its id, its owner's session and address, and its key (every third account has one: the nearest at or below). */
export function seededAccount(i: number) {
  return {
    accountId: number(ACCOUNT_ID, i),
    tokenHash: number(TOKEN_HASH, i),
    accessKeyId: `SEED${number(KEY_ID, i - (i % 3))}`,
    ownerEmailKey: `seed.${i}@example.com`,
  };
}

/** The integers from..to as a row source named `s` with column `i`. */
function series(engine: Engine, from: number, to: number): RawBuilder<unknown> {
  return engine === 'postgres'
    ? sql`generate_series(${sql.lit(from)}, ${sql.lit(to)}) as s(i)`
    : sql`(with recursive n(i) as (select ${sql.lit(from)} union all select i + 1 from n where i < ${sql.lit(to)}) select i from n) as s`;
}

/**
 * Bulk-inserts `count` accounts, numbered from 1, with their users, sessions and keys: straight
 * into the tables, as the API would have left them, through no call (the API would take days).
 */
export async function seedAccounts(
  db: Kysely<Database>,
  engine: Engine,
  count: number,
  passwordHash: string,
  log: (line: string) => void = () => undefined,
): Promise<SeededShape> {
  const now = Date.now();
  const started = performance.now();
  const accountId = padded(engine, ACCOUNT_ID);
  for (let from = 1; from <= count; from += BATCH) {
    const to = Math.min(from + BATCH - 1, count);
    const rows = series(engine, from, to);
    await sql`
      insert into accounts (account_id, customer_id, first_name, last_name, company_name, phone_number, city,
        zip_code, country, additional_emails, created_at, updated_at)
      select ${accountId}, ${padded(engine, CUSTOMER_ID)}, 'Seed', 'Customer ' || i, 'Company ' || (i % 50000),
        '+33123456789', 'Paris', '75001', 'FR', '[]', ${sql.lit(now)} - i, ${sql.lit(now)}
      from ${rows}`.execute(db);
    await sql`
      insert into users (user_id, account_id, email, email_key, password_hash, is_owner, language, created_at,
        email_confirmed_at, path, rights, updated_at)
      select 'seed-owner-' || i, ${accountId}, 'seed.' || i || '@example.com', 'seed.' || i || '@example.com',
        ${passwordHash}, 1, 'en', ${sql.lit(now)} - i, ${sql.lit(now)} - i, '/', '[]', ${sql.lit(now)}
      from ${rows}`.execute(db);
    await sql`
      insert into users (user_id, account_id, email, email_key, password_hash, is_owner, language, created_at,
        email_confirmed_at, user_name, user_name_key, path, first_name, last_name, rights, updated_at)
      select 'seed-member-' || i, ${accountId}, 'seed.member.' || i || '@example.com',
        'seed.member.' || i || '@example.com', ${passwordHash}, 0, 'fr', ${sql.lit(now)} - i, ${sql.lit(now)} - i,
        'member', 'member', '/', 'Marie', 'Martin', '["ManageNetwork"]', ${sql.lit(now)}
      from ${rows} where i % 2 = 0`.execute(db);
    await sql`
      insert into sessions (token_hash, session_id, user_id, created_at, last_seen_at, expires_at, ip, user_agent,
        authenticated_at)
      select ${padded(engine, TOKEN_HASH)}, 'seed-session-' || i, 'seed-owner-' || i, ${sql.lit(now - HOUR)}, ${sql.lit(now - HOUR)},
        ${sql.lit(now + 11 * HOUR)}, '192.0.2.1', 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0', ${sql.lit(now - HOUR)}
      from ${rows}`.execute(db);
    await sql`
      insert into access_keys (access_key_id, user_id, account_id, secret_sealed, state, created_at, updated_at)
      select 'SEED' || ${padded(engine, KEY_ID)}, 'seed-owner-' || i, ${accountId}, 'seeded, never used', 'ACTIVE',
        ${sql.lit(now)} - i, ${sql.lit(now)}
      from ${rows} where i % 3 = 0`.execute(db);
    log(`  ${to.toLocaleString('en')} accounts (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  }
  // Fresh statistics and visibility maps, as a DBA leaves them after such a load: otherwise
  // autovacuum takes the cores for minutes while the bench measures.
  await (engine === 'postgres' ? sql`vacuum analyze` : sql`analyze`).execute(db);
  return {
    accounts: count,
    users: count + Math.floor(count / 2),
    sessions: count,
    accessKeys: Math.floor(count / 3),
  };
}
