import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, sql, SqliteDialect, type Migration, type MigrationResultSet } from 'kysely';
import pg from 'pg';
import type { AuditSealer } from '../domain/audit-chain.js';
import * as accountsUsersSessions from './migrations/0001-accounts-users-sessions.js';
import * as accessKeys from './migrations/0002-access-keys.js';
import * as outboxEmailTokens from './migrations/0003-outbox-email-tokens.js';
import * as emailChange from './migrations/0004-email-change.js';
import * as subUsers from './migrations/0005-sub-users.js';
import * as externalLogins from './migrations/0006-external-logins.js';
import * as usedSignatures from './migrations/0007-used-signatures.js';
import * as lastUsedAndLinkEnds from './migrations/0008-last-used-and-link-ends.js';
import * as operations from './migrations/0009-operations.js';
import * as auditEvents from './migrations/0010-audit-events.js';
import * as auditReasonsCheckpointsSupportCodes from './migrations/0011-audit-reasons-checkpoints-support-codes.js';
import * as secondFactors from './migrations/0012-second-factors.js';
import * as passkeys from './migrations/0013-passkeys.js';
import * as accountVersionAndChainHead from './migrations/0014-account-version-and-chain-head.js';
import * as expiryIndexes from './migrations/0015-expiry-indexes.js';
import * as operationResults from './migrations/0016-operation-results.js';
import { auditSeals } from './migrations/0017-audit-seals.js';
import * as idempotencyKeys from './migrations/0018-idempotency-keys.js';
import * as verifyCounts from './migrations/0019-verify-counts.js';
import * as oidcProviderStorage from './migrations/0020-oidc-provider-storage.js';
import * as accountEvents from './migrations/0021-account-events.js';
import * as secretKeyCanaries from './migrations/0022-secret-key-canaries.js';
import { postgresPool, type PoolUse } from './postgres-pool.js';
import { privateDirectory, privateFile } from './private-files.js';
import type { Database } from './schema.js';
import { runTransaction, type TransactionOptions, type WriteTransaction } from './transaction.js';

export type Engine = 'sqlite' | 'postgres';

export interface Store {
  db: Kysely<Database>;
  engine: Engine;
  /** Runs `work` in one transaction that knows how to lock rows on this engine (see transaction.ts). */
  transaction<T>(work: (tx: WriteTransaction) => Promise<T>, options?: TransactionOptions<T>): Promise<T>;
  close(): Promise<void>;
  /** The PostgreSQL pool's connections in use, idle and awaited; SQLite has one connection and no pool. */
  poolUse?: () => PoolUse;
}

/** Every migration, in order. One set serves both engines; where they differ, the engine is told. */
function migrations(engine: Engine, seal: AuditSealer): Record<string, Migration> {
  return {
    '0001-accounts-users-sessions': accountsUsersSessions,
    '0002-access-keys': accessKeys,
    '0003-outbox-email-tokens': outboxEmailTokens,
    '0004-email-change': emailChange,
    '0005-sub-users': { up: (db) => subUsers.up(db, engine), down: subUsers.down },
    '0006-external-logins': externalLogins,
    '0007-used-signatures': usedSignatures,
    '0008-last-used-and-link-ends': lastUsedAndLinkEnds,
    '0009-operations': operations,
    '0010-audit-events': auditEvents,
    '0011-audit-reasons-checkpoints-support-codes': auditReasonsCheckpointsSupportCodes,
    '0012-second-factors': secondFactors,
    '0013-passkeys': passkeys,
    '0014-account-version-and-chain-head': accountVersionAndChainHead,
    '0015-expiry-indexes': expiryIndexes,
    '0016-operation-results': operationResults,
    '0017-audit-seals': auditSeals(seal),
    '0018-idempotency-keys': idempotencyKeys,
    '0019-verify-counts': verifyCounts,
    '0020-oidc-provider-storage': oidcProviderStorage,
    '0021-account-events': accountEvents,
    '0022-secret-key-canaries': secretKeyCanaries,
  };
}

/** The name of every migration this version of Tessera runs, in order. */
export const MIGRATION_NAMES: readonly string[] = Object.keys(
  migrations('sqlite', { seal: () => '', holds: () => false }),
);

/**
 * The migrations this version needs that the database has not applied (a database restored from
 * an older backup, say), read in one statement. Kysely's own table lists those applied.
 */
export async function missingMigrations(db: Kysely<Database>): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
  const applied = new Set(rows.map((row) => row.name));
  return MIGRATION_NAMES.filter((name) => !applied.has(name));
}

// PostgreSQL returns 64-bit integers as strings; ours are millisecond timestamps, safe as numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, Number);

const STATEMENT_CACHE_SIZE = 256;

// Kysely prepares every query anew, and preparing costs as much as running a small query:
// the same SQL text reuses its prepared statement instead.
function withStatementCache(sqlite: SQLite.Database) {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string): SQLite.Statement {
      let statement = statements.get(sql);
      if (!statement) {
        if (statements.size >= STATEMENT_CACHE_SIZE) statements.clear();
        statement = sqlite.prepare(sql);
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}

/**
 * The embedded database belongs to one serving Tessera process (several processes share
 * PostgreSQL). That process holds an exclusive lock on a small file beside it, `<file>.owner`,
 * until it exits (SQLite's own file lock, which the system releases if the process dies): a
 * second server, `tessera migrate` or `tessera restore` is refused. The database itself is in the
 * normal locking mode, so that another process may read it meanwhile — `tessera backup`, the
 * sqlite3 shell's `.backup` — or write a row now and then (`tessera reseal`).
 */
function takeOwnership(file: string): SQLite.Database {
  privateFile(`${file}.owner`);
  const lock = new SQLite(`${file}.owner`, { timeout: 0 });
  try {
    lock.pragma('locking_mode = EXCLUSIVE');
    lock.pragma('journal_mode = MEMORY');
    lock.exec('CREATE TABLE IF NOT EXISTS owner (pid INTEGER)');
    // The first write takes the exclusive lock, which this locking mode keeps until closing.
    lock.prepare('INSERT INTO owner (pid) VALUES (?)').run(process.pid);
    return lock;
  } catch (error) {
    lock.close();
    throw isBusy(error) ? inUse() : error;
  }
}

/** Takes the embedded database at `file` as a server would, refused while one runs: `release` gives it back. */
export function ownSqlite(file: string): { release(): void } {
  const lock = takeOwnership(file);
  return { release: () => lock.close() };
}

function openSqlite(file: string, shared: boolean): SqliteDialect {
  privateDirectory(dirname(file));
  const owner = shared ? undefined : takeOwnership(file);
  // Before SQLite opens it: its WAL and index take its mode.
  privateFile(file, [`${file}-wal`, `${file}-shm`]);
  const sqlite = new SQLite(file);
  try {
    sqlite.pragma('journal_mode = WAL');
  } catch (error) {
    sqlite.close();
    owner?.close();
    throw isBusy(error) ? inUse() : error;
  }
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const statements = withStatementCache(sqlite);
  return new SqliteDialect({
    database: {
      ...statements,
      close: () => {
        statements.close();
        owner?.close();
      },
    },
  });
}

/** How the database is reached: its URL, and for PostgreSQL the pool's size and whether statements are prepared. */
export interface DatabaseOptions {
  url: string;
  poolSize?: number;
  prepare?: boolean | 'auto';
  /** Hears every statement run, with its parameters and duration (the bench explains the hot ones' plans; traces time them). */
  onQuery?: (sql: string, parameters: readonly unknown[], durationMs: number) => void;
  /** SQLite: open the database beside the process that serves it, without taking it (`tessera reseal`). */
  shared?: boolean;
}

/**
 * Opens the database named by `url` (`sqlite:<file>` or `postgres://…`).
 * `onAfterCommitError` hears of work queued after a commit that failed.
 */
export function openStore(
  { url, poolSize = 10, prepare = 'auto', onQuery, shared = false }: DatabaseOptions,
  onAfterCommitError: (error: unknown) => void = () => undefined,
): Store {
  const engine: Engine = url.startsWith('sqlite:') ? 'sqlite' : 'postgres';
  const pool = engine === 'postgres' ? postgresPool({ url, size: poolSize, prepare }) : undefined;
  const dialect = pool ? new PostgresDialect({ pool }) : openSqlite(url.slice('sqlite:'.length), shared);
  const db = new Kysely<Database>({
    dialect,
    ...(onQuery ? { log: (event) => onQuery(event.query.sql, event.query.parameters, event.queryDurationMillis) } : {}),
  });
  return {
    db,
    engine,
    transaction: (work, options = {}) => runTransaction(db, engine === 'postgres', work, options, onAfterCommitError),
    close: () => db.destroy(),
    ...(pool ? { poolUse: pool.use } : {}),
  };
}

function inUse(): Error {
  return new Error(
    'the SQLite database is in use by another process (a running Tessera?): stop it first, or use PostgreSQL to run several processes.',
  );
}

function isBusy(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    (error as { code: unknown }).code === 'SQLITE_BUSY'
  );
}

/**
 * Brings the schema up to date; returns the names of the migrations applied now. `seal` is the
 * server's audit sealer: a migration seals the trail already there (0017).
 */
export async function migrate({ db, engine }: Pick<Store, 'db' | 'engine'>, seal: AuditSealer): Promise<string[]> {
  const provider = { getMigrations: () => Promise.resolve(migrations(engine, seal)) };
  if (engine === 'sqlite') return applied(await new Migrator({ db, provider }).migrateToLatest());
  // Kysely takes a session-level advisory lock around its migrations. Through PgBouncer's
  // transaction pooling, statements outside a transaction may each go to another server
  // connection: the lock would be taken on one and never released. Inside one explicit
  // transaction on one connection, the lock and its release stay on one server connection, and
  // the migrations commit together.
  return db.connection().execute(async (connection) => {
    await sql`begin`.execute(connection);
    try {
      const result = applied(
        await new Migrator({ db: connection, provider, disableTransactions: true }).migrateToLatest(),
      );
      await sql`commit`.execute(connection);
      return result;
    } catch (error) {
      await sql`rollback`.execute(connection);
      throw error;
    }
  });
}

const NO_SEAL: AuditSealer = { seal: () => '', holds: () => false };

/** Every migration this version applies, by name, in order. */
export function migrationNames(): string[] {
  return Object.keys(migrations('sqlite', NO_SEAL));
}

/**
 * Where a database's schema stands against this version: `current`, `older` (the next start
 * migrates it forward) or `newer` (a later Tessera migrated it: this one must not run on it).
 */
export async function schemaLevel(
  db: Kysely<Database>,
): Promise<{ level: 'current' | 'older' | 'newer'; last?: string }> {
  const known = migrationNames();
  const rows = await sql<{ name: string }>`select name from kysely_migration order by name`
    .execute(db)
    .then((result) => result.rows)
    .catch(() => []);
  const names = rows.map((row) => row.name);
  const last = names.at(-1);
  const base = last === undefined ? {} : { last };
  if (names.some((name) => !known.includes(name))) return { level: 'newer', ...base };
  return { level: names.length === known.length ? 'current' : 'older', ...base };
}

function applied({ error, results }: MigrationResultSet): string[] {
  if (isBusy(error)) throw inUse();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
