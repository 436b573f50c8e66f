import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

/** Counts one more consecutive failure for a subject, atomically; returns the new count. */
export async function addAuthFailure(db: Kysely<Database>, subject: string, now: number): Promise<number> {
  const row = await db
    .insertInto('auth_failures')
    .values({ subject, failures: 1, locked_until: 0, updated_at: now })
    .onConflict((conflict) =>
      conflict
        .column('subject')
        .doUpdateSet((eb) => ({ failures: eb('auth_failures.failures', '+', 1), updated_at: now })),
    )
    .returning('failures')
    .executeTakeFirstOrThrow();
  return row.failures;
}

/**
 * Counts one more request of a subject within a window that starts at its first request, in one
 * statement; returns the count so far and when the window ends.
 */
export async function countInWindow(
  db: Kysely<Database>,
  subject: string,
  now: number,
  windowMs: number,
): Promise<{ count: number; windowEnds: number }> {
  const row = await db
    .insertInto('auth_failures')
    .values({ subject, failures: 1, locked_until: 0, updated_at: now })
    .onConflict((conflict) =>
      conflict.column('subject').doUpdateSet((eb) => {
        const expired = eb('auth_failures.updated_at', '<=', now - windowMs);
        return {
          failures: eb
            .case()
            .when(expired)
            .then(1)
            .else(eb('auth_failures.failures', '+', 1))
            .end(),
          updated_at: eb.case().when(expired).then(now).else(eb.ref('auth_failures.updated_at')).end(),
        };
      }),
    )
    .returning(['failures', 'updated_at'])
    .executeTakeFirstOrThrow();
  return { count: row.failures, windowEnds: row.updated_at + windowMs };
}

export async function lockSubject(db: Kysely<Database>, subject: string, until: number): Promise<void> {
  await db.updateTable('auth_failures').set({ locked_until: until }).where('subject', '=', subject).execute();
}

export async function clearAuthFailures(db: Kysely<Database>, subject: string): Promise<void> {
  await db.deleteFrom('auth_failures').where('subject', '=', subject).execute();
}

/** The failures on record for any of `subjects`, in one statement. */
export async function findAuthFailuresOf(
  db: Kysely<Database>,
  subjects: string[],
): Promise<{ subject: string; failures: number; locked_until: number }[]> {
  return db
    .selectFrom('auth_failures')
    .select(['subject', 'failures', 'locked_until'])
    .where('subject', 'in', subjects)
    .execute();
}

export async function findAuthFailures(
  db: Kysely<Database>,
  subject: string,
): Promise<{ failures: number; locked_until: number } | undefined> {
  return db
    .selectFrom('auth_failures')
    .select(['failures', 'locked_until'])
    .where('subject', '=', subject)
    .executeTakeFirst();
}
