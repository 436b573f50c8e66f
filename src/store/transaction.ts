import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema.js';

/** A query whose rows can be locked for the rest of the transaction (Kysely's select builder). */
interface Lockable<Q> {
  forUpdate(): Q;
  skipLocked(): Q;
}

/**
 * The one transaction a change is written in. What must happen only once the change is durable
 * (waking the mail worker, setting a cookie) is queued with `afterCommit`; it never runs if the
 * transaction rolls back.
 */
export interface WriteTransaction {
  readonly db: Transaction<Database>;
  /**
   * Locks the rows the query reads until the commit, so that what a change checks stays true
   * while it writes. PostgreSQL needs it; SQLite runs one transaction at a time and has no
   * row locks, so the query runs as it is. `skipLocked` passes over rows another transaction
   * holds (the outbox's workers).
   */
  lock<Q extends Lockable<Q>>(query: Q, options?: { skipLocked?: boolean }): Q;
  /** Runs `work` after the commit; the same function queued twice runs once. */
  afterCommit(work: AfterCommit): void;
  /**
   * A mark to ask later whether rows changed since (`wroteSince`): a call that changed nothing
   * (the city it already had) leaves no trace. SQLite counts the connection's changes, which the
   * transaction holds alone; PostgreSQL counts the rows this transaction inserted, updated or
   * deleted (pg_stat_xact_user_tables).
   */
  writeMark(): Promise<WriteMark>;
  wroteSince(mark: WriteMark): Promise<boolean>;
}

export type WriteMark = number;

export type AfterCommit = () => void | Promise<void>;

export interface TransactionOptions {
  /** Undo everything at the end, whatever happened: what `DryRun` promises. */
  rollback?: boolean;
}

/** Carries a DryRun's result out of a transaction that must roll back. */
class Rollback<T> {
  constructor(readonly result: T) {}
}

/**
 * Runs `work` in one transaction, committed if it returns and rolled back if it throws (or when
 * asked to). After a commit the queued work starts, and is not waited for (a mail is not sent
 * while the caller waits); it cannot undo the change, so its failures go to
 * `onAfterCommitError` rather than to the caller.
 */
export async function runTransaction<T>(
  db: Kysely<Database>,
  rowLocks: boolean,
  work: (tx: WriteTransaction) => Promise<T>,
  options: TransactionOptions,
  onAfterCommitError: (error: unknown) => void,
): Promise<T> {
  const queued = new Set<AfterCommit>();
  let result: T;
  try {
    result = await db.transaction().execute(async (trx) => {
      // Rows this transaction changed so far (a row lock alone is no change).
      const mark = async (): Promise<WriteMark> => {
        const counted = rowLocks
          ? sql<{
              n: string;
            }>`select coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) as n from pg_stat_xact_user_tables`
          : sql<{ n: number }>`select total_changes() as n`;
        return Number((await counted.execute(trx)).rows[0]?.n ?? 0);
      };
      const tx: WriteTransaction = {
        db: trx,
        lock: (query, lockOptions) => {
          if (!rowLocks) return query;
          const locked = query.forUpdate();
          return lockOptions?.skipLocked ? locked.skipLocked() : locked;
        },
        afterCommit: (hook) => void queued.add(hook),
        writeMark: mark,
        wroteSince: async (before) => (await mark()) > before,
      };
      const done = await work(tx);
      // Kysely rolls back a transaction whose work throws: a DryRun throws its result out.
      if (options.rollback) throw new Rollback(done);
      return done;
    });
  } catch (error) {
    if (error instanceof Rollback) return error.result as T;
    throw error;
  }
  for (const hook of queued) {
    try {
      void hook()?.catch(onAfterCommitError);
    } catch (error) {
      onAfterCommitError(error);
    }
  }
  return result;
}
