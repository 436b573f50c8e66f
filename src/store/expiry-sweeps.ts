import { sql, type Kysely } from 'kysely';
import type { Engine } from './database.js';
import type { Database } from './schema.js';

/** Rows deleted by one statement: a sweep never holds many locks, nor the writer, for long. */
const BATCH = 1000;
/** Statements per table and sweep: what is left goes at the next one. */
const BATCHES = 20;
/** How long a row is kept once expired: a link followed a little late still says "expired", not "unknown". */
const GRACE_MS = 24 * 60 * 60_000;

/** What expires, by table: its key, and the column that says when (indexed, see migration 0015). */
const EXPIRING = [
  { table: 'sessions', key: 'token_hash', at: 'expires_at' },
  { table: 'email_tokens', key: 'token_hash', at: 'expires_at' },
  { table: 'oidc_flows', key: 'state_hash', at: 'expires_at' },
  { table: 'sign_in_challenges', key: 'challenge_hash', at: 'expires_at' },
  { table: 'webauthn_challenges', key: 'challenge', at: 'expires_at' },
  { table: 'support_codes', key: 'code_hash', at: 'expires_at' },
  { table: 'used_signatures', key: 'signature', at: 'expires_at' },
  { table: 'idempotency_keys', key: 'key_hash', at: 'expires_at' },
  { table: 'oidc_provider_records', key: 'record_key', at: 'expires_at' },
] as const satisfies readonly { table: keyof Database; key: string; at: string }[];

/**
 * Deletes, oldest first, at most BATCH rows of `table` that `where` selects by its indexed
 * column; PostgreSQL passes over rows another instance is deleting. Returns how many went.
 */
async function deleteBatch(
  db: Kysely<Database>,
  engine: Engine,
  spec: { table: string; key: string; at: string },
  where: ReturnType<typeof sql>,
): Promise<number> {
  const [table, key, at] = [sql.table(spec.table), sql.ref(spec.key), sql.ref(spec.at)];
  const skipLocked = engine === 'postgres' ? sql` for update skip locked` : sql``;
  const result = await sql`
    delete from ${table} where ${key} in (
      select ${key} from ${table} where ${where} order by ${at} limit ${BATCH}${skipLocked})`.execute(db);
  return Number(result.numAffectedRows ?? 0n);
}

async function sweepTable(
  db: Kysely<Database>,
  engine: Engine,
  spec: { table: string; key: string; at: string },
  where: ReturnType<typeof sql>,
): Promise<number> {
  let swept = 0;
  for (let batch = 0; batch < BATCHES; batch++) {
    const deleted = await deleteBatch(db, engine, spec, where);
    swept += deleted;
    if (deleted < BATCH) break;
  }
  return swept;
}

/**
 * Forgets what has expired — sessions, mailed links' tokens, sign-in flows and challenges, support
 * codes, used signatures, kept idempotent answers — and the failure counts of addresses and keys left alone for a day, in
 * bounded batches by index, on whichever instance gets there. Failure counts of accounts and of
 * second factors stay:
 * they count consecutive failures until a success or a reset (NIST SP 800-63B-4 §3.2.2).
 * Returns the rows deleted, by table.
 */
export async function sweepExpired(db: Kysely<Database>, engine: Engine, now: number): Promise<Record<string, number>> {
  const swept: Record<string, number> = {};
  for (const spec of EXPIRING) {
    // Nobody is told about a used signature or an idempotency key past its time: they go at once.
    const cutoff = spec.table === 'used_signatures' || spec.table === 'idempotency_keys' ? now : now - GRACE_MS;
    swept[spec.table] = await sweepTable(db, engine, spec, sql`${sql.ref(spec.at)} < ${cutoff}`);
  }
  swept.auth_failures = await sweepTable(
    db,
    engine,
    { table: 'auth_failures', key: 'subject', at: 'updated_at' },
    sql`updated_at < ${now - GRACE_MS} and locked_until < ${now} and subject not like ${'signin:%'} and subject not like ${'factor:%'}`,
  );
  return swept;
}
