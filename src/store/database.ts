import { mkdirSync } from 'node:fs';
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
import * as oidcProviderStorage from './migrations/0020-oidc-provider-storage.js';
import { postgresPool } from './postgres-pool.js';
import type { Database } from './schema.js';
import { runTransaction, type TransactionOptions, type WriteTransaction } from './transaction.js';

export type Engine = 'sqlite' | 'postgres';

export interface Store {
  db: Kysely<Database>;
  engine: Engine;
  /** Runs `work` in one transaction that knows how to lock rows on this engine (see transaction.ts). */
  transaction<T>(work: (tx: WriteTransaction) => Promise<T>, options?: TransactionOptions<T>): Promise<T>;
  close(): Promise<void>;
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
    '0020-oidc-provider-storage': oidcProviderStorage,
  };
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

function openSqlite(file: string): SqliteDialect {
  mkdirSync(dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  // The embedded database belongs to one Tessera process (several processes share PostgreSQL):
  // holding the lock spares two file-lock system calls on every query, which halves the cost
  // of the hot reads. It must be set before WAL mode to take effect.
  sqlite.pragma('locking_mode = EXCLUSIVE');
  try {
    sqlite.pragma('journal_mode = WAL');
  } catch (error) {
    sqlite.close();
    throw isBusy(error) ? inUse() : error;
  }
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  return new SqliteDialect({ database: withStatementCache(sqlite) });
}

/** How the database is reached: its URL, and for PostgreSQL the pool's size and whether statements are prepared. */
export interface DatabaseOptions {
  url: string;
  poolSize?: number;
  prepare?: boolean | 'auto';
  /** Hears every statement run, with its parameters (the bench explains the hot ones' plans). */
  onQuery?: (sql: string, parameters: readonly unknown[]) => void;
}

/**
 * Opens the database named by `url` (`sqlite:<file>` or `postgres://…`).
 * `onAfterCommitError` hears of work queued after a commit that failed.
 */
export function openStore(
  { url, poolSize = 10, prepare = 'auto', onQuery }: DatabaseOptions,
  onAfterCommitError: (error: unknown) => void = () => undefined,
): Store {
  const engine: Engine = url.startsWith('sqlite:') ? 'sqlite' : 'postgres';
  const dialect =
    engine === 'sqlite'
      ? openSqlite(url.slice('sqlite:'.length))
      : new PostgresDialect({ pool: postgresPool({ url, size: poolSize, prepare }) });
  const db = new Kysely<Database>({
    dialect,
    ...(onQuery ? { log: (event) => onQuery(event.query.sql, event.query.parameters) } : {}),
  });
  return {
    db,
    engine,
    transaction: (work, options = {}) => runTransaction(db, engine === 'postgres', work, options, onAfterCommitError),
    close: () => db.destroy(),
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

function applied({ error, results }: MigrationResultSet): string[] {
  if (isBusy(error)) throw inUse();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
